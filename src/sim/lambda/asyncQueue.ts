/**
 * Asynchronous invocation ("How Lambda handles errors and retries with asynchronous invocation":
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html). Event invokes return 202 at
 * once and wait in Lambda's internal queue. Function errors (error, timeout, crash) are retried up to
 * MaximumRetryAttempts (0–2) times, about one minute and then about two minutes after each failure; throttles are
 * retried with backoff (1 s doubling to 5 min) until MaximumEventAgeInSeconds. Then the on-failure destination
 * gets an invocation record and/or the dead-letter queue gets the event; success can go to an on-success
 * destination. Lambda may deliver an event more than once (duplicateProbability), so handlers must be idempotent.
 */
import type { FunctionState, Target } from './functions';
import type { Kernel } from './kernel';
import type { Router } from './routing';
import {
  type AttemptResult,
  type DeadLetterMessage,
  type Delivery,
  type DestinationRecord,
  Invocation,
  type Outcome,
} from './types';
import { isoTimestamp } from '../logs';
import { RECURSION_ERROR_MESSAGE, RECURSION_ERROR_TYPE, stopsRecursion } from './lineage';

export class AsyncQueue {
  constructor(
    private readonly k: Kernel,
    private readonly router: Router,
    private readonly finish: (inv: Invocation, outcome: Outcome) => void,
  ) {}

  /** 202 Accepted: the event waits in Lambda's internal queue. */
  accept(fn: FunctionState, target: Target, inv: Invocation): void {
    this.k.pendingAsync++;
    this.later(fn, target, inv, this.k.asyncQueueDelayMs);
  }

  private later(fn: FunctionState, target: Target, inv: Invocation, delay: number): void {
    this.k.clock.schedule(delay, () => this.attempt(fn, target, inv));
  }

