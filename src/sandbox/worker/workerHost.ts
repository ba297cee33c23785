/**
 * The runtime-neutral half of an environment's process: it owns the port to the course page and drives one
 * language runtime (a RuntimeModule) through Lambda's lifecycle. What it does, for every runtime alike:
 *
 * - freeze/thaw: the runtime's timers and `aws.call` replies wait while no invocation runs;
 * - log framing: records are batched per task turn (LOG_BATCH_LIMIT records or LOG_BATCH_CHARS of text per port
 *   message), with back-pressure (at most LOG_BATCHES_IN_FLIGHT batches the page has not acknowledged; the rest
 *   wait here, up to LOG_BUFFER_CHARS), and always reach the page before the result they belong to;
 * - result framing: the response size limit (Function.ResponseSizeTooLarge), durations, the memory figure, and
 *   the memory size (past it the process ends as Lambda's out-of-memory kill);
 * - `aws.call`: request ids, the in-flight limit, delivery of replies through the scheduler;
 * - crash reports: an uncaught error or an exit ends the process; the page hears it on the port (after the last
 *   log records) and the frame hears it on the worker's own channel (it terminates the worker, keeps /tmp).
 *
 * Written against injected dependencies, so the same code runs in a Web Worker (worker/startWorker.ts) and
 * in-process under Node (testing/inProcessHost.ts).
 */
import type {
  AwsCallRequest,
  AwsCallResponse,
  ErrorResponse,
  FunctionLogRecord,
} from '../../sim/lambda/host';
import {
  AWS_CALLS_IN_FLIGHT_LIMIT,
  AWS_CALLS_QUEUED_LIMIT,
  AWS_CALL_BODY_LIMIT_BYTES,
  LOG_BATCHES_IN_FLIGHT,
  LOG_BATCH_CHARS,
  LOG_BATCH_LIMIT,
  LOG_BUFFER_CHARS,
  RESPONSE_LIMIT_BYTES,
  exceedsBytes,
  outOfMemoryError,
  responseTooLargeError,
} from '../limits';
import type { TmpSnapshot } from '../tmp/tmpFs';
import type { PortCommand, PortEvent, WorkerEvent } from './protocol';
import type {
  HandlerOutcome,
  RuntimeBoot,
  RuntimeFactory,
  RuntimeInvokeRequest,
  RuntimeModule,
  RuntimeServices,
} from './runtimeModule';
import { FreezableScheduler, type RealTimers } from './scheduler';

