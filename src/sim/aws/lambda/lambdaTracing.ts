/**
 * X-Ray for the Lambda service: with active tracing (`TracingConfig.Mode: Active`), every attempt of an invocation
 * becomes a trace in the account's X-Ray — the Lambda service's segment and the function's segment with its
 * Initialization (cold starts), Invocation and Overhead subsegments ("Visualize Lambda function invocations using
 * AWS X-Ray", https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html) — and the environment gets the
 * trace's `_X_AMZN_TRACE_ID` (`Sampled=1`), so the SDK calls it makes are recorded under it and an in-function
 * tracer (Powertools) can add its own subsegments.
 *
 * Phase times come from the environment's state changes on the service's clock (the same clock the SDK calls
 * are timed on): Initialization from the start of the environment to the handler, Invocation while the handler
 * runs, Overhead from then to the end of the attempt. Throttled requests are a Lambda segment answered 429.
 */
import type { LambdaService } from '../../lambda/LambdaService';
import type { Invocation, ServiceEvent } from '../../lambda/types';
import type { InvocationTrace, XRayService } from '../xray';

interface Attempt {
  invocation: Invocation;
  trace: InvocationTrace;
  initStart?: number;
  initEnd?: number;
  invokeStart?: number;
  invokeEnd?: number;
}

export class LambdaTracing {
  private readonly attempts = new Map<number, Attempt>();
  private readonly headers = new Map<string, string>();
  private readonly off: () => void;

  constructor(
    private readonly service: LambdaService,
    private readonly xray: XRayService,
  ) {
    this.off = service.subscribe((event) => this.onEvent(event));
  }

  /** `_X_AMZN_TRACE_ID` of a traced invocation the executor is about to run, or undefined when not traced. */
  headerFor(requestId: string): string | undefined {
    return this.headers.get(requestId);
  }

  dispose(): void {
    this.off();
    this.attempts.clear();
    this.headers.clear();
  }

  private epoch(virtualMs: number): number {
    return this.service.epochMs + virtualMs;
  }

  private traced(functionName: string, version: string): boolean {
    return this.service.getFunction(functionName, version)?.tracing === 'Active';
  }

  private onEvent(event: ServiceEvent): void {
    switch (event.type) {
      case 'invocation.started': {
        const { invocation, environmentId, cold } = event;
        const stale = this.attempts.get(environmentId);
        if (stale) this.finish(environmentId, stale);
        if (!this.traced(invocation.functionName, invocation.executedVersion)) return;
        const now = this.service.clock.now();
        const trace = this.xray.beginInvocation({
          functionName: invocation.functionName,
          functionArn: `arn:aws:lambda:${this.service.region}:${this.service.accountId}:function:${invocation.functionName}`,
          requestId: invocation.requestId,
          // An async event's later attempts start when they run, not when the event was accepted.
          receivedAt: this.epoch(invocation.attempts > 1 ? now : invocation.receivedAt),
        });
        const attempt: Attempt = { invocation, trace };
        if (cold) attempt.initStart = now;
        this.attempts.set(environmentId, attempt);
        this.headers.set(invocation.requestId, trace.header);
        return;
      }
      case 'environment.state': {
        const attempt = this.attempts.get(event.environmentId);
        if (!attempt) return;
        if (event.to === 'invoking.running') {
          if (attempt.initStart !== undefined && attempt.initEnd === undefined) attempt.initEnd = event.at;
          attempt.invokeStart = event.at;
        } else if (event.from === 'invoking.running') attempt.invokeEnd = event.at;
        return;
      }
      case 'invocation.retryScheduled':
      case 'invocation.ended': {
        for (const [environmentId, attempt] of this.attempts)
          if (attempt.invocation === event.invocation) this.finish(environmentId, attempt);
        const invocation = event.invocation;
        if (
          event.type === 'invocation.ended' &&
          invocation.outcome === 'throttled' &&
          invocation.attempts === 0 &&
          this.service.hasFunction(invocation.functionName) &&
          this.traced(invocation.functionName, invocation.qualifier)
        )
          this.xray.recordThrottle({
            functionName: invocation.functionName,
            requestId: invocation.requestId,
            receivedAt: this.epoch(invocation.receivedAt),
          });
        return;
      }
    }
  }

  private finish(environmentId: number, attempt: Attempt): void {
    this.attempts.delete(environmentId);
    const { invocation, trace } = attempt;
    if (this.headers.get(invocation.requestId) === trace.header) this.headers.delete(invocation.requestId);
    const now = this.service.clock.now();
    const invokeStart = attempt.invokeStart ?? attempt.initEnd ?? now;
    const invokeEnd = Math.max(invokeStart, attempt.invokeEnd ?? now);
    const failed = invocation.lastResult !== undefined && invocation.lastResult !== 'success';
    this.xray.endInvocation(trace, {
      ...(attempt.initStart !== undefined
        ? { initStart: this.epoch(attempt.initStart), initEnd: this.epoch(attempt.initEnd ?? invokeStart) }
        : {}),
      invokeStart: this.epoch(invokeStart),
      invokeEnd: this.epoch(invokeEnd),
      end: this.epoch(Math.max(invokeEnd, now)),
      statusCode: 200,
      ...(failed
        ? {
            functionError: {
              type: invocation.error?.errorType ?? 'Error',
              message: invocation.error?.errorMessage ?? 'The function failed',
            },
          }
        : {}),
    });
  }
}
