import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { startFrameLoop } from '../../platform/animationFrame';
import { CELL, CELL_LABELS, type CellState } from './cells';
import { fmtClock, fmtInt, fmtPercent, fmtUsd } from './format';
import { LineChart, type ChartSeries } from './LineChart';
import { readPalette, type Palette } from './palette';
import { PoolEngine, PoolConfigError } from './poolEngine';
import { drawPool, layoutPool, type PoolLayout } from './poolRenderer';
import { getPreset, PRESETS, SCALING_RULES, SPEEDS, type PoolSettings, type PresetId } from './presets';
import type { PoolSample } from './sample';
import { SettingsPanel } from './SettingsPanel';
import { littlesLaw, summaryText } from './summary';
import { chartWindow } from './chartWindow';
import { useReducedMotion } from '../../ui/useReducedMotion';
import './pool.css';

export interface PoolBenchProps {
  preset?: PresetId | string;
}

/** Screen readers hear the summary at most this often while the simulation runs. */
const SUMMARY_INTERVAL_MS = 2000;
/** React-rendered parts (charts, readings) refresh at most this often; the pool canvas draws every frame. */
const UI_INTERVAL_MS = 250;
/** Simulation work allowed per frame, so the page stays responsive at 600×. */
const FRAME_BUDGET_MS = 9;

const LEGEND: CellState[] = [
  CELL.init,
  CELL.busy,
  CELL.idle,
  CELL.provIdle,
  CELL.provBusy,
  CELL.reclaimed,
  CELL.empty,
];

function createEngine(settings: PoolSettings): { engine: PoolEngine | null; error: string | null } {
  try {
    return { engine: new PoolEngine(settings), error: null };
  } catch (e) {
    if (e instanceof PoolConfigError) return { engine: null, error: e.message };
    throw e;
  }
}

/**
 * The concurrency bench: traffic in, the simulation core's execution environments out. Every number and
 * every cell comes from the LambdaService running on a virtual clock (poolEngine.ts); this component only
 * drives the clock from animation frames and draws what the engine reports.
 */
