/**
 * Virtual time. Every time-based Lambda rule (timeouts, retries, idle reclamation, scaling refill) runs on this
 * clock so tests can drive it deterministically and the UI can run it real-time or sped up.
 */

export type TimerId = number;

export interface Clock {
  now(): number;
  schedule(delayMs: number, fn: () => void): TimerId;
  scheduleAt(atMs: number, fn: () => void): TimerId;
  cancel(id: TimerId): boolean;
}

/** The shape XState v5 accepts as `createActor(logic, { clock })`. */
export interface XStateClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/**
 * Binary min-heap ordered by (at, seq). Entries are kept in parallel arrays so scheduling allocates nothing but
 * the callback the caller already made; cancelled ids are skipped lazily when they reach the top.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private ats: number[] = [];
  private seqs: number[] = [];
  private fns: Array<(() => void) | null> = [];
  private size = 0;
  /** ids scheduled and not yet fired or cancelled: id → heap slot is not tracked, so cancel marks the id. */
  private cancelled = new Set<number>();
  private live = 0;
  private firing = false;
  /** Told about every newly scheduled timer (a live driver re-arms its real timer when one comes sooner). */
  onScheduled: ((atMs: number) => void) | null = null;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, fn: () => void): TimerId {
    return this.scheduleAt(this.current + (delayMs > 0 ? delayMs : 0), fn);
  }

  scheduleAt(atMs: number, fn: () => void): TimerId {
    if (!Number.isFinite(atMs)) throw new RangeError(`VirtualClock: cannot schedule at ${atMs}`);
    const id = ++this.seq;
    let i = this.size++;
    const ats = this.ats;
    const seqs = this.seqs;
    const fns = this.fns;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pa = ats[p]!;
      if (pa < atMs || (pa === atMs && seqs[p]! < id)) break;
      ats[i] = pa;
      seqs[i] = seqs[p]!;
      fns[i] = fns[p]!;
      i = p;
    }
    ats[i] = atMs;
    seqs[i] = id;
    fns[i] = fn;
    this.live++;
    this.onScheduled?.(atMs);
    return id;
  }

  /** Inside a timer callback (advancing is not allowed there). */
  isFiring(): boolean {
    return this.firing;
  }

  cancel(id: TimerId): boolean {
    if (id <= 0 || id > this.seq || this.cancelled.has(id)) return false;
    // Only pending ids can be cancelled; check the heap (cancel is rare, so a scan is acceptable).
    for (let i = 0; i < this.size; i++) {
      if (this.seqs[i] === id) {
        this.cancelled.add(id);
        this.live--;
        return true;
      }
    }
    return false;
  }

  /** Number of timers still to fire. */
  pending(): number {
    return this.live;
  }

  nextAt(): number | undefined {
    this.dropCancelledTop();
    return this.size > 0 ? this.ats[0] : undefined;
  }

  advanceBy(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`VirtualClock.advanceBy: ${ms} must be ≥ 0`);
    return this.advanceTo(this.current + ms);
  }

  advanceTo(atMs: number): number {
    if (atMs < this.current)
      throw new RangeError(`VirtualClock.advanceTo: ${atMs} is in the past (${this.current})`);
    if (this.firing) throw new Error('VirtualClock: advance called from inside a timer callback');
    let fired = 0;
    this.firing = true;
    try {
      for (;;) {
        this.dropCancelledTop();
        if (this.size === 0 || this.ats[0]! > atMs) break;
        const at = this.ats[0]!;
        const fn = this.popTop();
        if (at > this.current) this.current = at;
        fired++;
        fn();
      }
    } finally {
      this.firing = false;
    }
    this.current = atMs;
    return fired;
  }

  runNext(): boolean {
    const at = this.nextAt();
    if (at === undefined) return false;
    this.firing = true;
    try {
      const fn = this.popTop();
      if (at > this.current) this.current = at;
      fn();
    } finally {
      this.firing = false;
    }
    return true;
  }

  runAll(limit = 10_000_000): number {
    let n = 0;
    while (this.runNext()) {
      if (++n >= limit) throw new Error(`VirtualClock.runAll: more than ${limit} timers (runaway schedule?)`);
    }
    return n;
  }

  xstateClock(): XStateClock {
    return toXStateClock(this);
  }

  private dropCancelledTop(): void {
    while (this.size > 0 && this.cancelled.size > 0 && this.cancelled.has(this.seqs[0]!)) {
      this.cancelled.delete(this.seqs[0]!);
      this.popTop();
      this.live++; // popTop decrements live; a cancelled entry was already uncounted
    }
  }

  private popTop(): () => void {
    const ats = this.ats;
    const seqs = this.seqs;
    const fns = this.fns;
    const top = fns[0]!;
    const last = --this.size;
    this.live--;
    if (last > 0) {
      const la = ats[last]!;
      const ls = seqs[last]!;
      const lf = fns[last]!;
      let i = 0;
      // sift down
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        let c = l;
        if (r < last && (ats[r]! < ats[l]! || (ats[r] === ats[l] && seqs[r]! < seqs[l]!))) c = r;
        const ca = ats[c]!;
        if (la < ca || (la === ca && ls < seqs[c]!)) break;
        ats[i] = ca;
        seqs[i] = seqs[c]!;
        fns[i] = fns[c]!;
        i = c;
      }
      ats[i] = la;
      seqs[i] = ls;
      fns[i] = lf;
    }
    fns[last] = null;
    return top;
  }
}

