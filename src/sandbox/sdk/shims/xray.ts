/**
 * `aws-xray-sdk-core` for Powertools' Tracer, in the sandbox. What works: `captureAWSv3Client` (the client is
 * returned as is — the course records every AWS call of a traced invocation as a subsegment itself, from the
 * port), `captureAsyncFunc` / `captureFunc`, `getSegment` / `setSegment`, subsegments with annotations, metadata
 * and errors, so code written for the Tracer runs unchanged. What does not: the Tracer's own subsegments
 * (`## index.handler`, `captureMethod`) are kept in memory and do not reach the simulated X-Ray.
 */
interface Cause {
  message: string;
  type: string;
  remote: boolean;
}

export class Subsegment {
  readonly id = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  readonly subsegments: Subsegment[] = [];
  readonly annotations: Record<string, string | number | boolean> = {};
  readonly metadata: Record<string, Record<string, unknown>> = {};
  readonly startTime = Date.now() / 1000;
  endTime?: number;
  error = false;
  fault = false;
  cause?: Cause;
  parent?: Subsegment;
  notTraced = false;

  constructor(readonly name: string) {}

  addNewSubsegment(name: string): Subsegment {
    const child = new Subsegment(name);
    child.parent = this;
    this.subsegments.push(child);
    return child;
  }
  addSubsegment(child: Subsegment): void {
    child.parent = this;
    this.subsegments.push(child);
  }
  removeSubsegment(child: Subsegment): void {
    const index = this.subsegments.indexOf(child);
    if (index >= 0) this.subsegments.splice(index, 1);
  }
  addAnnotation(key: string, value: string | number | boolean): void {
    this.annotations[key] = value;
  }
  addMetadata(key: string, value: unknown, namespace = 'default'): void {
    (this.metadata[namespace] ??= {})[key] = value;
  }
  addError(error: Error | string, remote = false): void {
    this.fault = true;
    this.cause =
      typeof error === 'string'
        ? { message: error, type: 'Error', remote }
        : { message: error.message, type: error.name, remote };
  }
  addErrorFlag(): void {
    this.error = true;
  }
  addFaultFlag(): void {
    this.fault = true;
  }
  addThrottleFlag(): void {}
  close(error?: Error | string): void {
    if (error) this.addError(error);
    this.endTime = Date.now() / 1000;
  }
  flush(): void {}
  isClosed(): boolean {
    return this.endTime !== undefined;
  }
  toJSON(): Record<string, unknown> {
    return { id: this.id, name: this.name, start_time: this.startTime, end_time: this.endTime };
  }
}

export class Segment extends Subsegment {
  constructor(
    name: string,
    readonly traceId?: string,
    readonly parentId?: string,
  ) {
    super(name);
  }
}

/** The function's facade segment, as Lambda creates it: one per invocation, named after the function. */
let facade: Segment | undefined;
let facadeTrace: string | undefined;
let active: Subsegment | undefined;

function facadeSegment(): Segment {
  const header = process.env._X_AMZN_TRACE_ID;
  if (!facade || facadeTrace !== header) {
    facadeTrace = header;
    const root = header ? /Root=([^;]+)/.exec(header)?.[1] : undefined;
    const parent = header ? /Parent=([^;]+)/.exec(header)?.[1] : undefined;
    facade = new Segment(process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function', root, parent);
    active = undefined;
  }
  return facade;
}

function getSegment(): Subsegment {
  return active ?? facadeSegment();
}

function setSegment(segment: Subsegment): void {
  active = segment;
}

function captureAsyncFunc<Result>(
  name: string,
  run: (subsegment: Subsegment) => Result,
  parent?: Subsegment,
): Result {
  const subsegment = (parent ?? getSegment()).addNewSubsegment(name);
  return run(subsegment);
}

function captureFunc<Result>(
  name: string,
  run: (subsegment: Subsegment) => Result,
  parent?: Subsegment,
): Result {
  const subsegment = (parent ?? getSegment()).addNewSubsegment(name);
  try {
    return run(subsegment);
  } finally {
    subsegment.close();
  }
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
  captureAWSv3Client: <Client>(client: Client) => client,
  captureHTTPsGlobal: noop,
  getNamespace: () => ({ run: <Result>(callback: () => Result) => callback() }),
  setContextMissingStrategy: noop,
  setDaemonAddress: noop,
  setLogger: noop,
};

export { getSegment, setSegment, captureAsyncFunc, captureFunc };
export default xraySdk;
