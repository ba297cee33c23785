/** A small world for event source mapping tests: a virtual clock, the Lambda service (modelled) and the account. */
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../../aws/account';
import { createDynamoDb, type DynamoDb } from '../../aws/dynamodb';
import { createKinesis, type KinesisService } from '../../aws/kinesis/kinesis';
import { createSns } from '../../aws/sns/sns';
import { createSqs, type SqsService } from '../../aws/sqs/sqs';
import type { HandlerModel } from '../../config';
import { LambdaService } from '../LambdaService';
import { EventSourceMappings } from './EventSourceMappings';
import { TRANSITION_MS } from './EventSourceMappings';

export interface World {
  clock: VirtualClock;
  service: LambdaService;
  account: AwsAccount;
  sqs: SqsService;
  dynamodb: DynamoDb;
  kinesis: KinesisService;
  mappings: EventSourceMappings;
  /** Every event the function received, in order. */
  events: Array<{ Records: Array<Record<string, unknown>> }>;
  /** Advance the clock in steps until nothing is pending (or `limitMs`). */
  drain(limitMs?: number): void;
}

export function createWorld(
  handler: (event: { Records: Array<Record<string, unknown>> }, attempt: number) => unknown,
  options: { timeoutS?: number; durationMs?: number; reserved?: number } = {},
): World {
  const clock = new VirtualClock();
  const service = new LambdaService({ clock, seed: 3 });
  const account = new AwsAccount({ clock, epochMs: Date.UTC(2026, 11, 1) }, [
    createSqs,
    createDynamoDb,
    createKinesis,
    createSns,
  ]);
  const events: World['events'] = [];
  // A modelled handler: `handler` decides success (its return value is the response) or throws for an error. It
  // runs once per invocation; the response is remembered for the event object it answered.
  const answers = new WeakMap<object, unknown>();
  const model: HandlerModel = {
    durationMs: options.durationMs ?? 20,
    result: (context) => {
      const event = context.payload as { Records: Array<Record<string, unknown>> };
      events.push(event);
      try {
        answers.set(event, handler(event, context.attempt) ?? null);
        return 'success';
      } catch {
        return 'error';
      }
    },
    response: (context) => answers.get(context.payload as object) ?? null,
  };
  // 1,769 MB is one vCPU: modelled durations are as given.
  const created = service.createFunction({
    name: 'consumer',
    memoryMb: 1769,
    timeoutS: options.timeoutS ?? 3,
    handler: model,
  });
  if (!created.ok) throw new Error(created.message);
  if (options.reserved !== undefined) service.putFunctionConcurrency('consumer', options.reserved);
  const mappings = new EventSourceMappings({ clock, service, account });
  return {
    clock,
    service,
    account,
    sqs: account.service<SqsService>('sqs')!,
    dynamodb: account.service<DynamoDb>('dynamodb')!,
    kinesis: account.service<KinesisService>('kinesis')!,
    mappings,
    events,
    drain(limitMs = 24 * 3_600_000) {
      const until = clock.now() + limitMs;
      let guard = 0;
      while (
        (mappings.hasPendingWork() || service.hasPendingWork()) &&
        clock.now() < until &&
        guard++ < 1_000_000
      ) {
        const next = clock.nextAt();
        if (next === undefined) break;
        clock.advanceTo(Math.min(next, until));
      }
    },
  };
}

/** Past the Creating → Enabled transition. */
export function enable(world: World): void {
  world.clock.advanceBy(TRANSITION_MS);
}
