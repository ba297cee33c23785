/**
 * The environment's event loop as far as freezing goes. Between invocations Lambda freezes the process: timers do
 * not fire and replies to outstanding requests are not processed. Here the runtime's timers are this scheduler's,
 * and so is the delivery of `aws.call` replies: whatever comes due while frozen waits, in arrival order, and runs
 * at the next thaw, inside the next invocation (so its log lines carry that invocation's request id, as in Lambda).
 *
 * It also knows when the loop would be empty (no referenced timer, no outstanding request): Node.js's callback
 * handlers answer only then, unless `callbackWaitsForEmptyEventLoop` is false.
 */

export interface RealTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(id: unknown): void;
}

interface TimerEntry {
  callback: (...args: unknown[]) => void;
  args: unknown[];
  delayMs: number;
  repeat: boolean;
  real: unknown;
  ref: boolean;
}

export class FreezableScheduler {
  private nextId = 1;
  private readonly timers = new Map<number, TimerEntry>();
  /** Work that came due while frozen: timer ids and held deliveries, in the order they came due. */
  private due: Array<number | (() => void)> = [];
  private idleWaiters: Array<() => void> = [];
  private holds = 0;
  frozen = false;
  /** An exception thrown by a timer callback or a delivery: the runtime treats it as uncaught. */
  onError: (error: unknown) => void = () => {};

  constructor(private readonly real: RealTimers) {}

  set(
    callback: (...args: unknown[]) => void,
    delayMs: number,
    args: unknown[],
    repeat: boolean,
  ): TimerHandle {
    const id = this.nextId++;
    const delay = Math.max(0, Number(delayMs) || 0);
    this.timers.set(id, { callback, args, delayMs: delay, repeat, real: undefined, ref: true });
    this.arm(id);
    return new TimerHandle(id, this);
  }

  private arm(id: number): void {
    const entry = this.timers.get(id);
    if (entry) entry.real = this.real.setTimeout(() => this.fire(id), entry.delayMs);
  }

  private fire(id: number): void {
    const entry = this.timers.get(id);
    if (!entry) return;
    if (this.frozen) {
      this.due.push(id);
      return;
    }
    if (entry.repeat) this.arm(id);
    else this.timers.delete(id);
    this.run(() => entry.callback(...entry.args));
    this.checkIdle();
  }

  private run(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.onError(error);
    }
  }

  clear(handle: unknown): void {
    const id = handle instanceof TimerHandle ? handle.id : Number(handle);
    const entry = this.timers.get(id);
    if (!entry) return;
    this.real.clearTimeout(entry.real);
    this.timers.delete(id);
    this.checkIdle();
  }

  setRef(id: number, ref: boolean): void {
    const entry = this.timers.get(id);
    if (entry) entry.ref = ref;
    this.checkIdle();
  }

  hasRef(id: number): boolean {
    return this.timers.get(id)?.ref ?? false;
  }

  /** Runs `work` now, or at the next thaw if frozen (an `aws.call` reply that arrives between invocations). */
  whenThawed(work: () => void): void {
    if (this.frozen) this.due.push(work);
    else {
      this.run(work);
      this.checkIdle();
    }
  }

  /** Keeps the loop busy until the returned release is called (an outstanding request, like an open socket). */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.checkIdle();
    };
  }

  /** Referenced timers plus outstanding requests: what keeps Node.js's event loop alive. */
  pendingWork(): number {
    let count = this.holds;
    for (const entry of this.timers.values()) if (entry.ref) count++;
    return count;
  }

  whenIdle(callback: () => void): void {
    if (this.pendingWork() === 0) callback();
    else this.idleWaiters.push(callback);
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0 || this.pendingWork() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  freeze(): void {
    this.frozen = true;
  }

  /** Thaw: what came due while frozen runs now, in order, inside the new invocation. */
  thaw(): void {
    this.frozen = false;
    if (this.due.length === 0) return;
    const due = this.due;
    this.due = [];
    for (const item of due) {
      if (typeof item === 'number') this.fire(item);
      else {
        this.run(item);
        this.checkIdle();
      }
    }
  }

  /** Forget everything (the invocation that waited on the loop is over: a timeout or a crash). */
  dropIdleWaiters(): void {
    this.idleWaiters = [];
  }
}

/** What `setTimeout` returns in Node.js: an object with ref/unref/hasRef/refresh that converts to its id. */
export class TimerHandle {
  constructor(
    readonly id: number,
    private readonly scheduler: FreezableScheduler,
  ) {}
  ref(): this {
    this.scheduler.setRef(this.id, true);
    return this;
  }
  unref(): this {
    this.scheduler.setRef(this.id, false);
    return this;
  }
  hasRef(): boolean {
    return this.scheduler.hasRef(this.id);
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}
