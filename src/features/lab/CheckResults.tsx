/**
 * The region "Check results": one list item per check saying passed or failed, the failure's specific message,
 * and "Show hint" revealing the check's hint tiers one at a time (each tier counted in the score).
 */
import type { CheckDefinition } from './checks/api';
import type { StepResults } from './checks/runner';

export interface CheckResultsProps {
  results: StepResults | null;
  checks: readonly CheckDefinition[];
  stale: boolean;
  /** Check id → hint tiers revealed. */
  hints: Readonly<Record<string, number>>;
  onHint(checkId: string, tiers: number): void;
  progress: { done: number; total: number } | null;
}

const STATUS_TEXT = { pass: 'passed', fail: 'failed', error: 'could not run' } as const;

export function CheckResults({ results, checks, stale, hints, onHint, progress }: CheckResultsProps) {
  const firstFailure =
    results?.tests.find((t) => t.status !== 'pass' && t.required) ??
    results?.tests.find((t) => t.status !== 'pass');
  return (
    <section className="lab-results" role="region" aria-label="Check results" aria-busy={progress !== null}>
      <h3 className="lab-heading">Check results</h3>
      <p role="status" className="lab-results__summary">
        {progress
          ? `Checking… ${progress.done} of ${progress.total}`
          : !results
            ? 'Not checked yet: press “Check my work” when you are ready.'
            : results.status === 'pass'
              ? `All required checks passed (${results.tests.filter((t) => t.status === 'pass').length} of ${results.tests.length}).`
              : `${results.tests.filter((t) => t.status === 'pass').length} of ${results.tests.length} checks passed.`}
        {results && stale && !progress && ' Your files changed since: check again.'}
      </p>
      {results?.message && <p className="lab-results__message">{results.message}</p>}
      {results && (
        <ol className="lab-results__list">
          {results.tests.map((t) => {
            const check = checks.find((c) => c.id === t.id);
            const tiers = check?.hints ?? [];
            const shown = Math.min(hints[t.id] ?? 0, tiers.length);
            return (
              <li key={t.id} className={`lab-check lab-check--${t.status}`} data-check={t.id}>
                <span aria-hidden="true" className="lab-check__icon">
                  {t.status === 'pass' ? '✓' : '✗'}
                </span>{' '}
                <span className="lab-check__name" id={`lab-check-${t.id}-name`}>
                  {t.name}
                </span>
                : <strong>{STATUS_TEXT[t.status]}</strong>
                {!t.required && <span className="lab-muted"> (optional)</span>}
                {t.status !== 'pass' && t.message && (
                  <p
                    className={`lab-check__message ${t === firstFailure ? 'lab-check__message--first' : ''}`}
                  >
                    {t.message}
                  </p>
                )}
                {t.status !== 'pass' && tiers.length > 0 && (
                  <div className="lab-check__hints">
                    {shown > 0 && (
                      <ol className="lab-check__tiers" aria-label={`Hints for “${t.name}”`}>
                        {tiers.slice(0, shown).map((h, i) => (
                          <li key={i}>{h}</li>
                        ))}
                      </ol>
                    )}
                    {shown < tiers.length && (
                      <button
                        type="button"
                        aria-describedby={`lab-check-${t.id}-name`}
                        onClick={() => onHint(t.id, tiers.length)}
                      >
                        {shown === 0 ? 'Show hint' : 'Show another hint'}
                      </button>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
