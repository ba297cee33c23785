/** Function configuration, validated the way the Lambda API does, with AWS-shaped error messages. */
import type { CodeFile, LayerContent } from './lambda/host';
import { DEFAULT_LOGGING, type LoggingConfig } from './lambda/invocationLog';
import type { Rng } from './random';
import { BLOCKED_RUNTIMES, RUNTIMES, type Architecture, type RuntimeId } from './timing';

export const LIMITS = {
  memoryMb: { min: 128, max: 10_240, default: 128 },
  timeoutS: { min: 1, max: 900, default: 3 },
  ephemeralStorageMb: { min: 512, max: 10_240, default: 512 },
  layers: { max: 5 },
  unzippedBytes: 262_144_000, // 250 MB, function code + layers
  maxRetryAttempts: { min: 0, max: 2, default: 2 },
  maxEventAgeS: { min: 60, max: 21_600, default: 21_600 },
  accountConcurrency: 1000,
  minUnreserved: 100,
} as const;

export interface LayerConfig {
  name: string;
  unzippedMb: number;
  /** The layer's files, for functions whose real code runs (mounted under /opt). */
  content?: LayerContent;
}

/** Real code, for functions run by the worker executor. */
export interface FunctionCode {
  /** `index.handler`, `lambda_function.lambda_handler`. */
  handler: string;
  files: CodeFile[];
}

export interface HandlerContext {
  /** Attempt number for this event (1 = first). */
  attempt: number;
  coldStart: boolean;
  payload: unknown;
}

/** How a modelled handler behaves (the pool, the explorer); functions with real code ignore it. */
export interface HandlerModel {
  /** Time the handler takes at 1 vCPU (1,769 MB), ms; or a draw per invocation. Default 20. */
  durationMs?: number | ((rng: Rng, ctx: HandlerContext) => number);
  /** Share of the handler's time that is CPU-bound (scales with memory). Default 0.5. */
  cpuBoundFraction?: number;
  /** Probability that the handler returns a function error. Default 0. */
  errorRate?: number;
  /** Probability that the process crashes (environment resets). Default 0. */
  crashRate?: number;
  maxMemoryUsedMb?: number;
  /** Override the modelled Init (extensions + runtime + function) time, ms. */
  initMs?: number;
  /** Decide this attempt's result from the event (e.g. the explorer's injected faults); overrides the rates. */
  result?: (ctx: HandlerContext) => 'success' | 'error' | 'crash' | 'timeout' | undefined;
  /** The response payload of a successful modelled invocation (default `null`). */
  response?: (ctx: HandlerContext) => unknown;
  /** Application log lines a modelled handler writes (INFO), for the explorer's log (actor executor only). */
  logs?: (ctx: HandlerContext) => string[];
}

export interface AsyncConfig {
  /** 0–2, default 2. */
  maxRetryAttempts?: number;
  /** 60–21,600 s, default 21,600 (6 h). */
  maxEventAgeS?: number;
  /** Dead-letter queue (SQS/SNS): receives the event only. `true`, or the queue's ARN. */
  dlq?: boolean | string;
  /** Destinations: receive a record with request and response. `true`, or the target's ARN. */
  onSuccess?: boolean | string;
  onFailure?: boolean | string;
}

/**
 * VpcConfig of CreateFunction/UpdateFunctionConfiguration: the subnets and security groups Lambda gives the
 * function's network interfaces (src/sim/vpc decides what the function can reach through them).
 */
