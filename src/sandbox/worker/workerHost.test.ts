import { describe, expect, it } from 'vitest';
import type { EnvironmentSettings, InvokeRequest } from '../../sim/lambda/host';
import { LOG_BATCHES_IN_FLIGHT, LOG_BATCH_LIMIT, LOG_BUFFER_CHARS, RESPONSE_LIMIT_BYTES } from '../limits';
import type { PortCommand, PortEvent, WorkerEvent } from './protocol';
import type { HandlerOutcome, RuntimeModule, RuntimeServices } from './runtimeModule';
import type { RealTimers } from './scheduler';
import { createWorkerHost } from './workerHost';

const settings: EnvironmentSettings = {
  functionName: 'fn',
  functionVersion: '$LATEST',
  region: 'us-east-1',
  accountId: '123456789012',
  memoryMb: 128,
  timeoutS: 3,
  ephemeralStorageMb: 512,
  architecture: 'x86_64',
  handler: 'index.handler',
  environment: {},
  initializationType: 'on-demand',
  logGroupName: '/aws/lambda/fn',
  logStreamName: 'stream',
  logFormat: 'Text',
  applicationLogLevel: 'INFO',
  tracing: 'PassThrough',
};

const request: InvokeRequest = {
  requestId: 'r1',
  event: '{}',
  remainingMs: 3000,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
  traceId: 'Root=1-x',
};

/** Manual timers and a manual "end of task turn", so every step is explicit. */
function manualTimers() {
  let time = 0;
  const due: Array<{ at: number; callback: () => void; id: number }> = [];
  let nextId = 1;
  const timers: RealTimers = {
    setTimeout: (callback, delayMs) => {
      const id = nextId++;
      due.push({ at: time + delayMs, callback, id });
      return id;
    },
    clearTimeout: (id) => {
      const index = due.findIndex((entry) => entry.id === id);
      if (index >= 0) due.splice(index, 1);
    },
  };
  const advance = (ms: number) => {
    time += ms;
    for (;;) {
      due.sort((a, b) => a.at - b.at);
      const next = due[0];
      if (!next || next.at > time) break;
      due.shift();
      next.callback();
    }
  };
  return { timers, advance, now: () => time };
}

/** A runtime whose behaviour each test scripts through `script`. */
function harness(
  script: {
    invoke?: (services: RuntimeServices, complete: (outcome: HandlerOutcome) => void, event: string) => void;
    init?: (
      services: RuntimeServices,
    ) => Promise<
      { ok: true } | { ok: false; error: { errorType: string; errorMessage: string; trace: string[] } }
    >;
    memory?: () => number;
  } = {},
) {
  const clock = manualTimers();
  const turns: Array<() => void> = [];
  const frame: WorkerEvent[] = [];
  const fromWorker: PortEvent[] = [];
  let services!: RuntimeServices;
  const runtime: RuntimeModule = {
    init: async () => (script.init ? script.init(services) : { ok: true }),
    invoke: (invocation, complete) =>
      script.invoke
        ? script.invoke(services, complete, invocation.event)
        : complete({ kind: 'payload', payload: '"ok"' }),
    uncaught: (error) => ({
      errorType: 'Error',
      errorMessage: String((error as Error).message ?? error),
      trace: [],
    }),
    maxMemoryUsedMb: () => (script.memory ? script.memory() : 64),
  };
  const host = createWorkerHost({
    boot: { runtime: 'nodejs22.x', assets: {} },
    createRuntime: (given) => {
      services = given;
      return runtime;
    },
    postToFrame: (event) => frame.push(event),
    now: clock.now,
    epochNow: () => 1_700_000_000_000 + clock.now(),
    timers: clock.timers,
    defer: (task) => turns.push(task),
  });
  let toWorker: ((event: MessageEvent) => void) | null = null;
  const port = {
    postMessage: (message: unknown) => fromWorker.push(message as PortEvent),
    get onmessage() {
      return toWorker;
    },
    set onmessage(listener) {
      toWorker = listener;
    },
  };
  const send = async (command: PortCommand) => {
    toWorker?.({ data: command, isTrusted: true } as MessageEvent);
    await Promise.resolve();
    await Promise.resolve();
  };
  const endTurn = () => {
    for (const task of turns.splice(0)) task();
  };
  return {
    host,
    frame,
    fromWorker,
    clock,
    endTurn,
    services: () => services,
    async ready() {
      await host.ready;
      host.attach(port, { dirs: [], files: [] });
      await send({
        t: 'init',
        request: { runtime: 'nodejs22.x', files: [], layers: [], settings },
        compiled: {},
      });
    },
    send,
    invoke: (id: number, extra: Partial<InvokeRequest> = {}) =>
      send({ t: 'invoke', id, nonce: `n${id}`, request: { ...request, ...extra } }),
    types: () => fromWorker.map((event) => event.t),
  };
}

