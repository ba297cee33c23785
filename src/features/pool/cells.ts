/**
 * What one cell of the pool shows. The simulation's environment states are folded into these
 * (see poolEngine.ts); the renderer and the recorder only know these numbers.
 */
export const CELL = {
  empty: 0,
  /** Initialising: a cold start in progress (on-demand). */
  init: 1,
  /** Running an invocation on an on-demand environment. */
  busy: 2,
  /** Warm and idle (frozen between invokes), waiting for the next request. */
  idle: 3,
  /** Provisioned, initialised ahead of traffic and idle. */
  provIdle: 4,
  /** Provisioned and running an invocation. */
  provBusy: 5,
  /** Reclaimed (shut down) by the service; the slot is free again. */
  reclaimed: 6,
  /** Provisioned environment still initialising (before traffic arrives). */
  provInit: 7,
} as const;

export type CellState = (typeof CELL)[keyof typeof CELL];

export const CELL_LABELS: Record<CellState, string> = {
  [CELL.empty]: 'free',
  [CELL.init]: 'initialising (cold start)',
  [CELL.busy]: 'busy',
  [CELL.idle]: 'idle (warm)',
  [CELL.provIdle]: 'provisioned, idle',
  [CELL.provBusy]: 'provisioned, busy',
  [CELL.reclaimed]: 'reclaimed',
  [CELL.provInit]: 'provisioned, initialising',
};

/** Counts cells per state (index = state number). */
export function countCells(states: Uint8Array, length = states.length): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < length; i++) counts[states[i]!]!++;
  return counts;
}
