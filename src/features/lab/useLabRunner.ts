/**
 * What the lab page runs: "Try it" (the learner's function deployed into a world of its own, redeployed when the
 * files change, invoked with a test event) and "Check my work" (the step's checks, each in a fresh world, on a
 * sandbox host of their own so nothing the learner's try-it environments hold leaks into a check).
 * Code runs in the page's sandbox (workers in the opaque-origin frame); the checks run here, on the course page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckDefinition } from './checks/api';
import type { StepResults } from './checks/runner';
import type { LabWorld } from './checks/world';
import type { LabFiles } from './model/labFormat';
import { pageRealTime } from '../../platform/realTime';
import type { LoadTestPlan, LoadTestResult } from './loadTest';
import type { TuneOptions } from '../powertuning/tuneFunction';
import type { PowerTuningReport } from '../../sim/powerTuning';
import type { InsightsResult, LogsService } from '../../sim/aws/logs';
import {
  CHECK_SPARES,
  prepareRuntime,
  refillDuringChecks,
  WARM_UP_MEASURE,
  type RuntimeState,
} from './runtimeWarmUp';

export interface TryItResult {
  statusCode: number;
  payload: string;
  functionError?: string;
  coldStart: boolean;
  durationMs: number | null;
  logs: string[];
}

async function newHost() {
  const { createSandboxHost } = await import('../../sandbox/host/sandboxHost');
  return createSandboxHost();
}

export interface LabRunner {
  /** The try-it world (for the AWS resources console), once something was invoked. */
  world: LabWorld | null;
  busy: 'invoking' | 'checking' | 'load-testing' | 'tuning' | null;
  progress: { done: number; total: number } | null;
  /**
   * Starts `runtime` in the checks' sandbox ahead of "Check my work" (the lab page does it when a Python step
   * opens: Pyodide's download and first boot take seconds the learner did not ask to wait for), with `spares`
   * interpreters booted for the checks (default CHECK_SPARES; called again with another number, it resizes).
   */
  warmUp(runtime: string, spares?: number): void;
  /** Each warmed-up runtime's state. */
  runtimeStates: Readonly<Record<string, RuntimeState>>;
  invoke(runtime: string, lab: LabFiles, payload: unknown): Promise<TryItResult | { error: string }>;
  /** A load test through an HTTP API in front of the try-it function (src/features/lab/loadTest.ts). */
  loadTest(
    runtime: string,
    lab: LabFiles,
    plan: LoadTestPlan,
    onProgress?: (done: number, total: number) => void,
  ): Promise<LoadTestResult>;
  /** Power tuning of the try-it function (src/features/powertuning/tuneFunction.ts). */
  tune(
    runtime: string,
    lab: LabFiles,
    options: Pick<TuneOptions, 'payload' | 'powerValues' | 'invocationsPerValue' | 'onProgress'>,
  ): Promise<PowerTuningReport>;
  /** A Logs Insights query over the try-it function's log group. */
  insights(runtime: string, lab: LabFiles, query: string): Promise<InsightsResult>;
  check(options: {
    runtime: string;
    lab: LabFiles;
    checks: CheckDefinition[];
    answers: Record<string, string>;
  }): Promise<StepResults>;
}

