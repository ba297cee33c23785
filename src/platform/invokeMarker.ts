/**
 * "An invocation was running": written before every invoke and removed when it settles, so that a tab that
 * dies under a runaway handler (the browser gives no way to stop every allocation before the tab goes) can say
 * what happened after the reload. The learner's code and configuration are already saved by then: the
 * playground's stores write through on every change, before the invoke reads them.
 */
import { appStorage, type KeyValueStorage } from './storage';

export interface InvokeMarker {
  functionName: string;
  /** Epoch ms when the invoke began. */
  startedAt: number;
}

const PREFIX = 'coldstart:invoke-in-flight:';

export interface InvokeMarkers {
  /** An invoke of `functionName` begins. */
  mark(functionName: string, now?: number): void;
  /** Its invocations have all settled. */
  clear(functionName: string): void;
  /** The marker a previous page left behind (it did not live to clear it), removed as it is read. */
  take(functionName: string): InvokeMarker | null;
}

export function createInvokeMarkers(storage: KeyValueStorage): InvokeMarkers {
  return {
    mark(functionName, now = Date.now()) {
      storage.setItem(PREFIX + functionName, JSON.stringify({ functionName, startedAt: now }));
    },
    clear(functionName) {
      storage.removeItem(PREFIX + functionName);
    },
    take(functionName) {
      const raw = storage.getItem(PREFIX + functionName);
      if (raw === null) return null;
      storage.removeItem(PREFIX + functionName);
      try {
        const parsed = JSON.parse(raw) as Partial<InvokeMarker>;
        if (typeof parsed.startedAt !== 'number') return null;
        return { functionName, startedAt: parsed.startedAt };
      } catch {
        return null;
      }
    },
  };
}

export const invokeMarkers: InvokeMarkers = createInvokeMarkers(appStorage);
