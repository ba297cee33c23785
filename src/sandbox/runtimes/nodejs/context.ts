/**
 * The context object of one invocation. The fields both clients share; nodejs22.x adds its callback members in
 * handler.ts, nodejs24.x adds the trace id and tenant id headers instead (client 4.x, context-builder).
 */
import type { EnvironmentSettings } from '../../../sim/lambda/host';
import type { RuntimeInvokeRequest } from '../../worker/runtimeModule';
import type { NodeVersion } from './versions';

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

export function createContext(
  settings: EnvironmentSettings,
  request: RuntimeInvokeRequest,
  version: NodeVersion,
  epochNow: () => number,
): Record<string, unknown> {
  const context: Record<string, unknown> = {
    functionName: settings.functionName,
    functionVersion: settings.functionVersion,
    invokedFunctionArn: request.invokedFunctionArn,
    memoryLimitInMB: String(settings.memoryMb),
    awsRequestId: request.requestId,
    logGroupName: settings.logGroupName,
    logStreamName: settings.logStreamName,
    identity: undefined,
    clientContext: parseClientContext(request.clientContext),
    getRemainingTimeInMillis: () => request.deadline - epochNow(),
  };
  if (!version.callbackHandlers) {
    context.xRayTraceId = request.traceId;
    context.tenantId = undefined;
  }
  return context;
}
