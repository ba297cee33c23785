import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { LambdaService } from './LambdaService';
import { RECURSION_LIMIT, nextLineage } from './lineage';
import type { Delivery } from './types';

function setup(options: { dlq?: boolean; onFailure?: boolean } = {}) {
  const clock = new VirtualClock();
  const delivered: Delivery[] = [];
  const svc = new LambdaService({ clock, seed: 5, destinations: { deliver: (d) => delivered.push(d) } });
  const res = svc.createFunction({
    name: 'thumbnails',
    handler: { durationMs: 10, initMs: 50 },
    async: {
      maxRetryAttempts: 2,
      ...(options.dlq ? { dlq: 'arn:aws:sqs:us-east-1:123456789012:thumbnails-dlq' } : {}),
      ...(options.onFailure ? { onFailure: 'arn:aws:sqs:us-east-1:123456789012:thumbnails-failures' } : {}),
    },
  });
  if (!res.ok) throw new Error(res.message);
  return { clock, svc, delivered };
}

describe('recursive loop detection (invocation-recursion.html)', () => {
  it('an invocation without a caller starts a chain; each write it causes counts one more', () => {
    expect(nextLineage(undefined)).toBe(1);
    expect(nextLineage(1)).toBe(2);
    expect(nextLineage(16)).toBe(17);
    // Nonsense from a caller does not lengthen a chain.
    expect(nextLineage(0)).toBe(1);
    expect(nextLineage(2.5)).toBe(1);
  });

  it('the 16th invocation of a chain runs; the 17th is stopped and counted as RecursiveInvocationsDropped', () => {
    const { clock, svc } = setup();
    const last = svc.invoke('thumbnails', { type: 'async', payload: {}, lineage: RECURSION_LIMIT - 1 });
    expect(last.lineage).toBe(16);
    clock.runAll();
    expect(last.outcome).toBe('success');
    expect(last.attempts).toBe(1);

    const stopped = svc.invoke('thumbnails', { type: 'async', payload: { n: 17 }, lineage: RECURSION_LIMIT });
    expect(stopped.lineage).toBe(17);
    clock.runAll();
    expect(stopped.attempts).toBe(0);
    expect(stopped.outcome).toBe('error');
    expect(stopped.error?.errorType).toBe('RecursiveInvocationException');
    expect(svc.recursiveInvocationsDropped('thumbnails')).toBe(1);
  });

  it('a stopped async event goes to the dead-letter queue and the on-failure destination, never retried', () => {
    const { clock, svc, delivered } = setup({ dlq: true, onFailure: true });
    const inv = svc.invoke('thumbnails', { type: 'async', payload: { key: 'a.png' }, lineage: 16 });
    clock.runAll();
    expect(inv.outcome).toBe('destination');
    expect(delivered.map((d) => d.kind)).toEqual(['dlq', 'onFailure']);
    expect(delivered[0]!.body).toEqual({ key: 'a.png' });
    const record = delivered[1]!.body as {
      requestContext: { condition: string; approximateInvokeCount: number };
    };
    expect(record.requestContext.condition).toBe('RecursiveInvocationDetected');
    expect(record.requestContext.approximateInvokeCount).toBe(0);
    expect(svc.metrics().executions).toBe(0);
  });

  it('a synchronous invoke past the limit gets RecursiveInvocationException (400) and never runs', () => {
    const { clock, svc } = setup();
    const inv = svc.invoke('thumbnails', { payload: {}, lineage: 16 });
    clock.runAll();
    expect(inv.outcome).toBe('error');
    expect(inv.response?.statusCode).toBe(400);
    expect(JSON.parse(inv.response!.payload)).toMatchObject({ Type: 'User' });
    expect(inv.error?.errorType).toBe('RecursiveInvocationException');
    expect(svc.metrics().executions).toBe(0);
  });

  it('RecursiveLoop Allow lets the chain run on', () => {
    const { clock, svc } = setup();
    expect(svc.getFunctionRecursionConfig('thumbnails')).toBe('Terminate');
    svc.putFunctionRecursionConfig('thumbnails', 'Allow');
    const inv = svc.invoke('thumbnails', { type: 'async', payload: {}, lineage: 40 });
    clock.runAll();
    expect(inv.outcome).toBe('success');
    expect(svc.recursiveInvocationsDropped('thumbnails')).toBe(0);
  });

  it('onCreated sees the request id before the payload leaves (function URL events carry it)', () => {
    const { clock, svc } = setup();
    const event: { requestContext: { requestId: string } } = { requestContext: { requestId: '' } };
    const inv = svc.invoke('thumbnails', {
      payload: event,
      onCreated: (created) => (event.requestContext.requestId = created.requestId),
    });
    clock.runAll();
    expect(event.requestContext.requestId).toBe(inv.requestId);
  });
});
