/** Public API of the simulation core (see README.md). Pure TypeScript: no DOM, no real timers. */
export { VirtualClock, RealTimeDriver, MIN_SPEED, MAX_SPEED } from './clock';
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
  FunctionConfig,
  FunctionConfigInput,
  HandlerContext,
  HandlerModel,
  LayerConfig,
  ValidationResult,
} from './config';
export { LambdaService, Invocation, FAST_PATH } from './service';
export type {
  Delivery,
  DestinationRecord,
  FastPathName,
  FunctionMetrics,
  InvocationType,
  InvokeOptions,
  Outcome,
  ScalingModel,
  ServiceEvent,
  ServiceMetrics,
  ServiceOptions,
  ThrottleInfo,
  ThrottleReason,
} from './service';
export {
  TIMING_NOTE,
  RUNTIMES,
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
