/**
 * The Node.js runtime's model of its own memory (browsers expose no worker heap figure): what it can see, not a
 * constant. It counts the runtime's resting size, the function's code, and the large buffers alive now (each
 * counted once, uncounted when the garbage collector frees it). /tmp is not memory (Lambda's /tmp is
 * ephemeral storage) and is not counted. Its high-water mark is Max Memory Used; past the function's memory size
 * the host ends the process as Lambda's out-of-memory kill (RuntimeServices.checkMemory).
 *
 * Limits of the model, said plainly: strings and plain arrays are invisible to it (a memory bomb of strings is
 * stopped by the timeout, not by the memory size), and a freed buffer stays counted until the browser's
 * collector runs, which it does under allocation pressure.
 */

const MIB = 1024 * 1024;

/** Buffers smaller than this are left out: they are noise beside the resting size, and counting costs. */
const TRACKED_BYTES = 64 * 1024;

/** A buffer at least this large asks the host whether the process is past its memory size. */
const CHECKED_BYTES = MIB;

/** Thrown into learner code when the process was killed for memory: it unwinds the allocation that did it. */
export class OutOfMemorySignal {
  readonly message = 'Coldstart sandbox: the environment ran out of memory (Runtime.OutOfMemory)';
}

export class MemoryMeter {
  private restingMb: number;
  private liveBytes = 0;
  private peakMb: number;
  private readonly seen = new WeakSet<ArrayBufferLike>();
  private readonly registry = new FinalizationRegistry<number>((bytes) => {
    this.liveBytes -= bytes;
  });

  /** `killedForMemory`: the host's check (true once the process has been ended for memory). */
  constructor(
    restingMb: number,
    private readonly killedForMemory: () => boolean,
  ) {
    this.restingMb = restingMb;
    this.peakMb = restingMb;
  }

  /** The resting size (runtime + code) for a new init; the high-water mark starts again from it. */
  reset(restingMb: number): void {
    this.restingMb = restingMb;
    this.peakMb = this.currentMb();
  }

  /** A buffer came into being: counted once while it lives. Throws OutOfMemorySignal if that was one too many. */
  track(buffer: ArrayBufferLike): void {
    const bytes = buffer.byteLength;
    if (bytes < TRACKED_BYTES || this.seen.has(buffer)) return;
    this.seen.add(buffer);
    this.registry.register(buffer, bytes);
    this.liveBytes += bytes;
    this.peakMb = Math.max(this.peakMb, this.currentMb());
    if (bytes >= CHECKED_BYTES && this.killedForMemory()) throw new OutOfMemorySignal();
  }

  /** Bytes of the buffers counted now (process.memoryUsage().arrayBuffers). */
  arrayBufferBytes(): number {
    return Math.max(0, this.liveBytes);
  }

  currentMb(): number {
    return this.restingMb + Math.max(0, this.liveBytes) / MIB;
  }

  /** Max Memory Used so far, whole MB (Lambda's REPORT rounds to MB). */
  maxUsedMb(): number {
    this.peakMb = Math.max(this.peakMb, this.currentMb());
    return Math.ceil(this.peakMb);
  }
}
