import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { LambdaService } from '../../lambda/LambdaService';
import { AwsAccount } from '../account';
import { ALL_SERVICES } from '../services';
import type { SqsService } from '../sqs/sqs';
import { accountDestinations } from './lambdaDestinations';
import { lambdaInvoker } from './lambdaInvoker';

function setup(async: Record<string, unknown>) {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, ALL_SERVICES);
  const invoker = () => lambdaInvoker(service);
  const service: LambdaService = new LambdaService({
    clock,
    destinations: {
      deliver: (delivery, inv) => accountDestinations(account, invoker()).deliver(delivery, inv),
    },
  });
  account.connectLambda(invoker());
  const sqs = account.service<SqsService>('sqs')!;
  sqs.createQueue('failures');
  sqs.createQueue('dlq');
  expect(
    service.createFunction({
      name: 'orders',
      handler: { durationMs: 5, result: () => 'error' },
      async: { maxRetryAttempts: 0, ...async },
    }).ok,
  ).toBe(true);
  return { clock, service, sqs };
}

describe('async destinations and dead-letter queues lead into the account', () => {
  it('an on-failure destination that is a queue of the account receives Lambda’s record', async () => {
    const { clock, service, sqs } = setup({ onFailure: 'arn:aws:sqs:us-east-1:123456789012:failures' });
    const inv = service.invoke('orders', { type: 'async', payload: { order: 7 } });
    while (inv.outcome === undefined && clock.nextAt() !== undefined) clock.runNext();
    const [message] = sqs.messages('failures');
    const record = JSON.parse(message!.body) as {
      requestContext: { condition: string };
      requestPayload: unknown;
    };
    expect(record.requestContext.condition).toBe('RetriesExhausted');
    expect(record.requestPayload).toEqual({ order: 7 });
  });

  it('a dead-letter queue receives the event with RequestID, ErrorCode and ErrorMessage attributes', async () => {
    const { clock, service, sqs } = setup({ dlq: 'arn:aws:sqs:us-east-1:123456789012:dlq' });
    const inv = service.invoke('orders', { type: 'async', payload: { order: 8 } });
    while (inv.outcome === undefined && clock.nextAt() !== undefined) clock.runNext();
    const [message] = sqs.messages('dlq');
    expect(JSON.parse(message!.body)).toEqual({ order: 8 });
    expect(message!.messageAttributes.RequestID).toMatchObject({ stringValue: inv.requestId });
    expect(Object.keys(message!.messageAttributes).sort()).toEqual([
      'ErrorCode',
      'ErrorMessage',
      'RequestID',
    ]);
  });

  it('a destination the account does not have is skipped', async () => {
    const { clock, service, sqs } = setup({ onFailure: 'arn:aws:sqs:us-east-1:123456789012:nowhere' });
    const inv = service.invoke('orders', { type: 'async', payload: {} });
    while (inv.outcome === undefined && clock.nextAt() !== undefined) clock.runNext();
    expect(inv.outcome).toBe('destination');
    expect(sqs.listQueueViews().every((queue) => queue.visible === 0)).toBe(true);
  });
});
