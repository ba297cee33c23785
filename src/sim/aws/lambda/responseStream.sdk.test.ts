/**
 * InvokeWithResponseStream through the real `@aws-sdk/client-lambda`: the SDK decodes the account's
 * `application/vnd.amazon.eventstream` answer into PayloadChunk and InvokeComplete events
 * (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html), with real handler code in
 * the in-process Node.js runtime behind the Lambda service.
 */
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  ResourceNotFoundException,
  TooManyRequestsException,
  type InvokeWithResponseStreamCommandOutput,
} from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaService, VirtualClock, createWorkerExecutor, type Executor } from '../../index';
import { createInProcessHost } from '../../../sandbox/testing/inProcessHost';
import { AwsAccount } from '../account';
import { testClientConfig } from '../testing/sdkClient';
import { createLambdaApi } from './lambdaApi';
import { lambdaInvoker } from './lambdaInvoker';
import { BUFFERED_RESPONSE_LIMIT_BYTES, STREAM_UNCAPPED_BYTES } from '../../lambda/streaming';

const STREAMING = `
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  responseStream.write('one ');
  await new Promise((resolve) => setTimeout(resolve, 5));
  responseStream.write('two ');
  if (event.fail) throw new TypeError('upstream went away');
  if (event.exit) process.exit(2);
  if (event.hang) await new Promise((resolve) => setTimeout(resolve, 600000));
  if (event.big) responseStream.write('x'.repeat(event.big));
  responseStream.end('three');
});
`;

const BUFFERED = `
export const handler = async (event) => {
  console.log('buffered handler ran');
  if (event.fail) throw new RangeError('no such page');
  return { greeting: 'hello', page: event.page };
};
`;

let executor: Executor | null = null;
afterEach(() => {
  executor?.dispose?.();
  executor = null;
});

function setup() {
  const clock = new VirtualClock();
  executor = createWorkerExecutor({ host: createInProcessHost() });
  const service = new LambdaService({ clock, executor, logs: true, seed: 5 });
  for (const [name, content] of [
    ['streamer', STREAMING],
    ['classic', BUFFERED],
  ] as const) {
    const created = service.createFunction({
      name,
      runtime: 'nodejs24.x',
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content }] },
    });
    if (!created.ok) throw new Error(created.message);
  }
  const account = new AwsAccount({ clock }, [createLambdaApi(service)]);
  account.connectLambda(lambdaInvoker(service));
  const client = new LambdaClient(testClientConfig(account));
  const running = executor;
  /** Sends, letting virtual time follow the in-process runtime (and jump to timers when it is idle). */
  async function send<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 5_000 && !settled; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (running.busy()) clock.advanceBy(5);
      else if (clock.nextAt() !== undefined) clock.runNext();
    }
    return promise;
  }
  return { clock, service, client, send };
}

interface Read {
  chunks: string[];
  complete: { ErrorCode?: string; ErrorDetails?: string; LogResult?: string } | undefined;
  kinds: string[];
}

async function readEvents(output: InvokeWithResponseStreamCommandOutput): Promise<Read> {
  const read: Read = { chunks: [], complete: undefined, kinds: [] };
  for await (const event of output.EventStream!) {
    if (event.PayloadChunk) {
      read.kinds.push('PayloadChunk');
      read.chunks.push(new TextDecoder().decode(event.PayloadChunk.Payload));
    } else if (event.InvokeComplete) {
      read.kinds.push('InvokeComplete');
      read.complete = event.InvokeComplete;
    }
  }
  return read;
}

function invoke(payload: unknown, extra: { FunctionName?: string; LogType?: 'Tail' } = {}) {
  return new InvokeWithResponseStreamCommand({
    FunctionName: 'streamer',
    Payload: new TextEncoder().encode(JSON.stringify(payload)),
    ...extra,
  });
}