/**
 * Any Clock as the shape XState accepts. An infinite delay never fires (no timer is scheduled): the service gives
 * environments an infinite machine idle lifetime and reclaims them itself.
 */
export function toXStateClock(clock: Clock): XStateClock {
  return {
    setTimeout: (fn, timeout) => (Number.isFinite(timeout) ? clock.schedule(timeout, fn as () => void) : -1),
    clearTimeout: (id) => {
      if (id !== -1) clock.cancel(id);
    },
  };
}

/** Calls onFrame(realNowMs) repeatedly until the returned stop function runs (src/platform wraps rAF). */
export type Ticker = (onFrame: (realNowMs: number) => void) => () => void;

/** Slower than real time lets a learner watch phases of a few milliseconds. */
export const MIN_SPEED = 0.05;
export const MAX_SPEED = 3600;

export interface RealTimeDriverOptions {
  speed?: number;
  /** Largest real-time gap honoured per frame (a backgrounded tab should not jump hours). Default 250 ms. */
  maxStepMs?: number;
}

/** Advances a VirtualClock from real frames at `speed`× (0.05–3,600), with pause and resume. */
export class RealTimeDriver {
  private stop: (() => void) | null = null;
  private lastReal: number | null = null;
  private _speed: number;
  private readonly maxStepMs: number;

  constructor(
    private readonly clock: VirtualClock,
    private readonly ticker: Ticker,
    options: RealTimeDriverOptions = {},
  ) {
    this._speed = clampSpeed(options.speed ?? 1);
    this.maxStepMs = options.maxStepMs ?? 250;
  }

  get speed(): number {
    return this._speed;
  }

  set speed(x: number) {
    this._speed = clampSpeed(x);
  }

  get running(): boolean {
    return this.stop !== null;
  }

  setSpeed(x: number): void {
    this.speed = x;
  }

  start(): void {
    if (this.stop) return;
    this.lastReal = null;
    this.stop = this.ticker((realNow) => this.onFrame(realNow));
  }

  pause(): void {
    if (!this.stop) return;
    const stop = this.stop;
    this.stop = null;
    this.lastReal = null;
    stop();
  }

  resume(): void {
    this.start();
  }

  dispose(): void {
    this.pause();
  }

  private onFrame(realNow: number): void {
    if (!this.stop) return;
    if (this.lastReal === null) {
      this.lastReal = realNow;
      return;
    }
    const dt = Math.min(Math.max(realNow - this.lastReal, 0), this.maxStepMs);
    this.lastReal = realNow;
    if (dt > 0) this.clock.advanceBy(dt * this._speed);
  }
}

function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) return MIN_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}
