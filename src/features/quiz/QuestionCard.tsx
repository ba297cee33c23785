/**
 * One question as a fieldset. Draft answers live here; a checked answer is saved through `onRecord`
 * and, from then on, the saved record is what is shown (so a reload shows the same thing).
 *
 * A wrong first answer shows the question's hint and leaves the inputs open for one more try; only a
 * second check (or "Show the answer") reveals the answer and the explanation.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link } from '../../app/router';
import type { Question } from './quizSpec';
import {
  gradeAnswer,
  initialOrder,
  moveItem,
  optionOrder,
  parseNumberInput,
  type AnswerValue,
  type Grade,
} from './grading';
import type { QuestionRecord } from './quiz.store';
import { reviewTarget } from './review';
import { InlineText } from './InlineText';

export interface QuestionCardProps {
  /** The attempt's seed (attemptSeed): fixes the option order and the start order of ordering items. */
  seed: string;
  question: Question;
  index: number;
  count: number;
  record: QuestionRecord | undefined;
  onRecord(record: QuestionRecord): void;
  onClear(): void;
}

type Focus = 'after-check' | 'model-answer' | 'first-input' | null;

function initialDraft(q: Question, seed: string): AnswerValue {
  if (q.type === 'multiple') return [];
  if (q.type === 'ordering') return initialOrder(q, seed);
  return '';
}

