/**
 * <CostCalculator> in lessons: a month of one function's Lambda bill, on-demand (x86 or Arm, with the
 * duration tiers) and with provisioned concurrency, priced by the core (src/sim/pricing.ts).
 */
import { useId, useState } from 'react';
import { PRICES } from '../../sim/pricing';
import type { Architecture } from '../../sim/timing';
import {
  checkDraft,
  DEFAULT_DRAFT,
  estimateCost,
  formatCount,
  formatUsd,
  type CostDraft,
  type CostField,
} from './costForm';
import './cost.css';

const ARCHITECTURE_NAMES: Record<Architecture, string> = { x86_64: 'x86', arm64: 'Arm (Graviton)' };

interface FieldProps {
  field: CostField;
  label: string;
  unit?: string;
  draft: CostDraft;
  error: string | undefined;
  onChange(field: CostField, value: string): void;
  description?: string;
}

function AmountField({ field, label, unit, draft, error, onChange, description }: FieldProps) {
  const id = useId();
  const described = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean);
  return (
    <div className="cost-field">
      <label htmlFor={id}>
        {label}
        {unit ? ' ' : null}
        {unit ? <span className="cost-unit">({unit})</span> : null}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={draft.text[field]}
        aria-invalid={error ? true : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
        onChange={(event) => onChange(field, event.target.value)}
      />
      {description ? (
        <p id={`${id}-description`} className="cost-description">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="cost-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function tierLabel(from: number, upTo: number): string {
  // Tier bounds such as 18.75 billion keep their decimals.
  const billions = (n: number) =>
    `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n / 1e9)} billion`;
  if (from === 0) return `first ${billions(upTo)} GB-s of the month`;
  if (!Number.isFinite(upTo)) return `over ${billions(from)} GB-s`;
  return `${billions(from)} to ${billions(upTo)} GB-s`;
}

export default function CostCalculator() {
  const [draft, setDraft] = useState<CostDraft>(DEFAULT_DRAFT);
  const titleId = useId();
  const checked = checkDraft(draft);
  const errors = checked.ok ? {} : checked.errors;
  const estimate = checked.ok ? estimateCost(checked.inputs) : null;

  function setText(field: CostField, value: string) {
    setDraft((d) => ({ ...d, text: { ...d.text, [field]: value } }));
  }

  const fieldProps = { draft, onChange: setText };
  const chosenName = ARCHITECTURE_NAMES[draft.architecture];
  const otherArchitecture: Architecture = draft.architecture === 'x86_64' ? 'arm64' : 'x86_64';

  return (
    <section className="cost" aria-labelledby={titleId}>
      <h3 id={titleId} className="cost-title">
        Cost calculator
      </h3>
      <p className="cost-intro">
        One function&apos;s month in us-east-1, priced with the course&apos;s Lambda core. It starts with the
        worked example above; change any field.
      </p>
      <form className="cost-form" onSubmit={(event) => event.preventDefault()} noValidate>
        <AmountField field="requests" label="Requests per month" error={errors.requests} {...fieldProps} />
        <AmountField
          field="durationMs"
          label="Average billed duration"
          unit="ms"
          error={errors.durationMs}
          {...fieldProps}
        />
        <AmountField field="memoryMb" label="Memory" unit="MB" error={errors.memoryMb} {...fieldProps} />
        <fieldset className="cost-fieldset">
          <legend>Architecture</legend>
          {(Object.keys(ARCHITECTURE_NAMES) as Architecture[]).map((architecture) => (
            <label key={architecture} className="cost-choice">
              <input
                type="radio"
                name={`${titleId}-architecture`}
                value={architecture}
                checked={draft.architecture === architecture}
                onChange={() => setDraft((d) => ({ ...d, architecture }))}
              />{' '}
              {ARCHITECTURE_NAMES[architecture]}
            </label>
          ))}
        </fieldset>
        <AmountField
          field="provisionedConcurrency"
          label="Provisioned concurrency"
          unit="environments, 0 for none"
          error={errors.provisionedConcurrency}
          {...fieldProps}
        />
        <AmountField
          field="provisionedHours"
          label="Hours provisioned concurrency is enabled"
          unit="per month"
          error={errors.provisionedHours}
          {...fieldProps}
        />
        <AmountField
          field="otherGbSeconds"
          label="Other on-demand usage this month"
          unit="GB-seconds"
          description="Duration tiers count every function of the account on the same architecture in the Region."
          error={errors.otherGbSeconds}
          {...fieldProps}
        />
        <label className="cost-choice cost-checkbox">
          <input
            type="checkbox"
            checked={draft.freeTier}
            onChange={(event) => {
              const freeTier = event.target.checked;
              setDraft((d) => ({ ...d, freeTier }));
            }}
          />{' '}
          Apply the monthly free tier (1 million requests, 400,000 GB-seconds)
        </label>
      </form>

      <div className="cost-results">
        <p className="cost-summary" role="status" aria-live="polite">
          {estimate
            ? `Estimated month on ${chosenName}: ${formatUsd(estimate.chosen.total)}. The same month on ${
                ARCHITECTURE_NAMES[otherArchitecture]
              }: ${formatUsd(estimate.other.total)}.`
            : 'Correct the marked fields to see an estimate.'}
        </p>
        {estimate ? (
          <div className="cost-table-wrap" role="region" aria-label="Cost breakdown" tabIndex={0}>
            <table className="cost-table">
              <caption>
                Breakdown on {chosenName}: {formatCount(estimate.chosen.gbSeconds)} GB-seconds in the month
              </caption>
              <thead>
                <tr>
                  <th scope="col">Charge</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Requests at ${PRICES.requestsPerMillion.toFixed(2)} per million</th>
                  <td>{formatUsd(estimate.chosen.requests)}</td>
                </tr>
                {estimate.chosen.durationTiers.length === 0 ? (
                  <tr>
                    <th scope="row">On-demand duration</th>
                    <td>{formatUsd(0)}</td>
                  </tr>
                ) : (
                  estimate.chosen.durationTiers.map((tier) => (
                    <tr key={tier.fromGbSeconds}>
                      <th scope="row">
                        On-demand duration, {tierLabel(tier.fromGbSeconds, tier.upToGbSeconds)}:{' '}
                        {formatCount(tier.gbSeconds)} GB-s at ${tier.rate.toFixed(10)}
                      </th>
                      <td>{formatUsd(tier.cost)}</td>
                    </tr>
                  ))
                )}
                {estimate.chosen.provisioned > 0 ? (
                  <>
                    <tr>
                      <th scope="row">
                        Provisioned concurrency kept warm, at $
                        {PRICES.provisionedByArchitecture[draft.architecture].toFixed(10)} per GB-s
                      </th>
                      <td>{formatUsd(estimate.chosen.provisioned)}</td>
                    </tr>
                    <tr>
                      <th scope="row">
                        Duration on provisioned environments, at $
                        {PRICES.provisionedDurationByArchitecture[draft.architecture].toFixed(10)} per GB-s (
                        {Math.round(estimate.provisionedShare * 100)}% of requests, modelled)
                      </th>
                      <td>{formatUsd(estimate.chosen.provisionedDuration)}</td>
                    </tr>
                  </>
                ) : null}
                <tr className="cost-total">
                  <th scope="row">Total</th>
                  <td>{formatUsd(estimate.chosen.total)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        ) : null}
        {estimate ? (
          <p className="cost-note">
            Average concurrency: {formatCount(estimate.averageConcurrency)}. The provisioned share assumes
            steady traffic; bursts above the provisioned environments run on-demand. Not included: the free
            tier when provisioned concurrency is on (it does not apply), Compute Savings Plans, /tmp above 512
            MB, data transfer and other services.
          </p>
        ) : null}
      </div>
    </section>
  );
}
