/**
 * One clock for real and modelled time. The service runs on a VirtualClock; this driver keeps it in step with
 * real time (virtual = real + offset) so that while learner code runs, timeouts and retries happen when they
 * would, and it jumps ahead on request ("Fast-forward") when nothing runs, so a one-minute retry, a six-hour event
 * age or a visibility timeout takes no wall time. Real time comes in through `RealTime` (src/platform provides
 * performance.now and setTimeout); tests pass a fake.
 */
import type { VirtualClock } from './clock';

export interface RealTime {
  now(): number;
  setTimer(ms: number, fn: () => void): unknown;
  clearTimer(handle: unknown): void;
}

export interface LiveClockWork {
  /** Real code is running (fast-forward waits for it instead of jumping over it). */
  busy(): boolean;
  /** Something is left to do (queued async events, retries, running invocations). */
  pending(): boolean;
}

export interface FastForwardResult {
  /** Virtual time skipped, ms. */
  skippedMs: number;
  /** Scheduled events reached by jumping. */
  jumps: number;
  /** Why it stopped. */
  reason: 'idle' | 'nothing-scheduled' | 'limit' | 'next';
}

const MAX_REAL_WAIT_MS = 2_147_483_647;

export class LiveClock {
  private offset: number;
  private baseOffset: number;
  private handle: unknown = null;
  private armedAt = Number.POSITIVE_INFINITY;
  /** The offset the armed timer's delay was computed with. */
  private armedOffset = Number.NaN;
  private readonly listeners = new Set<() => void>();
  private running = false;
  private disposed = false;
  private forwarding = false;
  /** Set by skipWhileStalled: something is in flight but no code runs. */
  private stalled: (() => boolean) | null = null;

  constructor(
    readonly clock: VirtualClock,
    private readonly real: RealTime,
    private readonly work: LiveClockWork,
  ) {
    this.offset = clock.now() - real.now();
    this.baseOffset = this.offset;
    clock.onScheduled = (at) => {
      if (this.running && at < this.armedAt) this.arm();
    };
  }

  /** Follow real time from now on. */
  start(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    this.offset = this.clock.now() - this.real.now();
    this.baseOffset = this.offset;
    this.arm();
  }

  /** Virtual time that real time has reached (the clock catches up at the next sync). */
  target(): number {
    return this.real.now() + this.offset;
  }

  /** How far virtual time is ahead of real time because of fast-forwards, ms. */
  ahead(): number {
    return this.offset - this.baseOffset;
  }

  /**
   * Bring virtual time up to real time, firing what came due. Call before applying anything that happened in real
   * time (a worker's reply, a click). A no-op inside a timer callback.
   */
  sync(): void {
    if (this.disposed || this.clock.isFiring()) return;
    const to = this.target();
    if (to > this.clock.now()) this.clock.advanceTo(to);
    this.arm();
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Jump ahead. `next`: to the next scheduled event (if nothing runs). `idle` (default): keep jumping while work is
   * left, waiting in real time whenever real code runs, until nothing is left to do (or `maxMs` of virtual time).
   */
  async fastForward(
    options: { until?: 'next' | 'idle'; maxMs?: number; maxJumps?: number } = {},
  ): Promise<FastForwardResult> {
    const until = options.until ?? 'idle';
    const maxMs = options.maxMs ?? 24 * 3_600_000;
    const maxJumps = options.maxJumps ?? 10_000;
    const start = this.clock.now();
    const offsetBefore = this.offset;
    let jumps = 0;
    if (this.forwarding) return { skippedMs: 0, jumps: 0, reason: 'limit' };
    this.forwarding = true;
    try {
      for (;;) {
        this.sync();
        if (this.disposed) return this.result(offsetBefore, jumps, 'idle');
        if (this.work.busy()) {
          // Real code is running: let real time pass (virtual time follows it) until it reports back.
          await this.waitReal(5);
          continue;
        }
        if (until === 'idle' && !this.work.pending()) return this.result(offsetBefore, jumps, 'idle');
        const next = this.clock.nextAt();
        if (next === undefined) return this.result(offsetBefore, jumps, 'nothing-scheduled');
        if (next - start > maxMs || jumps >= maxJumps) return this.result(offsetBefore, jumps, 'limit');
        const now = this.clock.now();
        if (next > now) this.offset += next - now;
        this.clock.advanceTo(next);
        jumps++;
        this.arm();
        this.notify();
        if (until === 'next') return this.result(offsetBefore, jumps, 'next');
        // Let promise continuations (worker replies already in) run before looking again.
        await Promise.resolve();
      }
    } finally {
      this.forwarding = false;
    }
  }

  /**
   * While `stalled` says that everything in flight waits on requests nobody will answer (a VPC call with no route:
   * the executor's `stalled()`), jump to the next timer at once instead of waiting for it in wall time: such a call
   * can only end at the function's timeout, which still fires at its virtual time (REPORT and billing unchanged).
   * Off by default: the sandbox pages let a learner watch the hang; the lab checks turn it on. `null` turns it off.
   */
  skipWhileStalled(stalled: (() => boolean) | null): void {
    this.stalled = stalled;
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    this.running = false;
    if (this.handle !== null) this.real.clearTimer(this.handle);
    this.handle = null;
    this.clock.onScheduled = null;
    this.listeners.clear();
  }

  private result(
    offsetBefore: number,
    jumps: number,
    reason: FastForwardResult['reason'],
  ): FastForwardResult {
    return { skippedMs: this.offset - offsetBefore, jumps, reason };
  }

  private waitReal(ms: number): Promise<void> {
    return new Promise((resolve) => this.real.setTimer(ms, resolve));
  }

  /** One real timer, set for the next virtual timer's due time. */
  private arm(): void {
    if (!this.running || this.disposed) return;
    const next = this.clock.nextAt();
    // The armed timer already points at this due time (the offset, and so its real due time, is unchanged): keep
    // it. Every sync re-arms, and a handler's loop of SDK calls syncs once per call; replacing the real timer each
    // time was a measurable share of a call's cost on the page.
    if (this.handle !== null && next === this.armedAt && this.offset === this.armedOffset) return;
    if (this.handle !== null) {
      this.real.clearTimer(this.handle);
      this.handle = null;
    }
    this.armedAt = next ?? Number.POSITIVE_INFINITY;
    this.armedOffset = this.offset;
    if (next === undefined) return;
    // Stalled: a zero-delay timer, so the jump happens outside the call stack that reported the stall.
    const skip = this.stalled?.() === true;
    const delay = skip ? 0 : Math.min(MAX_REAL_WAIT_MS, Math.max(0, next - this.target()));
    this.handle = this.real.setTimer(delay, () => {
      this.handle = null;
      this.armedAt = Number.POSITIVE_INFINITY;
      if (skip) this.skipStalled();
      else this.sync();
    });
  }

  /** One jump to the next timer if everything in flight is still stalled; re-arms (another jump if it still is). */
  private skipStalled(): void {
    if (this.disposed || this.clock.isFiring()) return;
    const to = this.target();
    if (to > this.clock.now()) this.clock.advanceTo(to);
    const next = this.clock.nextAt();
    if (this.stalled?.() === true && next !== undefined) {
      const now = this.target();
      if (next > now) this.offset += next - now;
      if (next > this.clock.now()) this.clock.advanceTo(next);
    }
    this.arm();
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
