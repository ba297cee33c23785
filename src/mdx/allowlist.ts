/**
 * The only JSX components a lesson may use. content:check fails on any other capitalised tag.
 * Adding a component: implement it under src/mdx/ (or a feature), add it to `mdxComponents`
 * in components.tsx and its name here.
 */
export const MDX_ALLOWLIST = [
  'Callout',
  'Updated',
  'CodeTabs',
  'Figure',
  'Diagram',
  'KnowledgeCheck',
  'Quiz',
  'Checklist',
  'LifecycleExplorer',
  'Sandbox',
  'PoolBench',
  'CostCalculator',
  'RetryTimeline',
  'PartialBatch',
  'VpcHang',
  'InvocationModels',
  'EventFormats',
  'PowertoolsOutput',
  'PowerTuning',
] as const;

export type AllowedComponent = (typeof MDX_ALLOWLIST)[number];