export function useLabRunner(): LabRunner {
  const tryIt = useRef<{ key: string; world: LabWorld; dispose(): Promise<void> } | null>(null);
  const [world, setWorld] = useState<LabWorld | null>(null);
  const [busy, setBusy] = useState<LabRunner['busy']>(null);
  const [progress, setProgress] = useState<LabRunner['progress']>(null);
  /**
   * The checks' host: made at the first "Check my work" (not at page load, which it would slow) and kept for the
   * next runs, so they skip loading its frame; each run's worlds stop their environments when they end, so
   * nothing carries over between runs.
   */
  const checkHost = useRef<ReturnType<typeof newHost> | null>(null);
  const hostForChecks = useCallback(() => (checkHost.current ??= newHost()), []);
  const warming = useRef(new Map<string, Promise<void>>());
  /** The spares each warmed-up runtime keeps for the checks (see checkSparesFor). */
  const sparesFor = useRef(new Map<string, number>());
  const [runtimeStates, setRuntimeStates] = useState<Record<string, RuntimeState>>({});
  const warmUp = useCallback(
    (runtime: string, spares = CHECK_SPARES) => {
      const before = warming.current.get(runtime);
      if (before && sparesFor.current.get(runtime) === spares) return;
      sparesFor.current.set(runtime, spares);
      const started = performance.now();
      const set = (state: RuntimeState) => setRuntimeStates((states) => ({ ...states, [runtime]: state }));
      set('starting');
      // A new number of spares waits for the warm-up before it (one frame request at a time per runtime).
      const warm = (before ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => hostForChecks())
        .then((host) => prepareRuntime(host, runtime, spares));
      warming.current.set(runtime, warm);
      warm.then(
        () => {
          if (warming.current.get(runtime) !== warm) return;
          performance.measure(WARM_UP_MEASURE, { start: started, detail: { runtime, spares } });
          set('ready');
        },
        () => {
          if (warming.current.get(runtime) !== warm) return;
          // The checks start it again when they need it; a later warm-up may try again too.
          warming.current.delete(runtime);
          set('failed');
        },
      );
    },
    [hostForChecks],
  );

  useEffect(
    () => () => {
      void tryIt.current?.dispose();
      tryIt.current = null;
      const host = checkHost.current;
      checkHost.current = null;
      warming.current.clear();
      void host?.then((h) => h.dispose()).catch(() => undefined);
    },
    [],
  );

  /** The try-it world for these files, deployed afresh when the code or configuration changed. */
  const ensureWorld = useCallback(async (runtime: string, lab: LabFiles): Promise<LabWorld> => {
    const key = JSON.stringify([runtime, lab.files, lab.configText]);
    if (tryIt.current?.key !== key) {
      // New code or configuration: deploy afresh, as a new function version would start new environments.
      await tryIt.current?.dispose();
      tryIt.current = null;
      setWorld(null);
      const [{ createLabWorld }, host] = await Promise.all([import('./checks/world'), newHost()]);
      const created = await createLabWorld({
        host,
        realTime: pageRealTime,
        runtime,
        lab,
        seed: Date.now() % 100_000,
      });
      tryIt.current = {
        key,
        world: created,
        async dispose() {
          await created.dispose();
          await host.dispose();
        },
      };
      setWorld(created);
    }
    const w = tryIt.current!.world;
    if (!w.service.hasFunction(w.functionName))
      throw new Error(`The function could not be created: ${w.deployErrors.join(' ')}`);
    return w;
  }, []);

  const invoke = useCallback<LabRunner['invoke']>(
    async (runtime, lab, payload) => {
      setBusy('invoking');
      try {
        const w = await ensureWorld(runtime, lab);
        w.live.sync();
        const inv = w.service.invoke(w.functionName, { type: 'sync', payload });
        await inv.done();
        const logs = w.service
          .log!.records({ functionName: w.functionName, requestId: inv.requestId })
          .flatMap((r) => w.service.linesOf(r));
        return {
          statusCode: inv.response?.statusCode ?? 200,
          payload: inv.response?.payload ?? 'null',
          ...(inv.response?.functionError ? { functionError: inv.response.functionError } : {}),
          coldStart: inv.coldStart,
          durationMs: inv.durationMs ?? null,
          logs,
        };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      } finally {
        setBusy(null);
      }
    },
    [ensureWorld],
  );

  const loadTest = useCallback<LabRunner['loadTest']>(
    async (runtime, lab, plan, onProgress) => {
      setBusy('load-testing');
      try {
        const w = await ensureWorld(runtime, lab);
        const { runLoadTest } = await import('./loadTest');
        return await runLoadTest(w, plan, {
          wallNow: () => pageRealTime.now(),
          ...(onProgress ? { onProgress } : {}),
        });
      } finally {
        setBusy(null);
      }
    },
    [ensureWorld],
  );

  const tune = useCallback<LabRunner['tune']>(
    async (runtime, lab, options) => {
      setBusy('tuning');
      try {
        const w = await ensureWorld(runtime, lab);
        const [{ tuneFunction }, { functionInputOf, labVpcOf, settleNetwork }] = await Promise.all([
          import('../powertuning/tuneFunction'),
          import('./checks/world'),
        ]);
        return await tuneFunction({
          service: w.service,
          live: w.live,
          // The copies keep the learner's VPC, as the function they measure runs in it.
          input: functionInputOf(runtime, lab, labVpcOf(w.networking, lab.config.vpc).vpcConfig),
          afterDeploy: (name) => settleNetwork(w.live, w.networking, name),
          awsCalls: w.awsCalls,
          ...options,
        });
      } finally {
        setBusy(null);
      }
    },
    [ensureWorld],
  );

  const insights = useCallback<LabRunner['insights']>(
    async (runtime, lab, query) => {
      const w = await ensureWorld(runtime, lab);
      const { lambdaLogGroupName } = await import('../../sim/aws/logs');
      const logs = w.account.service<LogsService>('logs')!;
      const group = lambdaLogGroupName(w.functionName);
      if (!logs.hasLogGroup(group))
        return {
          columns: [],
          rows: [],
          results: [],
          timeColumns: [],
          statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
        };
      return logs.query(query, { logGroups: [group], startTime: 0, endTime: logs.epochNow() + 3_600_000 });
    },
    [ensureWorld],
  );

  const check = useCallback<LabRunner['check']>(
    async ({ runtime, lab, checks, answers }) => {
      setBusy('checking');
      setProgress({ done: 0, total: checks.length });
      let host: Awaited<ReturnType<typeof newHost>>;
      let runChecks: typeof import('./checks/runner').runChecks;
      try {
        [{ runChecks }, host] = await Promise.all([import('./checks/runner'), hostForChecks()]);
      } catch (error) {
        checkHost.current = null;
        setBusy(null);
        setProgress(null);
        throw error;
      }
      const restoreRefill = refillDuringChecks(host, runtime, sparesFor.current.get(runtime) ?? CHECK_SPARES);
      try {
        return await runChecks({
          checks,
          lab,
          runtime,
          answers,
          host,
          realTime: pageRealTime,
          seed: Date.now() % 100_000,
          onProgress: (done, total) => setProgress({ done, total }),
        });
      } finally {
        restoreRefill();
        setBusy(null);
        setProgress(null);
      }
    },
    [hostForChecks],
  );

  return { world, busy, progress, warmUp, runtimeStates, invoke, check, loadTest, tune, insights };
}
