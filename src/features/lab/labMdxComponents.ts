/** What a lab's step.mdx may use. content:check enforces the same list (scripts/content-check.ts LAB_MDX_ALLOWLIST). */
import { Hint, Question, Task } from './LabComponents';
import { LoadTest, PowerTuning, QueryAnswer } from './PerformanceTools';

export const labMdxComponents = { Task, Hint, Question, LoadTest, QueryAnswer, PowerTuning };
