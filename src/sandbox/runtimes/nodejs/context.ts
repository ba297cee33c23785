/**
 * The context object of one invocation. The fields both clients share; nodejs22.x adds its callback members
 * (handler.ts makes them), nodejs24.x the trace id and tenant id headers instead (client 4.x, context-builder).
 */
import type { EnvironmentSettings } from '../../../sim/lambda/host';
import type { RuntimeInvokeRequest } from '../../worker/runtimeModule';

/** Lambda passes the Invoke API's ClientContext (base64 JSON) to the runtime decoded; accept either. */
export function parseClientContext(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(atob(text));
    } catch {
      return undefined;
    }
  }
}

/** What nodejs22.x adds to the context: context.succeed/fail/done and callbackWaitsForEmptyEventLoop. */
export interface CallbackMembers {
  succeed(value?: unknown): void;
  fail(error?: unknown): void;
  done(error?: unknown, value?: unknown): void;
  waitsForEmptyEventLoop(): boolean;
  setWaitsForEmptyEventLoop(value: boolean): void;
}

/** One object literal per version (accessors included): this runs on every invoke. */
export function createContext(
  settings: EnvironmentSettings,
  request: RuntimeInvokeRequest,
  epochNow: () => number,
  callbacks?: CallbackMembers,
): Record<string, unknown> {
  const deadline = request.deadline;
  const clientContext = parseClientContext(request.clientContext);
  if (callbacks)
    return {
      get callbackWaitsForEmptyEventLoop() {
        return callbacks.waitsForEmptyEventLoop();
      },
      set callbackWaitsForEmptyEventLoop(value: unknown) {
        callbacks.setWaitsForEmptyEventLoop(Boolean(value));
      },
      succeed: callbacks.succeed,
      fail: callbacks.fail,
      done: callbacks.done,
      functionVersion: settings.functionVersion,
      functionName: settings.functionName,
      memoryLimitInMB: String(settings.memoryMb),
      logGroupName: settings.logGroupName,
      logStreamName: settings.logStreamName,
      clientContext,
      identity: undefined,
      invokedFunctionArn: request.invokedFunctionArn,
      awsRequestId: request.requestId,
      getRemainingTimeInMillis: () => deadline - epochNow(),
    };
  return {
    clientContext,
    identity: undefined,
    invokedFunctionArn: request.invokedFunctionArn,
    awsRequestId: request.requestId,
    tenantId: undefined,
    xRayTraceId: request.traceId,
    getRemainingTimeInMillis: () => deadline - epochNow(),
    functionName: settings.functionName,
    functionVersion: settings.functionVersion,
    memoryLimitInMB: String(settings.memoryMb),
    logGroupName: settings.logGroupName,
    logStreamName: settings.logStreamName,
  };
}
