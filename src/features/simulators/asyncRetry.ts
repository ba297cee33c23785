/**
 * The asynchronous retry timeline (error-handling lesson): one Event invoke of a handler that always throws, on
 * the workspace's real Lambda service. Lambda's internal queue retries a function error up to
 * MaximumRetryAttempts (0–2) times, about one minute and then about two minutes after a failure; when the retries
 * run out the on-failure destination gets an invocation record, or the dead-letter queue gets the event
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). The service decides every
 * delay; this file only records what it did, from its events, and reads the message that reached the queue.
 */
import type { Invocation } from '../../sim';
import type { SqsService } from '../../sim/aws/sqs/sqs';
import { runName, type SimulatorWorld } from './simulatorWorld';
import { createRunListeners } from './runListeners';

export type FailureTarget = 'destination' | 'dlq';

export interface AsyncRetryOptions {
  /** MaximumRetryAttempts: 0, 1 or 2 (Lambda's default). */
  retries: number;
  /** Where the event goes when the retries run out: an on-failure destination (a record) or a DLQ (the event). */
  target: FailureTarget;
}

export const FAILING_HANDLER = `// Always fails: the payment service rejects every order.
export const handler = async (event) => {
  console.log('charging order', event.orderId);
  throw new Error(\`payment service rejected order \${event.orderId}\`);
};
`;

export interface RetryAttempt {
  /** 1 for the first try. */
  number: number;
  /** Virtual ms since the event was accepted. */
  startedAfterMs: number;
  endedAfterMs?: number;
  /** When the service scheduled the next try, ms after acceptance. */
  retryAfterMs?: number;
  errorType?: string;
}

export interface FailureRecord {
  kind: FailureTarget;
  queueName: string;
  /** Ms after acceptance. */
  deliveredAfterMs: number;
  /** The message body as the queue holds it (parsed JSON). */
  body: unknown;
  /** Message attributes (a DLQ message carries RequestID, ErrorCode, ErrorMessage). */
  attributes: Record<string, string>;
}

export interface AsyncRetrySnapshot {
  functionName: string;
  requestId: string;
  /** What the caller got back at once (202 Accepted): it waits for none of the tries. */
  statusCode: 202;
  attempts: RetryAttempt[];
  finished: boolean;
  record: FailureRecord | null;
}

export interface AsyncRetryRun {
  snapshot(): AsyncRetrySnapshot;
  /** Called on every change the run sees. */
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/** Creates a failing function with its failure queue and sends it one async event. */
export function startAsyncRetry(world: SimulatorWorld, options: AsyncRetryOptions): AsyncRetryRun {
  const sqs = world.account.service<SqsService>('sqs');
  if (!sqs) throw new Error('This account has no SQS.');
  const functionName = runName('retry-demo', world);
  const queueName = `${functionName}-${options.target === 'dlq' ? 'dlq' : 'failures'}`;
  const queue = sqs.createQueue(queueName);
  const created = world.service.createFunction({
    name: functionName,
    runtime: 'nodejs24.x',
    timeoutS: 3,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: FAILING_HANDLER }] },
    async: {
      maxRetryAttempts: options.retries,
      ...(options.target === 'dlq' ? { dlq: queue.arn } : { onFailure: queue.arn }),
    },
  });
  if (!created.ok) throw new Error(created.message);

  const run = createRunListeners();
  const notify = run.notify;
  const attempts: RetryAttempt[] = [];
  let invocation: Invocation | null = null;
  const since = (at: number) => at - (invocation?.receivedAt ?? 0);
  run.hold(
    world.service.subscribe((event) => {
      if (!('invocation' in event) || event.invocation !== invocation) return;
      const now = world.clock.now();
      if (event.type === 'invocation.started') {
        attempts.push({ number: attempts.length + 1, startedAfterMs: since(now) });
      } else if (event.type === 'invocation.retryScheduled') {
        const last = attempts[attempts.length - 1];
        if (last) {
          last.endedAfterMs = since(now);
          last.retryAfterMs = since(event.at);
          last.errorType = event.invocation.error?.errorType ?? 'Error';
        }
      } else if (event.type === 'invocation.ended') {
        const last = attempts[attempts.length - 1];
        if (last && last.endedAfterMs === undefined) {
          last.endedAfterMs = since(event.invocation.endedAt);
          last.errorType = event.invocation.error?.errorType ?? 'Error';
        }
      }
      notify();
    }),
  );
  run.hold(world.account.subscribe(notify));
  invocation = world.service.invoke(functionName, {
    type: 'async',
    payload: { orderId: 'order-1042', amount: 25 },
  });

  return {
    snapshot() {
      const inv = invocation!;
      const delivery = inv.deliveries?.find((item) => item.kind === 'dlq' || item.kind === 'onFailure');
      const message = sqs.messages(queue.url)[0];
      const record: FailureRecord | null =
        delivery && message
          ? {
              kind: options.target,
              queueName,
              deliveredAfterMs: since(delivery.at),
              body: parseBody(message.body),
              attributes: Object.fromEntries(
                Object.entries(message.messageAttributes).map(([name, value]) => [
                  name,
                  value.stringValue ?? '',
                ]),
              ),
            }
          : null;
      return {
        functionName,
        requestId: inv.requestId,
        statusCode: 202,
        attempts: attempts.map((attempt) => ({ ...attempt })),
        finished: inv.outcome !== undefined,
        record,
      };
    },
    subscribe: run.subscribe,
    dispose: run.dispose,
  };
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
