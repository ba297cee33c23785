/**
 * The account's asynchronous event sources — S3 event notifications, SNS subscriptions, EventBridge rules and
 * schedules, async destinations that name a function — reach a function here, and only through the Lambda
 * service's async queue (`invoke(name, { type: 'async' })`): the queue's retries, maximum event age, on-failure
 * and on-success destinations and dead-letter queue apply to them exactly as to any other asynchronous invoke
 * ("How Lambda handles errors and retries with asynchronous invocation", Lambda Developer Guide).
 *
 * Two things the account's services hand over with each event:
 * - the function, by name or ARN, with the ARN's qualifier (an alias or version: `…:function:my-function:live`);
 * - the lineage of the invocation whose SDK write raised the event (`source.lineage`), so that recursive loop
 *   detection (../lineage.ts) stops an S3 → function → S3 loop after 16 invocations of one chain.
 *
 * The invoker also keeps the most recent deliveries per source (bounded), for the console's "last result" of a
 * trigger and for lab checks that ask "did putting the object reach the function?".
 *
 *   const sources = asyncSources(service);
 *   account.connectLambda(sources);
 *   sources.recent('my-function') → [{ source: 's3', invocation, at }]
 */
import type { LambdaService } from '../LambdaService';
import type { Invocation } from '../types';

/** The account's view of Lambda (src/sim/aws/service.ts `LambdaInvoker`), repeated so this file stays in lambda/. */
export interface AsyncInvoker {
  invokeAsync(
    functionArnOrName: string,
    payload: unknown,
    source: { service: string; lineage?: number },
  ): void;
  exists(functionArnOrName: string): boolean;
}

export interface AsyncDelivery {
  /** The service that raised the event (`s3`, `sns`, `events`, `lambda` for destinations). */
  source: string;
  functionName: string;
  /** The qualifier the event named, if any. */
  qualifier: string | undefined;
  /** Virtual ms when the event was queued. */
  at: number;
  /** The queued invocation: `await invocation.done()` for its outcome after retries. */
  invocation: Invocation;
}

export interface AsyncSources extends AsyncInvoker {
  /** The most recent deliveries, oldest first; only those to `functionName` when given. */
  recent(functionName?: string): readonly AsyncDelivery[];
  /** Called for each event handed to the async queue; returns the unsubscribe function. */
  subscribe(listener: (delivery: AsyncDelivery) => void): () => void;
}

/** How many deliveries `recent()` keeps. */
export const RECENT_DELIVERIES = 100;

const FULL_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_$-]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_$-]+))?$/;
const NAME = /^([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_$-]+))?$/;

interface Target {
  name: string;
  qualifier: string | undefined;
}

/** The function an event names in this account and Region (another Region or account: none). */
function parseTarget(value: string, service: LambdaService): Target | null {
  const full = FULL_ARN.exec(value);
  if (full)
    return full[1] === service.region && full[2] === service.accountId
      ? { name: full[3]!, qualifier: full[4] }
      : null;
  const partial = PARTIAL_ARN.exec(value);
  if (partial) return partial[1] === service.accountId ? { name: partial[2]!, qualifier: partial[3] } : null;
  const plain = NAME.exec(value);
  return plain ? { name: plain[1]!, qualifier: plain[2] } : null;
}

export function asyncSources(service: LambdaService): AsyncSources {
  const deliveries: AsyncDelivery[] = [];
  const listeners = new Set<(delivery: AsyncDelivery) => void>();

  const resolve = (arnOrName: string): Target | null => {
    const target = parseTarget(arnOrName, service);
    if (!target || !service.hasFunction(target.name)) return null;
    if (target.qualifier !== undefined && !service.getFunction(target.name, target.qualifier)) return null;
    return target;
  };

  return {
    invokeAsync(arnOrName, payload, source) {
      const target = resolve(arnOrName);
      // The account's services check `exists` when they are configured; a function deleted since is dropped,
      // as AWS drops an event whose function no longer exists.
      if (!target) return;
      const invocation = service.invoke(target.name, {
        type: 'async',
        payload,
        ...(target.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
        ...(source.lineage !== undefined ? { lineage: source.lineage } : {}),
      });
      const delivery: AsyncDelivery = {
        source: source.service,
        functionName: target.name,
        qualifier: target.qualifier,
        at: service.clock.now(),
        invocation,
      };
      deliveries.push(delivery);
      if (deliveries.length > RECENT_DELIVERIES) deliveries.splice(0, deliveries.length - RECENT_DELIVERIES);
      for (const listener of listeners) listener(delivery);
    },
    exists: (arnOrName) => resolve(arnOrName) !== null,
    recent(functionName) {
      return functionName === undefined
        ? [...deliveries]
        : deliveries.filter((delivery) => delivery.functionName === functionName);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
