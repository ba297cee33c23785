/**
 * The change plumbing every simulator run shares: the views that follow the run (`subscribe`), one call that tells
 * them all (`notify`), and the subscriptions the run itself holds on the world, ended together by `dispose`.
 */
export interface RunListeners {
  notify(): void;
  /** Keeps a subscription the run made (its unsubscribe function) until the run is disposed. */
  hold(unsubscribe: () => void): void;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export function createRunListeners(): RunListeners {
  const listeners = new Set<() => void>();
  const held: Array<() => void> = [];
  return {
    notify() {
      for (const listener of listeners) listener();
    },
    hold(unsubscribe) {
      held.push(unsubscribe);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose() {
      for (const unsubscribe of held.splice(0)) unsubscribe();
      listeners.clear();
    },
  };
}
