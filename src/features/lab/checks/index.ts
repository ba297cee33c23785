/** The module a lab's check.ts imports as '@coldstart/lab'. */
export { defineChecks, fail, pass } from './api';
export type {
  CheckContext,
  CheckDefinition,
  CheckOutcome,
  InvokeOutcome,
  InvokeOptions,
  VariantChange,
  VariantFunction,
} from './api';
export { httpApiEvent, httpResultOf } from './events';
export type { HttpResult } from './events';
