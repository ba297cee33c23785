/**
 * React glue between a view (the playground, a lesson embed) and one function on a workspace's Lambda service.
 * The service decides everything; this hook applies the learner's definition before each invoke, keeps the
 * invocations the view shows, and re-renders (at most once a frame) when the service, its log or the live
 * clock move.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { EnvironmentView, Invocation } from '../../sim';
import type { Workspace } from '../../app/workspaces';
import { invokeMarkers } from '../../platform/invokeMarker';
import { FunctionSync, loadAttachedLayers } from './functionSync';
import type { PlaygroundSaved } from './playground.store';

export interface FunctionView {
  /** The invocations of the last Invoke (one, or N at once). */
  invocations: Invocation[];
  /** Every CloudWatch line of this function so far, each in the format it was written in. */
  logs: readonly string[];
  environments: EnvironmentView[];
  /** What the Lambda API refused when the definition was applied. */
  errors: string[];
  /** Virtual time, as epoch ms. */
  virtualNow: number;
  /** How far virtual time is ahead of real time (fast-forwards), ms. */
  aheadMs: number;
  /** Async events or invocations still to finish. */
  pending: boolean;
  /** Code is running right now. */
  running: boolean;
  fastForwarding: boolean;
  /** Starting the sandbox failed (the page could not load it). */
  failure: string | null;
}

type WorkspaceLoader = () => Promise<Workspace>;

