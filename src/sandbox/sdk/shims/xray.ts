/**
 * `aws-xray-sdk-core` for Powertools' Tracer, in the sandbox. In Lambda the X-Ray SDK builds a facade segment from
 * `_X_AMZN_TRACE_ID` (its id is the header's Parent: the function's segment) and sends every subsegment of it that
 * closes, with its children, to the X-Ray daemon at AWS_XRAY_DAEMON_ADDRESS over UDP; the daemon uploads them with
 * PutTraceSegments ("Sending trace data to AWS X-Ray", X-Ray developer guide; "Using AWS Lambda with AWS X-Ray").
 * There is no UDP here: the emitter below plays the daemon and sends each document over the environment's port as
 * a PutTraceSegments call to the simulated X-Ray, fire and forget, as a datagram is. So `## index.handler`,
 * `captureMethod` subsegments, annotations, metadata and errors reach the invocation's trace.
 *
 * `captureAWSv3Client` adds a middleware that puts the active subsegment in the request's `X-Amzn-Trace-Id`
 * header, as the X-Ray SDK does; the course records every AWS call of a traced invocation itself (from the port),
 * and a call that names a Tracer subsegment is shown under it.
 *
 * Limits: one invocation at a time per environment (Lambda's own model); the active subsegment is tracked by
 * open/close order, not per async context, so subsegments started concurrently (`Promise.all` of two captured
 * methods) nest under the one opened first. Nothing is sent when the header says `Sampled=0` or is missing.
 */
import { sdkHost } from '../bundleHost';

interface Exception {
  id: string;
  message: string;
  type: string;
  remote: boolean;
  stack?: { label: string }[];
}

/** What a subsegment document holds (the X-Ray segment document format). */
type Document = Record<string, unknown>;

function newId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function epochSeconds(): number {
  return Date.now() / 1000;
}

export class Subsegment {
  readonly id = newId();
  readonly subsegments: Subsegment[] = [];
  annotations: Record<string, string | number | boolean> | undefined;
  metadata: Record<string, Record<string, unknown>> | undefined;
  readonly start_time = epochSeconds();
  end_time: number | undefined;
  error = false;
  fault = false;
  throttle = false;
  cause: { exceptions: Exception[] } | undefined;
  namespace: string | undefined;
  http: Record<string, unknown> | undefined;
  aws: Record<string, unknown> | undefined;
  parent: Subsegment | undefined;
  notTraced = false;

  constructor(readonly name: string) {}

  addNewSubsegment(name: string): Subsegment {
    const child = new Subsegment(name);
    this.addSubsegment(child);
    return child;
  }
  addSubsegment(child: Subsegment): void {
    child.parent = this;
    child.notTraced = this.notTraced;
    this.subsegments.push(child);
  }
  removeSubsegment(child: Subsegment): void {
    const index = this.subsegments.indexOf(child);
    if (index >= 0) this.subsegments.splice(index, 1);
  }
  /** As the X-Ray SDK: only strings, finite numbers and booleans are kept (others are dropped). */
  addAnnotation(key: string, value: string | number | boolean): void {
    if (typeof key !== 'string') return;
    if (typeof value !== 'string' && typeof value !== 'boolean' && !Number.isFinite(value)) return;
    (this.annotations ??= {})[key] = value;
  }
  addMetadata(key: string, value: unknown, namespace = 'default'): void {
    if (typeof key !== 'string') return;
    ((this.metadata ??= {})[namespace] ??= {})[key] = value === undefined ? null : value;
  }
  addAttribute(name: string, value: unknown): void {
    if (name === 'namespace') this.namespace = String(value);
    else if (name === 'http') this.http = value as Record<string, unknown>;
    else if (name === 'aws') this.aws = value as Record<string, unknown>;
  }
  addError(error: Error | string, remote = false): void {
    // Errors of the function's own code are faults; a remote (AWS) 4xx is an error, as the SDK marks them.
    this.fault = true;
    const exception: Exception =
      typeof error === 'string'
        ? { id: newId(), message: error, type: 'Error', remote }
        : {
            id: newId(),
            message: error.message,
            type: error.name,
            remote,
            ...(error.stack
              ? {
                  stack: error.stack
                    .split('\n')
                    .slice(1, 11)
                    .map((line) => ({ label: line.trim() })),
                }
              : {}),
          };
    (this.cause ??= { exceptions: [] }).exceptions.push(exception);
  }
  addErrorFlag(): void {
    this.error = true;
  }
  addFaultFlag(): void {
    this.fault = true;
  }
  addThrottleFlag(): void {
    this.throttle = true;
  }
  close(error?: Error | string | null, remote?: boolean): void {
    if (this.end_time !== undefined) return;
    if (error) this.addError(error, remote);
    this.end_time = epochSeconds();
    // The active subsegment goes back to the parent, as leaving the SDK's context does.
    if (active === this) active = this.parent === facade ? undefined : this.parent;
    // A closed subsegment of the facade goes to the daemon with its children (the facade itself never does).
    if (this.parent && this.parent === facade) emit(this, facade);
  }
  flush(): void {}
  isClosed(): boolean {
    return this.end_time !== undefined;
  }
  toJSON(): Document {
    const document: Document = { id: this.id, name: this.name, start_time: this.start_time };
    if (this.end_time === undefined) document.in_progress = true;
    else document.end_time = this.end_time;
    if (this.namespace) document.namespace = this.namespace;
    if (this.error) document.error = true;
    if (this.fault) document.fault = true;
    if (this.throttle) document.throttle = true;
    if (this.cause) document.cause = this.cause;
    if (this.annotations) document.annotations = this.annotations;
    if (this.metadata) document.metadata = this.metadata;
    if (this.http) document.http = this.http;
    if (this.aws) document.aws = this.aws;
    if (this.subsegments.length > 0) document.subsegments = this.subsegments.map((child) => child.toJSON());
    return document;
  }
}

