/**
 * The contract between a runtime bundle (the SDK, Powertools) and the environment that evaluates it. The runtime
 * evaluates a bundle's text as the body of `function (__coldstartSdkHost) { … }` and calls it with a host, so
 * every environment gets its own instances wired to its own port and `process.env` (the in-process test host runs
 * several environments in one Node.js process, so nothing may be a process-wide singleton).
 */
import type { AwsCallRequest, AwsCallResponse } from '../../sim/lambda/host';

export interface SdkHost {
  /** One request to the simulated account over the environment's port (`coldstart:aws`). */
  send(request: AwsCallRequest): Promise<AwsCallResponse>;
  /** The environment's `process.env`, read when a client is created (AWS_REGION, the credentials). */
  readonly env: Record<string, string | undefined>;
  /** The environment's own modules: Node.js builtins (`node:crypto`…) and packages of bundles loaded before. */
  require(specifier: string): unknown;
  /** What the bundle provides, by package specifier; called once, when its evaluation ends. */
  register(modules: Record<string, unknown>): void;
}

declare const __coldstartSdkHost: SdkHost;

/** The host of the environment evaluating this bundle (a free name the runtime's wrapper binds). */
export function sdkHost(): SdkHost {
  return __coldstartSdkHost;
}

/** The parameter name a runtime wraps a bundle's text with. */
export const BUNDLE_HOST_PARAMETER = '__coldstartSdkHost';
