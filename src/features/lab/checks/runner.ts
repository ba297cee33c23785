/**
 * Runs a step's checks against a fresh LabWorld and reports in Exercism's test-runner shape (results.json v3:
 * status, message, tests[{ name, status, message, output, task_id }], tests in file order), plus what the lab page
 * needs (check id, required, weight). Data in, results out — the view only renders them.
 */
import type { Invocation } from '../../../sim';
import type { DynamoDb } from '../../../sim/aws/dynamodb';
import type { SqsService } from '../../../sim/aws/sqs/sqs';
import type { Trace, XRayService } from '../../../sim/aws/xray/service';
import { lambdaLogGroupName, type LogsService } from '../../../sim/aws/logs';
import { familyOf, type LabFiles } from '../model/labFormat';
import { runLoadTest } from '../loadTest';
import { tuneFunction } from '../../powertuning/tuneFunction';
import type { CheckContext, CheckDefinition, InvokeOutcome, InvokeOptions } from './api';
import {
  createLabWorld,
  fromAttributeValue,
  functionInputOf,
  labVpcOf,
  settleNetwork,
  toAttributeValue,
  type LabWorld,
  type WorldOptions,
} from './world';

export type TestStatus = 'pass' | 'fail' | 'error';

export interface CheckResult {
  /** Exercism v3 fields. */
  name: string;
  status: TestStatus;
  message: string | null;
  output: string | null;
  task_id: string | null;
  /** Ours. */
  id: string;
  required: boolean;
  weight: number;
}

export interface StepResults {
  version: 3;
  status: TestStatus;
  /** Set when the run could not test anything (the function did not deploy). */
  message: string | null;
  tests: CheckResult[];
  /** Passed weight over total weight, 0–1. */
  score: number;
}

const CHECK_TIMEOUT_MS = 20_000;

/**
 * A check world's provisioned concurrency prepares this long (virtual) before its environments are created: "Lambda
 * starts allocating provisioned concurrency after a minute or two of preparation"
 * (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). A check that needs them lets
 * virtual time pass first (ctx.advance), as a learner waits for the configuration's status READY; one that only
 * reads the configuration, or invokes $LATEST, starts none of them.
 */
export const CHECK_PROVISIONED_PREPARATION_MS = 60_000;

