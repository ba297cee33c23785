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
  /** Whether the armed timer is a stalled jump (zero delay) rather than a wait for the next due time. */
  private armedSkip = false;
  /** Holds in force (see hold()), and the real time the first began. */
  private holds = 0;
  private heldSince = 0;

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
    return (this.holds > 0 ? this.heldSince : this.real.now()) + this.offset;
  }

  /**
   * Stop virtual time from following real time until the returned release is called (holds nest). The executor
   * holds the clock while a sandbox starts: booting or restoring an interpreter is the simulator's own start-up,
   * not time that passes in Lambda, so it must not count against an init limit or a function timeout.
   */
  hold(): () => void {
    if (this.holds === 0) {
      this.sync();
      this.heldSince = this.real.now();
    }
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds > 0) return;
      // The held real time never happened on the virtual clock: shift both offsets so ahead() is unchanged.
      const held = this.real.now() - this.heldSince;
      this.offset -= held;
      this.baseOffset -= held;
      this.arm();
    };
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
    // Stalled: a zero-delay timer, so the jump happens outside the call stack that reported the stall.
    const skip = next !== undefined && this.stalled?.() === true;
    // The armed timer already points at this due time (the offset, and so its real due time, is unchanged) in the
    // same mode: keep it. Every sync re-arms, and a handler's loop of SDK calls syncs once per call; replacing the
    // real timer each time was a measurable share of a call's cost on the page.
    if (
      this.handle !== null &&
      next === this.armedAt &&
      this.offset === this.armedOffset &&
      skip === this.armedSkip
    )
      return;
    if (this.handle !== null) {
      this.real.clearTimer(this.handle);
      this.handle = null;
    }
    // While held, nothing comes due in real time; release re-arms.
    const held = this.holds > 0;
    this.armedAt = next === undefined || held ? Number.POSITIVE_INFINITY : next;
    this.armedOffset = this.offset;
    this.armedSkip = skip && !held;
    if (next === undefined || held) return;
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
