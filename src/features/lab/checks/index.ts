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
export type { Trace, Segment, Subsegment } from '../../../sim/aws/xray/service';
export { httpApiEvent, httpResultOf, sqsEvent } from './events';
export type { HttpResult, SqsMessageInput } from './events';