  private attempt(fn: FunctionState, target: Target, inv: Invocation): void {
    const now = this.k.clock.now();
    if (inv.attempts === 0 && stopsRecursion(fn, inv)) {
      // Stopped before it runs: the event goes where a failed event would (dead-letter queue, on-failure).
      inv.error = { errorType: RECURSION_ERROR_TYPE, errorMessage: RECURSION_ERROR_MESSAGE };
      this.failed(fn, inv, 'RecursiveInvocationDetected');
      return;
    }
    const reason = this.router.tryStart(fn, target, inv);
    if (reason === null) return;
    // Throttled: back off (1 s doubling to 5 min) until the event is too old.
    this.k.billing.m.asyncThrottleRetries++;
    this.k.billing.throttle(fn, reason);
    const delay = Math.min(1000 * 2 ** inv.throttles, 300_000);
    inv.throttles++;
    const maxAgeMs = fn.latest.config.async.maxEventAgeS * 1000;
    if (now + delay - inv.receivedAt > maxAgeMs) {
      inv.error = { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' };
      this.failed(fn, inv, 'EventAgeExceeded');
      return;
    }
    inv.retryAt = now + delay;
    if (this.k.hasListeners)
      this.k.emit({ type: 'invocation.retryScheduled', invocation: inv, at: inv.retryAt, cause: 'throttle' });
    this.later(fn, target, inv, delay);
  }

  /** An attempt of an async event ended. */
  attemptEnded(fn: FunctionState, target: Target, inv: Invocation, result: AttemptResult): void {
    const now = this.k.clock.now();
    const config = fn.latest.config.async;
    if (result === 'success') {
      if (this.k.duplicateProbability > 0 && this.k.rng() < this.k.duplicateProbability)
        this.duplicate(fn, target, inv);
      if (config.onSuccess) {
        this.deliver(inv, 'onSuccess', config.onSuccess, this.record(fn, inv, 'Success'));
        this.done(inv, 'destination');
      } else this.done(inv, 'success');
      return;
    }
    const retriesUsed = inv.attempts - 1;
    if (retriesUsed < config.maxRetryAttempts) {
      // Function errors: retried about 1 minute, then about 2 minutes, after the failure.
      const delay = retriesUsed === 0 ? 60_000 : 120_000;
      if (now + delay - inv.receivedAt <= config.maxEventAgeS * 1000) {
        this.k.billing.m.asyncErrorRetries++;
        inv.retryAt = now + delay;
        if (this.k.hasListeners)
          this.k.emit({
            type: 'invocation.retryScheduled',
            invocation: inv,
            at: inv.retryAt,
            cause: 'error',
          });
        this.later(fn, target, inv, delay);
        return;
      }
      this.failed(fn, inv, 'EventAgeExceeded');
      return;
    }
    this.failed(fn, inv, 'RetriesExhausted');
  }

  /** Deliver the same event once more (at-least-once); a duplicate that meets a throttle is simply dropped. */
  deliverTwice(fn: FunctionState, target: Target, inv: Invocation): void {
    this.duplicate(fn, target, inv);
  }

  private duplicate(fn: FunctionState, target: Target, inv: Invocation): void {
    inv.duplicates++;
    const dup = new Invocation(
      inv.seq,
      inv.functionName,
      inv.qualifier,
      'async',
      inv.receivedAt,
      inv.payload,
      undefined,
      this.k.requestId,
    );
    dup.shadow = true;
    this.k.clock.schedule(this.k.asyncQueueDelayMs, () => {
      this.router.tryStart(fn, target, dup);
    });
  }

  private failed(
    fn: FunctionState,
    inv: Invocation,
    condition: 'RetriesExhausted' | 'EventAgeExceeded' | 'RecursiveInvocationDetected',
  ): void {
    const config = fn.latest.config.async;
    if (config.dlq) this.deliver(inv, 'dlq', config.dlq, inv.payload ?? {}, this.deadLetter(inv));
    if (config.onFailure) {
      this.deliver(inv, 'onFailure', config.onFailure, this.record(fn, inv, condition));
      this.done(inv, 'destination');
    } else if (config.dlq) this.done(inv, 'dlq');
    else this.done(inv, 'error');
  }

  private done(inv: Invocation, outcome: Outcome): void {
    this.k.pendingAsync--;
    this.finish(inv, outcome);
  }

  private deliver(
    inv: Invocation,
    kind: Delivery['kind'],
    target: boolean | string,
    body: unknown,
    message?: DeadLetterMessage,
  ): void {
    const delivery: Delivery = {
      kind,
      at: this.k.clock.now(),
      target: typeof target === 'string' ? target : `(${kind})`,
      body,
      ...(message ? { message } : {}),
    };
    (inv.deliveries ??= []).push(delivery);
    this.k.destinations?.deliver(delivery, inv);
  }

  private deadLetter(inv: Invocation): DeadLetterMessage {
    const error = inv.error;
    return {
      body: inv.payload ?? {},
      attributes: {
        RequestID: inv.requestId,
        ErrorCode: String(inv.response?.statusCode ?? 200),
        ErrorMessage: error?.errorMessage ?? '',
      },
    };
  }

  private record(
    fn: FunctionState,
    inv: Invocation,
    condition: DestinationRecord['requestContext']['condition'],
  ): DestinationRecord {
    const failed = condition !== 'Success';
    let responsePayload: unknown = null;
    if (inv.response) {
      try {
        responsePayload = JSON.parse(inv.response.payload);
      } catch {
        responsePayload = inv.response.payload;
      }
    } else if (failed) responsePayload = inv.error ?? null;
    return {
      version: '1.0',
      timestamp: isoTimestamp(this.k.clock.now(), this.k.epochMs),
      requestContext: {
        requestId: inv.requestId,
        functionArn: `${fn.arn}:${inv.executedVersion}`,
        condition,
        approximateInvokeCount: inv.attempts,
      },
      requestPayload: inv.payload ?? {},
      responseContext: failed
        ? { statusCode: 200, executedVersion: inv.executedVersion, functionError: 'Unhandled' }
        : { statusCode: 200, executedVersion: inv.executedVersion },
      responsePayload,
    };
  }
}
