/**
 * The quiz file format (content/quizzes/<id>.json) and its validator.
 *
 * Plain TypeScript on purpose: the same code runs in the lazy quiz chunk (a few hundred bytes, no
 * schema library) and under node in scripts/content-check.ts, and it reports *every* problem with a
 * path a content writer can act on, e.g. "questions[2].answer: 'e' is not an option id".
 */

export interface QuizOption {
  id: string;
  text: string;
}

interface QuestionBase {
  id: string;
  topic: string;
  prompt: string;
  explanation: string;
  /** `/lessons/<slug>#<heading-id>` */
  review: string;
}

/** Questions the learner can get wrong and try again carry a hint, shown after a wrong first answer. */
interface Hinted {
  /** A nudge towards the answer that does not give it away. */
  hint: string;
}

export interface SingleQuestion extends QuestionBase, Hinted {
  type: 'single';
  options: QuizOption[];
  answer: string;
}

export interface MultipleQuestion extends QuestionBase, Hinted {
  type: 'multiple';
  options: QuizOption[];
  answer: string[];
}

export interface NumericQuestion extends QuestionBase, Hinted {
  type: 'numeric';
  answer: number;
  /** Absolute tolerance; 0 when absent. */
  tolerance?: number;
  unit?: string;
}

export interface OrderingQuestion extends QuestionBase, Hinted {
  type: 'ordering';
  items: QuizOption[];
  answer: string[];
}

export interface ExplainQuestion extends QuestionBase {
  type: 'explain';
  modelAnswer: string;
  rubric?: string[];
}

export type Question =
  SingleQuestion | MultipleQuestion | NumericQuestion | OrderingQuestion | ExplainQuestion;
export type QuestionType = Question['type'];

export interface Quiz {
  id: string;
  lesson: string;
  title: string;
  graded?: boolean;
  questions: Question[];
}

export const QUESTION_TYPES: readonly QuestionType[] = [
  'single',
  'multiple',
  'numeric',
  'ordering',
  'explain',
];

/** `/lessons/<kebab-slug>#<heading-id>`; heading ids are github-slugger output (lower case, may hold unicode letters). */
export const REVIEW_LINK = /^\/lessons\/([a-z0-9]+(?:-[a-z0-9]+)*)#([\p{Ll}\p{Lo}\p{N}_-]+)$/u;
const ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

const QUIZ_KEYS = ['id', 'lesson', 'title', 'graded', 'questions'];
const COMMON_KEYS = ['id', 'type', 'topic', 'prompt', 'explanation', 'review'];
const TYPE_KEYS: Record<QuestionType, string[]> = {
  single: ['options', 'answer', 'hint'],
  multiple: ['options', 'answer', 'hint'],
  numeric: ['answer', 'tolerance', 'unit', 'hint'],
  ordering: ['items', 'answer', 'hint'],
  explain: ['modelAnswer', 'rubric'],
};