export interface VpcConfig {
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface FunctionConfigInput {
  name: string;
  memoryMb?: number;
  timeoutS?: number;
  ephemeralStorageMb?: number;
  architecture?: Architecture;
  runtime?: RuntimeId;
  /** Unzipped function code, MB (default 1). */
  packageMb?: number;
  layers?: LayerConfig[];
  vpc?: boolean;
  /** Subnets and security groups (a function with subnets is in a VPC). */
  vpcConfig?: VpcConfig | null;
  extensions?: number;
  handler?: HandlerModel;
  async?: AsyncConfig;
  /** Real code (worker executor). */
  code?: FunctionCode;
  /** Environment variables the learner sets. */
  environment?: Record<string, string>;
  logging?: Partial<LoggingConfig>;
  tracing?: 'Active' | 'PassThrough';
  description?: string;
}

export interface FunctionConfig {
  name: string;
  memoryMb: number;
  timeoutS: number;
  ephemeralStorageMb: number;
  architecture: Architecture;
  runtime: RuntimeId;
  /** Function code, unzipped MB. */
  packageMb: number;
  /** Code plus layers, unzipped MB (what the 250 MB limit and the download model use). */
  unzippedMb: number;
  layers: LayerConfig[];
  vpc: boolean;
  vpcConfig: VpcConfig | null;
  extensions: number;
  handler: HandlerModel;
  async: Required<AsyncConfig>;
  code: FunctionCode | null;
  environment: Record<string, string>;
  logging: LoggingConfig;
  tracing: 'Active' | 'PassThrough';
  description: string;
}

export type ValidationResult =
  | { ok: true; config: FunctionConfig }
  | {
      ok: false;
      errorType: 'ValidationException' | 'InvalidParameterValueException' | 'ResourceConflictException';
      /** The whole message as the API returns it. */
      message: string;
      /** One entry per failed constraint. */
      errors: string[];
    };

const NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

function constraint(value: unknown, field: string, rule: string): string {
  return `Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`;
}

function checkRange(errors: string[], value: number, field: string, min: number, max: number): void {
  if (!Number.isInteger(value)) {
    errors.push(constraint(value, field, 'Member must be a whole number'));
  } else if (value < min) {
    errors.push(constraint(value, field, `Member must have value greater than or equal to ${min}`));
  } else if (value > max) {
    errors.push(constraint(value, field, `Member must have value less than or equal to ${max}`));
  }
}

export function validateFunctionConfig(input: FunctionConfigInput): ValidationResult {
  const errors: string[] = [];
  const memoryMb = input.memoryMb ?? LIMITS.memoryMb.default;
  const timeoutS = input.timeoutS ?? LIMITS.timeoutS.default;
  const ephemeralStorageMb = input.ephemeralStorageMb ?? LIMITS.ephemeralStorageMb.default;
  const layers = input.layers ?? [];
  const asyncIn = input.async ?? {};
  const maxRetryAttempts = asyncIn.maxRetryAttempts ?? LIMITS.maxRetryAttempts.default;
  const maxEventAgeS = asyncIn.maxEventAgeS ?? LIMITS.maxEventAgeS.default;

  if (typeof input.name !== 'string' || !NAME_PATTERN.test(input.name)) {
    errors.push(
      constraint(
        input.name,
        'functionName',
        'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ (1–64 characters)',
      ),
    );
  }
  checkRange(errors, memoryMb, 'memorySize', LIMITS.memoryMb.min, LIMITS.memoryMb.max);
  checkRange(errors, timeoutS, 'timeout', LIMITS.timeoutS.min, LIMITS.timeoutS.max);
  checkRange(
    errors,
    ephemeralStorageMb,
    'ephemeralStorage.size',
    LIMITS.ephemeralStorageMb.min,
    LIMITS.ephemeralStorageMb.max,
  );
  if (layers.length > LIMITS.layers.max) {
    errors.push(
      constraint(
        `[${layers.map((l) => l.name).join(', ')}]`,
        'layers',
        `Member must have length less than or equal to ${LIMITS.layers.max}`,
      ),
    );
  }
  checkRange(
    errors,
    maxRetryAttempts,
    'maximumRetryAttempts',
    LIMITS.maxRetryAttempts.min,
    LIMITS.maxRetryAttempts.max,
  );
  checkRange(
    errors,
    maxEventAgeS,
    'maximumEventAgeInSeconds',
    LIMITS.maxEventAgeS.min,
    LIMITS.maxEventAgeS.max,
  );
  const vpcConfig = input.vpcConfig ?? null;
  if (vpcConfig) {
    // VpcConfig limits (API VpcConfig: at most 16 subnets and 5 security groups).
    if (vpcConfig.subnetIds.length > 16)
      errors.push(
        constraint(
          `[${vpcConfig.subnetIds.join(', ')}]`,
          'vpcConfig.subnetIds',
          'Member must have length less than or equal to 16',
        ),
      );
    if (vpcConfig.securityGroupIds.length > 5)
      errors.push(
        constraint(
          `[${vpcConfig.securityGroupIds.join(', ')}]`,
          'vpcConfig.securityGroupIds',
          'Member must have length less than or equal to 5',
        ),
      );
  }
  const runtime = input.runtime ?? 'nodejs22.x';
  const replacement = BLOCKED_RUNTIMES[runtime as string];
  if (replacement) {
    // CreateFunction/UpdateFunctionConfiguration refuse runtimes past their "block function create" date.
    const message = `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${replacement}) while creating or updating functions.`;
    return { ok: false, errorType: 'InvalidParameterValueException', message, errors: [message] };
  }
  if (!(runtime in RUNTIMES)) {
    errors.push(
      constraint(
        runtime,
        'runtime',
        `Member must satisfy enum value set: [${Object.keys(RUNTIMES).join(', ')}]`,
      ),
    );
  }
  const architecture = input.architecture ?? 'x86_64';
  if (architecture !== 'x86_64' && architecture !== 'arm64') {
    errors.push(
      constraint(
        `[${String(architecture)}]`,
        'architectures',
        'Member must satisfy enum value set: [x86_64, arm64]',
      ),
    );
  }

  if (errors.length > 0) {
    return {
      ok: false,
      errorType: 'ValidationException',
      message: `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
      errors,
    };
  }

  const packageMb = input.packageMb ?? 1;
  const unzippedMb = packageMb + layers.reduce((s, l) => s + l.unzippedMb, 0);
  if (unzippedMb * 1024 * 1024 > LIMITS.unzippedBytes) {
    const message = `Function code combined with layers exceeds the maximum allowed size of ${LIMITS.unzippedBytes} bytes. The actual size is ${Math.round(unzippedMb * 1024 * 1024)} bytes.`;
    return { ok: false, errorType: 'InvalidParameterValueException', message, errors: [message] };
  }

  return {
    ok: true,
    config: {
      name: input.name,
      memoryMb,
      timeoutS,
      ephemeralStorageMb,
      architecture,
      runtime,
      packageMb,
      unzippedMb,
      layers,
      // A VpcConfig given decides (an empty or null one detaches the function); modelled functions set `vpc`.
      vpc:
        input.vpcConfig !== undefined
          ? vpcConfig !== null && vpcConfig.subnetIds.length > 0
          : (input.vpc ?? false),
      vpcConfig:
        vpcConfig && vpcConfig.subnetIds.length > 0
          ? { subnetIds: [...vpcConfig.subnetIds], securityGroupIds: [...vpcConfig.securityGroupIds] }
          : null,
      extensions: input.extensions ?? 0,
      handler: input.handler ?? {},
      async: {
        maxRetryAttempts,
        maxEventAgeS,
        dlq: asyncIn.dlq ?? false,
        onSuccess: asyncIn.onSuccess ?? false,
        onFailure: asyncIn.onFailure ?? false,
      },
      code: input.code ?? null,
      environment: { ...(input.environment ?? {}) },
      logging: { ...DEFAULT_LOGGING, ...(input.logging ?? {}) },
      tracing: input.tracing ?? 'PassThrough',
      description: input.description ?? '',
    },
  };
}

/** PutFunctionConcurrency's rule: the account keeps at least 100 unreserved. */
export function reservedConcurrencyError(
  accountLimit: number,
  reservedElsewhere: number,
  requested: number,
): string | null {
  if (!Number.isInteger(requested) || requested < 0) {
    return `1 validation error detected: ${constraint(requested, 'reservedConcurrentExecutions', 'Member must have value greater than or equal to 0')}`;
  }
  if (accountLimit - reservedElsewhere - requested < LIMITS.minUnreserved) {
    return `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${LIMITS.minUnreserved}].`;
  }
  return null;
}
