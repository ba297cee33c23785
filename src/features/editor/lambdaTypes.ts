/**
 * The @types/aws-lambda declarations as text, for Monaco's TypeScript worker. One lazy chunk (eager glob
 * inside it), fetched once the editor is up: a single request instead of one per file.
 */
export const lambdaTypes = import.meta.glob('/node_modules/@types/aws-lambda/**/*.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
