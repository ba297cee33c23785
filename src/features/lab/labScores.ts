/**
 * Lab scores for the Progress page: per lab the steps completed, the share of check weight passed (best per
 * step), first-try passes, hint tiers used and solutions applied before a step was complete.
 */
import { labs, labStepIds } from '../../course/labs';
import type { ScoreItem } from '../progress/ScoresPanel';
import { labScore, useLabStore, type LabProgress } from './lab.store';

export function labScoreItem(
  id: string,
  title: string,
  stepIds: readonly string[],
  progress: LabProgress,
): ScoreItem {
  const s = labScore(progress, stepIds);
  const parts = [
    `${Math.round(s.weight * 100)}% of check weight`,
    `${s.firstTries} first-try ${s.firstTries === 1 ? 'pass' : 'passes'}`,
    `${s.hintsUsed} ${s.hintsUsed === 1 ? 'hint' : 'hints'}`,
  ];
  if (s.solutionsUsed > 0)
    parts.push(`${s.solutionsUsed} ${s.solutionsUsed === 1 ? 'solution' : 'solutions'} used`);
  return {
    id: `lab:${id}`,
    title,
    score: { correct: s.completed, total: s.steps },
    detail: `steps complete · ${parts.join(' · ')}`,
    href: `/labs/${id}`,
  };
}

/** Labs the learner has started, in the labs index's order. */
export function useLabScoreItems(): ScoreItem[] {
  const saved = useLabStore((s) => s.labs);
  return labs
    .filter((l) => saved[l.id])
    .map((l) => labScoreItem(l.id, l.meta.title, labStepIds(l.id), saved[l.id]!));
}
