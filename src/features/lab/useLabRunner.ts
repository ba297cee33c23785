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
  busy: 'invoking' | 'checking' | null;
  progress: { done: number; total: number } | null;
  invoke(runtime: string, lab: LabFiles, payload: unknown): Promise<TryItResult | { error: string }>;
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

  useEffect(
    () => () => {
      void tryIt.current?.dispose();
      tryIt.current = null;
    },
    [],
  );

  const invoke = useCallback<LabRunner['invoke']>(async (runtime, lab, payload) => {
    setBusy('invoking');
    try {
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
        if (!created.service.hasFunction(created.functionName))
          return { error: `The function could not be created: ${created.deployErrors.join(' ')}` };
      }
      const w = tryIt.current!.world;
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
  }, []);

  const check = useCallback<LabRunner['check']>(async ({ runtime, lab, checks, answers }) => {
    setBusy('checking');
    setProgress({ done: 0, total: checks.length });
    const [{ runChecks }, host] = await Promise.all([import('./checks/runner'), newHost()]);
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
      await host.dispose();
      setBusy(null);
      setProgress(null);
    }
  }, []);

  return { world, busy, progress, invoke, check };
}
