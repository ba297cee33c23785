import { describe, expect, it } from 'vitest';
import type { FunctionLogRecord, InvokeRequest, InvokeResult } from '../../sim/lambda/host';
import { LOG_APPLY_SLICE_RECORDS } from '../limits';
import type { PortCommand } from '../worker/protocol';
import type { PortLike } from '../worker/workerHost';
import { AWS_REPLY_TRANSFER_BYTES, EnvironmentLink } from './environmentLink';

/** A link over an in-memory port, with its tasks run by hand: what one page task applies is visible. */
function harness() {
  const sent: PortCommand[] = [];
  const port: PortLike = { postMessage: (message) => sent.push(message as PortCommand), onmessage: null };
  const applied: string[] = [];
  const tasks: Array<() => void> = [];
  const link = new EnvironmentLink(port, {
    environmentId: 'env-1',
    onLog: (record) => applied.push(record.message),
    onCrash: () => {},
    awsHandler: () => null,
    compiledFor: () => ({}),
    rememberCompiled: () => {},
    now: () => 0,
    later: () => {},
    nextTask: (work) => tasks.push(work),
  });
  const deliver = (data: unknown) => port.onmessage!({ data } as MessageEvent);
  const acks = () => sent.filter((command) => command.t === 'logs.ack').length;
  return { link, sent, applied, tasks, deliver, acks };
}

const records = (count: number, from = 0): FunctionLogRecord[] =>
  Array.from({ length: count }, (_, index) => ({ time: 1, level: null, message: `line ${from + index}` }));

const request: InvokeRequest = {
  requestId: 'r-1',
  event: '{}',
  remainingMs: 3000,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:flood',
  traceId: 'Root=1-00000000-000000000000000000000000',
};

describe('EnvironmentLink: a log flood is applied a slice per task, in order, and acknowledged when all of it is in', () => {
  it('a large batch takes several tasks; the worker hears logs.ack only once the whole batch is applied', () => {
    const { applied, tasks, deliver, acks } = harness();
    deliver({ t: 'logs', records: records(1000) });
    expect(applied).toHaveLength(LOG_APPLY_SLICE_RECORDS);
    expect(acks()).toBe(0);
    let taskCount = 1;
    while (tasks.length > 0) {
      tasks.shift()!();
      taskCount++;
      expect(applied.length).toBeLessThanOrEqual(taskCount * LOG_APPLY_SLICE_RECORDS);
    }
    expect(taskCount).toBe(Math.ceil(1000 / LOG_APPLY_SLICE_RECORDS));
    expect(applied).toEqual(records(1000).map((record) => record.message));
    expect(acks()).toBe(1);
  });

  it('a small batch is applied and acknowledged at once, as before', () => {
    const { applied, tasks, deliver, acks } = harness();
    deliver({ t: 'logs', records: records(3) });
    expect(applied).toHaveLength(3);
    expect(tasks).toHaveLength(0);
    expect(acks()).toBe(1);
  });

  it('the result waits behind the log records written before it, and a later batch behind the earlier one', async () => {
    const { link, sent, applied, tasks, deliver } = harness();
    let result: InvokeResult | null = null;
    void link.invoke(request).then((settled) => (result = settled));
    const invoke = sent.find((command) => command.t === 'invoke') as Extract<PortCommand, { t: 'invoke' }>;
    deliver({ t: 'logs', records: records(400) });
    deliver({ t: 'logs', records: records(100, 400) });
    deliver({
      t: 'result',
      id: invoke.id,
      nonce: invoke.nonce,
      outcome: 'success',
      payload: '"flooded"',
      durationMs: 5,
      maxMemoryUsedMb: 70,
    });
    await Promise.resolve();
    expect(result).toBeNull();
    expect(applied).toHaveLength(LOG_APPLY_SLICE_RECORDS);
    while (tasks.length > 0) tasks.shift()!();
    await Promise.resolve();
    expect(applied).toEqual(records(500).map((record) => record.message));
    expect(result).toMatchObject({ outcome: 'success', payload: '"flooded"' });
  });

  it('a closed link applies nothing more of what it held', () => {
    const { link, applied, tasks, deliver } = harness();
    deliver({ t: 'logs', records: records(1000) });
    link.close();
    while (tasks.length > 0) tasks.shift()!();
    expect(applied).toHaveLength(LOG_APPLY_SLICE_RECORDS);
  });
});

describe('EnvironmentLink: aws.reply bodies', () => {
  function awsHarness(body: Uint8Array) {
    const posted: Array<{ message: PortCommand; transfer: Transferable[] | undefined }> = [];
    const port: PortLike = {
      postMessage: (message, transfer) => posted.push({ message: message as PortCommand, transfer }),
      onmessage: null,
    };
    new EnvironmentLink(port, {
      environmentId: 'env-1',
      onLog: () => {},
      onCrash: () => {},
      awsHandler: () => () =>
        Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body }),
      compiledFor: () => ({}),
      rememberCompiled: () => {},
      now: () => 0,
      later: () => {},
    });
    port.onmessage!({
      data: {
        t: 'aws.call',
        callId: 7,
        request: {
          method: 'POST',
          hostname: 'dynamodb.us-east-1.amazonaws.com',
          path: '/',
          query: {},
          headers: { 'x-amz-target': 'DynamoDB_20120810.Query' },
          body: new Uint8Array([123, 125]),
        },
      },
    } as MessageEvent);
    return posted;
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('a large body crosses as a transferred copy, leaving the answering side its bytes', async () => {
    const body = new Uint8Array(AWS_REPLY_TRANSFER_BYTES).map((_, index) => index % 251);
    const posted = awsHarness(body);
    await settle();
    expect(posted).toHaveLength(1);
    const { message, transfer } = posted[0]!;
    const sentBody = (
      message as Extract<PortCommand, { t: 'aws.reply' }> & { response: { body: Uint8Array } }
    ).response.body;
    const reply = message as { t: string; callId: number; response: { statusCode: number } };
    expect([reply.t, reply.callId, reply.response.statusCode]).toEqual(['aws.reply', 7, 200]);
    expect(sentBody === body).toBe(false);
    expect(transfer).toHaveLength(1);
    expect(transfer![0]).toBe(sentBody.buffer);
    expect(sentBody.byteLength).toBe(body.byteLength);
    // (toEqual walks 64 K elements slowly: the same check by hand.)
    expect(sentBody.every((value, index) => value === body[index])).toBe(true);
    // What a real port does to a transferred buffer: the account's own bytes must not be the ones detached.
    structuredClone(sentBody, { transfer: [sentBody.buffer] });
    expect(body.byteLength).toBe(AWS_REPLY_TRANSFER_BYTES);
    expect(body[250]).toBe(250);
  });

  it('a small body is cloned with the message, nothing transferred', async () => {
    const posted = awsHarness(new Uint8Array([123, 125]));
    await settle();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.transfer).toBeUndefined();
    expect(posted[0]!.message).toMatchObject({
      t: 'aws.reply',
      callId: 7,
      response: { body: new Uint8Array([123, 125]) },
    });
  });
});
