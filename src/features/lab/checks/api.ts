/**
 * What a lab step's check.ts uses (import from '@coldstart/lab'). A check is data — id, title, required or
 * optional, weight, hint tiers, the task it belongs to — plus `run(ctx)`, which returns pass or fail with a specific
 * message. Checks test behaviour through the read-only context (invoke, HTTP, the account, logs, the clock), with
 * varied or hidden inputs, never by matching the learner's source text.
 *
 *   export default defineChecks([
 *     { id: 'returns-201', title: 'POST /orders answers 201 with the order id', task: 'orders', hints: ['…', '…'],
 *       async run(ctx) { const r = await ctx.invoke(…); return r.statusCode === 201 ? pass() : fail('…'); } },
 *   ]);
 */
import type { FunctionConfig, Invocation, LogRecord } from '../../../sim';
import type { AwsAccount } from '../../../sim/aws/account';
import type { LambdaService } from '../../../sim';
import type { MessageView } from '../../../sim/aws/sqs/sqs';
import type { Trace } from '../../../sim/aws/xray/service';
import type { LabFunctionConfig, RuntimeFamily } from '../model/labFormat';
import type { ApiReply, ApiRequestInput } from '../../../sim/apigateway';
import type { PostgresResult } from '../../../sim/database/protocol';
import type { ConnectionRecord } from '../../../sim/vpc/gate';
import type { InsightsResult } from '../../../sim/aws/logs';
import type { PowerTuningReport } from '../../../sim/powerTuning';
import type { LoadTestPlan, LoadTestResult } from '../loadTest';

export type CheckOutcome = { pass: true; message?: string } | { pass: false; message: string };

export function pass(message?: string): CheckOutcome {
  return message === undefined ? { pass: true } : { pass: true, message };
}

export function fail(message: string): CheckOutcome {
  return { pass: false, message };
}

export interface InvokeOutcome {
  /** The Invoke API's status (200 for a function error too; 202 for an Event invoke; 429 throttled). */
  statusCode: number;
  /** The response payload, parsed as JSON when it is JSON. */
  body: unknown;
  raw: string;
  functionError?: 'Unhandled';
  requestId: string;
  coldStart: boolean;
  executedVersion: string;
  /** CloudWatch lines written for this request (START … REPORT, and what the handler logged). */
  logs: string[];
  invocation: Invocation;
}

export interface InvokeOptions {
  type?: 'sync' | 'async';
  qualifier?: string;
}

export interface VariantChange {
  /** Replace the whole configuration, starting from the learner's. */
  config?(config: LabFunctionConfig): LabFunctionConfig;
  /** Replace the files, starting from the learner's (paths as in `files`, layers under `layers/<name>/`). */
  files?(files: Readonly<Record<string, string>>): Record<string, string>;
}

export interface VariantFunction {
  /** CreateFunction's refusal (empty when the variant deployed). */
  errors: string[];
  invoke(payload: unknown): Promise<InvokeOutcome>;
  /** `n` invocations of the variant at once. */
  invokeMany(n: number, payload: unknown | ((i: number) => unknown)): Promise<InvokeOutcome[]>;
  /** The variant's function name (for `ctx.insights(query, { functionName })`). */
  name: string;
}