export default function PoolBench({ preset }: PoolBenchProps) {
  const initial = getPreset(preset);
  const [presetId, setPresetId] = useState<PresetId>(initial.id);
  const [settings, setSettings] = useState<PoolSettings>(initial.settings);
  const [speedIdx, setSpeedIdx] = useState(initial.speed);
  const [playing, setPlaying] = useState(false);
  /** The run reached its preset's length and paused itself (Play keeps it going). */
  const [finished, setFinished] = useState(false);
  /** Index of the recorded sample being viewed; null = live. */
  const [view, setView] = useState<number | null>(null);
  const [summary, setSummary] = useState(() => summaryText(undefined));
  const [error, setError] = useState<string | null>(null);
  const [, setUiTick] = useState(0);
  const reducedMotion = useReducedMotion();
  const ids = useId();

  const engineRef = useRef<PoolEngine | null>(null);
  if (engineRef.current === null) {
    const made = createEngine(initial.settings);
    engineRef.current = made.engine ?? new PoolEngine(getPreset('littles-law').settings);
  }
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const layoutRef = useRef<PoolLayout | null>(null);
  const paletteRef = useRef<Palette | null>(null);
  const live = useRef({ playing, finished, speed: SPEEDS[speedIdx] ?? 1, view, reducedMotion });
  live.current = { playing, finished, speed: SPEEDS[speedIdx] ?? 1, view, reducedMotion };
  /** Simulated time at which this run ends by itself (the preset's length); null once it has. */
  const endAt = useRef<number | null>(initial.runS * 1000);
  const lastSummaryAt = useRef(-Infinity);
  const dirty = useRef(true);
  const visible = useRef(true);
  const pacing = useRef({ sim: 0, wall: 0, effective: 0 });

  const engine = engineRef.current;
  const recorder = engine.recorder;
  const viewed: PoolSample | undefined = view === null ? recorder.last() : recorder.at(view);

  const refreshSummary = useCallback((force: boolean, now: number) => {
    if (!force && now - lastSummaryAt.current < SUMMARY_INTERVAL_MS) return;
    lastSummaryAt.current = now;
    const e = engineRef.current!;
    const { view: v, playing: isPlaying, finished: isFinished } = live.current;
    setSummary(
      summaryText(v === null ? e.recorder.last() : e.recorder.at(v), v !== null, {
        playing: isPlaying,
        finished: isFinished,
      }),
    );
  }, []);

  /** A new measurement of how fast simulated time really moves (a new run, or a new speed). */
  const resetPacing = useCallback(() => {
    pacing.current = { sim: 0, wall: 0, effective: 0 };
  }, []);

  /**
   * Replace the running simulation (preset change, reset, or a setting the service fixes at creation).
   * `runS`: the length of the new run, after which it pauses by itself.
   */
  const rebuild = useCallback(
    (next: PoolSettings, runS: number) => {
      const made = createEngine(next);
      if (!made.engine) {
        setError(made.error);
        return false;
      }
      engineRef.current = made.engine;
      endAt.current = runS * 1000;
      resetPacing();
      setError(null);
      setView(null);
      setFinished(false);
      live.current.view = null;
      live.current.finished = false;
      dirty.current = true;
      refreshSummary(true, performance.now());
      setUiTick((t) => t + 1);
      return true;
    },
    [refreshSummary, resetPacing],
  );

  // The frame loop: advance the virtual clock by (wall time × speed), then draw the pool.
  useEffect(() => {
    let lastWall = performance.now();
    let lastUi = 0;
    let lastDrawnSample = -1;
    let draws = 0;
    const loop = startFrameLoop((now) => {
      const e = engineRef.current!;
      const { playing: isPlaying, speed, view: v, reducedMotion: still } = live.current;
      const dt = Math.min(100, now - lastWall); // a background tab must not jump minutes ahead
      lastWall = now;
      if (isPlaying && v === null) {
        const before = e.nowMs();
        const end = endAt.current;
        e.advanceTo(Math.min(before + dt * speed, end ?? Infinity), now + FRAME_BUDGET_MS);
        dirty.current = true;
        if (end !== null && e.nowMs() >= end) {
          // The run has shown what its preset is about: stop here, with the whole run on the charts.
          endAt.current = null;
          live.current.playing = false;
          live.current.finished = true;
          setPlaying(false);
          setFinished(true);
          refreshSummary(true, now);
        }
        // How fast simulated time really moves: at 600× a big spike can be more work than a frame allows.
        const pace = pacing.current;
        pace.sim += e.nowMs() - before;
        pace.wall += dt;
        if (pace.wall >= 1000) {
          pace.effective = pace.sim / pace.wall;
          pace.sim = 0;
          pace.wall = 0;
        }
      }
      const samples = e.recorder.length;
      // Playing: every frame (reduced motion: only when a new simulated second is recorded, so the pool
      // changes in steps). Paused: only when something changed. Off screen: never.
      const shouldDraw =
        visible.current &&
        (isPlaying && v === null ? (still ? samples !== lastDrawnSample : true) : dirty.current);
      if (shouldDraw) {
        draw(now, still);
        // Drawn-frame counter: e2e checks that reduced motion draws in steps; the bench reads it too.
        if (canvasRef.current) canvasRef.current.dataset.draws = String(++draws);
        lastDrawnSample = samples;
        dirty.current = false;
      }
      if (now - lastUi >= UI_INTERVAL_MS && (isPlaying || dirty.current)) {
        lastUi = now;
        setUiTick((t) => t + 1);
      }
      if (isPlaying) refreshSummary(false, now);
    });
    return () => loop.stop();
  }, [refreshSummary]);

  function draw(now: number, still: boolean) {
    const canvas = canvasRef.current;
    const wrap = wrapRef.current;
    const e = engineRef.current;
    if (!canvas || !wrap || !e) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const v = live.current.view;
    const sample = v === null ? undefined : e.recorder.at(v);
    // Live: the engine's current cells (animated); reduced motion or replay: the recorded second.
    const useSample = sample ?? (still ? e.recorder.last() : undefined);
    e.syncCells(now);
    const states = useSample ? useSample.cells : e.cells;
    const slots = Math.max(e.slots, states.length);
    const width = Math.max(200, Math.floor(wrap.clientWidth));
    const key = `${width}|${slots}|${e.regions.map((r) => `${r.start}+${r.size}`).join(',')}`;
    let layout = layoutRef.current;
    if (!layout || layout.key !== key) {
      layout = layoutPool(
        slots,
        width,
        e.regions.map((r) => ({ start: r.start, size: r.size, label: `${r.label}: ${fmtInt(r.size)}` })),
      );
      layout.key = key;
      layoutRef.current = layout;
      paletteRef.current = null;
      const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
      canvas.width = Math.round(layout.width * dpr);
      canvas.height = Math.round(layout.height * dpr);
      canvas.style.width = `${layout.width}px`;
      canvas.style.height = `${layout.height}px`;
    }
    // Canvas size changes reset the context's transform: set it on every draw.
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Theme colours: re-read every second or so (cheap), so a theme switch repaints correctly.
    if (!paletteRef.current || Math.floor(now / 1000) !== Math.floor((now - 17) / 1000)) {
      paletteRef.current = readPalette(canvas);
    }
    drawPool(
      ctx,
      layout,
      {
        states,
        slots,
        changedAt: useSample ? undefined : e.changedAt,
        throttled: useSample ? useSample.throttles : (e.recorder.last()?.throttles ?? 0),
      },
      paletteRef.current,
      now,
      !still && !useSample,
    );
  }

  // Redraw on resize and when the view or motion preference changes.
  useEffect(() => {
    dirty.current = true;
    layoutRef.current = null;
    if (typeof ResizeObserver !== 'function' || !wrapRef.current) return;
    const ro = new ResizeObserver(() => {
      layoutRef.current = null;
      dirty.current = true;
    });
    ro.observe(wrapRef.current);
    return () => ro.disconnect();
  }, [view, reducedMotion]);

  // Several benches can sit on one page: those scrolled out of view skip drawing (the simulation still runs).
  useEffect(() => {
    const el = wrapRef.current;
    if (!el || typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver((entries) => {
      const v = entries.some((en) => en.isIntersecting);
      if (v && !visible.current) dirty.current = true;
      visible.current = v;
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  const onPreset = (id: string) => {
    const p = getPreset(id);
    if (rebuild(p.settings, p.runS)) {
      setPresetId(p.id);
      setSettings(p.settings);
      setSpeedIdx(p.speed);
      setPlaying(false);
    }
  };

  const onSettings = (next: PoolSettings, structural: boolean) => {
    if (structural) {
      if (rebuild(next, getPreset(presetId).runS)) setSettings(next);
    } else {
      engine.setLive(next);
      setSettings(next);
    }
  };

  // The frame loop reads `live`; update it at once so no frame runs between the click and the re-render.
  const play = () => {
    live.current.playing = true;
    live.current.finished = false;
    live.current.view = null;
    setView(null);
    setPlaying(true);
    setFinished(false);
    dirty.current = true;
    refreshSummary(true, performance.now());
  };
  const pause = () => {
    live.current.playing = false;
    setPlaying(false);
    refreshSummary(true, performance.now());
  };
  /** Step: in a replay, the next recorded second; live, one more simulated second. */
  const step = () => {
    live.current.playing = false;
    live.current.finished = false;
    setPlaying(false);
    setFinished(false);
    let next: number | null = null;
    if (view === null) engine.advanceTo(engine.nowMs() + 1000);
    else if (view + 1 < recorder.length - 1) next = view + 1;
    setView(next);
    live.current.view = next;
    dirty.current = true;
    refreshSummary(true, performance.now());
    setUiTick((t) => t + 1);
  };
  const reset = () => {
    live.current.playing = false;
    setPlaying(false);
    rebuild(settings, getPreset(presetId).runS);
  };
  const scrub = (i: number) => {
    live.current.playing = false;
    setPlaying(false);
    const next = i >= recorder.length - 1 ? null : i;
    setView(next);
    live.current.view = next;
    dirty.current = true;
    refreshSummary(true, performance.now());
  };

  const samples = recorder.all();
  const p = getPreset(presetId);
  // The charts show at most the preset's length of time, so a long run stays readable (the timeline
  // still reaches all of it).
  const shown = chartWindow(recorder.length, Math.max(2, Math.ceil(p.runS / recorder.interval)), view);
  const series = useMemo(
    () => buildSeries(samples.slice(shown.start, shown.end)),
    [samples, samples.length, shown.start, shown.end, viewed], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const timeRange: [number, number] = [
    samples[shown.start]?.tS ?? 0,
    samples[Math.max(shown.start, shown.end - 1)]?.tS ?? 0,
  ];
  const cursor = view === null ? undefined : view - shown.start;
  const timelineMax = Math.max(0, recorder.length - 1);
  const timelineValue = view ?? timelineMax;
  const s = viewed;
  const speed = SPEEDS[speedIdx] ?? 1;
  const statusLine = summaryText(s, view !== null, { playing, finished });

  return (
    <section
      className="pool"
      aria-labelledby={`${ids}-title`}
      data-motion={reducedMotion ? 'reduced' : 'full'}
    >
      <h3 id={`${ids}-title`} className="pool-title">
        Concurrency bench
      </h3>
      <div className="pool-row">
        <label htmlFor={`${ids}-preset`}>Preset</label>
        <select id={`${ids}-preset`} value={presetId} onChange={(ev) => onPreset(ev.target.value)}>
          {PRESETS.map((pr) => (
            <option key={pr.id} value={pr.id}>
              {pr.label}
            </option>
          ))}
        </select>
      </div>
      <div className="pool-row">
        <label htmlFor={`${ids}-rule`}>Scaling rule</label>
        <select
          id={`${ids}-rule`}
          value={settings.scaling.model === 'current' ? 'current' : String(settings.scaling.burst)}
          onChange={(ev) =>
            onSettings(
              {
                ...settings,
                scaling:
                  ev.target.value === 'current'
                    ? { model: 'current' }
                    : { model: 'legacy', burst: Number(ev.target.value) },
              },
              true,
            )
          }
        >
          {SCALING_RULES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <p className="pool-intro">{p.intro}</p>

      <div className="pool-controls" role="group" aria-label="Simulation controls">
        <button type="button" onClick={play} aria-pressed={playing}>
          Play
        </button>
        <button type="button" onClick={pause} aria-pressed={!playing}>
          Pause
        </button>
        <button type="button" onClick={step}>
          Step
        </button>
        <button type="button" onClick={reset}>
          Reset
        </button>
        <label className="pool-slider">
          <span>Speed</span>
          <input
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIdx}
            aria-valuetext={`${speed}× real time`}
            onChange={(ev) => {
              setSpeedIdx(Number(ev.target.value));
              resetPacing();
            }}
          />
          <output aria-hidden="true">{speed}×</output>
        </label>
      </div>
      <label className="pool-slider pool-timeline">
        <span>Timeline</span>
        <input
          type="range"
          min={0}
          max={timelineMax}
          step={1}
          value={timelineValue}
          disabled={recorder.length === 0}
          aria-valuetext={
            s
              ? `t=${fmtClock(s.tS)}${view === null ? ' (live)' : ` of ${fmtClock(recorder.last()?.tS ?? 0)}`}`
              : 'no history yet'
          }
          onChange={(ev) => scrub(Number(ev.target.value))}
        />
        <output aria-hidden="true">
          {s ? `t=${fmtClock(s.tS)}${view === null ? ' · live' : ' · replay'}` : 't=0 s'}
        </output>
      </label>

      {/* What everyone sees, current every UI refresh; screen readers hear the live region below. */}
      <p className="pool-summary" aria-hidden="true" data-testid="pool-status-line">
        {statusLine}
      </p>
      {/* Announced at most every SUMMARY_INTERVAL_MS while playing, and at once on pause, step or scrub. */}
      <p role="status" aria-label="Pool summary" className="visually-hidden">
        {summary}
      </p>
      <p className="pool-little">
        <span>Little&rsquo;s law (this second): req/s × average duration (s) = concurrency: </span>
        <strong data-testid="littles-law">{littlesLaw(s)}</strong>
      </p>
      {error && (
        <p role="alert" className="pool-error">
          {error}
        </p>
      )}

      {engine.regions.length > 1 && <SplitBar sample={s} engine={engine} />}
      <div className="pool-canvas-wrap" ref={wrapRef}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Execution environment pool: one cell per environment, ${fmtInt(engine.slots)} slots. ${cellCountsText(s)}`}
        />
      </div>
      <ul className="pool-legend">
        {LEGEND.map((st) => (
          <li key={st}>
            <span className={`pool-swatch pool-cell-${st}`} aria-hidden="true" />
            {CELL_LABELS[st]}
          </li>
        ))}
        <li>
          <span className="pool-swatch pool-cell-throttle" aria-hidden="true" />
          throttled request (429)
        </li>
      </ul>

      <div className="pool-charts">
        <LineChart
          title="Concurrent executions"
          reading={s ? `${fmtInt(s.concurrency)} of ${fmtInt(s.cap)}` : '0'}
          series={series.concurrency}
          timeRange={timeRange}
          formatTime={fmtClock}
          cursor={cursor}
        />
        <LineChart
          title="Invocations per second"
          reading={s ? `${fmtInt(s.invocations)} accepted of ${fmtInt(s.offered)} offered` : '0'}
          series={series.invocations}
          timeRange={timeRange}
          formatTime={fmtClock}
          cursor={cursor}
        />
        <LineChart
          title="Throttles per second"
          reading={s ? `${fmtInt(s.throttles)} (total ${fmtInt(s.totals.throttles)})` : '0'}
          series={series.throttles}
          timeRange={timeRange}
          formatTime={fmtClock}
          cursor={cursor}
        />
        <LineChart
          title="Cold start share"
          reading={s ? `${fmtPercent(s.coldShare)} (total ${fmtInt(s.totals.coldStarts)})` : '0%'}
          series={series.cold}
          timeRange={timeRange}
          formatTime={fmtClock}
          cursor={cursor}
          format={(v) => `${Math.round(v)}%`}
          fixedMax={100}
        />
        <LineChart
          title="Latency"
          reading={s ? `p50 ${fmtInt(s.p50)} ms · p95 ${fmtInt(s.p95)} ms · p99 ${fmtInt(s.p99)} ms` : '—'}
          series={series.latency}
          timeRange={timeRange}
          formatTime={fmtClock}
          cursor={cursor}
          format={(v) => (v >= 1000 ? `${Number((v / 1000).toFixed(1))} s` : `${Math.round(v)} ms`)}
        />
        <LineChart
          title="Cost so far"
          reading={
            s ? `on-demand ${fmtUsd(s.costOnDemand)} · provisioned ${fmtUsd(s.costProvisioned)}` : '$0'
          }
          series={series.cost}
          timeRange={timeRange}
          formatTime={fmtClock}
          cursor={cursor}
          format={(v) => (v === 0 ? '$0' : `$${v < 0.01 ? v.toPrecision(1) : v.toFixed(2)}`)}
          minMax={0.0001}
        />
      </div>

      <SettingsPanel settings={settings} onChange={onSettings} />
      <p className="pool-note">
        Everything here is computed by the course&rsquo;s Lambda simulation on a virtual clock. Scaling rules,
        limits and prices are AWS&rsquo;s; init times are modelled and illustrative. Speed: {speed}× real time
        {playing ? '' : ' (paused)'}
        {playing && pacing.current.effective > 0 && pacing.current.effective < speed * 0.8
          ? ` — the simulation is doing as much as a frame allows and runs at about ${Math.max(1, Math.round(pacing.current.effective))}× for now`
          : ''}
        .
      </p>
      {engine.notices.length > 0 && (
        <ul className="pool-error">
          {engine.notices.slice(-3).map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function cellCountsText(s: PoolSample | undefined): string {
  if (!s) return 'No environments yet.';
  const c = [0, 0, 0, 0, 0, 0, 0, 0];
  for (const st of s.cells) c[st]!++;
  return `${fmtInt(c[CELL.busy]! + c[CELL.provBusy]!)} busy, ${fmtInt(c[CELL.init]! + c[CELL.provInit]!)} initialising, ${fmtInt(
    c[CELL.idle]!,
  )} idle, ${fmtInt(c[CELL.provIdle]!)} provisioned idle, ${fmtInt(c[CELL.reclaimed]!)} recently reclaimed.`;
}

function SplitBar({ sample, engine }: { sample: PoolSample | undefined; engine: PoolEngine }) {
  const total = engine.slots;
  return (
    <ul className="pool-split" aria-label="Account concurrency split">
      {engine.regions.map((r) => {
        const other = r.kind === 'reserved' ? sample?.others.find((o) => o.name === r.name) : undefined;
        const used =
          r.kind === 'main'
            ? (sample?.concurrency ?? 0)
            : r.kind === 'reserved'
              ? (other?.concurrency ?? 0)
              : null;
        const throttled = r.kind === 'main' ? (sample?.throttles ?? 0) : (other?.throttles ?? 0);
        return (
          <li
            key={r.name}
            className={`pool-split-part pool-split-${r.kind}`}
            style={{ flexGrow: Math.max(r.size, 1) / total }}
          >
            {r.label}: {fmtInt(r.size)}
            {used !== null && (
              <span className="pool-split-used">
                {' '}
                · {fmtInt(used)} in use
                {r.kind === 'main' ? ` · ${fmtInt(Math.max(0, r.size - used))} not used` : ''}
                {throttled > 0 ? ` · ${fmtInt(throttled)} throttled/s` : ''}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function buildSeries(samples: readonly PoolSample[]) {
  const pick = (f: (s: PoolSample) => number) => samples.map(f);
  const concurrency: ChartSeries[] = [
    { label: 'concurrent executions', values: pick((s) => s.concurrency), colour: 'accent' },
    {
      label: 'limit for this function',
      values: pick((s) => s.cap),
      colour: 'danger',
      dashed: true,
      reference: true,
    },
  ];
  if (samples.some((s) => s.provisioned > 0)) {
    concurrency.push({
      label: 'provisioned',
      values: pick((s) => s.provisioned),
      colour: 'provisioned',
      dashed: true,
    });
  }
  return {
    concurrency,
    invocations: [
      { label: 'accepted', values: pick((s) => s.invocations), colour: 'accent' },
      { label: 'offered', values: pick((s) => s.offered), colour: 'muted', dashed: true },
    ] satisfies ChartSeries[],
    throttles: [
      { label: 'throttled per second', values: pick((s) => s.throttles), colour: 'danger' },
    ] satisfies ChartSeries[],
    cold: [
      { label: 'cold starts (% of invocations)', values: pick((s) => s.coldShare * 100), colour: 'warn' },
    ] satisfies ChartSeries[],
    latency: [
      { label: 'p50', values: pick((s) => s.p50), colour: 'ok' },
      { label: 'p95', values: pick((s) => s.p95), colour: 'warn' },
      { label: 'p99', values: pick((s) => s.p99), colour: 'danger' },
    ] satisfies ChartSeries[],
    cost: [
      { label: 'on-demand', values: pick((s) => s.costOnDemand), colour: 'accent' },
      { label: 'provisioned', values: pick((s) => s.costProvisioned), colour: 'provisioned', dashed: true },
    ] satisfies ChartSeries[],
  };
}