describe('InvokeWithResponseStream through @aws-sdk/client-lambda', () => {
  it('a streaming handler: 200, its content type, one PayloadChunk per write in order, then InvokeComplete', async () => {
    const { client, send } = setup();
    const output = await send(client.send(invoke({})));
    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(output.ResponseStreamContentType).toBe('text/plain');
    const read = await readEvents(output);
    expect(read.chunks).toEqual(['one ', 'two ', 'three']);
    expect(read.kinds.at(-1)).toBe('InvokeComplete');
    expect(read.complete?.ErrorCode).toBeUndefined();
    expect(read.complete?.ErrorDetails).toBeUndefined();
  });

  it('an error mid-stream: the chunks written before it, then InvokeComplete with ErrorCode and ErrorDetails', async () => {
    const { client, send } = setup();
    const output = await send(client.send(invoke({ fail: true }, { LogType: 'Tail' })));
    // The status was sent with the first chunk: the error cannot change it.
    expect(output.StatusCode).toBe(200);
    const read = await readEvents(output);
    expect(read.chunks).toEqual(['one ', 'two ']);
    expect(read.complete?.ErrorCode).toBe('TypeError');
    expect(read.complete?.ErrorDetails).toBe('upstream went away');
    expect(atob(read.complete!.LogResult!)).toMatch(/REPORT RequestId: /);
  });

  it('a timeout mid-stream: the PayloadChunks written before it, then InvokeComplete with Sandbox.Timedout; the environment resets', async () => {
    const { client, send, service } = setup();
    const output = await send(client.send(invoke({ hang: true }, { LogType: 'Tail' })));
    expect(output.StatusCode).toBe(200);
    expect(output.ResponseStreamContentType).toBe('text/plain');
    const read = await readEvents(output);
    expect(read.kinds).toEqual(['PayloadChunk', 'PayloadChunk', 'InvokeComplete']);
    expect(read.chunks).toEqual(['one ', 'two ']);
    expect(read.complete?.ErrorCode).toBe('Sandbox.Timedout');
    expect(read.complete?.ErrorDetails).toMatch(/Task timed out after 3\.00 seconds$/);
    expect(atob(read.complete!.LogResult!)).toMatch(/REPORT RequestId: \S+\tDuration: 3000\.00 ms/);
    // The timeout reset the environment: the next call starts a fresh runtime and streams in full.
    const again = await readEvents(await send(client.send(invoke({}))));
    expect(again.chunks).toEqual(['one ', 'two ', 'three']);
    expect(service.functionMetrics('streamer').timeouts).toBe(1);
  });

  it('a crash mid-stream (process.exit): the chunks written before it, then InvokeComplete with Runtime.ExitError', async () => {
    const { client, send } = setup();
    const read = await readEvents(await send(client.send(invoke({ exit: true }))));
    expect(read.chunks).toEqual(['one ', 'two ']);
    expect(read.complete?.ErrorCode).toBe('Runtime.ExitError');
    expect(read.complete?.ErrorDetails).toMatch(/Runtime exited with error: exit status 2$/);
  });

  it('a handler that does not stream: its JSON result as one chunk; its error only in InvokeComplete', async () => {
    const { client, send } = setup();
    const ok = await readEvents(
      await send(client.send(invoke({ page: 2 }, { FunctionName: 'classic', LogType: 'Tail' }))),
    );
    expect(ok.chunks).toEqual(['{"greeting":"hello","page":2}']);
    expect(atob(ok.complete!.LogResult!)).toContain('buffered handler ran');
    const failed = await readEvents(
      await send(client.send(invoke({ fail: true }, { FunctionName: 'classic' }))),
    );
    expect(failed.chunks).toEqual([]);
    expect(failed.complete).toMatchObject({ ErrorCode: 'RangeError', ErrorDetails: 'no such page' });
  });

  it('past the first 6 MB the stream is capped at 2 MB/s: the answer comes when the caller has the last byte', async () => {
    const { client, send, clock, service } = setup();
    let endedAt = -1;
    let lastByteAt = -1;
    service.subscribe((event) => {
      if (event.type !== 'invocation.ended') return;
      endedAt = event.invocation.endedAt;
      lastByteAt = event.invocation.response?.stream?.chunks.at(-1)?.at ?? -1;
    });
    let answeredAt = -1;
    // 6 MB uncapped, then 2 MB more at 2 MB/s: the last byte reaches the caller after the handler has ended.
    const extra = 2 * 1024 * 1024;
    const output = await send(
      client.send(invoke({ big: STREAM_UNCAPPED_BYTES + extra })).then((answer) => {
        answeredAt = clock.now();
        return answer;
      }),
    );
    expect(endedAt).toBeGreaterThanOrEqual(0);
    expect(lastByteAt).toBeGreaterThan(endedAt);
    expect(answeredAt).toBeGreaterThanOrEqual(lastByteAt);
    const read = await readEvents(output);
    expect(read.chunks.join('').length).toBe('one two three'.length + STREAM_UNCAPPED_BYTES + extra);
  });

  it('a plain Invoke of a streaming handler buffers it: the bytes joined, and the 6 MB limit of a buffered response', async () => {
    const { client, send } = setup();
    const small = await send(
      client.send(new InvokeCommand({ FunctionName: 'streamer', Payload: JSON.stringify({}) })),
    );
    expect(small.FunctionError).toBeUndefined();
    expect(new TextDecoder().decode(small.Payload)).toBe('one two three');
    const large = await send(
      client.send(
        new InvokeCommand({
          FunctionName: 'streamer',
          Payload: JSON.stringify({ big: BUFFERED_RESPONSE_LIMIT_BYTES }),
        }),
      ),
    );
    expect(large.StatusCode).toBe(200);
    expect(large.FunctionError).toBe('Unhandled');
    expect(JSON.parse(new TextDecoder().decode(large.Payload))).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
    // The same function through InvokeWithResponseStream: up to 200 MB, so the whole stream arrives.
    const streamed = await readEvents(
      await send(client.send(invoke({ big: BUFFERED_RESPONSE_LIMIT_BYTES }))),
    );
    expect(streamed.complete?.ErrorCode).toBeUndefined();
    expect(streamed.chunks.join('').length).toBe('one two three'.length + BUFFERED_RESPONSE_LIMIT_BYTES);
  });

  it('errors before the function runs are the API errors: not found, throttled, Event is not an invocation type here', async () => {
    const { client, send, service } = setup();
    await expect(send(client.send(invoke({}, { FunctionName: 'missing' })))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(service.putFunctionConcurrency('streamer', 0).ok).toBe(true);
    await expect(send(client.send(invoke({})))).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(
      send(
        client.send(
          new InvokeWithResponseStreamCommand({
            FunctionName: 'classic',
            InvocationType: 'Event' as 'RequestResponse',
          }),
        ),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
