/** Marks on the worker's performance timeline around each phase of an interpreter's boot (DevTools shows them). */
export function markBoot(phase: string): void {
  globalThis.performance?.mark?.(`coldstart-python:${phase}`);
}
