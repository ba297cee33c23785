/**
 * Pure grading: no React, no storage. Each question type decides what "correct" means, and returns
 * enough detail for feedback (which choices were right, which items sit in the right place).
 */
import type {
  MultipleQuestion,
  NumericQuestion,
  OrderingQuestion,
  Question,
  Quiz,
  SingleQuestion,
} from './quizSpec';

/** What a learner submits: an option id, a set of ids, a number, an order of ids, or free text. */
export type AnswerValue = string | string[] | number;

export type Grade =
  | { type: 'single'; correct: boolean; chosen: string }
  | { type: 'multiple'; correct: boolean; rightPicks: string[]; wrongPicks: string[]; missed: string[] }
  | { type: 'numeric'; correct: boolean; value: number; expected: number; tolerance: number }
  | { type: 'ordering'; correct: boolean; inPlace: boolean[]; placedRight: number }
  | { type: 'explain'; correct: null };

/** Floating-point slack so that 0.1 + 0.2 within tolerance 0.1 of 0.4 is not rejected by rounding. */
const EPSILON = 1e-9;

export function gradeSingle(q: SingleQuestion, chosen: string): Grade {
  return { type: 'single', correct: chosen === q.answer, chosen };
}

export function gradeMultiple(q: MultipleQuestion, chosen: readonly string[]): Grade {
  const expected = new Set(q.answer);
  const picked = new Set(chosen);
  const rightPicks = [...picked].filter((id) => expected.has(id));
  const wrongPicks = [...picked].filter((id) => !expected.has(id));
  const missed = q.answer.filter((id) => !picked.has(id));
  return {
    type: 'multiple',
    correct: wrongPicks.length === 0 && missed.length === 0,
    rightPicks,
    wrongPicks,
    missed,
  };
}

export function gradeNumeric(q: NumericQuestion, value: number): Grade {
  const tolerance = q.tolerance ?? 0;
  const correct =
    Number.isFinite(value) &&
    Math.abs(value - q.answer) <= tolerance + EPSILON * Math.max(1, Math.abs(q.answer));
  return { type: 'numeric', correct, value, expected: q.answer, tolerance };
}

export function gradeOrdering(q: OrderingQuestion, order: readonly string[]): Grade {
  const inPlace = q.answer.map((id, i) => order[i] === id);
  const placedRight = inPlace.filter(Boolean).length;
  return {
    type: 'ordering',
    correct: order.length === q.answer.length && placedRight === q.answer.length,
    inPlace,
    placedRight,
  };
}

/**
 * Grades any question. Returns null when the answer is not the right kind for the question (nothing
 * chosen, not a number): the UI asks again instead of counting it as wrong.
 */
export function gradeAnswer(q: Question, answer: AnswerValue): Grade | null {
  switch (q.type) {
    case 'single':
      return typeof answer === 'string' && answer !== '' ? gradeSingle(q, answer) : null;
    case 'multiple':
      return Array.isArray(answer) && answer.length > 0 ? gradeMultiple(q, answer) : null;
    case 'numeric':
      return typeof answer === 'number' && Number.isFinite(answer) ? gradeNumeric(q, answer) : null;
    case 'ordering':
      return Array.isArray(answer) && answer.length === q.items.length ? gradeOrdering(q, answer) : null;
    case 'explain':
      return typeof answer === 'string' && answer.trim() !== '' ? { type: 'explain', correct: null } : null;
  }
}

/**
 * Reads what a learner typed into a number field. Accepts "1,000", "0,5" (decimal comma), spaces;
 * returns null for anything that is not one finite number.
 */
export function parseNumberInput(raw: string): number | null {
  let s = raw.trim().replace(/\s+/g, '');
  if (s === '') return null;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Is a saved answer still usable for this question (content may have changed since it was saved)? */
export function isAnswerValidFor(q: Question, answer: AnswerValue): boolean {
  switch (q.type) {
    case 'single':
      return typeof answer === 'string' && q.options.some((o) => o.id === answer);
    case 'multiple':
      return (
        Array.isArray(answer) && answer.length > 0 && answer.every((a) => q.options.some((o) => o.id === a))
      );
    case 'numeric':
      return typeof answer === 'number' && Number.isFinite(answer);
    case 'ordering':
      return (
        Array.isArray(answer) &&
        answer.length === q.items.length &&
        new Set(answer).size === answer.length &&
        q.items.every((item) => answer.includes(item.id))
      );
    case 'explain':
      return typeof answer === 'string';
  }
}

/** Per-question outcome as saved: `correct` null means an explain question awaiting self-assessment. */
export interface QuestionOutcome {
  correct: boolean | null;
}

export interface TopicScore {
  topic: string;
  correct: number;
  total: number;
}

export interface QuizScore {
  correct: number;
  /** Questions with a final outcome (explain questions count once self-assessed). */
  answered: number;
  total: number;
  complete: boolean;
  /** In first-appearance order of the quiz. */
  topics: TopicScore[];
  /** Answered wrongly or self-assessed "Not yet", in quiz order. */
  missed: Question[];
}

export function scoreQuiz(
  quiz: Quiz,
  outcomes: Readonly<Record<string, QuestionOutcome | undefined>>,
): QuizScore {
  const topics = new Map<string, TopicScore>();
  const missed: Question[] = [];
  let correct = 0;
  let answered = 0;
  for (const q of quiz.questions) {
    const topic = topics.get(q.topic) ?? { topic: q.topic, correct: 0, total: 0 };
    topics.set(q.topic, topic);
    topic.total += 1;
    const outcome = outcomes[q.id]?.correct;
    if (outcome === true) {
      correct += 1;
      topic.correct += 1;
    }
    if (outcome === false) missed.push(q);
    if (outcome === true || outcome === false) answered += 1;
  }
  const total = quiz.questions.length;
  return {
    correct,
    answered,
    total,
    complete: total > 0 && answered === total,
    topics: [...topics.values()],
    missed,
  };
}

/** A 32-bit FNV-1a hash of a string: the seed of the shuffles below. */
function hashSeed(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Fisher–Yates driven by a seeded generator: the same seed gives the same order on every load. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  let h = hashSeed(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    const j = h % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The seed of one attempt at a quiz. Options are shuffled per attempt (a retake gets new positions),
 * and stay put within an attempt, across reloads, so the learner's saved choices line up.
 */
export function attemptSeed(quizId: string, round: number): string {
  return `${quizId}#${round}`;
}

/**
 * The order in which a single or multiple choice question shows its options in one attempt. Authored
 * order never leaks through: always picking "the second option" earns about what guessing earns.
 */
export function optionOrder(q: SingleQuestion | MultipleQuestion, seed: string): string[] {
  return seededShuffle(
    q.options.map((o) => o.id),
    `${seed}:${q.id}`,
  );
}

/**
 * A stable starting order for an ordering question that is never already the answer (writers often
 * list items in the right order). Seeded like the options, so it changes per attempt, not per load.
 */
export function initialOrder(q: OrderingQuestion, seed: string): string[] {
  const out = seededShuffle(
    q.items.map((i) => i.id),
    seed + q.id,
  );
  const same = (a: string[]) => a.every((id, i) => id === q.answer[i]);
  // A shuffle can land on the answer; rotating by one then cannot (items are distinct, length ≥ 2).
  if (same(out)) out.push(out.shift()!);
  return out;
}

/** Moves one entry by `delta` places; returns the same array when the move would leave the list. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}
