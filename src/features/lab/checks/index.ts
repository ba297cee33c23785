/** The module a lab's check.ts imports as '@coldstart/lab'. */
export { defineChecks, fail, pass } from './api';
export type { CheckContext, CheckDefinition, CheckOutcome, InvokeOutcome, InvokeOptions } from './api';
export { httpApiEvent } from './events';
