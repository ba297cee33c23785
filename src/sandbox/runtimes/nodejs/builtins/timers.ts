/**
 * Node.js timers over the environment's FreezableScheduler (so they freeze between invocations), and microtask
 * helpers whose exceptions count as uncaught, as in Node.js (where a throwing nextTick callback kills the
 * process).
 */
import type { FreezableScheduler } from '../../../worker/scheduler';

type AnyFunction = (...args: unknown[]) => unknown;

export function createTimers(scheduler: FreezableScheduler) {
  const timers = {
    setTimeout: (callback: AnyFunction, delayMs?: number, ...args: unknown[]) =>
      scheduler.set(callback, delayMs ?? 0, args, false),
    setInterval: (callback: AnyFunction, delayMs?: number, ...args: unknown[]) =>
      scheduler.set(callback, delayMs ?? 0, args, true),
    setImmediate: (callback: AnyFunction, ...args: unknown[]) => scheduler.set(callback, 0, args, false),
    clearTimeout: (handle: unknown) => scheduler.clear(handle),
    clearInterval: (handle: unknown) => scheduler.clear(handle),
    clearImmediate: (handle: unknown) => scheduler.clear(handle),
  };
  const promises = {
    setTimeout: (delayMs?: number, value?: unknown) =>
      new Promise((resolve) => scheduler.set(() => resolve(value), delayMs ?? 0, [], false)),
    setImmediate: (value?: unknown) =>
      new Promise((resolve) => scheduler.set(() => resolve(value), 0, [], false)),
  };
  const queue = (callback: AnyFunction, args: unknown[] = []) =>
    queueMicrotask(() => {
      try {
        callback(...args);
      } catch (error) {
        scheduler.onError(error);
      }
    });
  return {
    timers: { ...timers, promises, default: timers },
    promises: { ...promises, default: promises },
    queueMicrotask: (callback: AnyFunction) => queue(callback),
    nextTick: (callback: AnyFunction, ...args: unknown[]) => queue(callback, args),
  };
}
