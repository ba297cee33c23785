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
export type { LoadTestPlan, LoadTestResult, LoadTestRequest } from '../loadTest';
export type { PowerTuningReport, PowerResult } from '../../../sim/powerTuning';
export { cheapestSizes } from '../../../sim/powerTuning';
export type { InsightsResult } from '../../../sim/aws/logs';