/** The name of each check's performance measure, before the check id. */
export const CHECK_MEASURE_PREFIX = 'coldstart:lab-check:';

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function contextFor(
  world: LabWorld,
  runtime: string,
  lab: LabFiles,
  answers: Record<string, string>,
): CheckContext {
  const { service, account, live, functionName } = world;
  const linesFor = (requestId: string, name = functionName) =>
    service.log!.records({ functionName: name, requestId }).flatMap((r) => service.linesOf(r));

  const outcome = (inv: Invocation): InvokeOutcome => {
    const raw = inv.response?.payload ?? 'null';
    return {
      statusCode:
        inv.type === 'async' && inv.outcome !== 'throttled' ? 202 : (inv.response?.statusCode ?? 200),
      body: parse(raw),
      raw,
      ...(inv.response?.functionError ? { functionError: inv.response.functionError } : {}),
      requestId: inv.requestId,
      coldStart: inv.coldStart,
      executedVersion: inv.executedVersion,
      logs: linesFor(inv.requestId, inv.functionName),
      invocation: inv,
    };
  };
  const invokeOnce = async (payload: unknown, options: InvokeOptions = {}) => {
    live.sync();
    const inv = service.invoke(functionName, {
      type: options.type ?? 'sync',
      payload,
      ...(options.qualifier ? { qualifier: options.qualifier } : {}),
    });
    // An Event invoke answers 202 at once; its attempts run later (see fastForward).
    if (inv.type === 'sync') await inv.done();
    return inv;
  };
  const dynamodb = () => account.service<DynamoDb>('dynamodb')!;
  const sqs = () => account.service<SqsService>('sqs')!;
  return {
    runtime,
    family: familyOf(runtime),
    files: Object.freeze({ ...lab.files }),
    config: lab.config,
    answers: Object.freeze({ ...answers }),
    deployErrors: world.deployErrors,
    functionConfig: (qualifier) => service.getFunction(functionName, qualifier),
    invoke: async (payload, options) => outcome(await invokeOnce(payload, options)),
    http: async (request) => {
      live.sync();
      return world.apiGateway.request(functionName, request);
    },
    invokeMany: async (n, payload, options) => {
      live.sync();
      const invs = Array.from({ length: n }, (_, i) =>
        service.invoke(functionName, {
          type: options?.type ?? 'sync',
          payload: typeof payload === 'function' ? (payload as (i: number) => unknown)(i) : payload,
          ...(options?.qualifier ? { qualifier: options.qualifier } : {}),
        }),
      );
      await Promise.all(invs.filter((i) => i.type === 'sync').map((i) => i.done()));
      return invs.map(outcome);
    },
    fastForward: async () => {
      await live.fastForward({ until: 'idle' });
    },
    advance: async (ms) => {
      const target = world.clock.now() + ms;
      while (world.clock.now() < target) {
        const r = await live.fastForward({ until: 'next', maxMs: target - world.clock.now() });
        if (r.reason !== 'next') break;
      }
      if (world.clock.now() < target) world.clock.advanceTo(target);
    },
    logs: () => [...service.logLines(functionName)],
    records: () => service.log!.records({ functionName }),
    insights: (query, options) => {
      const logs = account.service<LogsService>('logs')!;
      const group = lambdaLogGroupName(options?.functionName ?? functionName);
      if (!logs.hasLogGroup(group)) logs.createLogGroup(group);
      return logs.query(query, { logGroups: [group], startTime: 0, endTime: logs.epochNow() + 3_600_000 });
    },
    loadTest: (plan) => runLoadTest(world, plan),
    powerTune: (options) =>
      tuneFunction({
        service,
        live,
        // The copies keep the learner's VPC, as the function they measure runs in it.
        input: functionInputOf(runtime, lab, labVpcOf(world.networking, lab.config.vpc).vpcConfig),
        afterDeploy: (name) => settleNetwork(live, world.networking, name),
        payload: options.payload,
        awsCalls: world.awsCalls,
        ...(options.powerValues ? { powerValues: options.powerValues } : {}),
        ...(options.invocationsPerValue ? { invocationsPerValue: options.invocationsPerValue } : {}),
      }),
    traces: () => {
      const xray = account.service<XRayService>('xray');
      if (!xray) return [];
      return xray
        .listTraces({ functionName })
        .map((summary) => xray.trace(summary.id))
        .filter((t): t is Trace => t !== undefined)
        .reverse();
    },
    dynamodb: {
      items: (table) => {
        const view = dynamodb().table(table);
        if (!view) return [];
        const out: Array<Record<string, unknown>> = [];
        let after: unknown;
        for (let page = 0; page < 1000; page++) {
          const p = view.items({ limit: 100, ...(after ? { after } : {}) } as Parameters<
            typeof view.items
          >[0]);
          for (const item of p.items) out.push(fromAttributeValue({ M: item }) as Record<string, unknown>);
          if (!p.next) break;
          after = p.next;
        }
        return out;
      },
      get: (table, key) => {
        const item = dynamodb()
          .table(table)
          ?.get((toAttributeValue(key) as { M: never }).M);
        return item ? (fromAttributeValue({ M: item }) as Record<string, unknown>) : undefined;
      },
      put: (table, item) => {
        dynamodb()
          .table(table)
          ?.put((toAttributeValue(item) as { M: never }).M);
      },
    },
    sqs: {
      messages: (queue) => (sqs().queue(queue) ? sqs().messages(queue) : []),
      bodies: (queue) =>
        sqs().queue(queue)
          ? sqs()
              .messages(queue)
              .map((m) => parse(m.body))
          : [],
    },
    deployVariant: async (name, change) => {
      const variant: LabFiles = {
        files: change.files ? change.files(lab.files) : { ...lab.files },
        config: change.config ? change.config(structuredClone(lab.config)) : lab.config,
        configText: lab.configText,
      };
      // A variant keeps (or changes) the learner's VPC: its interfaces are created before it is invoked.
      const vpc = labVpcOf(world.networking, variant.config.vpc);
      const created = service.createFunction({ ...functionInputOf(runtime, variant, vpc.vpcConfig), name });
      if (created.ok) await settleNetwork(live, world.networking, name);
      return {
        errors: [...vpc.errors, ...(created.ok ? [] : [created.message])],
        name,
        invokeMany: async (n, payload) => {
          live.sync();
          const invs = Array.from({ length: n }, (_, i) =>
            service.invoke(name, {
              type: 'sync',
              payload: typeof payload === 'function' ? (payload as (i: number) => unknown)(i) : payload,
            }),
          );
          await Promise.all(invs.map((i) => i.done()));
          return invs.map(outcome);
        },
        invoke: async (payload) => {
          live.sync();
          const inv = service.invoke(name, { type: 'sync', payload });
          await inv.done();
          return outcome(inv);
        },
      };
    },
    postgres: {
      query: async (sql, params = []) => {
        const database = world.networking.network()?.view().databases[0];
        if (!database) throw new Error('This account has no database: function.json has no vpc.database');
        return world.networking.databases.query(database.id, sql, params);
      },
    },
    connections: () => world.networking.gate.connections(),
    account,
    service,
  };
}

