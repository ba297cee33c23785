/**
 * What an instrumented AWS SDK client records for one call (service, operation, resource names, status,
 * error), read off the wire request and response, so the account can trace calls of every protocol the same
 * way: JSON targets (`DynamoDB_20120810.GetItem`), query `Action=Publish`, S3's REST paths and `x-id`, and
 * Lambda's REST paths. `tracedHandler` wraps an account's `handle` for the Lambda service's port.
 */
import { AwsAccount } from '../account';
import { text, type AwsCaller, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import { parseTraceHeader } from './ids';
import type { AwsCallRecord, XRayService } from './service';

/** The service names the X-Ray SDK uses for AWS SDK subsegments (the client's service id). */
const SERVICE_NAMES: Record<string, string> = {
  dynamodb: 'DynamoDB',
  sqs: 'SQS',
  sns: 'SNS',
  s3: 'S3',
  events: 'EventBridge',
  secretsmanager: 'Secrets Manager',
  ssm: 'SSM',
  lambda: 'Lambda',
  logs: 'CloudWatch Logs',
  xray: 'XRay',
  sts: 'STS',
  monitoring: 'CloudWatch',
};

export interface AwsCallDescription {
  service: string;
  operation: string;
  resource: Record<string, string | string[]>;
}

function jsonBody(req: AwsHttpRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text(req.body));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function formBody(req: AwsHttpRequest): URLSearchParams {
  return new URLSearchParams(text(req.body));
}

function firstQuery(req: AwsHttpRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? value[0] : value;
}

function describeS3(req: AwsHttpRequest): { operation: string; resource: Record<string, string> } {
  const virtual = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/.exec(req.hostname.toLowerCase());
  let bucket: string | undefined;
  let key: string | undefined;
  const path = req.path.replace(/^\//, '');
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  if (virtual) {
    bucket = virtual[1];
    if (path) key = decode(path);
  } else if (path) {
    const slash = path.indexOf('/');
    bucket = decode(slash < 0 ? path : path.slice(0, slash));
    if (slash >= 0 && slash < path.length - 1) key = decode(path.slice(slash + 1));
  }
  const resource: Record<string, string> = {};
  if (bucket) resource.bucket_name = bucket;
  if (key) resource.key = key;
  const explicit = firstQuery(req, 'x-id');
  if (explicit) return { operation: explicit, resource };
  const has = (name: string) => Object.prototype.hasOwnProperty.call(req.query, name);
  const method = req.method.toUpperCase();
  let operation: string;
  if (!bucket) operation = 'ListBuckets';
  else if (!key) {
    if (has('notification'))
      operation =
        method === 'PUT' ? 'PutBucketNotificationConfiguration' : 'GetBucketNotificationConfiguration';
    else if (has('delete')) operation = 'DeleteObjects';
    else if (has('location')) operation = 'GetBucketLocation';
    else if (method === 'PUT') operation = 'CreateBucket';
    else if (method === 'HEAD') operation = 'HeadBucket';
    else if (method === 'DELETE') operation = 'DeleteBucket';
    else operation = firstQuery(req, 'list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
  } else if (method === 'PUT') operation = req.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
  else if (method === 'HEAD') operation = 'HeadObject';
  else if (method === 'DELETE') operation = 'DeleteObject';
  else operation = 'GetObject';
  return { operation, resource };
}

export function describeAwsCall(req: AwsHttpRequest): AwsCallDescription {
  const endpoint = AwsAccount.serviceOf(req.hostname) ?? req.hostname;
  const service = SERVICE_NAMES[endpoint] ?? endpoint;
  const resource: Record<string, string | string[]> = {};
  if (endpoint === 's3') {
    const s3 = describeS3(req);
    return { service, operation: s3.operation, resource: s3.resource };
  }
  const target = req.headers['x-amz-target'];
  if (target) {
    const operation = target.slice(target.lastIndexOf('.') + 1);
    const body = jsonBody(req);
    if (typeof body.TableName === 'string') resource.table_name = body.TableName;
    if (typeof body.RequestItems === 'object' && body.RequestItems !== null)
      resource.table_names = Object.keys(body.RequestItems);
    if (Array.isArray(body.TransactItems)) {
      const tables = new Set<string>();
      for (const item of body.TransactItems as Record<string, { TableName?: string }>[])
        for (const action of Object.values(item ?? {}))
          if (typeof action?.TableName === 'string') tables.add(action.TableName);
      if (tables.size > 0) resource.table_names = [...tables];
    }
    if (typeof body.QueueUrl === 'string') resource.queue_url = body.QueueUrl;
    if (typeof body.SecretId === 'string') resource.secret_id = body.SecretId;
    if (typeof body.Name === 'string' && endpoint === 'ssm') resource.parameter_name = body.Name;
    if (typeof body.logGroupName === 'string') resource.log_group_name = body.logGroupName;
    return { service, operation, resource };
  }
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = formBody(req);
    const operation = form.get('Action') ?? 'Unknown';
    const topic = form.get('TopicArn') ?? form.get('TargetArn');
    if (topic) resource.topic_arn = topic;
    const queue = form.get('QueueUrl');
    if (queue) resource.queue_url = queue;
    return { service, operation, resource };
  }
  if (endpoint === 'lambda') {
    const match = /^\/[\d-]+\/functions\/([^/]+)(\/.*)?$/.exec(req.path);
    if (match) {
      resource.function_name = decodeURIComponent(match[1]!);
      const rest = match[2] ?? '';
      const operation =
        rest === '/invocations'
          ? 'Invoke'
          : rest === '/configuration'
            ? req.method === 'PUT'
              ? 'UpdateFunctionConfiguration'
              : 'GetFunctionConfiguration'
            : rest === ''
              ? req.method === 'DELETE'
                ? 'DeleteFunction'
                : 'GetFunction'
              : `${req.method} ${rest}`;
      return { service, operation, resource };
    }
  }
  return { service, operation: `${req.method} ${req.path}`, resource };
}

/** The error code of an AWS error response in any protocol (JSON `__type`, XML `<Code>`, or a header). */
export function errorCodeOf(res: AwsHttpResponse): { code?: string; message?: string } {
  const header = res.headers['x-amzn-errortype'];
  if (header) return { code: header.split(':')[0]!.split('#').pop()! };
  const body = text(res.body);
  if (body.startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as { __type?: string; message?: string; Message?: string };
      const result: { code?: string; message?: string } = {};
      if (parsed.__type) result.code = parsed.__type.split('#').pop()!;
      const message = parsed.message ?? parsed.Message;
      if (message) result.message = message;
      return result;
    } catch {
      return {};
    }
  }
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  const result: { code?: string; message?: string } = {};
  if (code) result.code = code;
  if (message) result.message = message;
  return result;
}

/** Build the X-Ray record of one traced call from its request and response. */
export function awsCallRecord(
  traceHeader: string,
  req: AwsHttpRequest,
  res: AwsHttpResponse,
  start: number,
  end: number,
): AwsCallRecord {
  const description = describeAwsCall(req);
  const record: AwsCallRecord = {
    traceHeader,
    service: description.service,
    operation: description.operation,
    start,
    end,
    httpStatus: res.statusCode,
    resource: description.resource,
  };
  const requestId = res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'];
  if (requestId) record.requestId = requestId;
  // An instrumented client names its active subsegment in the request's own header (same trace only).
  const own = parseTraceHeader(req.headers['x-amzn-trace-id'] ?? '');
  const invocation = parseTraceHeader(traceHeader);
  if (own?.parent && own.root === invocation?.root && own.parent !== invocation?.parent)
    record.parentSubsegmentId = own.parent;
  if (res.statusCode >= 400) {
    const { code, message } = errorCodeOf(res);
    if (code) record.errorType = code;
    if (message) record.errorMessage = message;
  }
  return record;
}

/**
 * The account's `handle`, recording an X-Ray subsegment for every call a traced invocation makes (its caller
 * carries `traceId`). `now()` gives epoch ms on the clock the invocation is measured with.
 */
export function tracedHandler(
  account: AwsAccount,
  xray: XRayService,
  now: () => number = () => xray.epochNow(),
): (req: AwsHttpRequest, caller: AwsCaller) => Promise<AwsHttpResponse> {
  return async (req, caller) => {
    const start = now();
    const res = await account.handle(req, caller);
    if (caller.kind === 'function' && caller.traceId)
      xray.recordAwsCall(awsCallRecord(caller.traceId, req, res, start, now()));
    return res;
  };
}