export function useLambdaFunction(
  loadWorkspace: WorkspaceLoader,
  functionName: string,
  definition: PlaygroundSaved,
  options: { eager?: boolean } = {},
) {
  const eager = options.eager ?? true;
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [invocations, setInvocations] = useState<Invocation[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [fastForwarding, setFastForwarding] = useState(false);
  const definitionRef = useRef(definition);
  definitionRef.current = definition;
  const loading = useRef<Promise<Workspace> | null>(null);
  const sync = useRef<FunctionSync | null>(null);
  // An invoke that was running when the previous page died (a runaway handler can take the tab down): say so.
  const [interrupted] = useState<string | null>(() => {
    const marker = invokeMarkers.take(functionName);
    if (!marker) return null;
    const at = new Date(marker.startedAt).toLocaleTimeString('en-US');
    return `The page closed while ${functionName} was running (invoked at ${at}), so that invocation has no result. Your code and configuration were saved before it started.`;
  });
  const invocationsRef = useRef<Invocation[]>([]);
  const marked = useRef(false);
  const settleMarker = useCallback(() => {
    if (marked.current && invocationsRef.current.every((i) => i.outcome !== undefined)) {
      marked.current = false;
      invokeMarkers.clear(functionName);
    }
  }, [functionName]);

  const ensure = useCallback((): Promise<Workspace> => {
    if (!loading.current) {
      loading.current = loadWorkspace().then(
        (ws) => {
          setWorkspace(ws);
          return ws;
        },
        (e: unknown) => {
          loading.current = null;
          setFailure(e instanceof Error ? e.message : String(e));
          throw e;
        },
      );
    }
    return loading.current;
  }, [loadWorkspace]);

  useEffect(() => {
    if (eager) ensure().catch(() => {});
  }, [eager, ensure]);

  // One change counter for the service, its log and the live clock, coalesced to one render per frame.
  const version = useRef(0);
  const store = useMemo(() => {
    const listeners = new Set<() => void>();
    let pending: ReturnType<typeof setTimeout> | null = null;
    return {
      bump() {
        if (pending) return;
        pending = setTimeout(() => {
          pending = null;
          version.current++;
          for (const l of listeners) l();
        }, 16);
      },
      subscribe(l: () => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      get: () => version.current,
    };
  }, []);
  useEffect(() => {
    if (!workspace) return;
    const offs = [
      workspace.service.subscribe(() => {
        settleMarker();
        store.bump();
      }),
      workspace.service.log?.subscribe(() => store.bump()) ?? (() => {}),
      workspace.live.subscribe(() => store.bump()),
    ];
    // The clock display moves with real time even when nothing else happens.
    const tick = setInterval(() => store.bump(), 1000);
    return () => {
      for (const off of offs) off();
      clearInterval(tick);
    };
  }, [workspace, store, settleMarker]);
  useSyncExternalStore(store.subscribe, store.get, store.get);

  const apply = useCallback((ws: Workspace): string[] => {
    sync.current ??= new FunctionSync(ws.service, functionName);
    const errs = sync.current.apply(definitionRef.current);
    setErrors(errs);
    return errs;
  }, [functionName]);

  // Changes reach the service shortly after they are made (provisioned concurrency starts ahead of traffic), not
  // only at the next invoke. A layer whose files load on demand is loaded first.
  useEffect(() => {
    if (!workspace) return;
    let cancelled = false;
    const t = setTimeout(() => {
      loadAttachedLayers(definition).then(
        () => {
          if (!cancelled) apply(workspace);
        },
        () => {},
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [workspace, definition, apply]);

  const invoke = useCallback(
    async (payload: unknown, count = 1): Promise<Invocation[]> => {
      setFailure(null);
      let ws: Workspace;
      try {
        ws = await ensure();
      } catch {
        return [];
      }
      try {
        await loadAttachedLayers(definitionRef.current);
      } catch (e) {
        setFailure(layerLoadFailure(e));
        return [];
      }
      ws.live.sync();
      if (apply(ws).length > 0 && !ws.service.hasFunction(functionName)) return [];
      const def = definitionRef.current;
      const type = def.invocationType === 'Event' ? 'async' : 'sync';
      const qualifier = def.qualifier === '$LATEST' ? undefined : def.qualifier;
      const out: Invocation[] = [];
      // Written before the code runs: if the tab dies under it, the next page load says what happened.
      invokeMarkers.mark(functionName);
      marked.current = true;
      invocationsRef.current = out;
      for (let i = 0; i < Math.max(1, Math.floor(count)); i++) {
        const inv = ws.service.invoke(functionName, { type, payload, ...(qualifier ? { qualifier } : {}) });
        if (type === 'async' && def.async.deliverTwice && inv.outcome === undefined) ws.service.deliverAgain(inv);
        out.push(inv);
      }
      setInvocations(out);
      settleMarker();
      store.bump();
      return out;
    },
    [ensure, apply, functionName, store, settleMarker],
  );

  const fastForward = useCallback(async () => {
    const ws = await ensure();
    setFastForwarding(true);
    try {
      // Event source mappings and VPC setups are pending work too (esm: src/sim/vpc/workspaceNetworking.ts).
      const pending = ws.service.hasPendingWork() || ws.networking.hasPendingWork();
      await ws.live.fastForward({ until: pending ? 'idle' : 'next' });
    } finally {
      setFastForwarding(false);
      store.bump();
    }
  }, [ensure, store]);

  const shutdown = useCallback(async () => {
    const ws = await ensure();
    if (ws.service.hasFunction(functionName)) ws.service.shutdownEnvironments(functionName);
    store.bump();
  }, [ensure, functionName, store]);

  /** Apply the definition now (e.g. after Publish version) and report what the API refused. */
  const applyNow = useCallback(async (): Promise<string[]> => {
    const ws = await ensure();
    try {
      await loadAttachedLayers(definitionRef.current);
    } catch (e) {
      const errs = [layerLoadFailure(e)];
      setErrors(errs);
      return errs;
    }
    return apply(ws);
  }, [ensure, apply]);

  const service = workspace?.service;
  const has = service?.hasFunction(functionName) ?? false;
  const view: FunctionView = {
    invocations,
    logs: has ? service!.logLines(functionName) : [],
    environments: has ? service!.environments(functionName).filter((e) => e.state !== 'shutdown') : [],
    errors,
    virtualNow: workspace ? workspace.service.epochMs + Math.max(workspace.clock.now(), workspace.live.target()) : Date.now(),
    aheadMs: workspace?.live.ahead() ?? 0,
    pending: service?.hasPendingWork() ?? false,
    running: invocations.some((i) => i.outcome === undefined),
    fastForwarding,
    failure: failure ?? interrupted,
  };
  return { view, invoke, fastForward, shutdown, applyNow, workspace, ensure };
}

function layerLoadFailure(error: unknown): string {
  return `A layer's files could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
}
