export {
  createLogs,
  lambdaLogGroupName,
  lambdaLogStreamName,
  LogsError,
  LogsService,
  MAX_EVENT_BYTES,
  MAX_EVENTS_PER_GROUP,
  RETENTION_DAYS,
} from './service';
export type {
  EventQuery,
  InputLogEvent,
  InsightsQueryInput,
  LogEvent,
  LogGroupSummary,
  LogStreamSummary,
  PutResult,
} from './service';
export { runQuery, MAX_RESULT_ROWS, formatTimestamp } from './insights/engine';
export type { InsightsResult, Row, Value } from './insights/engine';
export { InsightsQueryError, parseQuery } from './insights/syntax';
export { compileFilterPattern, FilterPatternError } from './filterPattern';
export { parseEmf, METRIC_UNITS } from './emf';
export type { MetricDatum, MetricUnit } from './emf';
export { MetricsStore, MAX_POINTS_PER_SERIES, MAX_SERIES } from './metrics';
export type { MetricSummary, SeriesPoint, SeriesQuery, Statistic } from './metrics';
