/**
 * The runtime-neutral half of an environment's process: it owns the port to the course page and drives one
 * language runtime (a RuntimeModule) through Lambda's lifecycle. What it does, for every runtime alike:
 *
 * - freeze/thaw: the runtime's timers and `aws.call` replies wait while no invocation runs;
 * - log framing: records are batched per task turn (one port message per batch, LOG_BATCH_LIMIT at most) and
 *   always flushed before the init or invocation result they belong to;
 * - result framing: the response size limit (Function.ResponseSizeTooLarge), durations, the memory figure;
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
  AWS_CALL_BODY_LIMIT_BYTES,
  LOG_BATCH_LIMIT,
  RESPONSE_LIMIT_BYTES,
  exceedsBytes,
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
  postMessage(message: unknown): void;
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
  started: number;
  settled: boolean;
}

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
  let records: FunctionLogRecord[] = [];
  let flushScheduled = false;
  let nextCallId = 1;
  const calls = new Map<number, PendingCall>();

  function post(event: PortEvent): void {
    port?.postMessage(event);
  }

  function flush(): void {
    flushScheduled = false;
    if (!port || records.length === 0) return;
    const batch = records;
    records = [];
    post({ t: 'logs', records: batch });
  }

  function log(record: FunctionLogRecord): void {
    if (phase === 'dead') return;
    records.push(record);
    if (records.length >= LOG_BATCH_LIMIT) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      options.defer(flush);
    }
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
    for (const call of calls.values()) call.release();
    calls.clear();
    flush();
    if (was === 'initializing')
      post({ t: 'init.done', ok: false, durationMs: options.now() - initStarted, error });
    else
      post({
        t: 'crash',
        ...(invocation && !invocation.settled ? { id: invocation.id } : {}),
        error,
        durationMs: invocation ? options.now() - invocation.started : 0,
        maxMemoryUsedMb: memory(),
      });
    options.postToFrame({ t: 'exit', error });
  }

  function aws(request: AwsCallRequest): Promise<AwsCallResponse> {
    if (phase === 'dead') return new Promise(() => {});
    if (calls.size >= AWS_CALLS_IN_FLIGHT_LIMIT)
      return Promise.reject(
        new Error(
          `Coldstart sandbox: more than ${AWS_CALLS_IN_FLIGHT_LIMIT} AWS requests are waiting for a reply`,
        ),
      );
    if (request.body.byteLength > AWS_CALL_BODY_LIMIT_BYTES)
      return Promise.reject(
        new Error(`Coldstart sandbox: an AWS request body is limited to ${AWS_CALL_BODY_LIMIT_BYTES} bytes`),
      );
    const callId = nextCallId++;
    return new Promise<AwsCallResponse>((resolve, reject) => {
      calls.set(callId, { resolve, reject, release: scheduler.hold() });
      post({ t: 'aws.call', callId, request });
    });
  }

  const services: RuntimeServices = {
    log,
    now: options.now,
    epochNow: options.epochNow,
    scheduler,
    aws,
    exit: die,
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
    const durationMs = options.now() - initStarted;
    if (result.ok) {
      phase = 'ready';
      // Frozen until the first invoke: timers the module set wait for it.
      scheduler.freeze();
      flush();
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
    flush();
    post({
      t: 'init.done',
      ok: false,
      durationMs,
      error: result.error,
      ...(result.syntax ? { syntax: result.syntax } : {}),
    });
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
      invocation.settled = true;
      const durationMs = options.now() - invocation.started;
      // Frozen from here on: timers the handler left behind wait for the next invoke.
      scheduler.freeze();
      current = null;
      phase = 'ready';
      flush();
      const { id, nonce } = invocation;
      const maxMemoryUsedMb = memory();
      if (outcome.kind === 'payload' && !exceedsBytes(outcome.payload, RESPONSE_LIMIT_BYTES))
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
        post({ t: 'result', id, nonce, outcome: 'error', error, durationMs, maxMemoryUsedMb });
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
      call.release();
      if ('response' in command) call.resolve(command.response);
      else call.reject(Object.assign(new Error(command.error.message), { name: command.error.name }));
    });
  }

  function onPortMessage(event: MessageEvent): void {
    if (phase === 'dead' || event.isTrusted === false) return;
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
      records = [];
      scheduler.freeze();
      scheduler.dropIdleWaiters();
      for (const call of calls.values()) call.release();
      calls.clear();
      if (port) port.onmessage = null;
    },
  };
}