export class Segment extends Subsegment {
  readonly trace_id: string | undefined;
  readonly facadeId: string | undefined;

  constructor(name: string, traceId?: string, parentId?: string) {
    super(name);
    this.trace_id = traceId;
    this.facadeId = parentId;
  }
}

/** The function's facade segment, as the SDK makes it in Lambda: one per `_X_AMZN_TRACE_ID` (per invocation). */
let facade: Segment | undefined;
let facadeHeader: string | undefined;
let active: Subsegment | undefined;

function facadeSegment(): Segment {
  const header = sdkHost().env._X_AMZN_TRACE_ID;
  if (!facade || facadeHeader !== header) {
    facadeHeader = header;
    const root = header ? /Root=([^;]+)/.exec(header)?.[1] : undefined;
    const parent = header ? /Parent=([^;]+)/.exec(header)?.[1] : undefined;
    facade = new Segment(sdkHost().env.AWS_LAMBDA_FUNCTION_NAME ?? 'function', root, parent);
    facade.notTraced = !header || !/Sampled=1/.test(header) || !root || !parent;
    active = undefined;
  }
  return facade;
}

/**
 * The daemon's side: one subsegment document (`type: "subsegment"`, the facade's id as `parent_id`) uploaded as
 * PutTraceSegments. A failure is ignored, as a lost datagram would be.
 */
function emit(subsegment: Subsegment, segment: Segment): void {
  if (subsegment.notTraced || !segment.trace_id || !segment.facadeId) return;
  const document = {
    ...subsegment.toJSON(),
    type: 'subsegment',
    parent_id: segment.facadeId,
    trace_id: segment.trace_id,
  };
  const host = sdkHost();
  const region = host.env.AWS_REGION ?? 'us-east-1';
  let body: Uint8Array;
  try {
    body = new TextEncoder().encode(JSON.stringify({ TraceSegmentDocuments: [JSON.stringify(document)] }));
  } catch {
    return; // metadata that cannot be serialised: the SDK logs and drops the document
  }
  host
    .send({
      method: 'POST',
      hostname: `xray.${region}.amazonaws.com`,
      path: '/TraceSegments',
      query: {},
      headers: { 'content-type': 'application/json' },
      body,
    })
    .catch(() => {});
}

function getSegment(): Subsegment {
  const segment = facadeSegment();
  return active ?? segment;
}

function setSegment(segment: Subsegment): void {
  facadeSegment();
  active = segment === facade ? undefined : segment;
}

function captureAsyncFunc<Result>(
  name: string,
  run: (subsegment: Subsegment) => Result,
  parent?: Subsegment,
): Result {
  const subsegment = (parent ?? getSegment()).addNewSubsegment(name);
  // Work started inside runs under the new subsegment until it closes (the SDK's context does the same).
  active = subsegment;
  return run(subsegment);
}

function captureFunc<Result>(
  name: string,
  run: (subsegment: Subsegment) => Result,
  parent?: Subsegment,
): Result {
  const subsegment = (parent ?? getSegment()).addNewSubsegment(name);
  active = subsegment;
  try {
    return run(subsegment);
  } catch (error) {
    subsegment.addError(error as Error);
    throw error;
  } finally {
    subsegment.close();
  }
}

interface MiddlewareStack {
  add(middleware: unknown, options: Record<string, unknown>): void;
}

/**
 * The X-Ray SDK's client instrumentation, in the part that matters here: each request carries the trace header
 * naming the active subsegment, so the course's own record of the call lands under it.
 */
function captureAWSv3Client<Client>(client: Client): Client {
  const stack = (client as { middlewareStack?: MiddlewareStack }).middlewareStack;
  stack?.add(
    (next: (args: { request?: { headers?: Record<string, string> } }) => Promise<unknown>) =>
      async (args: { request?: { headers?: Record<string, string> } }) => {
        const segment = getSegment();
        const root = facade?.trace_id;
        if (root && !segment.notTraced && args.request?.headers)
          args.request.headers['x-amzn-trace-id'] = `Root=${root};Parent=${segment.id};Sampled=1`;
        return next(args);
      },
    { step: 'finalizeRequest', name: 'coldstartXRaySdkMiddleware', override: true },
  );
  return client;
}

const noop = (): void => {};

const xraySdk = {
  Segment,
  Subsegment,
  getSegment,
  setSegment,
  captureAsyncFunc,
  captureFunc,
  captureAWS: <Sdk>(sdk: Sdk) => sdk,
  captureAWSClient: <Client>(client: Client) => client,
  captureAWSv3Client,
  captureHTTPsGlobal: noop,
  getNamespace: () => ({ run: <Result>(callback: () => Result) => callback() }),
  setContextMissingStrategy: noop,
  setDaemonAddress: noop,
  setLogger: noop,
};

export { getSegment, setSegment, captureAsyncFunc, captureFunc, captureAWSv3Client };
export default xraySdk;
