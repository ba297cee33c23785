import { useEffect, useId, useState } from 'react';
import type { PoolSettings } from './presets';
import { TRAFFIC_SHAPES, type TrafficShape } from './traffic';

export interface SettingsPanelProps {
  settings: PoolSettings;
  /** structural = the simulation must restart (the service fixes it at creation); otherwise applied live. */
  onChange: (next: PoolSettings, structural: boolean) => void;
}

interface NumberFieldProps {
  label: string;
  value: number | null;
  /** Empty allowed (means "none"), e.g. reserved concurrency. */
  optional?: boolean;
  min: number;
  max: number;
  integer?: boolean;
  hint?: string;
  onCommit: (v: number | null) => void;
}

/**
 * A number input that keeps what the learner typed until it is valid, shows a specific error next to the
 * field, and only then commits (on blur or Enter), so a typo never throws the simulation away.
 */
function NumberField({ label, value, optional, min, max, integer = true, hint, onCommit }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(value === null ? '' : String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(value === null ? '' : String(value));
    setError(null);
  }, [value]);

  const commit = () => {
    const t = text.trim();
    if (t === '') {
      if (optional) {
        setError(null);
        if (value !== null) onCommit(null);
        return;
      }
      setError(`${label} is required.`);
      return;
    }
    const n = Number(t.replace(/,/g, ''));
    if (!Number.isFinite(n)) return setError(`${label} must be a number, not “${t}”.`);
    if (integer && !Number.isInteger(n)) return setError(`${label} must be a whole number.`);
    if (n < min || n > max) {
      return setError(
        `${label} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}.`,
      );
    }
    setError(null);
    if (n !== value) onCommit(n);
  };

  return (
    <div className="pool-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : hint ? `${id}-hint` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {hint && !error && (
        <small id={`${id}-hint`} className="pool-hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-err`} className="pool-field-error">
          {error}
        </small>
      )}
    </div>
  );
}

export function SettingsPanel({ settings, onChange }: SettingsPanelProps) {
  const id = useId();
  const s = settings;
  const set = (patch: Partial<PoolSettings>, structural = true) => onChange({ ...s, ...patch }, structural);

  return (
    <details className="pool-settings">
      <summary>Traffic, function and account settings</summary>
      <p className="pool-hint">
        Traffic changes apply at once; function and account changes restart the run from t=0 (the service is
        created with them).
      </p>
      <fieldset>
        <legend>Traffic</legend>
        <div className="pool-field">
          <label htmlFor={`${id}-shape`}>Traffic shape</label>
          <select
            id={`${id}-shape`}
            value={s.traffic.shape}
            onChange={(e) => set({ traffic: { ...s.traffic, shape: e.target.value as TrafficShape } }, false)}
          >
            {TRAFFIC_SHAPES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <NumberField
          label="Requests per second"
          value={s.traffic.rps}
          min={0}
          max={20_000}
          hint={
            s.traffic.shape === 'constant' || s.traffic.shape === 'poisson'
              ? undefined
              : 'The peak rate of this shape.'
          }
          onCommit={(v) => set({ traffic: { ...s.traffic, rps: v ?? 0 } }, false)}
        />
        <NumberField
          label="Average duration (ms)"
          value={s.durationMs}
          min={1}
          max={900_000}
          hint="Handler time per request at this memory size."
          onCommit={(v) => set({ durationMs: v ?? 1 }, false)}
        />
      </fieldset>
      <fieldset>
        <legend>Function</legend>
        <NumberField
          label="Memory (MB)"
          value={s.memoryMb}
          min={128}
          max={10_240}
          onCommit={(v) => set({ memoryMb: v ?? 128 })}
        />
        <NumberField
          label="Reserved concurrency"
          value={s.reserved}
          optional
          min={0}
          max={100_000}
          hint="Empty = none (shares the unreserved pool). 0 disables the function."
          onCommit={(v) => set({ reserved: v })}
        />
        <NumberField
          label="Provisioned concurrency"
          value={s.provisioned}
          min={0}
          max={100_000}
          onCommit={(v) => set({ provisioned: v ?? 0 })}
        />
        <div className="pool-field pool-check">
          <input
            id={`${id}-sched`}
            type="checkbox"
            checked={s.schedule !== null}
            onChange={(e) => set({ schedule: e.target.checked ? { fromS: 60, toS: 360, value: 100 } : null })}
          />
          <label htmlFor={`${id}-sched`}>Scheduled provisioned concurrency</label>
        </div>
        {s.schedule && (
          <div className="pool-sched">
            <NumberField
              label="Scheduled value"
              value={s.schedule.value}
              min={0}
              max={100_000}
              onCommit={(v) => set({ schedule: { ...s.schedule!, value: v ?? 0 } })}
            />
            <NumberField
              label="From (s)"
              value={s.schedule.fromS}
              min={0}
              max={86_400}
              onCommit={(v) => set({ schedule: { ...s.schedule!, fromS: v ?? 0 } })}
            />
            <NumberField
              label="To (s)"
              value={s.schedule.toS}
              min={1}
              max={86_400}
              onCommit={(v) => set({ schedule: { ...s.schedule!, toS: v ?? 1 } })}
            />
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Account</legend>
        <NumberField
          label="Account concurrency limit"
          value={s.accountLimit}
          min={100}
          max={100_000}
          onCommit={(v) => set({ accountLimit: v ?? 1000 })}
        />
        {s.others.map((o, i) => (
          <div key={o.name} className="pool-other">
            <NumberField
              label={`${o.name}: reserved concurrency`}
              value={o.reserved}
              optional
              min={0}
              max={100_000}
              onCommit={(v) => set({ others: s.others.map((x, j) => (j === i ? { ...x, reserved: v } : x)) })}
            />
            <NumberField
              label={`${o.name}: requests per second`}
              value={o.rps}
              min={0}
              max={20_000}
              onCommit={(v) => set({ others: s.others.map((x, j) => (j === i ? { ...x, rps: v ?? 0 } : x)) })}
            />
            <button type="button" onClick={() => set({ others: s.others.filter((_, j) => j !== i) })}>
              Remove {o.name}
            </button>
          </div>
        ))}
        {s.others.length < 3 && (
          <button
            type="button"
            onClick={() =>
              set({
                others: [
                  ...s.others,
                  { name: `function-${'abc'[s.others.length]}`, reserved: 100, rps: 100, durationMs: 500 },
                ],
              })
            }
          >
            Add another function with a reservation
          </button>
        )}
      </fieldset>
    </details>
  );
}
