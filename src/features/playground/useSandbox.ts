/** React glue around a sandbox session: created on first use, updated when code or settings change. */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  createSandboxSession,
  type EnvironmentInfo,
  type InvokeResult,
  type SandboxConfig,
  type SandboxSession,
  type SourceLanguage,
} from '../../sandbox/session';

export interface SandboxInput {
  code: string;
  language: SourceLanguage;
  config: SandboxConfig;
}

export function useSandbox(input: SandboxInput, options: { maxEnvironments?: number; eager?: boolean } = {}) {
  const eager = options.eager ?? true;
  const sessionRef = useRef<Promise<SandboxSession> | null>(null);
  const appliedRef = useRef<string>('');
  const inputRef = useRef(input);
  inputRef.current = input;
  const [environments, setEnvironments] = useState<EnvironmentInfo[]>([]);
  const [logs, setLogs] = useState<string[]>([]);
  const [results, setResults] = useState<InvokeResult[]>([]);
  const [running, setRunning] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);

  const session = useCallback((): Promise<SandboxSession> => {
    if (!sessionRef.current) {
      const first = inputRef.current;
      appliedRef.current = JSON.stringify(first);
      const p = createSandboxSession({
        code: first.code,
        language: first.language,
        config: first.config,
        ...(options.maxEnvironments ? { maxEnvironments: options.maxEnvironments } : {}),
      });
      sessionRef.current = p;
      p.then(
        (s) =>
          s.subscribe(() => {
            setEnvironments(s.environments());
            setLogs(s.logs());
          }),
        (e: unknown) => {
          sessionRef.current = null;
          setFailure(e instanceof Error ? e.message : String(e));
        },
      );
    }
    return sessionRef.current;
  }, [options.maxEnvironments]);

  useEffect(() => {
    // The playground starts the iframe ahead of the first invoke (once its editor is up, so the two do not
    // compete), and the first invoke only pays for the environment; lesson embeds wait for the first Invoke
    // so a lesson page loads no sandbox code until it is used.
    if (eager) session().catch(() => {});
  }, [session, eager]);

  useEffect(
    () => () => {
      void sessionRef.current?.then((s) => s.dispose());
      sessionRef.current = null;
    },
    [session],
  );

  const run = useCallback(
    async (event: unknown, count = 1): Promise<InvokeResult[]> => {
      setFailure(null);
      setRunning((n) => n + count);
      try {
        const s = await session();
        const key = JSON.stringify(inputRef.current);
        if (key !== appliedRef.current) {
          appliedRef.current = key;
          s.update(inputRef.current);
        }
        const out = count === 1 ? [await s.invoke(event)] : await s.invokeMany(count, event);
        setResults(out);
        setLogs(s.logs());
        setEnvironments(s.environments());
        return out;
      } catch (e) {
        setFailure(e instanceof Error ? e.message : String(e));
        return [];
      } finally {
        setRunning((n) => n - count);
      }
    },
    [session],
  );

  const reset = useCallback(async () => {
    const s = await session();
    await s.reset();
    setEnvironments(s.environments());
  }, [session]);

  return { run, reset, environments, logs, results, running, failure };
}