describe('worker host', () => {
  it('boots, inits, and frames a result with its id, nonce, duration and memory figure', async () => {
    const run = harness({
      invoke: (_services, complete) => {
        run.clock.advance(7);
        complete({ kind: 'payload', payload: '{"n":1}' });
      },
    });
    await run.ready();
    expect(run.frame).toEqual([{ t: 'booted' }]);
    expect(run.fromWorker).toEqual([{ t: 'init.done', ok: true, durationMs: 0 }]);
    await run.invoke(1);
    expect(run.fromWorker[1]).toEqual({
      t: 'result',
      id: 1,
      nonce: 'n1',
      outcome: 'success',
      payload: '{"n":1}',
      durationMs: 7,
      maxMemoryUsedMb: 64,
    });
  });

  it('batches log records per task turn and always flushes them before the result', async () => {
    const run = harness({
      invoke: (services, complete, event) => {
        const count = JSON.parse(event).count as number;
        for (let i = 0; i < count; i++) services.log({ time: 0, level: 'INFO', message: `line ${i}` });
        if (count < 10) return; // finished in a later turn
        complete({ kind: 'payload', payload: 'null' });
      },
    });
    await run.ready();
    // A flood in one turn: a few large messages (LOG_BATCH_LIMIT each), then the rest right before the result.
    await run.invoke(1, { event: JSON.stringify({ count: LOG_BATCH_LIMIT * 2 + 5 }) });
    const batches = run.fromWorker.filter((event) => event.t === 'logs');
    expect(batches.map((batch) => batch.records.length)).toEqual([LOG_BATCH_LIMIT, LOG_BATCH_LIMIT, 5]);
    expect(run.types().at(-1)).toBe('result');
    // Lines written in one turn with nothing else to send go out together at the end of that turn.
    run.fromWorker.length = 0;
    await run.invoke(2, { event: JSON.stringify({ count: 3 }) });
    expect(run.types()).toEqual([]);
    run.endTurn();
    expect(run.fromWorker).toEqual([
      { t: 'logs', records: [0, 1, 2].map((i) => ({ time: 0, level: 'INFO', message: `line ${i}` })) },
    ]);
  });

  it(`refuses a response over ${RESPONSE_LIMIT_BYTES} bytes with Lambda's error`, async () => {
    const run = harness({
      invoke: (_services, complete, event) =>
        complete({ kind: 'payload', payload: JSON.stringify('a'.repeat(JSON.parse(event).size)) }),
    });
    await run.ready();
    // The payload is the JSON text: two quotes plus the characters.
    await run.invoke(1, { event: JSON.stringify({ size: RESPONSE_LIMIT_BYTES - 2 }) });
    expect(run.fromWorker.at(-1)).toMatchObject({ outcome: 'success' });
    await run.invoke(2, { event: JSON.stringify({ size: RESPONSE_LIMIT_BYTES - 1 }) });
    expect(run.fromWorker.at(-1)).toMatchObject({
      outcome: 'error',
      error: {
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      },
    });
  });

  it('freezes between invocations: a timer and an aws.call reply that come due wait for the next invoke', async () => {
    const seen: string[] = [];
    const run = harness({
      invoke: (services, complete, event) => {
        if (JSON.parse(event).start) {
          services.scheduler.set(() => seen.push('timer'), 10, [], false);
          void services
            .aws({
              method: 'POST',
              hostname: 'dynamodb.us-east-1.amazonaws.com',
              path: '/',
              query: {},
              headers: {},
              body: new Uint8Array(),
            })
            .then((response) => seen.push(`reply ${response.statusCode}`));
        }
        complete({ kind: 'payload', payload: 'null' });
      },
    });
    await run.ready();
    await run.invoke(1, { event: '{"start":true}' });
    const call = run.fromWorker.find((event) => event.t === 'aws.call');
    expect(call).toMatchObject({
      t: 'aws.call',
      callId: 1,
      request: { hostname: 'dynamodb.us-east-1.amazonaws.com' },
    });
    run.clock.advance(50);
    await run.send({
      t: 'aws.reply',
      callId: 1,
      response: { statusCode: 200, headers: {}, body: new Uint8Array() },
    });
    expect(seen).toEqual([]);
    await run.invoke(2);
    await Promise.resolve();
    expect(seen).toEqual(['timer', 'reply 200']);
  });

  it('reports a crash on the port (with the invocation id) and to the frame, then ignores the port', async () => {
    const run = harness({
      invoke: (services) => {
        services.log({ time: 0, level: 'ERROR', message: 'last words' });
        services.scheduler.set(
          () => {
            throw new Error('boom');
          },
          5,
          [],
          false,
        );
      },
    });
    await run.ready();
    await run.invoke(1);
    run.clock.advance(5);
    expect(run.fromWorker.slice(1)).toEqual([
      { t: 'logs', records: [{ time: 0, level: 'ERROR', message: 'last words' }] },
      {
        t: 'crash',
        id: 1,
        error: { errorType: 'Error', errorMessage: 'boom', trace: [] },
        durationMs: 5,
        maxMemoryUsedMb: 64,
      },
    ]);
    expect(run.frame.at(-1)).toEqual({
      t: 'exit',
      error: { errorType: 'Error', errorMessage: 'boom', trace: [] },
    });
    await run.invoke(2);
    expect(run.fromWorker).toHaveLength(3);
  });

  it('a failed init ends the process: init.done with the error, then exit to the frame', async () => {
    const error = {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.handler is undefined or not exported',
      trace: [],
    };
    const run = harness({ init: async () => ({ ok: false, error }) });
    await run.ready();
    expect(run.fromWorker).toEqual([{ t: 'init.done', ok: false, durationMs: 0, error }]);
    expect(run.frame).toEqual([{ t: 'booted' }, { t: 'exit', error }]);
  });

  it('answers an invoke before init with an error for that invocation', async () => {
    const run = harness();
    await run.host.ready;
    const port = {
      postMessage: (message: unknown) => run.fromWorker.push(message as PortEvent),
      onmessage: null as ((event: MessageEvent) => void) | null,
    };
    run.host.attach(port, { dirs: [], files: [] });
    port.onmessage?.({ data: { t: 'invoke', id: 9, nonce: 'x', request }, isTrusted: true } as MessageEvent);
    expect(run.fromWorker[0]).toMatchObject({
      t: 'result',
      id: 9,
      nonce: 'x',
      outcome: 'error',
      error: { errorType: 'Sandbox.InvalidState' },
    });
  });

  it('keeps at most 64 aws.call requests in flight and queues the rest, as Node’s HTTP agent queues for a socket; refuses a body over 6 MB', async () => {
    const outcomes: string[] = [];
    let invocations = 0;
    const run = harness({
      invoke: (services, complete) => {
        if (invocations++ > 0) return complete({ kind: 'payload', payload: 'null' });
        const call = (size: number, name: string) =>
          services
            .aws({
              method: 'POST',
              hostname: 'sqs.us-east-1.amazonaws.com',
              path: '/',
              query: {},
              headers: {},
              body: new Uint8Array(size),
            })
            .then(
              () => outcomes.push(name),
              (error: Error) => outcomes.push(error.message),
            );
        void call(6 * 1024 * 1024 + 1, 'too large');
        for (let i = 0; i < 66; i++) void call(1, `call ${i}`);
        complete({ kind: 'payload', payload: 'null' });
      },
    });
    await run.ready();
    await run.invoke(1);
    await Promise.resolve();
    const sent = () => run.fromWorker.filter((event) => event.t === 'aws.call') as { callId: number }[];
    expect(sent()).toHaveLength(64);
    expect(outcomes).toEqual(['Coldstart sandbox: an AWS request body is limited to 6291456 bytes']);
    // Each reply frees a slot: the oldest queued call goes out, in order — once the environment runs again (the
    // first invocation has answered, so it is frozen until the next).
    const reply = (callId: number) =>
      run.send({
        t: 'aws.reply',
        callId,
        response: { statusCode: 200, headers: {}, body: new Uint8Array() },
      });
    await reply(sent()[0]!.callId);
    await reply(sent()[1]!.callId);
    expect(sent()).toHaveLength(64);
    await run.invoke(2);
    await Promise.resolve();
    expect(sent()).toHaveLength(66);
    expect(outcomes.slice(1)).toEqual(['call 0', 'call 1']);
    for (const { callId } of sent().slice(2)) await reply(callId);
    await run.invoke(3);
    await Promise.resolve();
    expect(outcomes.slice(1)).toEqual(Array.from({ length: 66 }, (_, i) => `call ${i}`));
  });

  it('holds log batches back until the page acknowledges them, and the result waits behind the last one', async () => {
    const run = harness({
      invoke: (services, complete) => {
        for (let i = 0; i < LOG_BATCH_LIMIT * 10; i++)
          services.log({ time: 0, level: 'INFO', message: `${i}` });
        complete({ kind: 'payload', payload: 'null' });
      },
    });
    await run.ready();
    run.fromWorker.length = 0;
    await run.invoke(1);
    // Four batches in flight; the other six and the result wait for acknowledgements.
    expect(run.types()).toEqual(Array(LOG_BATCHES_IN_FLIGHT).fill('logs'));
    for (let acks = 0; acks < 10; acks++) await run.send({ t: 'logs.ack' });
    const types = run.types();
    expect(types.filter((type) => type === 'logs')).toHaveLength(10);
    expect(types.at(-1)).toBe('result');
    const lines = run.fromWorker.flatMap((event) => (event.t === 'logs' ? event.records : []));
    expect(lines.map((record) => record.message)).toEqual(
      Array.from({ length: LOG_BATCH_LIMIT * 10 }, (_, i) => `${i}`),
    );
  });

  it('drops records past the buffer the page has not taken yet, and says how many', async () => {
    const line = 'x'.repeat(1024 * 1024);
    // Four batches go out at once; the buffer holds the next ~64; the rest are dropped.
    const count = Math.ceil(LOG_BUFFER_CHARS / line.length) + LOG_BATCHES_IN_FLIGHT + 3;
    const run = harness({
      invoke: (services, complete) => {
        for (let i = 0; i < count; i++) services.log({ time: 0, level: 'INFO', message: line });
        complete({ kind: 'payload', payload: 'null' });
      },
    });
    await run.ready();
    run.fromWorker.length = 0;
    await run.invoke(1);
    for (let acks = 0; acks < count + 5; acks++) await run.send({ t: 'logs.ack' });
    const messages = run.fromWorker.flatMap((event) => (event.t === 'logs' ? event.records : []));
    const kept = messages.filter((record) => record.message === line).length;
    expect(kept).toBeLessThan(count);
    expect(messages.at(-1)?.message).toBe(
      `[Coldstart sandbox: ${count - kept} log lines were dropped while the page was still receiving earlier ones]`,
    );
    expect(run.types().at(-1)).toBe('result');
  });

  it('ends an environment that grows past its memory size as Lambda does: Runtime.OutOfMemory, signal: killed', async () => {
    let heldMb = 70;
    const run = harness({
      memory: () => heldMb,
      invoke: (services, complete, event) => {
        heldMb += JSON.parse(event).grow as number;
        if (services.checkMemory()) return;
        complete({ kind: 'payload', payload: String(heldMb) });
      },
    });
    await run.ready();
    await run.invoke(1, { event: '{"grow":20}' });
    expect(run.fromWorker.at(-1)).toMatchObject({ t: 'result', outcome: 'success', maxMemoryUsedMb: 90 });
    await run.invoke(2, { requestId: 'r-oom', event: '{"grow":60}' });
    expect(run.fromWorker.at(-1)).toEqual({
      t: 'crash',
      id: 2,
      error: {
        errorType: 'Runtime.OutOfMemory',
        errorMessage: 'RequestId: r-oom Error: Runtime exited with error: signal: killed',
        trace: [],
      },
      durationMs: 0,
      maxMemoryUsedMb: 150,
    });
    expect(run.frame.at(-1)).toMatchObject({ t: 'exit', error: { errorType: 'Runtime.OutOfMemory' } });
  });

  it('checks what the handler still holds when it answers: past the memory size the answer is the kill', async () => {
    let heldMb = 64;
    const run = harness({
      memory: () => heldMb,
      invoke: (_services, complete) => {
        heldMb = 200;
        complete({ kind: 'payload', payload: '"kept too much"' });
      },
    });
    await run.ready();
    await run.invoke(1);
    expect(run.fromWorker.at(-1)).toMatchObject({
      t: 'crash',
      id: 1,
      error: { errorType: 'Runtime.OutOfMemory' },
    });
  });
});