export interface CheckContext {
  readonly runtime: string;
  readonly family: RuntimeFamily;
  /** The learner's files for this step (read-only). */
  readonly files: Readonly<Record<string, string>>;
  /** The learner's function.json (read-only). */
  readonly config: LabFunctionConfig;
  /** Answers the learner gave to the step's questions, by question id. */
  readonly answers: Readonly<Record<string, string>>;
  /** Why the function could not be deployed, with the Lambda API's messages (empty when it deployed). */
  readonly deployErrors: readonly string[];
  /** The deployed function's configuration ($LATEST, or a qualifier's). */
  functionConfig(qualifier?: string): FunctionConfig | undefined;
  invoke(payload: unknown, options?: InvokeOptions): Promise<InvokeOutcome>;
  /**
   * One HTTP request through the API in front of the function (function.json's `api`): API Gateway builds the
   * event, maps the response and answers with its own errors, as in AWS. `path` is relative to the endpoint.
   */
  http(request: ApiRequestInput): Promise<ApiReply>;
  /** `n` invocations at once (each its own payload when `payload` is a function of the index). */
  invokeMany(
    n: number,
    payload: unknown | ((i: number) => unknown),
    options?: InvokeOptions,
  ): Promise<InvokeOutcome[]>;
  /** Run the clock over queued work (retries, event age) in no wall time. */
  fastForward(): Promise<void>;
  /** Let `ms` of virtual time pass (idle environments may be reclaimed). */
  advance(ms: number): Promise<void>;
  /** Every CloudWatch line of the function so far. */
  logs(): string[];
  records(): LogRecord[];
  /**
   * Run a Logs Insights query over the function's log group (`/aws/lambda/<name>`), all of its time so far, with
   * the account's Insights engine (throws InsightsQueryError, with line and position, on bad syntax).
   */
  insights(query: string, options?: { functionName?: string }): InsightsResult;
  /**
   * Requests through an HTTP API in front of the function (or `plan.qualifier`) at planned virtual times: a steady
   * rate and a spike at once halfway through. Cold starts, p50/p99 latency and errors come back per request.
   */
  loadTest(plan: LoadTestPlan): Promise<LoadTestResult>;
  /**
   * Power tuning of the learner's code: a copy of the function at each memory size, invoked in turn with
   * `payload` (Lambda Power Tuning's method; see src/sim/powerTuning.ts).
   */
  powerTune(options: {
    payload: unknown;
    powerValues?: readonly number[];
    invocationsPerValue?: number;
  }): Promise<PowerTuningReport>;
  /** X-Ray traces of the function's traced invocations, oldest first (segments with their subsegments). */
  traces(): Trace[];
  /** DynamoDB tables as plain JSON items. */
  readonly dynamodb: {
    items(table: string): Array<Record<string, unknown>>;
    get(table: string, key: Record<string, unknown>): Record<string, unknown> | undefined;
    put(table: string, item: Record<string, unknown>): void;
  };
  /** SQS queues: messages as the console shows them, and their bodies parsed as JSON. */
  readonly sqs: {
    messages(queue: string): MessageView[];
    bodies(queue: string): unknown[];
  };
  /**
   * Deploy the learner's code again as another function, with changed files or configuration (for example
   * without its layers, or with a probe handler), to compare behaviour. The learner's function is untouched.
   */
  deployVariant(name: string, change: VariantChange): Promise<VariantFunction>;
  /** The VPC's PostgreSQL database (function.json's `vpc.database`), queried as its administrator would. */
  readonly postgres: {
    /** Rows as node-postgres returns them; rejects with PostgreSQL's message and `code` (42P01, …). */
    query(sql: string, params?: unknown[]): Promise<PostgresResult>;
  };
  /** Connections the function's environments made or tried, newest last, with why one had no path. */
  connections(): readonly ConnectionRecord[];
  /** The whole simulated account and the service, for checks that need more (read; seed with care). */
  readonly account: AwsAccount;
  readonly service: LambdaService;
}

export interface CheckDefinition {
  /** Stable id: bad variants name it (`bad/<name>/bad.json`). */
  id: string;
  title: string;
  /** Required checks decide whether the step is complete (default true). */
  required?: boolean;
  /** Points towards the score (default 1). */
  weight?: number;
  /** The <Task id> in step.mdx this check belongs to. */
  task?: string;
  /** Hint tiers, from a nudge to nearly the answer. */
  hints: string[];
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export function defineChecks(checks: CheckDefinition[]): CheckDefinition[] {
  const ids = new Set<string>();
  for (const c of checks) {
    if (ids.has(c.id)) throw new Error(`defineChecks: check id "${c.id}" is used twice`);
    ids.add(c.id);
    if (c.hints.length === 0) throw new Error(`defineChecks: check "${c.id}" needs at least one hint`);
  }
  return checks;
}