export function QuestionCard({
  seed,
  question: q,
  index,
  count,
  record,
  onRecord,
  onClear,
}: QuestionCardProps) {
  const uid = useId();
  // A hint is showing (wrong first answer, not yet revealed): the learner edits that answer.
  const hinted = record !== undefined && !record.revealed;
  const [draft, setDraft] = useState<AnswerValue>(() =>
    hinted && record ? record.answer : initialDraft(q, seed),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [focus, setFocus] = useState<Focus>(null);
  const fieldsetRef = useRef<HTMLFieldSetElement>(null);
  const afterCheckRef = useRef<HTMLButtonElement>(null);
  const modelRef = useRef<HTMLDivElement>(null);

  const locked = record !== undefined && record.revealed;
  const value: AnswerValue = locked ? record.answer : draft;
  const grade: Grade | null = locked ? gradeAnswer(q, record.answer) : null;
  const hintGrade: Grade | null = hinted ? gradeAnswer(q, record.answer) : null;

  // Focus follows the task: after a check to the next action, after "Try again" back to the inputs.
  useEffect(() => {
    if (focus === 'after-check') afterCheckRef.current?.focus();
    if (focus === 'model-answer') modelRef.current?.focus();
    if (focus === 'first-input') {
      fieldsetRef.current
        ?.querySelector<HTMLElement>(
          'input:not([disabled]), textarea:not([disabled]), button:not([aria-disabled="true"])',
        )
        ?.focus();
    }
    if (focus) setFocus(null);
  }, [focus]);

  function check() {
    let answer: AnswerValue = draft;
    if (q.type === 'numeric') {
      const n = parseNumberInput(String(draft));
      if (n === null) {
        setProblem(
          String(draft).trim() === ''
            ? 'Enter a number first.'
            : `“${String(draft)}” is not a number. Enter digits, e.g. 42 or 0.5.`,
        );
        return;
      }
      answer = n;
    }
    const graded = gradeAnswer(q, answer);
    if (!graded) {
      setProblem(
        q.type === 'single'
          ? 'Choose an option first.'
          : q.type === 'multiple'
            ? 'Choose at least one option first.'
            : 'Write your answer first — a sentence or two is enough.',
      );
      return;
    }
    setProblem(null);
    const tries = (record?.tries ?? 0) + 1;
    // The first wrong answer earns a hint and another go; explain questions are judged by the learner.
    const revealed = graded.correct !== false || tries > 1;
    onRecord({ answer, correct: graded.correct, selfAssessed: false, tries, revealed });
    setFocus(q.type === 'explain' ? 'model-answer' : revealed ? 'after-check' : null);
  }

  function showAnswer() {
    if (!record) return;
    onRecord({ ...record, revealed: true });
    setFocus('after-check');
  }

  function selfAssess(gotIt: boolean) {
    if (!record) return;
    onRecord({ ...record, correct: gotIt, selfAssessed: true });
    setFocus('after-check');
  }

  function tryAgain() {
    // A fresh start, except written explanations: retyping a paragraph helps nobody.
    setDraft(q.type === 'explain' && record ? record.answer : initialDraft(q, seed));
    setProblem(null);
    onClear();
    setFocus('first-input');
  }

  const legendId = `${uid}-legend`;
  const feedbackId = `${uid}-feedback`;

  return (
    <fieldset
      ref={fieldsetRef}
      className="quiz-question"
      data-state={
        locked && record.correct === true
          ? 'correct'
          : locked && record.correct === false
            ? 'incorrect'
            : hinted
              ? 'hinted'
              : 'open'
      }
      aria-describedby={problem ? feedbackId : undefined}
    >
      <legend id={legendId}>
        <span className="quiz-qnum">
          Question {index + 1} of {count}
        </span>{' '}
        <span className="quiz-prompt">
          <InlineText text={q.prompt} />
        </span>
      </legend>
      {q.type === 'multiple' && !/select all/i.test(q.prompt) && (
        <p className="quiz-hint">Select all that apply.</p>
      )}
      {q.type === 'ordering' && (
        <p className="quiz-hint">Put the steps in order with the Move up and Move down buttons.</p>
      )}

      <AnswerInput
        uid={uid}
        seed={seed}
        question={q}
        value={value}
        locked={locked}
        grade={grade}
        onChange={(v) => {
          setDraft(v);
          if (problem) setProblem(null);
        }}
        onSubmit={check}
      />

      {q.type === 'explain' && record && (
        <div className="quiz-model" ref={modelRef} tabIndex={-1} aria-labelledby={`${uid}-model-title`}>
          <p className="quiz-model-title" id={`${uid}-model-title`}>
            Model answer
          </p>
          <p>
            <InlineText text={q.modelAnswer} />
          </p>
          {q.rubric && q.rubric.length > 0 && (
            <>
              <p>A strong answer covers:</p>
              <ul>
                {q.rubric.map((r) => (
                  <li key={r}>
                    <InlineText text={r} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {record.correct === null && (
            <div className="quiz-selfassess" role="group" aria-label="How did you do?">
              <p>Compare with your answer. How did you do?</p>
              <div className="quiz-actions">
                <button type="button" className="quiz-button" onClick={() => selfAssess(true)}>
                  I got it
                </button>
                <button
                  type="button"
                  className="quiz-button quiz-button-secondary"
                  onClick={() => selfAssess(false)}
                >
                  Not yet
                </button>
              </div>
            </div>
          )}
        </div>
      )}

      <div className="quiz-feedback" id={feedbackId} aria-live="polite">
        {problem && (
          <p className="quiz-problem">
            <span aria-hidden="true">⚠ </span>
            {problem}
          </p>
        )}
        {hinted && q.type !== 'explain' && <HintFeedback hint={q.hint} grade={hintGrade} />}
        {locked && record.correct !== null && <Feedback question={q} record={record} grade={grade} />}
      </div>

      <div className="quiz-actions">
        {!locked && (
          <button type="button" className="quiz-button" onClick={check}>
            {q.type === 'explain' ? 'Show model answer' : hinted ? 'Check again' : 'Check answer'}
          </button>
        )}
        {hinted && (
          <button type="button" className="quiz-button quiz-button-secondary" onClick={showAnswer}>
            Show the answer
          </button>
        )}
        {locked && record.correct !== null && (
          <button
            type="button"
            className="quiz-button quiz-button-secondary"
            ref={afterCheckRef}
            onClick={tryAgain}
          >
            Try again
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** After a wrong first answer: say so, give the hint, and how close the answer was, never which part. */
function HintFeedback({ hint, grade }: { hint: string; grade: Grade | null }) {
  let closeness: ReactNode = null;
  if (grade?.type === 'multiple') {
    const right = grade.rightPicks.length;
    const needed = right + grade.missed.length;
    closeness = (
      <p>
        {right} of your choices {right === 1 ? 'is' : 'are'} right; {needed}{' '}
        {needed === 1 ? 'option is' : 'options are'} right in all.
      </p>
    );
  } else if (grade?.type === 'ordering') {
    closeness = (
      <p>
        {grade.placedRight} of {grade.inPlace.length} steps are in the right place.
      </p>
    );
  }
  return (
    <div className="quiz-result is-hinted">
      <p className="quiz-verdict">
        <span aria-hidden="true" className="quiz-icon">
          ↻
        </span>{' '}
        <strong>Not quite. Have another go.</strong>
      </p>
      {closeness}
      <p className="quiz-hint-text">
        <span className="quiz-hint-label">Hint: </span>
        <InlineText text={hint} />
      </p>
    </div>
  );
}

function Feedback({
  question: q,
  record,
  grade,
}: {
  question: Question;
  record: QuestionRecord;
  grade: Grade | null;
}) {
  const target = reviewTarget(q.review);
  const correct = record.correct === true;
  let detail: ReactNode = null;
  if (grade?.type === 'numeric') {
    const unit = q.type === 'numeric' && q.unit ? ` ${q.unit}` : '';
    const within = grade.tolerance > 0 ? ` (accepted within ±${grade.tolerance})` : '';
    detail = correct ? (
      <p>
        The answer is {grade.expected}
        {unit}
        {within}.
      </p>
    ) : (
      <p>
        You answered {grade.value}
        {unit}; the answer is {grade.expected}
        {unit}
        {within}.
      </p>
    );
  } else if (grade?.type === 'ordering' && !correct) {
    detail = (
      <p>
        {grade.placedRight} of {grade.inPlace.length} steps are in the right place.
      </p>
    );
  } else if (grade?.type === 'multiple' && !correct) {
    const parts: string[] = [];
    if (grade.rightPicks.length) parts.push(`${grade.rightPicks.length} right`);
    if (grade.wrongPicks.length) parts.push(`${grade.wrongPicks.length} that should not be selected`);
    if (grade.missed.length) parts.push(`${grade.missed.length} missed`);
    detail = <p>Your selection: {parts.join(', ')}.</p>;
  }
  const verdict = record.selfAssessed
    ? correct
      ? 'You marked this as understood.'
      : 'You marked this as not yet understood.'
    : correct
      ? 'Correct.'
      : 'Not quite.';
  return (
    <div className={`quiz-result ${correct ? 'is-correct' : 'is-incorrect'}`}>
      <p className="quiz-verdict">
        <span aria-hidden="true" className="quiz-icon">
          {correct ? '✓' : '✗'}
        </span>{' '}
        <strong>{verdict}</strong>
      </p>
      {detail}
      <p>
        <InlineText text={q.explanation} />
      </p>
      <p>
        <Link to={target.to}>Review: {target.label}</Link>
      </p>
    </div>
  );
}

interface AnswerInputProps {
  uid: string;
  seed: string;
  question: Question;
  value: AnswerValue;
  locked: boolean;
  grade: Grade | null;
  onChange(value: AnswerValue): void;
  /** Enter in the number field checks the answer, as it would submit a one-field form. */
  onSubmit(): void;
}

function AnswerInput({ uid, seed, question: q, value, locked, grade, onChange, onSubmit }: AnswerInputProps) {
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const multiple = q.type === 'multiple';
      const chosen = new Set(
        Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [],
      );
      const expected = new Set(multiple ? q.answer : [q.answer]);
      const byId = new Map(q.options.map((o) => [o.id, o]));
      const shown = optionOrder(q, seed).map((id) => byId.get(id)!);
      return (
        <ul className="quiz-options">
          {shown.map((o) => {
            const picked = chosen.has(o.id);
            const mark = grade ? optionMark(picked, expected.has(o.id), multiple) : null;
            return (
              <li key={o.id} className={mark ? `quiz-option has-${mark.kind}` : 'quiz-option'}>
                <label>
                  <input
                    type={multiple ? 'checkbox' : 'radio'}
                    name={`${uid}-choice`}
                    value={o.id}
                    checked={picked}
                    disabled={locked}
                    onChange={(e) => {
                      if (!multiple) onChange(o.id);
                      else
                        onChange(
                          e.target.checked ? [...chosen, o.id] : [...chosen].filter((id) => id !== o.id),
                        );
                    }}
                  />
                  <span>
                    <InlineText text={o.text} />
                  </span>
                </label>
                {mark && (
                  <span className="quiz-mark">
                    <span aria-hidden="true">{mark.icon} </span>
                    {mark.text}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      );
    }
    case 'numeric': {
      const id = `${uid}-number`;
      const unitId = `${uid}-unit`;
      return (
        <div className="quiz-numeric">
          <label htmlFor={id}>Your answer</label>
          <span className="quiz-numeric-row">
            <input
              id={id}
              // Text with a decimal keypad, not type=number: browsers blank out "500,000" or "0,5" in a
              // number field, and the learner would be told to enter a number they just typed.
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={String(value)}
              disabled={locked}
              aria-label={q.unit ? `Your answer in ${q.unit}` : 'Your answer'}
              aria-describedby={q.unit ? unitId : undefined}
              onChange={(e) => onChange(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !locked) {
                  e.preventDefault();
                  onSubmit();
                }
              }}
            />
            {q.unit && (
              <span id={unitId} className="quiz-unit">
                {q.unit}
              </span>
            )}
          </span>
        </div>
      );
    }
    case 'ordering':
      return (
        <OrderingInput
          uid={uid}
          items={q.items}
          order={Array.isArray(value) ? value : []}
          locked={locked}
          inPlace={grade?.type === 'ordering' ? grade.inPlace : null}
          answer={q.answer}
          onChange={onChange}
        />
      );
    case 'explain': {
      const id = `${uid}-text`;
      return (
        <div className="quiz-explain">
          <label htmlFor={id}>Your answer</label>
          <textarea
            id={id}
            rows={4}
            value={String(value)}
            readOnly={locked}
            aria-readonly={locked}
            onChange={(e) => onChange(e.target.value)}
          />
        </div>
      );
    }
  }
}

function optionMark(picked: boolean, right: boolean, multiple: boolean) {
  if (right && picked) return { kind: 'right', icon: '✓', text: 'Correct answer, your choice' };
  if (right)
    return { kind: 'missed', icon: '✓', text: multiple ? 'Correct answer, you missed it' : 'Correct answer' };
  if (picked) return { kind: 'wrong', icon: '✗', text: 'Your choice, not correct' };
  return null;
}

interface OrderingInputProps {
  uid: string;
  items: { id: string; text: string }[];
  order: string[];
  locked: boolean;
  inPlace: boolean[] | null;
  answer: string[];
  onChange(order: string[]): void;
}

function OrderingInput({ uid, items, order, locked, inPlace, answer, onChange }: OrderingInputProps) {
  const [announcement, setAnnouncement] = useState('');
  const [pendingFocus, setPendingFocus] = useState<{ id: string; dir: 'up' | 'down' } | null>(null);
  const textOf = (id: string) => items.find((i) => i.id === id)?.text ?? id;

  // The moved item's button keeps focus at its new position, so repeated presses keep moving it.
  useEffect(() => {
    if (!pendingFocus) return;
    document.getElementById(`${uid}-${pendingFocus.id}-${pendingFocus.dir}`)?.focus();
    setPendingFocus(null);
  }, [pendingFocus, uid]);

  function move(index: number, dir: 'up' | 'down') {
    const delta = dir === 'up' ? -1 : 1;
    const to = index + delta;
    const id = order[index];
    if (locked || id === undefined || to < 0 || to >= order.length) return;
    onChange(moveItem(order, index, delta));
    setAnnouncement(`${textOf(id)} moved to position ${to + 1} of ${order.length}.`);
    setPendingFocus({ id, dir });
  }

  return (
    <div className="quiz-ordering">
      <ol className="quiz-order-list">
        {order.map((id, i) => {
          const text = textOf(id);
          const place = inPlace ? inPlace[i] : undefined;
          const rightAt = answer.indexOf(id) + 1;
          return (
            <li
              key={id}
              className={
                place === undefined
                  ? 'quiz-order-item'
                  : `quiz-order-item ${place ? 'has-right' : 'has-wrong'}`
              }
            >
              <span className="quiz-order-pos" aria-hidden="true">
                {i + 1}
              </span>
              <span className="quiz-order-text">
                <InlineText text={text} />
                {place !== undefined && (
                  <span className="quiz-mark">
                    <span aria-hidden="true">{place ? '✓ ' : '✗ '}</span>
                    {place ? 'In the right place' : `Belongs at position ${rightAt}`}
                  </span>
                )}
              </span>
              {!locked && (
                <span className="quiz-order-buttons">
                  <button
                    type="button"
                    id={`${uid}-${id}-up`}
                    className="quiz-icon-button"
                    aria-label={`Move up: ${text}`}
                    aria-disabled={i === 0}
                    onClick={() => move(i, 'up')}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    id={`${uid}-${id}-down`}
                    className="quiz-icon-button"
                    aria-label={`Move down: ${text}`}
                    aria-disabled={i === order.length - 1}
                    onClick={() => move(i, 'down')}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
