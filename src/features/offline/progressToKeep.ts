/**
 * "Is there progress worth asking the browser to keep?" A completed lesson, an answered quiz question or a
 * ticked checklist item. Visiting a lesson alone is not: asking on the first page view would make Firefox
 * prompt a learner who has done nothing yet.
 */
import { whenPageSettled } from '../../platform/pageIdle';
import { useProgressStore } from '../progress/progress.store';

export interface ProgressCounts {
  completedLessons: number;
  answeredQuestions: number;
  tickedItems: number;
}

/** Pure. */
export function hasProgressToKeep(counts: ProgressCounts): boolean {
  return counts.completedLessons + counts.answeredQuestions + counts.tickedItems > 0;
}

/** Pure: answered questions over every saved quiz. */
export function countAnsweredQuestions(
  quizzes: Record<string, { questions: Record<string, unknown> }>,
): number {
  return Object.values(quizzes).reduce((sum, quiz) => sum + Object.keys(quiz.questions).length, 0);
}

/** Pure: ticked items over every saved checklist. */
export function countTickedItems(lists: Record<string, { ticked: readonly string[] }>): number {
  return Object.values(lists).reduce((sum, list) => sum + list.ticked.length, 0);
}

/**
 * Calls `listener` whenever the saved progress changes and there is some (and once at the start if there
 * already is). The quiz and checklist stores live in lazy chunks; they are loaded here once the page has settled.
 */
export function watchProgressToKeep(listener: () => void): () => void {
  const counts: ProgressCounts = { completedLessons: 0, answeredQuestions: 0, tickedItems: 0 };
  let stopped = false;
  const check = () => {
    if (!stopped && hasProgressToKeep(counts)) listener();
  };
  const readProgress = () => {
    counts.completedLessons = Object.keys(useProgressStore.getState().completed).length;
    check();
  };
  const unsubscribers = [useProgressStore.subscribe(readProgress)];
  readProgress();
  void whenPageSettled()
    .then(() => Promise.all([import('../quiz/quiz.store'), import('../checklist/checklist.store')]))
    .then(([{ useQuizStore }, { useChecklistStore }]) => {
      if (stopped) return;
      const readQuizzes = () => {
        counts.answeredQuestions = countAnsweredQuestions(useQuizStore.getState().quizzes);
        check();
      };
      const readChecklists = () => {
        counts.tickedItems = countTickedItems(useChecklistStore.getState().lists);
        check();
      };
      unsubscribers.push(useQuizStore.subscribe(readQuizzes), useChecklistStore.subscribe(readChecklists));
      readQuizzes();
      readChecklists();
    });
  return () => {
    stopped = true;
    unsubscribers.forEach((unsubscribe) => unsubscribe());
  };
}
