export { createXRay, MAX_TRACES, XRayService } from './service';
export type {
  AwsCallRecord,
  BeginInvocationInput,
  EndInvocationInput,
  InvocationTrace,
  Segment,
  ServiceMap,
  ServiceMapEdge,
  ServiceMapNode,
  Subsegment,
  Trace,
  TraceStatus,
  TraceSummary,
  WaterfallRow,
} from './service';
export { formatTraceHeader, parseTraceHeader, TRACE_ID } from './ids';
export type { TraceHeader } from './ids';
export { awsCallRecord, describeAwsCall, tracedHandler } from './sdkCall';
