/**
 * The shared state the service's parts work on (routing, environments, provisioned concurrency, the async queue,
 * billing, the log). LambdaService owns one and is the only public face; the parts take it in their constructor,
 * like tldraw's managers take the editor, so each can be read and tested on its own.
 */
import type { Clock } from '../clock';
import type { Rng } from '../random';
import type { Billing } from './billing';
import type { Environment } from './environments';
import type { Executor } from './executors/executor';
import type { FunctionState } from './functions';
import type { InvocationLog } from './invocationLog';
import type { Delivery, Invocation, ScalingModel, ServiceEvent } from './types';

export interface DestinationSink {
  /** An async invocation's record (destination) or event (dead-letter queue) leaves Lambda. */
  deliver(delivery: Delivery, invocation: Invocation): void;
}

export interface Kernel {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly executor: Executor;
  readonly billing: Billing;
  readonly fns: Map<string, FunctionState>;
  readonly accountLimit: number;
  readonly scaling: ScalingModel;
  readonly idleRange: readonly [number, number];
  readonly duplicateProbability: number;
  readonly asyncQueueDelayMs: number;
  /** Virtual time between a provisioned concurrency request and its environments' creation (0: at once). */
  readonly provisionedPreparationMs: number;
  readonly epochMs: number;
  readonly region: string;
  readonly accountId: string;
  /** Null when nobody reads logs (the pool): records are not even built. */
  readonly log: InvocationLog | null;
  readonly destinations: DestinationSink | null;
  /** Reserved concurrency summed over functions. */
  totalReserved: number;
  /** Concurrency used by functions without reserved concurrency (the unreserved pool). */
  unreservedInUse: number;
  legacyTokens: number;
  legacyAt: number;
  envSeq: number;
  /** Async events accepted and not yet finished (queued, retrying or running). */
  pendingAsync: number;
  readonly requestId: (seq: number) => string;
  emit(e: ServiceEvent): void;
  readonly hasListeners: boolean;
  /** Start `inv` on `env` (counters, then the executor). */
  begin(fn: FunctionState, env: Environment, inv: Invocation): void;
  /** A random 32-hex token for log stream names and trace ids. */
  token(): string;
}
