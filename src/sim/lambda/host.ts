/**
 * What the worker executor needs from whatever really runs code: the seam between the Lambda service (pure, in
 * src/sim) and the sandbox (Web Workers in an opaque-origin iframe, in src/sandbox), or an in-process runtime in
 * tests. One environment = one runtime process, addressed by `environmentId`.
 *
 * The host never decides Lambda rules (routing, limits, timeouts, log lines, billing): it starts processes, runs
 * init and invokes when asked, and reports what happened with measured durations.
 */

/** Runtimes that run real code (the modelled ones in timing.ts exist for the pool and explorer only). */
export type CodeRuntimeId = 'nodejs22.x' | 'nodejs24.x' | 'python3.14';

export type AppLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface ErrorResponse {
  errorType: string;
  errorMessage: string;
  /** Node.js `trace`; Python's `stackTrace` is carried here too and renamed by the runtime's response shape. */
  trace: string[];
}

export interface SyntaxLocation {
  /** 1-based line and column in the file named by `file`. */
  line: number;
  column: number;
  message: string;
  file?: string;
}

/** A file of the deployment package or of a layer, as text. */
export interface CodeFile {
  /** Relative to /var/task (function) or /opt (layer), e.g. `index.mjs`, `nodejs/node_modules/util/index.js`. */
  path: string;
  content: string;
}

export interface LayerContent {
  /** `arn:aws:lambda:us-east-1:123456789012:layer:name:version`. */
  arn: string;
  name: string;
  version: number;
  files: CodeFile[];
}

/** What the runtime of one environment sees about its function (environment variables, context fields). */
export interface EnvironmentSettings {
  functionName: string;
  /** The version this environment runs: `$LATEST` or a published number. */
  functionVersion: string;
  region: string;
  accountId: string;
  memoryMb: number;
  timeoutS: number;
  ephemeralStorageMb: number;
  architecture: 'x86_64' | 'arm64';
  /** `index.handler`, `lambda_function.lambda_handler`. */
  handler: string;
  /** Environment variables the learner configured (Lambda's own are added by the runtime). */
  environment: Record<string, string>;
  initializationType: 'on-demand' | 'provisioned-concurrency';
  logGroupName: string;
  logStreamName: string;
  logFormat: 'Text' | 'JSON';
  /** AWS_LAMBDA_LOG_LEVEL for runtimes that filter themselves (JSON format only). */
  applicationLogLevel: AppLogLevel;
  tracing: 'Active' | 'PassThrough';
}

export interface InitRequest {
  runtime: CodeRuntimeId;
  files: CodeFile[];
  layers: LayerContent[];
  settings: EnvironmentSettings;
}

export type InitResult =
  | { ok: true; durationMs: number }
  | { ok: false; durationMs: number; error: ErrorResponse; syntax?: SyntaxLocation };

export interface InvokeRequest {
  requestId: string;
  /** The event as JSON text (already size-checked by the service). */
  event: string;
  /** Time left before the function times out, ms (getRemainingTimeInMillis counts down from it). */
  remainingMs: number;
  /** The ARN the caller used, with its qualifier (`…:function:orders:live`). */
  invokedFunctionArn: string;
  /** `_X_AMZN_TRACE_ID` for this invocation. */
  traceId: string;
  clientContext?: string;
}

export type InvokeResult =
  | {
      outcome: 'success';
      payload: string;
      durationMs: number;
      maxMemoryUsedMb: number;
      /** A streamed response (`awslambda.streamifyResponse`): `payload` is its bytes joined, as text. */
      stream?: StreamedResponse;
    }
  | {
      outcome: 'error';
      error: ErrorResponse;
      durationMs: number;
      maxMemoryUsedMb: number;
      /** An error mid-stream: what was written before it (the client may already have it). */
      stream?: StreamedResponse;
    }
  /**
   * The process died during the invocation (process.exit, uncaught exception, out of memory, stopped at the
   * timeout): the environment resets. `stream`: what a streaming handler wrote before it died.
   */
  | {
      outcome: 'crash';
      error: ErrorResponse;
      durationMs: number;
      maxMemoryUsedMb: number;
      stream?: StreamedResponse;
    };

