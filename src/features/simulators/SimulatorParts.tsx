/**
 * The pieces every simulator widget is built from, so that each widget is only its own controls and results:
 * the titled region, the handler listing, the Send / Next / Skip buttons and the failure alert with the live
 * status line (one polite region a widget, always rendered so screen readers hear each change).
 */
import { useId, type ReactNode } from 'react';
import './simulators.css';

/** The simulator's region, named by its heading; `busy` while the sandbox starts. */
export function SimulatorFrame({
  title,
  busy,
  children,
}: {
  title: string;
  busy?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className="simulator" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h3 className="simulator__title" id={`${id}-title`}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** The handler the simulator runs, as a scrollable (keyboard-focusable) listing. */
export function SimulatorCode({ caption, code }: { caption: string; code: string }) {
  return (
    <figure className="simulator__code">
      <figcaption>{caption}</figcaption>
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

/** What went wrong (an alert, only when something did) and what is happening now (a status line). */
export function SimulatorMessages({ failure, status }: { failure: string | null; status: ReactNode }) {
  return (
    <>
      {failure ? (
        <p role="alert" className="simulator__error">
          {failure}
        </p>
      ) : null}
      <div role="status" className="simulator__status">
        {status}
      </div>
    </>
  );
}

/**
 * Start a run, then move it on: "next" jumps the virtual clock to the run's next visible change, "skip" to the
 * end. Both wait for a run and stop once it is done; every button waits while something is working.
 */
export function RunButtons({
  startLabel,
  onStart,
  nextLabel,
  onNext,
  onSkip,
  busy,
  started,
  done,
}: {
  startLabel: string;
  onStart: () => void;
  /** Without it there is no step button (the run has no steps worth stopping at). */
  nextLabel?: string;
  onNext?: () => void;
  onSkip: () => void;
  busy: boolean;
  started: boolean;
  done: boolean;
}) {
  const stopped = busy || !started || done;
  return (
    <div className="simulator__actions">
      <button type="button" className="simulator__primary" disabled={busy} onClick={onStart}>
        {startLabel}
      </button>
      {nextLabel && onNext ? (
        <button type="button" disabled={stopped} onClick={onNext}>
          {nextLabel}
        </button>
      ) : null}
      <button type="button" disabled={stopped} onClick={onSkip}>
        Skip to the end
      </button>
    </div>
  );
}
