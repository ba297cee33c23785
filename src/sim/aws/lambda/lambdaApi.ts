/**
 * The Lambda API as the account answers it (REST-JSON, `https://lambda.us-east-1.amazonaws.com/2015-03-31/…`), so
 * `@aws-sdk/client-lambda` in learner code reaches the course's one Lambda service: Invoke (RequestResponse,
 * Event, DryRun; Qualifier; LogType Tail), InvokeWithResponseStream (an event stream, responseEventStream.ts),
 * GetFunction, GetFunctionConfiguration and ListFunctions, and reserved
 * concurrency (Put/Get/DeleteFunctionConcurrency, GetAccountSettings: a script that reserves or pauses a function
 * is a lesson's example), the event source mapping operations (eventSourceMappingApi.ts, on the workspace's one
 * EventSourceMappings, saved in this service's snapshot) and UpdateFunctionConfiguration's VpcConfig
 * (functionVpcConfig.ts). Functions are created and otherwise changed by the course (the playground, a lab), not
 * through this API: the other operations answer 501 with a note saying so.
 *
 * Errors follow the Invoke API reference (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html):
 * `x-amzn-errortype` names the exception, the body carries `Type` and `Message`.
 */
import type { LambdaService } from '../../lambda/LambdaService';
import type { Invocation } from '../../lambda/types';
import type { FunctionConfig } from '../../config';
import { renderRecords } from '../../lambda/invocationLog';
import {
  requestIdHeader,
  text,
  utf8,
  type AwsCaller,
  type AwsHttpRequest,
  type AwsHttpResponse,
} from '../http';
import type { AccountContext, AwsService } from '../service';
import { functionArn, parseFunctionName, type FunctionTarget } from './functionNames';
import { apiError, apiJson } from './lambdaResponses';
import { EventSourceMappingApi } from './eventSourceMappingApi';
import type { EventSourceMappings } from '../../lambda/eventSources/EventSourceMappings';
import { parseSavedMappings, type SavedMappings } from '../../lambda/eventSources/savedMappings';
import { updateFunctionVpc } from './functionVpcConfig';
import { responseEventStream, type InvokeCompleteFields } from './responseEventStream';
import { bufferedStreamError } from '../../lambda/streaming';

const SYNC_LIMIT_BYTES = 6 * 1024 * 1024;
const ASYNC_LIMIT_BYTES = 1024 * 1024;
/** LogType Tail returns the last 4 KB of the invocation's log ("Invoke", LogResult). */
const TAIL_BYTES = 4096;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
/** InvokeWithResponseStream has its own API version in the path (API_InvokeWithResponseStream). */
const STREAM_INVOKE_PATH = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations\/?$/;
const CONFIGURATION_PATH = /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/;
const FUNCTION_PATH = /^\/2015-03-31\/functions\/([^/]+)\/?$/;
const LIST_PATH = /^\/2015-03-31\/functions\/?$/;
/** PutFunctionConcurrency and DeleteFunctionConcurrency use 2017-10-31, GetFunctionConcurrency 2019-09-30. */
const CONCURRENCY_PATH = /^\/(2017-10-31|2019-09-30)\/functions\/([^/]+)\/concurrency\/?$/;
const ACCOUNT_SETTINGS_PATH = /^\/2016-08-19\/account-settings\/?$/;

