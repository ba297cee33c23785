/**
 * Finds and validates content/quizzes/<id>.json. Each file is its own lazy chunk (import.meta.glob),
 * so a lesson downloads only the quiz it shows.
 */
import { parseQuiz, type Quiz } from './quizSpec';

export type QuizModules = Record<string, () => Promise<unknown>>;

export const quizModules: QuizModules = import.meta.glob('/content/quizzes/*.json', { import: 'default' });

export type LoadedQuiz = { ok: true; quiz: Quiz } | { ok: false; reason: string; problems: string[] };

export async function loadQuiz(id: string, modules: QuizModules = quizModules): Promise<LoadedQuiz> {
  const file = `/content/quizzes/${id}.json`;
  const load = modules[file];
  if (!load) {
    return {
      ok: false,
      reason: `There is no quiz named “${id}” (expected the file ${file.slice(1)}).`,
      problems: [],
    };
  }
  let data: unknown;
  try {
    data = await load();
  } catch (e) {
    return {
      ok: false,
      reason: `The quiz “${id}” could not be downloaded: ${(e as Error).message}`,
      problems: [],
    };
  }
  const parsed = parseQuiz(data, { expectedId: id });
  if (!parsed.ok)
    return { ok: false, reason: `The quiz file ${file.slice(1)} has problems:`, problems: parsed.problems };
  return parsed;
}
