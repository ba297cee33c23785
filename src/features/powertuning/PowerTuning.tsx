/**
 * The power-tuning experiment as a widget: choose the memory sizes and the invocations per size, run, read the
 * chart and its table. Where the code runs is the caller's business (`run`): the lab page runs the learner's
 * function in its try-it world, the optimization lesson the handler in its editor.
 */
import { useId, useState } from 'react';
import { DEFAULT_POWER_VALUES, type PowerTuningReport } from '../../sim/powerTuning';
import { PowerTuningChart, formatMs, perMillion } from './PowerTuningChart';
import './powerTuning.css';

export interface PowerTuningRun {
  powerValues: number[];
  invocationsPerValue: number;
  onProgress(done: number, total: number): void;
}

export interface PowerTuningProps {
  run(options: PowerTuningRun): Promise<PowerTuningReport>;
  /** The function's memory now (highlighted). */
  currentMb?: number | undefined;
  /** Offered after a run: "Use 256 MB" sets the function's memory. */
  onChoose?: ((memoryMb: number) => void) | undefined;
  onReport?: ((report: PowerTuningReport) => void) | undefined;
  /** A previous run to show (the lab keeps the learner's). */
  initial?: PowerTuningReport | null;
  disabled?: boolean;
}

export function PowerTuning({
  run,
  currentMb,
  onChoose,
  onReport,
  initial = null,
  disabled,
}: PowerTuningProps) {
  const id = useId();
  const [sizes, setSizes] = useState<number[]>([...DEFAULT_POWER_VALUES]);
  const [invocations, setInvocations] = useState(10);
  const [report, setReport] = useState<PowerTuningReport | null>(initial);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggle = (m: number) =>
    setSizes((list) => (list.includes(m) ? list.filter((x) => x !== m) : [...list, m].sort((a, b) => a - b)));
  const go = async () => {
    setError(null);
    setProgress({ done: 0, total: sizes.length * invocations });
    try {
      const r = await run({
        powerValues: sizes,
        invocationsPerValue: invocations,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      setReport(r);
      onReport?.(r);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <section className="ptune" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="ptune__title">
        Power tuning
      </h3>
      <fieldset className="ptune__sizes">
        <legend>Memory sizes to try</legend>
        {DEFAULT_POWER_VALUES.map((m) => (
          <label key={m}>
            <input type="checkbox" checked={sizes.includes(m)} onChange={() => toggle(m)} /> {m} MB
          </label>
        ))}
      </fieldset>
      <label className="ptune__count">
        Invocations per size{' '}
        <input
          type="number"
          min={5}
          max={50}
          value={invocations}
          onChange={(e) => setInvocations(Math.min(50, Math.max(5, Number(e.target.value) || 10)))}
        />
      </label>
      <button
        type="button"
        className="lab-primary"
        onClick={() => void go()}
        disabled={disabled || progress !== null || sizes.length < 2}
      >
        Run power tuning
      </button>
      {sizes.length < 2 && <p className="ptune__muted">Pick at least two sizes to compare.</p>}
      <p role="status" className="ptune__muted">
        {progress
          ? `Invoking… ${progress.done} of ${progress.total}`
          : report
            ? 'Power tuning finished.'
            : ''}
      </p>
      {error && (
        <p role="alert" className="ptune__error">
          {error}
        </p>
      )}
      {report && (
        <>
          <p>
            Cheapest: <strong>{report.cheapest.memoryMb} MB</strong> ({perMillion(report.cheapest.costUsd)}{' '}
            per million). Fastest: <strong>{report.fastest.memoryMb} MB</strong> (
            {formatMs(report.fastest.billedMs)}). Balanced: <strong>{report.balanced.memoryMb} MB</strong>.
          </p>
          <PowerTuningChart
            results={report.results}
            chosenMb={currentMb}
            cheapestMb={report.cheapest.memoryMb}
            fastestMb={report.fastest.memoryMb}
          />
          {onChoose && (
            <div className="ptune__choose" role="group" aria-label="Set the function's memory">
              {report.results.map((r) => (
                <button
                  key={r.memoryMb}
                  type="button"
                  aria-pressed={r.memoryMb === currentMb}
                  onClick={() => onChoose(r.memoryMb)}
                >
                  Use {r.memoryMb} MB
                </button>
              ))}
            </div>
          )}
          <p className="ptune__muted">
            Modelled: your handler runs in this browser at one speed, so its measured time is scaled by the
            CPU share Lambda gives each size (1,769 MB = 1 vCPU), and each AWS SDK call adds a modelled 5 ms
            wait that memory does not shorten. Cost excludes the request charge, as Power Tuning's does.
          </p>
        </>
      )}
    </section>
  );
}