/** One write of a streaming handler, as it reached the host. */
export interface StreamChunk {
  /** Milliseconds since the handler started (measured, like the invocation's duration). */
  offsetMs: number;
  bytes: Uint8Array;
}

/** One write as it reaches the page, live, with the stream's content type at that moment. */
export interface StreamWrite extends StreamChunk {
  contentType: string;
}

/**
 * What a response-streaming handler sent (docs: "Response streaming for Lambda functions"): the stream's content
 * type (`application/vnd.awslambda.http-integration-response` after `HttpResponseStream.from`, else the one the
 * handler set, `application/octet-stream` by default) and its chunks in order.
 */
export interface StreamedResponse {
  contentType: string;
  chunks: StreamChunk[];
}

/**
 * One application log record as the runtime produced it. The service's invocation log attaches the request id
 * and renders it in the function's log format (text or JSON) and level filter: the runtime does not format lines.
 */
export interface FunctionLogRecord {
  /** Epoch ms when the code wrote it (the runtime's clock). */
  time: number;
  /** null: raw output (process.stdout.write, Python print), written as is. */
  level: AppLogLevel | null;
  /** The text as the runtime's text format shows it (util.format of the arguments, or the logging message). */
  message: string;
  /**
   * JSON log format only: what the runtime's JSON formatter keeps structured — `message` (a single non-string
   * argument kept as a value), `errorType`/`errorMessage`/`stackTrace`, Python's `logger` and extra keys.
   */
  fields?: Record<string, unknown>;
}

export interface StartResult {
  /**
   * What REPORT's Init Duration counts for the runtime's own start (ms): measured for Node.js (the worker boot),
   * modelled for Python (Pyodide's boot is the sandbox starting, not Lambda's runtime init).
   */
  runtimeInitMs: number;
}

export interface EnvironmentHost {
  /** Start the runtime process of a new (or reset) environment. Slow parts (downloads, interpreter boot) belong here. */
  start(environmentId: string, runtime: CodeRuntimeId): Promise<StartResult>;
  /** Run the function's init (load the handler module) in a started environment. */
  init(environmentId: string, request: InitRequest): Promise<InitResult>;
  /** Run the handler once. Resolves when the runtime reports a result or the process dies. */
  invoke(environmentId: string, request: InvokeRequest): Promise<InvokeResult>;
  /**
   * Stop the process now (a timeout, a reset, a shutdown). `keepTmp`: a reset keeps /tmp for the next init of the
   * same environment; a shutdown drops it. Idempotent.
   */
  stop(environmentId: string, options: { keepTmp: boolean }): Promise<void>;
  /** Application log records, per environment, in the order the runtime wrote them. */
  onLog(listener: (environmentId: string, record: FunctionLogRecord) => void): () => void;
  /**
   * Each write of a response-streaming handler as it arrives, before the invocation ends (a timeout or a crash
   * still leaves the caller what was written). Optional: hosts without streaming omit it.
   */
  onStream?(listener: (environmentId: string, requestId: string, write: StreamWrite) => void): () => void;
  /** A frozen environment's process died (a timer threw after the handler returned): the next invoke re-inits. */
  onCrash(listener: (environmentId: string, error: ErrorResponse) => void): () => void;
  /** Files in an environment's /tmp (for the playground's view). */
  tmp?(environmentId: string): Promise<Array<{ path: string; size: number }>>;
  /**
   * Where the environment's AWS SDK requests go (`aws.call` on its port, validated by the host first). The reply
   * reaches learner code only while the environment runs: a reply that arrives while it is frozen waits for the
   * thaw, like a timer.
   */
  setAwsHandler(handler: AwsCallHandler | null): void;
}

/** An SDK request from an environment, as plain data (see src/sim/aws/http.ts for the same shape). */
export interface AwsCallRequest {
  method: string;
  hostname: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface AwsCallResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export type AwsCallHandler = (environmentId: string, request: AwsCallRequest) => Promise<AwsCallResponse>;