const json = apiJson;
const error = apiError;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function firstQuery(req: AwsHttpRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? value[0] : value;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** What the Lambda API reaches besides the service; created after the account in a workspace, hence getters. */
export interface LambdaApiConnections {
  /** The account's event source mappings (src/sim/vpc/workspaceNetworking.ts makes them). */
  mappings?: () => EventSourceMappings | undefined;
}

export class LambdaApi implements AwsService {
  readonly name = 'lambda';
  private readonly eventSourceMappings: EventSourceMappingApi;
  /** Mappings restored while no manager was connected: kept so that saving again loses nothing. */
  private unattached: SavedMappings['mappings'] = [];
  private problems: string[] = [];

  constructor(
    private readonly ctx: AccountContext,
    private readonly service: LambdaService,
    private readonly connections: LambdaApiConnections = {},
  ) {
    this.eventSourceMappings = new EventSourceMappingApi(ctx, () => this.connections.mappings?.());
  }

  async handle(req: AwsHttpRequest, _caller: AwsCaller): Promise<AwsHttpResponse> {
    const method = req.method.toUpperCase();
    const mappingResponse = this.eventSourceMappings.handle(req, method);
    if (mappingResponse) return mappingResponse;
    const vpcMatch = CONFIGURATION_PATH.exec(req.path);
    if (vpcMatch && method === 'PUT')
      return updateFunctionVpc(this.ctx, this.service, req, decodeSegment(vpcMatch[1]!), (name, config) =>
        this.configuration(name, config, '$LATEST'),
      );
    let match = INVOKE_PATH.exec(req.path);
    if (match && method === 'POST') return this.invoke(req, decodeSegment(match[1]!));
    match = STREAM_INVOKE_PATH.exec(req.path);
    if (match && method === 'POST') return this.invokeWithResponseStream(req, decodeSegment(match[1]!));
    match = CONFIGURATION_PATH.exec(req.path);
    if (match && method === 'GET') return this.getConfiguration(req, decodeSegment(match[1]!), false);
    match = FUNCTION_PATH.exec(req.path);
    if (match && method === 'GET') return this.getConfiguration(req, decodeSegment(match[1]!), true);
    if (LIST_PATH.test(req.path) && method === 'GET') return this.list(req);
    match = CONCURRENCY_PATH.exec(req.path);
    if (match) {
      const response = this.concurrency(req, method, decodeSegment(match[2]!));
      if (response) return response;
    }
    if (ACCOUNT_SETTINGS_PATH.test(req.path) && method === 'GET') return this.accountSettings();
    return error(
      501,
      'NotImplemented',
      `Coldstart's simulated Lambda API answers Invoke, InvokeWithResponseStream, GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration (VpcConfig), ListFunctions, Put/Get/DeleteFunctionConcurrency, GetAccountSettings and the event source mapping operations (${method} ${req.path} is not one of them); functions are created and changed in the course's own pages.`,
    );
  }

  /** The function a FunctionName and Qualifier name, or the API's error. */
  private target(req: AwsHttpRequest, functionName: string): FunctionTarget | AwsHttpResponse {
    const parsed = parseFunctionName(functionName, this.ctx);
    const qualifier = firstQuery(req, 'Qualifier');
    if (!parsed)
      return error(
        400,
        'ValidationException',
        `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
      );
    if (qualifier !== undefined && parsed.qualifier !== undefined && qualifier !== parsed.qualifier)
      return error(
        400,
        'InvalidParameterValueException',
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    const target: FunctionTarget = { name: parsed.name };
    const chosen = qualifier ?? parsed.qualifier;
    if (chosen !== undefined) target.qualifier = chosen;
    if (!this.service.hasFunction(target.name) || !this.service.getFunction(target.name, target.qualifier))
      return error(404, 'ResourceNotFoundException', `Function not found: ${functionArn(this.ctx, target)}`);
    return target;
  }

  /**
   * What Invoke and InvokeWithResponseStream check alike: the function, the invocation type (`allowed`), the
   * request size and the payload's JSON.
   */
  private invokeRequest(
    req: AwsHttpRequest,
    functionName: string,
    allowed: readonly string[],
  ): { target: FunctionTarget; invocationType: string; payload: unknown } | AwsHttpResponse {
    const target = this.target(req, functionName);
    if ('statusCode' in target) return target;
    const invocationType = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (!allowed.includes(invocationType))
      return error(
        400,
        'ValidationException',
        `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    const limit = invocationType === 'Event' ? ASYNC_LIMIT_BYTES : SYNC_LIMIT_BYTES;
    if (req.body.byteLength > limit)
      return error(
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      );
    let payload: unknown;
    const body = text(req.body);
    if (body.trim() !== '') {
      try {
        payload = JSON.parse(body);
      } catch (cause) {
        return error(
          400,
          'InvalidRequestContentException',
          `Could not parse request body into json: Could not parse payload into json: ${cause instanceof Error ? cause.message : String(cause)}`,
        );
      }
    }
    return { target, invocationType, payload };
  }

  private async invoke(req: AwsHttpRequest, functionName: string): Promise<AwsHttpResponse> {
    const request = this.invokeRequest(req, functionName, ['Event', 'RequestResponse', 'DryRun']);
    if ('statusCode' in request) return request;
    const { target, invocationType, payload } = request;
    if (invocationType === 'DryRun')
      return { statusCode: 204, headers: { 'x-amzn-requestid': requestIdHeader() }, body: new Uint8Array() };

    const options = {
      type: invocationType === 'Event' ? ('async' as const) : ('sync' as const),
      ...(payload !== undefined ? { payload } : {}),
      ...(target.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
    };
    const invocation = this.service.invoke(target.name, options);
    if (options.type === 'async') {
      if (invocation.outcome !== undefined && invocation.error)
        return this.failure(
          invocation.response?.statusCode ?? 400,
          invocation.error.errorType,
          invocation.error.errorMessage,
        );
      return {
        statusCode: 202,
        headers: { 'x-amzn-requestid': invocation.requestId },
        body: new Uint8Array(),
      };
    }
    await invocation.done();
    const response = invocation.response;
    const refused = this.refusal(invocation);
    if (refused || !response) return refused!;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': invocation.requestId,
      'x-amz-executed-version': response.executedVersion,
    };
    // A streaming handler read through Invoke: Lambda buffers its stream, so the 6 MB limit holds.
    const oversized =
      response.stream && !response.functionError ? bufferedStreamError(response.stream) : null;
    if (response.functionError || oversized) headers['x-amz-function-error'] = 'Unhandled';
    if (req.headers['x-amz-log-type'] === 'Tail')
      headers['x-amz-log-result'] = this.tail(target.name, invocation.requestId);
    const payloadText = oversized
      ? JSON.stringify({ errorType: oversized.errorType, errorMessage: oversized.errorMessage })
      : response.payload;
    return { statusCode: 200, headers, body: utf8(payloadText) };
  }

  /** A synchronous invocation that did not run to an answer: throttled, or refused by the service (both APIs). */
  private refusal(invocation: Invocation): AwsHttpResponse | null {
    const response = invocation.response;
    if (invocation.outcome === 'throttled' && invocation.throttle)
      return json(
        429,
        { Reason: invocation.throttle.reason, Type: 'User', message: invocation.throttle.message },
        { 'x-amzn-errortype': 'TooManyRequestsException', 'x-amzn-requestid': invocation.requestId },
      );
    if (!response || response.statusCode >= 400)
      return this.failure(
        response?.statusCode ?? 500,
        invocation.error?.errorType ?? 'ServiceException',
        invocation.error?.errorMessage ?? 'The Lambda service could not run the function.',
      );
    return null;
  }

  /**
   * InvokeWithResponseStream (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html):
   * errors before the function runs (not found, throttled, bad payload) are ordinary API errors; once it ran the
   * answer is 200 with an event stream of the bytes the handler wrote (a handler that does not stream, and every
   * Python handler, sends its result as it returned it) and an InvokeComplete that carries a function error, even
   * one raised mid-stream after chunks went out, in ErrorCode and ErrorDetails. The `Content-Type` header is the
   * stream's own (ResponseStreamContentType). The account answers once the caller would hold the last chunk on the
   * virtual clock, so the 2 MB/s cap past 6 MB counts ("Bandwidth limits for response streaming").
   */
  private async invokeWithResponseStream(
    req: AwsHttpRequest,
    functionName: string,
  ): Promise<AwsHttpResponse> {
    const request = this.invokeRequest(req, functionName, ['RequestResponse', 'DryRun']);
    if ('statusCode' in request) return request;
    const { target, invocationType, payload } = request;
    if (invocationType === 'DryRun')
      return { statusCode: 204, headers: { 'x-amzn-requestid': requestIdHeader() }, body: new Uint8Array() };
    const invocation = this.service.invoke(target.name, {
      type: 'sync',
      ...(payload !== undefined ? { payload } : {}),
      ...(target.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
    });
    await invocation.done();
    const response = invocation.response;
    const refused = this.refusal(invocation);
    if (refused || !response) return refused!;
    const stream = response.stream;
    const lastAt = stream && stream.chunks.length > 0 ? stream.chunks[stream.chunks.length - 1]!.at : 0;
    const wait = lastAt - this.service.clock.now();
    if (wait > 0) await new Promise<void>((resolve) => this.service.clock.schedule(wait, resolve));
    const chunks = stream
      ? stream.chunks.map((chunk) => chunk.bytes)
      : response.functionError
        ? []
        : [utf8(response.payload)];
    const complete: InvokeCompleteFields = {};
    if (response.functionError) {
      complete.ErrorCode = invocation.error?.errorType ?? response.functionError;
      complete.ErrorDetails = invocation.error?.errorMessage ?? '';
    }
    if (req.headers['x-amz-log-type'] === 'Tail')
      complete.LogResult = this.tail(target.name, invocation.requestId);
    return {
      statusCode: 200,
      headers: {
        'content-type': stream?.contentType ?? 'application/json',
        'x-amzn-requestid': invocation.requestId,
        'x-amz-executed-version': response.executedVersion,
      },
      body: responseEventStream(chunks, complete),
    };
  }

  private failure(statusCode: number, errorType: string, message: string): AwsHttpResponse {
    // The service's size error is the runtime's name for it; the API calls it RequestTooLargeException.
    const type = errorType === 'RequestEntityTooLargeException' ? 'RequestTooLargeException' : errorType;
    return error(statusCode, type, message);
  }

  /** The last 4 KB of an invocation's log lines, base64 (LogType Tail). */
  private tail(functionName: string, requestId: string): string {
    const records = this.service.log?.records({ functionName, requestId }) ?? [];
    const lines = renderRecords(records, this.service.epochMs).map((rendered) => rendered.line);
    let bytes = utf8(lines.map((line) => `${line}\n`).join(''));
    if (bytes.byteLength > TAIL_BYTES) bytes = bytes.slice(bytes.byteLength - TAIL_BYTES);
    return base64(bytes);
  }

  /** The VPC of a subnet, from the account's VPC model (the `ec2` service). */
  private vpcIdOf(subnetId: string): string {
    const network = this.ctx.service<AwsService & { subnet(id: string): { vpcId: string } | undefined }>(
      'ec2',
    );
    return network?.subnet(subnetId)?.vpcId ?? '';
  }

  private configuration(name: string, config: FunctionConfig, version: string): Record<string, unknown> {
    const status = this.service.functionStatus(name);
    return {
      FunctionName: name,
      FunctionArn: functionArn(this.ctx, version === '$LATEST' ? { name } : { name, qualifier: version }),
      Runtime: config.runtime,
      Handler: config.code?.handler ?? 'index.handler',
      MemorySize: config.memoryMb,
      Timeout: config.timeoutS,
      EphemeralStorage: { Size: config.ephemeralStorageMb },
      Architectures: [config.architecture],
      Version: version,
      // A function in a VPC is Pending (created) or InProgress (updated) while its network interfaces are made.
      State: status.state,
      ...(status.stateReason
        ? { StateReason: status.stateReason, StateReasonCode: status.stateReasonCode }
        : {}),
      LastUpdateStatus: status.lastUpdateStatus,
      ...(status.lastUpdateStatusReason
        ? {
            LastUpdateStatusReason: status.lastUpdateStatusReason,
            LastUpdateStatusReasonCode: status.lastUpdateStatusReasonCode,
          }
        : {}),
      ...(config.vpcConfig && config.vpcConfig.subnetIds.length > 0
        ? {
            VpcConfig: {
              SubnetIds: [...config.vpcConfig.subnetIds],
              SecurityGroupIds: [...config.vpcConfig.securityGroupIds],
              VpcId: this.vpcIdOf(config.vpcConfig.subnetIds[0]!),
              Ipv6AllowedForDualStack: false,
            },
          }
        : {}),
      PackageType: 'Zip',
      Role: `arn:aws:iam::${this.ctx.accountId}:role/${name}-role`,
      Description: config.description,
      Environment: { Variables: { ...config.environment } },
      TracingConfig: { Mode: config.tracing },
      LoggingConfig: {
        LogFormat: config.logging.logFormat,
        LogGroup: `/aws/lambda/${name}`,
        ...(config.logging.logFormat === 'JSON'
          ? {
              ApplicationLogLevel: config.logging.applicationLogLevel,
              SystemLogLevel: config.logging.systemLogLevel,
            }
          : {}),
      },
      Layers: config.layers.map((layer) => ({
        Arn:
          layer.content?.arn ??
          `arn:aws:lambda:${this.ctx.region}:${this.ctx.accountId}:layer:${layer.name}:1`,
        CodeSize: Math.round(layer.unzippedMb * 1024 * 1024),
      })),
    };
  }

  private getConfiguration(req: AwsHttpRequest, functionName: string, whole: boolean): AwsHttpResponse {
    const target = this.target(req, functionName);
    if ('statusCode' in target) return target;
    const config = this.service.getFunction(target.name, target.qualifier)!;
    const versions = this.service.listVersions(target.name);
    const version =
      target.qualifier === undefined
        ? '$LATEST'
        : (versions.find((entry) => entry.version === target.qualifier)?.version ??
          this.service.listAliases(target.name).find((alias) => alias.name === target.qualifier)
            ?.functionVersion ??
          '$LATEST');
    const configuration = this.configuration(target.name, config, version);
    return json(
      200,
      whole ? { Configuration: configuration, Code: { RepositoryType: 'S3' } } : configuration,
    );
  }

  private list(req: AwsHttpRequest): AwsHttpResponse {
    const names = this.service.functionNames().sort();
    const marker = firstQuery(req, 'Marker');
    const maxItems = Math.min(50, Math.max(1, Number(firstQuery(req, 'MaxItems') ?? 50) || 50));
    const start = marker ? Math.max(0, names.indexOf(marker) + 1) : 0;
    const page = names.slice(start, start + maxItems);
    const next = start + maxItems < names.length ? page[page.length - 1] : undefined;
    return json(200, {
      Functions: page.map((name) => this.configuration(name, this.service.getFunction(name)!, '$LATEST')),
      ...(next ? { NextMarker: next } : {}),
    });
  }

  /**
   * Reserved concurrency on the function as a whole (no qualifier), as the API reference describes
   * (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html): Put answers the amount, Get
   * answers it or an empty object when none is set, Delete answers 204.
   */
  private concurrency(req: AwsHttpRequest, method: string, functionName: string): AwsHttpResponse | null {
    if (!['PUT', 'GET', 'DELETE'].includes(method)) return null;
    const parsed = parseFunctionName(functionName, this.ctx);
    if (!parsed || !this.service.hasFunction(parsed.name))
      return error(
        404,
        'ResourceNotFoundException',
        `Function not found: ${functionArn(this.ctx, { name: parsed?.name ?? functionName })}`,
      );
    const name = parsed.name;
    if (method === 'GET') {
      const reserved = this.service.getFunctionConcurrency(name);
      return json(200, reserved === null ? {} : { ReservedConcurrentExecutions: reserved });
    }
    if (method === 'DELETE') {
      this.service.putFunctionConcurrency(name, null);
      return { statusCode: 204, headers: { 'x-amzn-requestid': requestIdHeader() }, body: new Uint8Array() };
    }
    let body: { ReservedConcurrentExecutions?: unknown };
    try {
      body = JSON.parse(text(req.body) || '{}') as typeof body;
    } catch {
      return error(400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
    const amount = body.ReservedConcurrentExecutions;
    if (typeof amount !== 'number')
      return error(
        400,
        'ValidationException',
        "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null",
      );
    const result = this.service.putFunctionConcurrency(name, amount);
    if (!result.ok)
      return error(
        400,
        result.error.startsWith('1 validation error')
          ? 'ValidationException'
          : 'InvalidParameterValueException',
        result.error,
      );
    return json(200, { ReservedConcurrentExecutions: amount });
  }

  /** GetAccountSettings: the account's concurrency and what reservations leave unreserved. */
  private accountSettings(): AwsHttpResponse {
    const names = this.service.functionNames();
    return json(200, {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: this.service.accountLimit,
        UnreservedConcurrentExecutions: this.service.accountLimit - this.service.totalReserved,
      },
      AccountUsage: {
        TotalCodeSize: names.reduce(
          (total, name) => total + Math.round((this.service.getFunction(name)?.packageMb ?? 0) * 1024 * 1024),
          0,
        ),
        FunctionCount: names.length,
      },
    });
  }

  /**
   * Functions belong to the course's pages (the playground store rebuilds them); the account keeps the event
   * source mappings. An account saved before mappings were saved has `{}` here.
   */
  snapshot(): { eventSourceMappings?: SavedMappings } {
    const manager = this.connections.mappings?.();
    const saved = manager ? manager.snapshot() : { version: 1 as const, mappings: [...this.unattached] };
    return saved.mappings.length > 0 ? { eventSourceMappings: saved } : {};
  }

  /**
   * Tolerant per mapping: an unreadable mapping is left out and named in `restoreProblems()` (the account's
   * saved copy is kept by its caller), every other mapping and service comes back.
   */
  restore(data: unknown): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new Error('Bad Lambda API snapshot: expected an object.');
    const { mappings, problems } = parseSavedMappings(data);
    this.problems = problems;
    const manager = this.connections.mappings?.();
    if (manager) {
      manager.restore(mappings);
      this.unattached = [];
    } else this.unattached = mappings;
  }

  /** What the last restore could not read (empty when everything came back). */
  restoreProblems(): readonly string[] {
    return this.problems;
  }

  reset(): void {
    this.connections.mappings?.()?.clear();
    this.unattached = [];
    this.problems = [];
  }
}

/** The Lambda API of an account whose functions live in `service`. */
export function createLambdaApi(
  service: LambdaService,
  connections: LambdaApiConnections = {},
): (ctx: AccountContext) => LambdaApi {
  return (ctx) => new LambdaApi(ctx, service, connections);
}
