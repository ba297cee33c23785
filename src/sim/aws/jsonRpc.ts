/**
 * AWS JSON 1.0 / 1.1 (the RPC protocols of SQS, EventBridge, Secrets Manager and SSM): one POST to `/` with
 * `X-Amz-Target: <Prefix>.<Operation>` and a JSON body; the reply is JSON, and an error is
 * `{"__type": "...", "message": "..."}` with a 4xx/5xx status. SQS also speaks "query compatible" JSON: the old
 * query-protocol error code travels in `x-amzn-query-error: <Code>;<Sender|Receiver>`, which the SDK reads to pick
 * its exception class (`AWS.SimpleQueueService.NonExistentQueue` → `QueueDoesNotExist`).
 */
import { requestIdHeader, text, utf8, type AwsHttpRequest, type AwsHttpResponse } from './http';

export interface AwsErrorOptions {
  /** HTTP status (default 400). */
  statusCode?: number;
  /** The query-protocol error code, for query-compatible JSON services (SQS) and the query protocol (SNS). */
  queryCode?: string;
  /** `Sender` (the caller's fault, default) or `Receiver` (the service's). */
  fault?: 'Sender' | 'Receiver';
}

/** An error as the service reports it: the code names the SDK exception class, the message is the service's. */
export class AwsServiceError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly queryCode: string;
  readonly fault: 'Sender' | 'Receiver';

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = options.statusCode ?? 400;
    this.queryCode = options.queryCode ?? code;
    this.fault = options.fault ?? (this.statusCode >= 500 ? 'Receiver' : 'Sender');
  }
}

export type JsonInput = Record<string, unknown>;
export type JsonOperation = (input: JsonInput) => unknown;

export interface JsonRpcProtocol {
  /** `AmazonSQS`, `AWSEvents`, `secretsmanager`, `AmazonSSM`. */
  targetPrefix: string;
  version: '1.0' | '1.1';
  /** Shape namespace written before `#` in `__type` (SQS sends `com.amazonaws.sqs#QueueDoesNotExist`). */
  errorNamespace?: string;
  /** Send `x-amzn-query-error` with every error (SQS). */
  queryCompatible?: boolean;
}

export function jsonRpcResult(protocol: JsonRpcProtocol, output: unknown): AwsHttpResponse {
  return {
    statusCode: 200,
    headers: {
      'content-type': `application/x-amz-json-${protocol.version}`,
      'x-amzn-requestid': requestIdHeader(),
    },
    body: utf8(JSON.stringify(output ?? {})),
  };
}

export function jsonRpcError(protocol: JsonRpcProtocol, error: AwsServiceError): AwsHttpResponse {
  const headers: Record<string, string> = {
    'content-type': `application/x-amz-json-${protocol.version}`,
    'x-amzn-requestid': requestIdHeader(),
  };
  if (protocol.queryCompatible) headers['x-amzn-query-error'] = `${error.queryCode};${error.fault}`;
  // Errors that the service model does not declare travel under the service framework's namespace, as AWS sends them.
  const type = error.code.includes('#')
    ? error.code
    : protocol.errorNamespace
      ? `${protocol.errorNamespace}#${error.code}`
      : error.code;
  return {
    statusCode: error.statusCode,
    headers,
    body: utf8(JSON.stringify({ __type: type, message: error.message })),
  };
}

/** Parses the request, runs the named operation and answers in the protocol, errors included. */
export async function handleJsonRpc(
  protocol: JsonRpcProtocol,
  operations: Readonly<Record<string, JsonOperation>>,
  req: AwsHttpRequest,
): Promise<AwsHttpResponse> {
  try {
    const target = req.headers['x-amz-target'] ?? '';
    const dot = target.indexOf('.');
    const prefix = dot >= 0 ? target.slice(0, dot) : '';
    const name = dot >= 0 ? target.slice(dot + 1) : '';
    const operation = Object.prototype.hasOwnProperty.call(operations, name) ? operations[name] : undefined;
    if (prefix !== protocol.targetPrefix || !operation) {
      throw new AwsServiceError(
        'UnknownOperationException',
        `Coldstart does not simulate the operation ${target || '(none)'}.`,
        {
          queryCode: 'InvalidAction',
        },
      );
    }
    let input: unknown = {};
    const body = text(req.body).trim();
    if (body) {
      try {
        input = JSON.parse(body);
      } catch {
        throw new AwsServiceError(
          'SerializationException',
          'Start of structure or map found where not expected.',
        );
      }
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AwsServiceError(
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    }
    const output = await operation(input as JsonInput);
    return jsonRpcResult(protocol, output);
  } catch (error) {
    if (error instanceof AwsServiceError) return jsonRpcError(protocol, error);
    const message = error instanceof Error ? error.message : String(error);
    return jsonRpcError(
      protocol,
      new AwsServiceError('InternalFailure', `Coldstart's simulated service failed: ${message}`, {
        statusCode: 500,
      }),
    );
  }
}

/** Small readers for request members; each throws the service's own validation error through `invalid`. */
export interface InputReader {
  string(name: string, required?: boolean): string | undefined;
  integer(name: string): number | undefined;
  boolean(name: string): boolean | undefined;
  stringList(name: string): string[] | undefined;
  stringMap(name: string): Record<string, string> | undefined;
}

export function inputReader(
  input: JsonInput,
  invalid: (name: string) => AwsServiceError,
  missing: (name: string) => AwsServiceError,
): InputReader {
  return {
    string(name, required = false) {
      const value = input[name];
      if (value === undefined || value === null) {
        if (required) throw missing(name);
        return undefined;
      }
      if (typeof value !== 'string') throw invalid(name);
      return value;
    },
    integer(name) {
      const value = input[name];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(name);
      return value;
    },
    boolean(name) {
      const value = input[name];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'boolean') throw invalid(name);
      return value;
    },
    stringList(name) {
      const value = input[name];
      if (value === undefined || value === null) return undefined;
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalid(name);
      return value as string[];
    },
    stringMap(name) {
      const value = input[name];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) throw invalid(name);
      const out: Record<string, string> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (typeof item !== 'string') throw invalid(name);
        out[key] = item;
      }
      return out;
    },
  };
}