/**
 * How much more wall time a check may take for its environments' start-up (see `withTimeout`): bounded, as a
 * provisioned environment's init may run for 130 s before Lambda gives up on it.
 */
const STARTUP_ALLOWANCE_MS = 60_000;

/**
 * Fails the check once it has taken `ms` of wall time of its own. Time its environments spent starting and
 * initialising (`excludedMs`: Pyodide's boot, ten provisioned inits at once on a loaded 2-core machine) is the
 * platform's, not the check's, and does not count, up to STARTUP_ALLOWANCE_MS: the limit catches a check that
 * hangs, and a correct solution on a slow machine must not fail it.
 */
async function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  what: string,
  excludedMs: () => number = () => 0,
): Promise<T> {
  let timer: ReturnType<typeof globalThis.setTimeout> | undefined;
  const started = performance.now();
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        const arm = (delay: number) => {
          timer = globalThis.setTimeout(() => {
            const excluded = Math.min(excludedMs(), STARTUP_ALLOWANCE_MS);
            const left = ms - (performance.now() - started - excluded);
            if (left > 1) arm(left);
            else reject(new Error(`${what} took longer than ${ms / 1000} s`));
          }, delay);
        };
        arm(ms);
      }),
    ]);
  } finally {
    if (timer) globalThis.clearTimeout(timer);
  }
}

export interface RunOptions extends Omit<WorldOptions, 'lab'> {
  checks: CheckDefinition[];
  lab: LabFiles;
  answers?: Record<string, string>;
  /** Called after each check (the page shows "Checking… 3 of 7"). */
  onProgress?(done: number, total: number): void;
  /**
   * Wall-time limit of one check (default 20 s, what the page allows), its environments' start-up left out (up
   * to a minute). The CI proof runs Python in Pyodide in
   * Node on a shared machine, where a check that starts ten interpreters needs more wall time than the page does.
   */
  checkTimeoutMs?: number;
}

/** One fresh world per check: no check's invocations or data leak into the next one's. */
export async function runChecks(options: RunOptions): Promise<StepResults> {
  const tests: CheckResult[] = [];
  let deployMessage: string | null = null;
  for (const check of options.checks) {
    const started = performance.now();
    const world = await createLabWorld({
      provisionedPreparationMs: CHECK_PROVISIONED_PREPARATION_MS,
      ...options,
      lab: options.lab,
    });
    const worldMs = performance.now() - started;
    const base = {
      name: check.title,
      task_id: check.task ?? null,
      id: check.id,
      required: check.required ?? true,
      weight: check.weight ?? 1,
      output: null,
    };
    try {
      if (world.deployErrors.length > 0 && !world.service.hasFunction(world.functionName)) {
        deployMessage = `The function could not be created: ${world.deployErrors.join(' ')}`;
        tests.push({ ...base, status: 'fail', message: deployMessage });
        continue;
      }
      const ctx = contextFor(world, options.runtime, options.lab, options.answers ?? {});
      const r = await withTimeout(
        check.run(ctx),
        options.checkTimeoutMs ?? CHECK_TIMEOUT_MS,
        `Check "${check.title}"`,
        () => world.startupWallMs(),
      );
      tests.push({ ...base, status: r.pass ? 'pass' : 'fail', message: r.message ?? null });
    } catch (e) {
      tests.push({ ...base, status: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      await world.dispose();
      // Each check's wall time, with the part spent making its world (the bench prints them: npm run bench -- labs).
      // With the environments it started and the wall time they spent starting and initialising.
      performance.measure(`${CHECK_MEASURE_PREFIX}${check.id}`, {
        start: started,
        detail: {
          worldMs,
          environments: world.environmentsStarted(),
          startupMs: world.startupWallMs(),
        },
      });
      options.onProgress?.(tests.length, options.checks.length);
    }
  }
  const required = tests.filter((t) => t.required);
  const total = tests.reduce((n, t) => n + t.weight, 0);
  const passed = tests.filter((t) => t.status === 'pass').reduce((n, t) => n + t.weight, 0);
  return {
    version: 3,
    status: required.some((t) => t.status === 'error')
      ? 'error'
      : required.every((t) => t.status === 'pass')
        ? 'pass'
        : 'fail',
    message: deployMessage,
    tests,
    score: total === 0 ? 0 : passed / total,
  };
}
