/**
 * A small `node:stream` (and `stream/promises`) for handlers: Readable (push, `Readable.from`, async iteration,
 * `pipe`), Writable (write with a callback, end, `finish`), Transform/PassThrough, `pipeline` (callback and
 * promise forms, generator-function stages) and `finished`. Enough for the response-streaming handlers AWS
 * documents (`pipeline(Readable.from(...), responseStream)`) and the common patterns around them; not Node's
 * full implementation (no object-mode high-water accounting, no `readable` event, no duplex pairs).
 */
import { Buffer, EventEmitter } from './core';

type Callback = (error?: Error | null) => void;
type Chunk = unknown;

interface WritableOptions {
  write?(this: Writable, chunk: Chunk, encoding: string, callback: Callback): void;
  final?(this: Writable, callback: Callback): void;
  destroy?(this: Writable, error: Error | null, callback: Callback): void;
  objectMode?: boolean;
  decodeStrings?: boolean;
  highWaterMark?: number;
}

interface ReadableOptions {
  read?(this: Readable, size: number): void;
  objectMode?: boolean;
  highWaterMark?: number;
}

interface TransformOptions extends WritableOptions, ReadableOptions {
  transform?(
    this: Transform,
    chunk: Chunk,
    encoding: string,
    callback: (error?: Error | null, data?: Chunk) => void,
  ): void;
  flush?(this: Transform, callback: (error?: Error | null, data?: Chunk) => void): void;
}

function streamError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function later(work: () => void): void {
  void Promise.resolve().then(work);
}

export class Stream extends EventEmitter {
  pipe<T extends Writable>(destination: T): T {
    return pipeInto(this as unknown as Readable, destination);
  }
}

export class Writable extends Stream {
  writable = true;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  readonly writableObjectMode: boolean;
  private readonly options: WritableOptions;
  private queue: Array<{ chunk: Chunk; encoding: string; callback?: Callback }> = [];
  private writing = false;
  private ending: Callback[] | null = null;
  private readonly decodeStrings: boolean;

  constructor(options: WritableOptions = {}) {
    super();
    this.options = options;
    this.writableObjectMode = options.objectMode ?? false;
    this.decodeStrings = options.decodeStrings ?? true;
  }

  /** Subclasses (and `new Writable({ write })`) put their sink here. */
  _write(chunk: Chunk, encoding: string, callback: Callback): void {
    if (this.options.write) this.options.write.call(this, chunk, encoding, callback);
    else callback(streamError('ERR_METHOD_NOT_IMPLEMENTED', 'The _write() method is not implemented'));
  }

  _final(callback: Callback): void {
    if (this.options.final) this.options.final.call(this, callback);
    else callback();
  }

  write(chunk: Chunk, encoding?: string | Callback, callback?: Callback): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    const charset = typeof encoding === 'string' ? encoding : 'utf8';
    if (this.writableEnded) {
      const error = streamError('ERR_STREAM_WRITE_AFTER_END', 'write after end');
      later(() => {
        done?.(error);
        this.emit('error', error);
      });
      return false;
    }
    if (chunk === null) throw streamError('ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    let value = chunk;
    if (!this.writableObjectMode) {
      if (typeof value === 'string') {
        if (this.decodeStrings) value = Buffer.from(value, charset as BufferEncoding);
      } else if (!(value instanceof Uint8Array))
        throw Object.assign(
          new TypeError(
            'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView.',
          ),
          { code: 'ERR_INVALID_ARG_TYPE' },
        );
    }
    this.queue.push({
      chunk: value,
      encoding: typeof value === 'string' ? charset : 'buffer',
      callback: done,
    });
    this.drainQueue();
    return true;
  }

  end(chunk?: Chunk | Callback, encoding?: string | Callback, callback?: Callback): this {
    const done = [chunk, encoding, callback].find((part) => typeof part === 'function') as
      Callback | undefined;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
      this.write(chunk, typeof encoding === 'string' ? encoding : undefined);
    if (this.writableEnded) {
      if (done) later(() => done());
      return this;
    }
    this.writableEnded = true;
    this.writable = false;
    this.ending = done ? [done] : [];
    this.drainQueue();
    return this;
  }

  destroy(error?: Error | null): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.writable = false;
    this.queue = [];
    later(() => {
      if (error) this.emit('error', error);
      this.emit('close');
    });
    return this;
  }

  cork(): void {}
  uncork(): void {}
  setDefaultEncoding(): this {
    return this;
  }

  private drainQueue(): void {
    if (this.writing || this.destroyed) return;
    const next = this.queue.shift();
    if (next) {
      this.writing = true;
      let called = false;
      this._write(next.chunk, next.encoding, (error) => {
        if (called) return;
        called = true;
        this.writing = false;
        next.callback?.(error ?? null);
        if (error) {
          this.destroy(error);
          return;
        }
        if (this.queue.length === 0 && !this.writableEnded) this.emit('drain');
        this.drainQueue();
      });
      return;
    }
    if (this.ending && !this.writableFinished) {
      const callbacks = this.ending;
      this.ending = null;
      this.writing = true;
      this._final((error) => {
        this.writing = false;
        if (error) {
          for (const callback of callbacks) callback(error);
          this.destroy(error);
          return;
        }
        this.writableFinished = true;
        later(() => {
          for (const callback of callbacks) callback();
          this.emit('finish');
          this.emit('close');
        });
      });
    }
  }
}

