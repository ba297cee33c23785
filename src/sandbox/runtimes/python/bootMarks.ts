/**
 * Marks on the worker's performance timeline at each step of an interpreter's boot (`coldstart-python:<step>`):
 * DevTools' performance panel shows them, and scripts/bench/python.mjs reads them from a restored worker to print
 * where its start went. A mark is a few hundred nanoseconds; a boot makes about fifteen.
 */
export function markBoot(step: string): void {
  globalThis.performance?.mark?.(`coldstart-python:${step}`);
}