/** The part of a MessagePort the host uses (a real one in a worker, an in-memory one in tests). */
export interface PortLike {
  /** `transfer`: buffers moved with the message, as MessagePort.postMessage takes them. */
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

export interface WorkerHostOptions {
  boot: RuntimeBoot;
  createRuntime: RuntimeFactory;
  /** The worker's own channel to the frame. */
  postToFrame(event: WorkerEvent): void;
  now(): number;
  epochNow(): number;
  timers: RealTimers;
  /** Runs `task` after the current task turn (log batches flush there). */
  defer(task: () => void): void;
}

export interface WorkerHost {
  /** Settles once the runtime has booted (the frame then hears `booted`). */
  readonly ready: Promise<void>;
  /** Takes the environment's port and /tmp. Only the first call counts. */
  attach(port: PortLike, tmp: TmpSnapshot): void;
  /** An error nobody caught (the worker's `error` / `unhandledrejection` events). */
  uncaught(error: unknown, kind: 'exception' | 'rejection'): void;
  /**
   * Ends the process silently, as terminating its worker would (in-process runs have no worker to terminate):
   * nothing is reported and nothing more runs, timers included.
   */
  terminate(): void;
  /** The request path to the page (`aws.call`), for the course-internet `fetch` (courseFetch.ts). */
  readonly send: (request: AwsCallRequest) => Promise<AwsCallResponse>;
}

interface Invocation {
  id: number;
  nonce: string;
  requestId: string;
  started: number;
  settled: boolean;
}

/** Log records waiting to go out as one `logs` message. */
interface LogChunk {
  records: FunctionLogRecord[];
  chars: number;
}

/** What a process that is ending may still send: the page must not get a flood as the last word. */
const DYING_FLUSH_CHARS = 4 * 1024 * 1024;

interface PendingCall {
  resolve(response: AwsCallResponse): void;
  reject(error: Error): void;
  release(): void;
}

type Phase = 'booting' | 'attached' | 'initializing' | 'ready' | 'invoking' | 'dead';

export function createWorkerHost(options: WorkerHostOptions): WorkerHost {
  const scheduler = new FreezableScheduler(options.timers);
  let runtime: RuntimeModule | null = null;
  let port: PortLike | null = null;
  let tmp: TmpSnapshot = { dirs: [], files: [] };
  let phase: Phase = 'booting';
  let current: Invocation | null = null;
  let initStarted = 0;
  let memoryLimitMb = Number.POSITIVE_INFINITY;
  let nextCallId = 1;
  const calls = new Map<number, PendingCall>();
  /** Calls made while AWS_CALLS_IN_FLIGHT_LIMIT are out, oldest first. */
  const queuedCalls: { send(): void; release(): void }[] = [];

  /*
   * The port's outbox, in order: chunks of log records and the events written after them. A chunk needs a credit
   * (an unacknowledged batch slot); an event goes out as soon as everything before it has.
   */
  const outbox: Array<LogChunk | PortEvent> = [];
  let unacknowledged = 0;
  let heldChars = 0;
  let dropped = 0;
  let flushScheduled = false;

  const isChunk = (item: LogChunk | PortEvent): item is LogChunk => 'chars' in item;

  function send(item: LogChunk | PortEvent): void {
    if (isChunk(item)) {
      unacknowledged++;
      heldChars -= item.chars;
      port?.postMessage({ t: 'logs', records: item.records } satisfies PortEvent);
    } else port?.postMessage(item);
  }

  /** Sends what may go now. `partial`: a chunk that could still grow (the last one) goes too. */
  function pump(partial: boolean): void {
    if (!port) return;
    while (outbox.length > 0) {
      const head = outbox[0]!;
      if (isChunk(head)) {
        if (unacknowledged >= LOG_BATCHES_IN_FLIGHT) return;
        const full = head.records.length >= LOG_BATCH_LIMIT || head.chars >= LOG_BATCH_CHARS;
        if (outbox.length === 1 && !full && !partial) return;
      }
      outbox.shift();
      send(head);
    }
    if (outbox.length === 0) noteDropped();
  }

  /** Says how many records the buffer dropped, as a record of its own (past the buffer limit: it is small). */
  function noteDropped(): void {
    if (dropped === 0 || phase === 'dead') return;
    const count = dropped;
    dropped = 0;
    append({
      time: options.epochNow(),
      level: null,
      message: `[Coldstart sandbox: ${count.toLocaleString('en-US')} log line${count === 1 ? ' was' : 's were'} dropped while the page was still receiving earlier ones]`,
    });
  }

  function flush(): void {
    flushScheduled = false;
    pump(true);
  }

  /** The process is ending: whatever is held goes now (within DYING_FLUSH_CHARS), without waiting for credits. */
  function drain(): void {
    let budget = DYING_FLUSH_CHARS;
    let lost = dropped;
    dropped = 0;
    for (const item of outbox.splice(0)) {
      if (!isChunk(item)) {
        send(item);
        continue;
      }
      if (budget <= 0) {
        lost += item.records.length;
        heldChars -= item.chars;
        continue;
      }
      budget -= item.chars;
      send(item);
    }
    if (lost > 0)
      port?.postMessage({
        t: 'logs',
        records: [
          {
            time: options.epochNow(),
            level: null,
            message: `[Coldstart sandbox: ${lost.toLocaleString('en-US')} log lines were not delivered: the process ended first]`,
          },
        ],
      } satisfies PortEvent);
  }

  function post(event: PortEvent): void {
    // The note about dropped lines belongs before the result of the invocation that wrote them.
    noteDropped();
    outbox.push(event);
    pump(true);
  }

  function log(record: FunctionLogRecord): void {
    if (phase === 'dead') return;
    const chars = record.message.length + 32;
    if (heldChars + chars > LOG_BUFFER_CHARS) {
      dropped++;
      return;
    }
    append(record);
  }

  function append(record: FunctionLogRecord): void {
    const chars = record.message.length + 32;
    heldChars += chars;
    let chunk = outbox[outbox.length - 1];
    if (
      !chunk ||
      !isChunk(chunk) ||
      chunk.records.length >= LOG_BATCH_LIMIT ||
      chunk.chars + chars > LOG_BATCH_CHARS
    ) {
      chunk = { records: [], chars: 0 };
      outbox.push(chunk);
    }
    chunk.records.push(record);
    chunk.chars += chars;
    if (chunk.records.length >= LOG_BATCH_LIMIT || chunk.chars >= LOG_BATCH_CHARS) pump(false);
    if (!flushScheduled) {
      flushScheduled = true;
      options.defer(flush);
    }
  }

  function acknowledged(): void {
    if (unacknowledged > 0) unacknowledged--;
    pump(true);
  }

  function memory(): number {
    return runtime?.maxMemoryUsedMb() ?? 0;
  }

  /** The process ends with `error`: report it once, on the port and to the frame, and ignore everything after. */
  function die(error: ErrorResponse): void {
    if (phase === 'dead') return;
    const was = phase;
    const invocation = current;
    phase = 'dead';
    current = null;
    scheduler.freeze();
    scheduler.dropIdleWaiters();
    dropCalls();
    if (was === 'initializing')
      outbox.push({ t: 'init.done', ok: false, durationMs: options.now() - initStarted, error });
    else
      outbox.push({
        t: 'crash',
        ...(invocation && !invocation.settled ? { id: invocation.id } : {}),
        error,
        durationMs: invocation ? options.now() - invocation.started : 0,
        maxMemoryUsedMb: memory(),
      });
    drain();
    options.postToFrame({ t: 'exit', error });
  }

  /** Past the memory size: the process ends as Lambda's out-of-memory kill does. */
  function checkMemory(): boolean {
    if (phase === 'dead' || memory() <= memoryLimitMb) return phase === 'dead';
    die(outOfMemoryError(current?.requestId));
    return true;
  }

  function aws(request: AwsCallRequest): Promise<AwsCallResponse> {
    if (phase === 'dead') return new Promise(() => {});
    if (request.body.byteLength > AWS_CALL_BODY_LIMIT_BYTES)
      return Promise.reject(
        new Error(`Coldstart sandbox: an AWS request body is limited to ${AWS_CALL_BODY_LIMIT_BYTES} bytes`),
      );
    if (queuedCalls.length >= AWS_CALLS_QUEUED_LIMIT)
      return Promise.reject(
        new Error(
          `Coldstart sandbox: more than ${AWS_CALLS_QUEUED_LIMIT} AWS requests are waiting to be sent`,
        ),
      );
    return new Promise<AwsCallResponse>((resolve, reject) => {
      // Held from the moment the call is made: a queued call is pending work, as a request waiting for a socket is.
      const release = scheduler.hold();
      const send = () => {
        const callId = nextCallId++;
        calls.set(callId, { resolve, reject, release });
        post({ t: 'aws.call', callId, request });
      };
      if (calls.size < AWS_CALLS_IN_FLIGHT_LIMIT) send();
      else queuedCalls.push({ send, release });
    });
  }

  /** A reply freed a slot: the oldest waiting call goes out. */
  function sendQueued(): void {
    while (queuedCalls.length > 0 && calls.size < AWS_CALLS_IN_FLIGHT_LIMIT && phase !== 'dead')
      queuedCalls.shift()!.send();
  }

  function dropCalls(): void {
    for (const call of calls.values()) call.release();
    calls.clear();
    for (const call of queuedCalls) call.release();
    queuedCalls.length = 0;
  }

  const services: RuntimeServices = {
    log,
    now: options.now,
    epochNow: options.epochNow,
    scheduler,
    aws,
    exit: die,
    checkMemory,
    stream(bytes, contentType) {
      const invocation = current;
      if (!invocation || invocation.settled || phase !== 'invoking') return;
      post({
        t: 'stream',
        id: invocation.id,
        nonce: invocation.nonce,
        offsetMs: options.now() - invocation.started,
        bytes,
        ...(contentType !== undefined ? { contentType } : {}),
      });
    },
  };

  function uncaught(error: unknown, kind: 'exception' | 'rejection'): void {
    if (phase === 'dead' || !runtime) return;
    die(runtime.uncaught(error, kind));
  }
  scheduler.onError = (error) => uncaught(error, 'exception');

  async function init(command: Extract<PortCommand, { t: 'init' }>): Promise<void> {
    const active = runtime;
    if (!active || phase !== 'attached') {
      post({
        t: 'init.done',
        ok: false,
        durationMs: 0,
        error: { errorType: 'Sandbox.InvalidState', errorMessage: `cannot init while ${phase}`, trace: [] },
      });
      return;
    }
    phase = 'initializing';
    initStarted = options.now();
    const { files, layers, settings } = command.request;
    memoryLimitMb = settings.memoryMb;
    let result;
    try {
      result = await active.init({
        files,
        layers,
        settings,
        tmp,
        onTmpMutation: (mutation) => options.postToFrame({ t: 'fs', mutation }),
        compiled: command.compiled,
        ...(command.bundles ? { bundles: command.bundles } : {}),
      });
    } catch (error) {
      result = { ok: false as const, error: active.uncaught(error, 'exception') };
    }
    if (phase !== 'initializing') return; // it died meanwhile (process.exit in a timer, say)
    if (result.ok && checkMemory()) return;
    const durationMs = options.now() - initStarted;
    if (result.ok) {
      phase = 'ready';
      // Frozen until the first invoke: timers the module set wait for it.
      scheduler.freeze();
      post({
        t: 'init.done',
        ok: true,
        durationMs,
        ...(result.compiled ? { compiled: result.compiled } : {}),
      });
      return;
    }
    // A failed init leaves no runtime to invoke: the process exits, as Lambda's runtime does.
    phase = 'dead';
    scheduler.freeze();
    outbox.push({
      t: 'init.done',
      ok: false,
      durationMs,
      error: result.error,
      ...(result.syntax ? { syntax: result.syntax } : {}),
    });
    drain();
    options.postToFrame({ t: 'exit', error: result.error });
  }

  function invoke(command: Extract<PortCommand, { t: 'invoke' }>): void {
    const active = runtime;
    if (!active || phase !== 'ready') {
      post({
        t: 'result',
        id: command.id,
        nonce: command.nonce,
        outcome: 'error',
        error: { errorType: 'Sandbox.InvalidState', errorMessage: `cannot invoke while ${phase}`, trace: [] },
        durationMs: 0,
        maxMemoryUsedMb: memory(),
      });
      return;
    }
    const invocation: Invocation = {
      id: command.id,
      nonce: command.nonce,
      requestId: String(command.request.requestId),
      started: options.now(),
      settled: false,
    };
    current = invocation;
    phase = 'invoking';
    // The request is this message's own copy: it becomes the runtime's request (no copy on the hot path).
    const request = command.request as RuntimeInvokeRequest;
    request.deadline = options.epochNow() + request.remainingMs;
    const complete = (outcome: HandlerOutcome): void => {
      if (invocation.settled || current !== invocation) return;
      // What the handler holds at the end counts: past the memory size, Lambda would have killed it.
      if (checkMemory()) return;
      invocation.settled = true;
      const durationMs = options.now() - invocation.started;
      // Frozen from here on: timers the handler left behind wait for the next invoke.
      scheduler.freeze();
      current = null;
      phase = 'ready';
      const { id, nonce } = invocation;
      const maxMemoryUsedMb = memory();
      if (outcome.kind === 'stream')
        // The page counts the streamed bytes against the streaming limit as they arrive (environmentLink.ts).
        post({
          t: 'result',
          id,
          nonce,
          outcome: 'success',
          payload: '',
          durationMs,
          maxMemoryUsedMb,
          stream: { contentType: outcome.contentType },
        });
      else if (outcome.kind === 'payload' && !exceedsBytes(outcome.payload, RESPONSE_LIMIT_BYTES))
        post({
          t: 'result',
          id,
          nonce,
          outcome: 'success',
          payload: outcome.payload,
          durationMs,
          maxMemoryUsedMb,
        });
      else {
        const error = outcome.kind === 'error' ? outcome.error : responseTooLargeError();
        const stream = outcome.kind === 'error' && outcome.stream ? { stream: outcome.stream } : {};
        post({ t: 'result', id, nonce, outcome: 'error', error, durationMs, maxMemoryUsedMb, ...stream });
      }
    };
    // What came due while frozen runs first; it may kill the process.
    scheduler.thaw();
    if (current !== invocation) return;
    try {
      active.invoke(request, complete);
    } catch (error) {
      uncaught(error, 'exception');
    }
  }

  function deliver(command: Extract<PortCommand, { t: 'aws.reply' }>): void {
    const call = calls.get(command.callId);
    if (!call) return;
    calls.delete(command.callId);
    scheduler.whenThawed(() => {
      // A frozen environment sends nothing: the queued call goes out when the process runs again.
      sendQueued();
      call.release();
      if ('response' in command) call.resolve(command.response);
      else call.reject(Object.assign(new Error(command.error.message), { name: command.error.name }));
    });
  }

  function onPortMessage(event: MessageEvent): void {
    if (event.isTrusted === false) return;
    if ((event.data as PortCommand | null)?.t === 'logs.ack') return acknowledged();
    if (phase === 'dead') return;
    // Commands that arrive while the runtime still boots wait for it, in order.
    if (!runtime) {
      void ready.then(() => onPortMessage(event));
      return;
    }
    const command = event.data as PortCommand;
    switch (command?.t) {
      case 'init':
        void init(command);
        return;
      case 'invoke':
        invoke(command);
        return;
      case 'aws.reply':
        deliver(command);
        return;
    }
  }

  const ready = Promise.resolve()
    .then(() => options.createRuntime(services, options.boot))
    .then(
      (created) => {
        runtime = created;
        if (phase === 'booting' && port) phase = 'attached';
        options.postToFrame({ t: 'booted' });
      },
      (error: unknown) => {
        phase = 'dead';
        const message = error instanceof Error ? error.message : String(error);
        options.postToFrame({
          t: 'exit',
          error: {
            errorType: 'Runtime.Unknown',
            errorMessage: `the runtime failed to start: ${message}`,
            trace: [],
          },
        });
      },
    );

  return {
    ready,
    send: aws,
    attach(next, snapshot) {
      if (port) return;
      port = next;
      tmp = snapshot;
      port.onmessage = onPortMessage;
      if (runtime && phase === 'booting') phase = 'attached';
      flush();
    },
    uncaught,
    terminate() {
      phase = 'dead';
      current = null;
      outbox.length = 0;
      scheduler.freeze();
      scheduler.dropIdleWaiters();
      dropCalls();
      if (port) port.onmessage = null;
    },
  };
}
