/**
 * Lifecycle explorer: send events to execution environments and watch the statechart (drawn from
 * environmentMachine), a two-lane timeline and the exact log lines. Lazy-loaded by src/mdx/components.tsx.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import {
  RealTimeDriver,
  RUNTIME_IDS,
  RUNTIMES,
  TIMING_NOTE,
  environmentTable,
  type RuntimeId,
} from '../../sim';
import { startFrameLoop } from '../../platform/animationFrame';
import { ExplorerSimulation, MAX_ENVIRONMENTS, type ExplorerSettings } from './explorerSimulation';
import { Statechart, eventLabel } from './Statechart';
import { Timeline } from './Timeline';
import { useReducedMotion } from '../../ui/useReducedMotion';
import './lifecycle.css';

const MEMORY_OPTIONS = [128, 256, 512, 1024, 1769, 3008, 10240];
const PACKAGE_OPTIONS = [1, 5, 20, 50, 150, 250];
const SPEEDS = [0.1, 0.25, 0.5, 1, 5, 20];

const STATE_WORDS: Record<string, string> = {
  created: 'not started yet',
  starting: 'starting: AWS downloads your code and starts the sandbox',
  'initializing.extensions': 'initialising extensions',
  'initializing.runtime': 'initialising the runtime',
  'initializing.function': 'running your init code (module level)',
  'invoking.reinitializing': 'running Init again inside the invoke',
  'invoking.running': 'running your handler',
  frozen: 'frozen: idle between invokes, waiting for the next request',
  resetting: 'resetting after a timeout or crash (/tmp is kept)',
  shuttingDown: 'shutting down',
  shutdown: 'shut down',
};

export default function LifecycleExplorer() {
  const ids = useId();
  const [session] = useState(() => new ExplorerSimulation());
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const reducedMotion = useReducedMotion();
  const [paused, setPaused] = useState(false);
  // Step mode: nothing moves by itself; "Next step" runs to the next phase boundary.
  const [stepping, setStepping] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [now, setNow] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const driverRef = useRef<RealTimeDriver | null>(null);
  const logRef = useRef<HTMLDivElement | null>(null);

  // Real-time driving while something runs; with reduced motion every action settles at once instead.
  useEffect(() => {
    const driver = new RealTimeDriver(session.clock, (onFrame) => {
      const loop = startFrameLoop((t) => {
        onFrame(t);
        setNow(session.clock.now());
      });
      return () => loop.stop();
    });
    driverRef.current = driver;
    // Only the frame loop needs stopping: the session's actors run on its virtual clock, which stops with it.
    return () => driver.dispose();
  }, [session]);

  useEffect(() => {
    const d = driverRef.current;
    if (!d) return;
    d.setSpeed(speed);
    if (stepping) {
      d.pause();
      return;
    }
    if (snap.busy && reducedMotion) {
      session.settle();
      return;
    }
    if (snap.busy && !paused) d.start();
    else d.pause();
  }, [snap.busy, paused, speed, reducedMotion, session, stepping]);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [snap.logs.length]);

  const live = snap.environments.filter((e) => !e.gone || snap.segments.some((s) => s.env === e.number));
  const lastSeg = snap.segments[snap.segments.length - 1];
  const shownNumber = picked ?? lastSeg?.env ?? snap.environments[0]?.number ?? null;
  const shown = snap.environments.find((e) => e.number === shownNumber) ?? null;
  const displayNow = Math.max(now, snap.now);

  // A disabled control says why: screen readers read the reduced-motion note with it.
  const motionNote = reducedMotion && !stepping ? `${ids}-motion` : undefined;
  const update = (patch: Partial<ExplorerSettings>) => session.updateSettings(patch);
  const s = snap.settings;
  const chartTitle = `${ids}-chart`;
  const stateText = shown
    ? `Environment ${shown.number}${shown.provisioned ? ' (provisioned)' : ''} is ${STATE_WORDS[shown.state] ?? shown.state}.`
    : 'No execution environment yet: the first invoke creates one (a cold start).';
  const nextTransitions = shown ? environmentTable.enabledIn(shown.state).filter((t) => t.target) : [];
  const stateDescription = shown
    ? (environmentTable.states.find((x) => x.id === shown.state)?.description ??
      environmentTable.states.find((x) => x.id === shown.state.split('.')[0])?.description)
    : undefined;

  return (
    <section className="lc" aria-labelledby={`${ids}-title`} data-motion={reducedMotion ? 'reduced' : 'full'}>
      <p id={`${ids}-title`} className="lc-title">
        Lifecycle explorer
      </p>

      <div className="lc-actions" role="group" aria-label="Send events to Lambda">
        <button type="button" className="button" onClick={() => session.invoke(1)}>
          Invoke
        </button>
        <button type="button" className="button secondary" onClick={() => session.invoke(3)}>
          Invoke 3 at once
        </button>
        <button type="button" className="button secondary" onClick={() => session.letIdle()}>
          Let it idle
        </button>
        <button type="button" className="button secondary" onClick={() => session.fastForward()}>
          Fast-forward
        </button>
        <button type="button" className="button secondary" onClick={() => session.injectTimeout()}>
          Inject timeout
        </button>
        <button type="button" className="button secondary" onClick={() => session.injectCrash()}>
          Inject crash
        </button>
        <button
          type="button"
          role="switch"
          aria-checked={snap.provisioned}
          className="lc-switch"
          onClick={() => session.setProvisioned(!snap.provisioned)}
        >
          <span className="lc-switch-track" aria-hidden="true">
            <span className="lc-switch-thumb" />
          </span>
          Provisioned concurrency
        </button>
      </div>

      <div className="lc-settings">
        <label>
          Memory (MB)
          <select value={s.memoryMb} onChange={(e) => update({ memoryMb: Number(e.target.value) })}>
            {MEMORY_OPTIONS.map((m) => (
              <option key={m} value={m}>
                {m.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Runtime
          <select value={s.runtime} onChange={(e) => update({ runtime: e.target.value as RuntimeId })}>
            {RUNTIME_IDS.map((r) => (
              <option key={r} value={r}>
                {RUNTIMES[r].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Package size (MB)
          <select value={s.packageMb} onChange={(e) => update({ packageMb: Number(e.target.value) })}>
            {PACKAGE_OPTIONS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label className="lc-check">
          <input type="checkbox" checked={s.vpc} onChange={(e) => update({ vpc: e.target.checked })} />
          In a VPC
        </label>
        <label>
          Speed
          <select
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
            disabled={reducedMotion}
            aria-describedby={motionNote}
          >
            {SPEEDS.map((x) => (
              <option key={x} value={x}>
                {x < 1 ? `${x}× (slower than real time)` : `${x}×`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="icon-button"
          aria-pressed={paused}
          onClick={() => setPaused((p) => !p)}
          disabled={reducedMotion}
          aria-describedby={motionNote}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-pressed={stepping}
          onClick={() => setStepping((on) => !on)}
        >
          Step mode
        </button>
        {stepping && (
          <button type="button" className="icon-button" onClick={() => session.step()} disabled={!snap.busy}>
            Next step
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          onClick={() => {
            setPicked(null);
            session.reset();
          }}
        >
          Start over
        </button>
      </div>
      <p className="lc-hint">
        Changing a setting publishes a new version: idle environments of the old one shut down.
      </p>
      {reducedMotion && !stepping && (
        <p className="lc-hint" id={`${ids}-motion`}>
          Speed and Pause are off because your system asks for reduced motion: each action finishes at once.
          Turn on Step mode to go through the phases one at a time.
        </p>
      )}
      {stepping && (
        <p className="lc-hint">Step mode: nothing moves on its own. Send an event, then press Next step.</p>
      )}

      <div className="lc-stage">
        <div className="lc-chart-wrap">
          {live.length > 1 ? (
            <label className="lc-pick">
              Show environment
              <select value={shownNumber ?? ''} onChange={(e) => setPicked(Number(e.target.value))}>
                {snap.environments.map((e) => (
                  <option key={e.number} value={e.number}>
                    Env {e.number}
                    {e.provisioned ? ' (provisioned)' : ''}
                    {e.gone ? ' (gone)' : ''}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <p id={chartTitle} className="lc-state" aria-live="polite">
            {stateText}
          </p>
          <Statechart current={shown?.state ?? null} titleId={chartTitle} />
          {stateDescription ? <p className="lc-state-desc">{stateDescription}</p> : null}
          {nextTransitions.length > 0 ? (
            <>
              <p className="lc-next-title" id={`${ids}-next`}>
                What can happen next (highlighted arrows):
              </p>
              <ul className="lc-next" aria-labelledby={`${ids}-next`}>
                {nextTransitions.map((t, i) => (
                  <li key={i}>
                    <code>{eventLabel(t)}</code> → {t.target}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="lc-counts">
            {shown
              ? `Invocations: ${shown.invocations} · Inits: ${shown.inits} · Resets: ${shown.resets}`
              : `Up to ${MAX_ENVIRONMENTS} environments in this explorer.`}
          </p>
        </div>
      </div>

      {snap.notice ? (
        <p className="lc-notice" role="status">
          {snap.notice}
        </p>
      ) : null}

      <Timeline segments={snap.segments} environments={live.map((e) => e.number)} now={displayNow} />

      <div ref={logRef} className="lc-logs" role="log" aria-label="Logs" aria-live="polite" tabIndex={0}>
        {snap.logs.length === 0 ? (
          <div className="lc-log-empty">
            Log lines appear here, exactly as Lambda writes them to CloudWatch Logs.
          </div>
        ) : (
          snap.logs.map((line, i) => (
            <div key={i} className="lc-log-line">
              {line}
            </div>
          ))
        )}
      </div>
      <p className="lc-note">{TIMING_NOTE}</p>
    </section>
  );
}
