/**
 * A MessageChannel for in-process runs: each message is structured-cloned (as between a page and a worker, so a
 * value that cannot cross a port fails here too) and delivered in a microtask, which fake timers leave alone.
 */
import type { PortLike } from '../worker/workerHost';

export interface MemoryPort extends PortLike {
  close(): void;
}

export function createMemoryChannel(): [MemoryPort, MemoryPort] {
  const make = (): MemoryPort & { peer: MemoryPort | null; closed: boolean } => ({
    peer: null,
    closed: false,
    onmessage: null,
    postMessage(message: unknown, transfer?: Transferable[]) {
      const target = this.peer as (MemoryPort & { closed: boolean }) | null;
      if (this.closed || !target) return;
      const data = structuredClone(message, transfer ? { transfer } : undefined);
      queueMicrotask(() => {
        if (!target.closed)
          target.onmessage?.({ data, isTrusted: true, ports: [] } as unknown as MessageEvent);
      });
    },
    close() {
      this.closed = true;
      this.onmessage = null;
    },
  });
  const first = make();
  const second = make();
  first.peer = second;
  second.peer = first;
  return [first, second];
}
