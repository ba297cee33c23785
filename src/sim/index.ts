/** Public API of the simulation core (see README.md). Pure TypeScript: no DOM, no real timers. */
export { VirtualClock, RealTimeDriver, MIN_SPEED, MAX_SPEED, toXStateClock } from './clock';
export type { Clock, TimerId, Ticker, XStateClock, RealTimeDriverOptions } from './clock';
export { createRng, uniform, hash32 } from './random';
export type { Rng } from './random';
export { environmentMachine, INIT_TIMEOUT_ERROR } from './environment.machine';
export type {
  ActorInput,
  EnvRequest,
  EnvironmentContext,
  EnvironmentEvent,
  EnvironmentInput,
  EnvironmentMachine,
  EnvironmentOutcome,
  ErrorInfo,
  PhaseName,
} from './environment.machine';
export { createModelledActors } from './environment.actors';
export type { PhasePlan, PhaseResult } from './environment.actors';
export {
  compileMachine,
  environmentTable,
  environmentTransitions,
  requireTransition,
  stateIdOf,
} from './environment.table';
export type { CompiledTable, StateInfo, TransitionInfo } from './environment.table';
export { LIMITS, validateFunctionConfig, reservedConcurrencyError } from './config';
export type {
  AsyncConfig,
  FunctionCode,
  FunctionConfig,
  FunctionConfigInput,
  HandlerContext,
  HandlerModel,
  LayerConfig,
  ValidationResult,
} from './config';
export { LambdaService, ACCOUNT_ID, REGION, errorPayload, modelledMemoryMb } from './lambda/LambdaService';
export type { AliasView, PublishResult, ServiceOptions } from './lambda/LambdaService';
export { Invocation, THROTTLES, throttleBody, apiError } from './lambda/types';
export { RECURSION_LIMIT, RECURSION_ERROR_TYPE, RECURSION_ERROR_MESSAGE } from './lambda/lineage';
export type { RecursiveLoop } from './lambda/lineage';
export type {
  ApiError,
  ApiResult,
  AttemptResult,
  DeadLetterMessage,
  Delivery,
  DestinationRecord,
  EnvironmentView,
  FunctionMetrics,
  InvocationResponse,
  InvocationType,
  InvokeOptions,
  Outcome,
  ScalingModel,
  ServiceEvent,
  ServiceMetrics,
  ThrottleInfo,
  ThrottleReason,
} from './lambda/types';
export { FAST_PATH, ModelledExecutor } from './lambda/executors/modelled';
export type { FastPathName } from './lambda/executors/modelled';
export { ActorExecutor } from './lambda/executors/actor';
export type { PhaseSource, PhaseTrack, PhaseActorName } from './lambda/executors/actor';
export { ModelledPhases } from './lambda/executors/modelledPhases';
export { createWorkerExecutor } from './lambda/executors/worker';
export type { WorkerExecutorOptions } from './lambda/executors/worker';
export type { Executor, ExecutorCallbacks } from './lambda/executors/executor';
export type { DestinationSink } from './lambda/kernel';
export type { ProvisionedStatus } from './lambda/provisioned';
export {
  InvocationLog,
  DEFAULT_LOGGING,
  APP_LEVEL_ORDER,
  passesLevel,
  renderRecord,
  renderRecords,
} from './lambda/invocationLog';
export type {
  LogFormat,
  LogRecord,
  LogRecordType,
  LoggingConfig,
  SystemLogLevel,
  RenderedLine,
} from './lambda/invocationLog';
export type {
  AppLogLevel as ApplicationLogLevel,
  CodeFile,
  CodeRuntimeId,
  EnvironmentHost,
  EnvironmentSettings,
  ErrorResponse,
  FunctionLogRecord,
  InitRequest,
  InitResult,
  InvokeRequest,
  InvokeResult,
  LayerContent,
  StartResult,
  SyntaxLocation,
  AwsCallHandler,
  AwsCallRequest,
  AwsCallResponse,
} from './lambda/host';
export {
  TIMING_NOTE,
  RUNTIMES,
  CODE_RUNTIMES,
  BLOCKED_RUNTIMES,
  baselineMemoryMb,
  RUNTIME_IDS,
  MB_PER_VCPU,
  ON_DEMAND_INIT_LIMIT_MS,
  cpuShare,
  computeScale,
  computeDurationMs,
  modelColdStart,
  initLimitMs,
} from './timing';
export type {
  Architecture,
  ColdStartConfig,
  ColdStartPhases,
  ComputeOptions,
  RuntimeId,
  RuntimeInfo,
} from './timing';
export {
  DEFAULT_EPOCH_MS,
  billedDurationMs,
  createRequestIdGenerator,
  formatAppLog,
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
  isoTimestamp,
  runtimeVersionArn,
  timeoutErrorResponse,
} from './logs';
export type { AppLogLevel, InitReportFields, ReportFields } from './logs';
export {
  PRICES,
  HOURS_PER_MONTH,
  gbSeconds,
  invocationCost,
  monthlyCost,
  provisionedBilledMs,
  provisionedCost,
} from './pricing';
export type {
  InvocationCost,
  InvocationCostInput,
  MonthlyCost,
  MonthlyCostInput,
  ProvisionedCostInput,
} from './pricing';