export interface ValidateOptions {
  /** When given (content-check passes the file name), the quiz `id` must equal it. */
  expectedId?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

/** Returns every problem found, each prefixed by its path; an empty array means the quiz is valid. */
export function validateQuiz(data: unknown, options: ValidateOptions = {}): string[] {
  const problems: string[] = [];
  const report = (path: string, message: string) => problems.push(`${path}: ${message}`);

  if (!isRecord(data)) return ['(quiz): must be a JSON object'];

  for (const key of Object.keys(data)) if (!QUIZ_KEYS.includes(key)) report(key, 'unknown field');
  if (!isText(data.id)) report('id', 'required non-empty string');
  else if (!ID.test(data.id)) report('id', `${show(data.id)} must be kebab-case (a-z, 0-9, -)`);
  else if (options.expectedId !== undefined && data.id !== options.expectedId) {
    report('id', `${show(data.id)} must match the file name ${show(options.expectedId)}`);
  }
  if (!isText(data.lesson)) report('lesson', 'required non-empty string (the lesson slug)');
  if (!isText(data.title)) report('title', 'required non-empty string');
  if (data.graded !== undefined && typeof data.graded !== 'boolean')
    report('graded', 'must be true or false');

  if (!Array.isArray(data.questions)) {
    report('questions', 'required array of questions');
    return problems;
  }
  if (data.questions.length === 0) report('questions', 'needs at least one question');

  const seen = new Set<string>();
  data.questions.forEach((q, i) => {
    const at = `questions[${i}]`;
    if (!isRecord(q)) {
      report(at, 'must be an object');
      return;
    }
    if (isText(q.id)) {
      if (seen.has(q.id)) report(`${at}.id`, `duplicate question id ${show(q.id)}`);
      seen.add(q.id);
    }
    validateQuestion(q, at, report);
  });
  return problems;
}

function validateQuestion(
  q: Record<string, unknown>,
  at: string,
  report: (path: string, message: string) => void,
): void {
  if (!isText(q.id)) report(`${at}.id`, 'required non-empty string');
  else if (!ID.test(q.id)) report(`${at}.id`, `${show(q.id)} must be kebab-case (a-z, 0-9, -)`);
  for (const field of ['topic', 'prompt', 'explanation'] as const) {
    if (!isText(q[field])) report(`${at}.${field}`, 'required non-empty string');
  }
  if (!isText(q.review)) report(`${at}.review`, 'required link like /lessons/<slug>#<heading-id>');
  else if (!REVIEW_LINK.test(q.review)) {
    report(`${at}.review`, `${show(q.review)} must look like /lessons/<slug>#<heading-id>`);
  }

  const type = q.type as QuestionType;
  if (!QUESTION_TYPES.includes(type)) {
    report(`${at}.type`, `${show(q.type)} must be one of ${QUESTION_TYPES.join(', ')}`);
    return;
  }
  const allowed = [...COMMON_KEYS, ...TYPE_KEYS[type]];
  for (const key of Object.keys(q))
    if (!allowed.includes(key)) report(`${at}.${key}`, `unknown field for a ${type} question`);
  if (type !== 'explain') {
    if (!isText(q.hint)) report(`${at}.hint`, 'required non-empty string (shown after a wrong first answer)');
    else if (isText(q.explanation) && q.hint.trim() === q.explanation.trim())
      report(`${at}.hint`, 'must differ from the explanation: a hint nudges, it does not give the answer');
  }

  switch (type) {
    case 'single': {
      const ids = validateChoices(q.options, `${at}.options`, 2, report);
      if (typeof q.answer !== 'string') report(`${at}.answer`, 'must be one option id (a string)');
      else if (ids && !ids.has(q.answer)) report(`${at}.answer`, `${show(q.answer)} is not an option id`);
      break;
    }
    case 'multiple': {
      const ids = validateChoices(q.options, `${at}.options`, 2, report);
      if (!Array.isArray(q.answer) || q.answer.length === 0) {
        report(`${at}.answer`, 'must be a non-empty array of option ids');
        break;
      }
      const picked = new Set<string>();
      q.answer.forEach((a, j) => {
        if (typeof a !== 'string') report(`${at}.answer[${j}]`, 'must be an option id (a string)');
        else if (picked.has(a)) report(`${at}.answer[${j}]`, `duplicate option id ${show(a)}`);
        else if (ids && !ids.has(a)) report(`${at}.answer[${j}]`, `${show(a)} is not an option id`);
        if (typeof a === 'string') picked.add(a);
      });
      break;
    }
    case 'numeric': {
      if (typeof q.answer !== 'number' || !Number.isFinite(q.answer))
        report(`${at}.answer`, 'must be a finite number');
      if (
        q.tolerance !== undefined &&
        (typeof q.tolerance !== 'number' || !Number.isFinite(q.tolerance) || q.tolerance < 0)
      ) {
        report(`${at}.tolerance`, 'must be a finite number ≥ 0');
      }
      if (q.unit !== undefined && !isText(q.unit))
        report(`${at}.unit`, 'must be a non-empty string when given');
      break;
    }
    case 'ordering': {
      const ids = validateChoices(q.items, `${at}.items`, 2, report);
      if (!Array.isArray(q.answer)) {
        report(`${at}.answer`, 'must be an array of every item id in the correct order');
        break;
      }
      const used = new Set<string>();
      q.answer.forEach((a, j) => {
        if (typeof a !== 'string') report(`${at}.answer[${j}]`, 'must be an item id (a string)');
        else if (used.has(a)) report(`${at}.answer[${j}]`, `duplicate item id ${show(a)}`);
        else if (ids && !ids.has(a)) report(`${at}.answer[${j}]`, `${show(a)} is not an item id`);
        if (typeof a === 'string') used.add(a);
      });
      if (ids) {
        const missing = [...ids].filter((id) => !used.has(id));
        if (missing.length)
          report(`${at}.answer`, `must list every item; missing ${missing.map(show).join(', ')}`);
      }
      break;
    }
    case 'explain': {
      if (!isText(q.modelAnswer)) report(`${at}.modelAnswer`, 'required non-empty string');
      if (q.rubric !== undefined) {
        if (!Array.isArray(q.rubric)) report(`${at}.rubric`, 'must be an array of strings when given');
        else
          q.rubric.forEach(
            (r, j) => !isText(r) && report(`${at}.rubric[${j}]`, 'must be a non-empty string'),
          );
      }
      break;
    }
  }
}

/** Checks an options/items list; returns its id set, or null when the list itself is unusable. */
function validateChoices(
  list: unknown,
  at: string,
  min: number,
  report: (path: string, message: string) => void,
): Set<string> | null {
  if (!Array.isArray(list)) {
    report(at, `required array of at least ${min} { id, text } entries`);
    return null;
  }
  if (list.length < min) report(at, `needs at least ${min} entries (has ${list.length})`);
  const ids = new Set<string>();
  list.forEach((o, j) => {
    if (!isRecord(o)) {
      report(`${at}[${j}]`, 'must be an object { id, text }');
      return;
    }
    for (const key of Object.keys(o))
      if (key !== 'id' && key !== 'text') report(`${at}[${j}].${key}`, 'unknown field');
    if (!isText(o.id)) report(`${at}[${j}].id`, 'required non-empty string');
    else if (ids.has(o.id)) report(`${at}[${j}].id`, `duplicate id ${show(o.id)}`);
    else ids.add(o.id);
    if (!isText(o.text)) report(`${at}[${j}].text`, 'required non-empty string');
  });
  return ids;
}

export type ParsedQuiz = { ok: true; quiz: Quiz } | { ok: false; problems: string[] };

/** Validates and narrows; the only way the UI turns unknown JSON into a `Quiz`. */
export function parseQuiz(data: unknown, options?: ValidateOptions): ParsedQuiz {
  const problems = validateQuiz(data, options);
  return problems.length ? { ok: false, problems } : { ok: true, quiz: data as Quiz };
}

/**
 * Where the correct answers of single-choice questions sit in the authored option lists. Options are
 * shuffled per attempt, but the authored order is what a printout, a screen reader without scripts or
 * a reviewer reading the JSON sees, and a pile-up on one position betrays a writing habit.
 */
export function answerPositions(quiz: Pick<Quiz, 'questions'>): number[] {
  return quiz.questions
    .filter((q): q is SingleQuestion => q.type === 'single')
    .map((q) => q.options.findIndex((o) => o.id === q.answer))
    .filter((position) => position >= 0);
}

/** The smallest number of single-choice answers for which their spread is checked. */
export const MIN_ANSWERS_FOR_SPREAD = 4;

/**
 * The clustering rule: among at least MIN_ANSWERS_FOR_SPREAD single-choice answers, no option position
 * (first, second, …) may hold more than half of them. Returns a message, or null when the spread is fine.
 * Used per quiz and, over every quiz together, for the whole course.
 */
export function answerSpreadProblem(positions: readonly number[]): string | null {
  if (positions.length < MIN_ANSWERS_FOR_SPREAD) return null;
  const counts = new Map<number, number>();
  for (const p of positions) counts.set(p, (counts.get(p) ?? 0) + 1);
  const [position, count] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  if (count * 2 <= positions.length) return null;
  return `${count} of ${positions.length} single-choice answers are the option in position ${position + 1}; no position may hold more than half, so reorder some options`;
}

/** Splits a review link into its lesson slug and heading id (null when malformed). */
export function parseReviewLink(link: string): { slug: string; headingId: string } | null {
  const m = REVIEW_LINK.exec(link);
  return m ? { slug: m[1]!, headingId: m[2]! } : null;
}