export class Readable extends Stream {
  readable = true;
  readableEnded = false;
  destroyed = false;
  readonly readableObjectMode: boolean;
  private readonly options: ReadableOptions;
  private buffer: Chunk[] = [];
  private ended = false;
  private flowing = false;
  private reading = false;
  private encoding: string | null = null;

  constructor(options: ReadableOptions = {}) {
    super();
    this.options = options;
    this.readableObjectMode = options.objectMode ?? false;
  }

  /** Readable.from: strings and buffers are one chunk (as in Node), any other iterable one chunk per item. */
  static from(source: unknown, options: ReadableOptions = {}): Readable {
    const readable = new Readable({ objectMode: true, ...options });
    if (typeof source === 'string' || source instanceof Uint8Array) {
      readable.push(source);
      readable.push(null);
      return readable;
    }
    const iterator = iteratorOf(source);
    let pulling = false;
    readable._read = () => {
      if (pulling) return;
      pulling = true;
      void iterator.next().then(
        (step) => {
          pulling = false;
          if (step.done) readable.push(null);
          else if (readable.push(step.value)) readable._read(0);
        },
        (error: unknown) => {
          pulling = false;
          readable.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
    return readable;
  }

  _read(size: number): void {
    if (this.options.read) this.options.read.call(this, size);
  }

  push(chunk: Chunk | null): boolean {
    if (this.ended) return false;
    if (chunk === null) {
      this.ended = true;
      later(() => this.flush());
      return false;
    }
    let value = chunk;
    if (!this.readableObjectMode && typeof value === 'string') value = Buffer.from(value);
    this.buffer.push(value);
    later(() => this.flush());
    return this.buffer.length < 16;
  }

  setEncoding(encoding: string): this {
    this.encoding = encoding;
    return this;
  }

  on(name: string | symbol, listener: (...args: unknown[]) => void): this {
    super.on(name, listener);
    if (name === 'data') this.resume();
    return this;
  }

  resume(): this {
    this.flowing = true;
    later(() => this.flush());
    return this;
  }

  pause(): this {
    this.flowing = false;
    return this;
  }

  destroy(error?: Error | null): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = false;
    this.buffer = [];
    later(() => {
      if (error) this.emit('error', error);
      this.emit('close');
    });
    return this;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    const chunks: Chunk[] = [];
    let wake: (() => void) | null = null;
    let failure: unknown = null;
    let finished = false;
    const notify = () => {
      const resume = wake;
      wake = null;
      resume?.();
    };
    this.on('data', (chunk) => {
      chunks.push(chunk);
      notify();
    });
    this.once('end', () => {
      finished = true;
      notify();
    });
    this.once('error', (error) => {
      failure = error;
      notify();
    });
    this.once('close', () => {
      finished = true;
      notify();
    });
    for (;;) {
      if (chunks.length > 0) {
        yield chunks.shift();
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  private flush(): void {
    if (this.destroyed) return;
    while (this.flowing && this.buffer.length > 0) {
      const chunk = this.buffer.shift();
      this.emit('data', this.encoding && chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : chunk);
    }
    if (this.ended && this.buffer.length === 0 && !this.readableEnded && this.flowing) {
      this.readableEnded = true;
      this.readable = false;
      this.emit('end');
      this.emit('close');
      return;
    }
    if (this.flowing && !this.ended && this.buffer.length === 0 && !this.reading) {
      this.reading = true;
      later(() => {
        this.reading = false;
        if (!this.ended) this._read(16384);
      });
    }
  }
}

export class Transform extends Writable {
  private readonly output: Readable;
  private readonly transformOptions: TransformOptions;

  constructor(options: TransformOptions = {}) {
    super({ ...options, objectMode: options.objectMode ?? false });
    this.transformOptions = options;
    this.output = new Readable({ objectMode: true });
    this.output.on('error', (error) => this.emit('error', error));
  }

  _transform(chunk: Chunk, encoding: string, callback: (error?: Error | null, data?: Chunk) => void): void {
    if (this.transformOptions.transform)
      this.transformOptions.transform.call(this, chunk, encoding, callback);
    else callback(null, chunk);
  }

  _flush(callback: (error?: Error | null, data?: Chunk) => void): void {
    if (this.transformOptions.flush) this.transformOptions.flush.call(this, callback);
    else callback();
  }

  push(chunk: Chunk | null): boolean {
    return this.output.push(chunk);
  }

  _write(chunk: Chunk, encoding: string, callback: Callback): void {
    this._transform(chunk, encoding, (error, data) => {
      if (data !== undefined && data !== null) this.push(data);
      callback(error);
    });
  }

  _final(callback: Callback): void {
    this._flush((error, data) => {
      if (data !== undefined && data !== null) this.push(data);
      this.push(null);
      callback(error);
    });
  }

  on(name: string | symbol, listener: (...args: unknown[]) => void): this {
    if (name === 'data' || name === 'end') this.output.on(name, listener);
    else super.on(name, listener);
    return this;
  }

  pipe<T extends Writable>(destination: T): T {
    return pipeInto(this.output, destination);
  }

  [Symbol.asyncIterator](): AsyncGenerator<Chunk> {
    return this.output[Symbol.asyncIterator]();
  }
}

export class PassThrough extends Transform {}

function pipeInto<T extends Writable>(source: Readable, destination: T): T {
  source.on('data', (chunk) => destination.write(chunk));
  source.once('end', () => destination.end());
  return destination;
}

function iteratorOf(source: unknown): AsyncIterator<Chunk> {
  const value = source as {
    [Symbol.asyncIterator]?: () => AsyncIterator<Chunk>;
    [Symbol.iterator]?: () => Iterator<Chunk>;
  };
  if (value && typeof value[Symbol.asyncIterator] === 'function') return value[Symbol.asyncIterator]!();
  if (value && typeof value[Symbol.iterator] === 'function') {
    const iterator = value[Symbol.iterator]!();
    return { next: () => Promise.resolve(iterator.next()) };
  }
  throw Object.assign(new TypeError('The "iterable" argument must be an instance of Iterable.'), {
    code: 'ERR_INVALID_ARG_TYPE',
  });
}

type Stage =
  | Readable
  | Writable
  | Transform
  | ((source: AsyncIterable<Chunk>) => AsyncIterable<Chunk> | Promise<unknown>)
  | Iterable<Chunk>
  | AsyncIterable<Chunk>;

function asIterable(stage: unknown): AsyncIterable<Chunk> {
  if (stage instanceof Transform || stage instanceof Readable) return stage;
  return { [Symbol.asyncIterator]: () => iteratorOf(stage) };
}

/** Writes every chunk into `destination`, waiting for each write's callback (back-pressure), then ends it. */
async function drainInto(source: AsyncIterable<Chunk>, destination: Writable): Promise<void> {
  for await (const chunk of source) {
    await new Promise<void>((resolve, reject) =>
      destination.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
  }
  await new Promise<void>((resolve, reject) => {
    destination.once('error', reject);
    destination.end(() => resolve());
  });
}

async function runPipeline(stages: Stage[]): Promise<unknown> {
  if (stages.length < 2)
    throw Object.assign(new TypeError('The "streams" argument must be specified'), {
      code: 'ERR_MISSING_ARGS',
    });
  const first = stages[0];
  let current: AsyncIterable<Chunk> =
    typeof first === 'function' && !(first instanceof Stream)
      ? asIterable((first as () => unknown)())
      : asIterable(first);
  for (let index = 1; index < stages.length; index++) {
    const stage = stages[index]!;
    const last = index === stages.length - 1;
    if (stage instanceof Transform) {
      const feeding = drainInto(current, stage);
      feeding.catch((error: unknown) => stage.emit('error', error));
      current = stage;
      if (last) return feeding;
    } else if (stage instanceof Writable) {
      return drainInto(current, stage);
    } else if (typeof stage === 'function') {
      const result = (stage as (source: AsyncIterable<Chunk>) => unknown)(current);
      if (last) return result;
      current = asIterable(result);
    } else throw Object.assign(new TypeError('Invalid pipeline stage'), { code: 'ERR_INVALID_ARG_TYPE' });
  }
  return undefined;
}

/** `pipeline(...streams, callback)` (node:stream) */
export function pipeline(...args: unknown[]): unknown {
  const callback =
    typeof args[args.length - 1] === 'function' &&
    !(args[args.length - 1] instanceof Stream) &&
    args.length > 2
      ? (args.pop() as (error?: Error | null, value?: unknown) => void)
      : null;
  const destination = args[args.length - 1];
  const running = runPipeline(args as Stage[]);
  if (callback)
    running.then(
      (value) => callback(null, value),
      (error: Error) => callback(error),
    );
  else running.catch(() => {});
  return destination;
}

/** `finished(stream, callback)`: once it has ended, finished, or failed. */
export function finished(stream: Stream, callback: Callback): () => void {
  const done = (error?: unknown) => callback(error instanceof Error ? error : null);
  stream.once('finish', () => done());
  stream.once('end', () => done());
  stream.once('error', (error) => done(error));
  return () => {};
}

export function createStreamModules() {
  const promises = {
    pipeline: (...stages: Stage[]) => runPipeline(stages),
    finished: (stream: Stream) =>
      new Promise<void>((resolve, reject) =>
        finished(stream, (error) => (error ? reject(error) : resolve())),
      ),
  };
  const stream = Object.assign(Stream, {
    Stream,
    Readable,
    Writable,
    Transform,
    PassThrough,
    pipeline,
    finished,
    promises,
  });
  return { stream: Object.assign(stream, { default: stream }), promises: { ...promises, default: promises } };
}
