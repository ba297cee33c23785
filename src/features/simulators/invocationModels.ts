/**
 * The three invocation models side by side (event-sources lesson), on one function of the real service: an
 * HTTP API request (synchronous: the client waits for the answer and decides about retrying), an EventBridge
 * event (asynchronous: the sender gets an event id at once, Lambda's queue retries twice, the on-failure
 * destination gets the record) and an SQS message (polling: the mapping invokes, a failure returns the message
 * to the queue until its redrive policy moves it to the dead-letter queue).
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-invocation.html)
 * The gateway, EventBridge, the async queue, the mapping and SQS decide everything; this file sends one order
 * through each and reads what each caller got and where the order ended.
 */
import { ACCOUNT_ID, REGION } from '../../sim';
import type { ApiReply } from '../../sim/apigateway/gateway';
import type { EventBridgeService } from '../../sim/aws/eventbridge/eventbridge';
import type { SqsService } from '../../sim/aws/sqs/sqs';
import { runName, type SimulatorWorld } from './simulatorWorld';
import { createRunListeners } from './runListeners';

export const MODELS_HANDLER = `// One function, three front doors: find the order in whichever event arrived.
function orderOf(event) {
  if (event.requestContext) return JSON.parse(event.body); // API Gateway (HTTP API)
  if (event['detail-type']) return event.detail; // EventBridge
  return JSON.parse(event.Records[0].body); // SQS, batch size 1
}

export const handler = async (event) => {
  const order = orderOf(event);
  if (order.fail) throw new Error(\`order \${order.id} rejected\`);
  console.log('accepted order', order.id);
  return { statusCode: 201, body: JSON.stringify({ accepted: order.id }) };
};
`;

export type ModelId = 'sync' | 'async' | 'poll';

export interface ModelView {
  model: ModelId;
  /** What the caller (the client, the event's sender, the message's producer) got back, in words. */
  callerGot: string | null;
  /** Virtual ms the caller waited for that answer. */
  callerWaitedMs: number | null;
  /** Invocations of the function this model caused. */
  tries: number;
  /** Where the order ended, in words (null while it is still on its way). */
  ending: string | null;
}

export interface InvocationModelsSnapshot {
  functionName: string;
  failing: boolean;
  models: Record<ModelId, ModelView>;
  finished: boolean;
}

export interface InvocationModelsRun {
  snapshot(): InvocationModelsSnapshot;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export const POLL_MAX_RECEIVE_COUNT = 2;

/** Sends one order (failing or not) through an HTTP API, EventBridge and SQS to the same function. */
export function startInvocationModels(
  world: SimulatorWorld,
  options: { fail: boolean },
): InvocationModelsRun {
  const sqs = world.account.service<SqsService>('sqs');
  const events = world.account.service<EventBridgeService>('events');
  if (!sqs || !events) throw new Error('This account has no SQS or EventBridge.');
  const functionName = runName('models-demo', world);
  const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${functionName}`;
  const failures = sqs.createQueue(`${functionName}-failures`);
  const deadLetters = sqs.createQueue(`${functionName}-dlq`);
  const queue = sqs.createQueue(functionName, {
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetters.arn,
      maxReceiveCount: POLL_MAX_RECEIVE_COUNT,
    }),
  });
  const created = world.service.createFunction({
    name: functionName,
    runtime: 'nodejs24.x',
    timeoutS: 3,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: MODELS_HANDLER }] },
    async: { onFailure: failures.arn },
  });
  if (!created.ok) throw new Error(created.message);
  const api = world.apiGateway.createHttpApi({
    name: functionName,
    functionName,
    routes: ['POST /orders'],
  });
  if (!api.ok) throw new Error(api.message);
  const ruleName = `${functionName}-orders`;
  events.putRule({ name: ruleName, eventPattern: JSON.stringify({ source: ['shop.orders'] }) });
  events.putTargets(ruleName, undefined, [{ Id: 'function', Arn: functionArn }]);
  const mapping = world.networking.mappings.create({
    functionName,
    eventSourceArn: queue.arn,
    batchSize: 1,
  });
  if (!mapping.ok) throw new Error(mapping.message);

  const run = createRunListeners();
  const notify = run.notify;
  const tries: Record<ModelId, number> = { sync: 0, async: 0, poll: 0 };
  run.hold(
    world.service.subscribe((event) => {
      if (event.type !== 'invocation.started' || event.invocation.functionName !== functionName) return;
      tries[modelOf(event.invocation.payload)]++;
      notify();
    }),
  );
  run.hold(world.account.subscribe(notify));

  const startedAt = world.clock.now();
  const order = (model: ModelId) => ({ id: `order-${model}`, ...(options.fail ? { fail: true } : {}) });
  let reply: ApiReply | null = null;
  let repliedAt = 0;
  void world.apiGateway
    .request(api.api.id, { method: 'POST', path: '/orders', body: order('sync') })
    .then((answer) => {
      reply = answer;
      repliedAt = world.clock.now();
      notify();
    });
  const [entry] = events.putEvents([
    { Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(order('async')) },
  ]);
  const eventId = entry && 'EventId' in entry ? entry.EventId : '(refused)';
  const messageId = sqs.sendMessage(queue.url, { messageBody: JSON.stringify(order('poll')) }).messageId;

  return {
    snapshot() {
      const asyncDelivery = world.asyncSources
        .recent(functionName)
        .find((delivery) => delivery.source === 'events');
      const asyncInvocation = asyncDelivery?.invocation;
      const failureRecords = sqs.messages(failures.url).length;
      const inQueue = sqs.messages(queue.url).some((message) => message.messageId === messageId);
      const inDeadLetters = sqs.messages(deadLetters.url).some((message) => message.messageId === messageId);
      const answered = reply as ApiReply | null;
      const models: Record<ModelId, ModelView> = {
        sync: {
          model: 'sync',
          callerGot: answered ? `HTTP ${answered.statusCode ?? 'no answer'} ${answered.body}` : null,
          callerWaitedMs: answered ? repliedAt - startedAt : null,
          tries: tries.sync,
          ending: answered
            ? answered.statusCode !== null && answered.statusCode < 400
              ? 'answered the client'
              : 'the error went back to the client; Lambda did not retry (the client may)'
            : null,
        },
        async: {
          model: 'async',
          callerGot: `PutEvents: EventId ${eventId}`,
          callerWaitedMs: 0,
          tries: tries.async,
          ending:
            asyncInvocation?.outcome === undefined
              ? null
              : asyncInvocation.outcome === 'success'
                ? 'processed'
                : failureRecords > 0
                  ? `retried by Lambda's queue, then a record went to the on-failure destination ${functionName}-failures`
                  : 'failed after Lambda’s retries',
        },
        poll: {
          model: 'poll',
          callerGot: `SendMessage: MessageId ${messageId}`,
          callerWaitedMs: 0,
          tries: tries.poll,
          ending: inDeadLetters
            ? `returned to the queue after each failure, then moved to the dead-letter queue ${functionName}-dlq`
            : inQueue
              ? null
              : tries.poll > 0
                ? 'processed and deleted from the queue'
                : null,
        },
      };
      return {
        functionName,
        failing: options.fail,
        models,
        finished: Object.values(models).every((model) => model.ending !== null),
      };
    },
    subscribe: run.subscribe,
    dispose: run.dispose,
  };
}

function modelOf(payload: unknown): ModelId {
  const event = (payload ?? {}) as Record<string, unknown>;
  if ('requestContext' in event) return 'sync';
  if ('detail-type' in event) return 'async';
  return 'poll';
}
