/**
 * The Lambda API's event source mapping operations on the account's one `EventSourceMappings` (the same mappings
 * the playground's "Event sources" panel shows): CreateEventSourceMapping (POST, 202), ListEventSourceMappings
 * (GET with FunctionName, EventSourceArn, Marker, MaxItems), GetEventSourceMapping (GET, 200),
 * UpdateEventSourceMapping (PUT, 202) and DeleteEventSourceMapping (DELETE, 202), all under
 * `/2015-03-31/event-source-mappings/` as https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 * and its sibling pages describe them. The manager owns the rules (states on the virtual clock, limits, conflicts);
 * this file only translates the wire's PascalCase JSON to its input and its view back to
 * EventSourceMappingConfiguration.
 */
import type { EventSourceMappings } from '../../lambda/eventSources/EventSourceMappings';
import type {
  EventSourceMappingInput,
  MappingApiError,
  MappingView,
  StartingPosition,
} from '../../lambda/eventSources/types';
import { text, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import type { AccountContext } from '../service';
import { apiError as lambdaError, apiJson } from './lambdaResponses';

export const MAPPINGS_PATH = /^\/2015-03-31\/event-source-mappings\/?$/;
export const MAPPING_PATH = /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/;

/** "ListEventSourceMappings returns a maximum of 100 items in each response, even if you set the number higher." */
const LIST_PAGE_MAX = 100;

type Body = Record<string, unknown>;

function firstQuery(req: AwsHttpRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(req: AwsHttpRequest): { body: Body } | { refused: AwsHttpResponse } {
  const raw = text(req.body).trim();
  if (raw === '') return { body: {} };
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { body: value as Body };
  } catch {
    // answered below
  }
  return {
    refused: lambdaError(400, 'InvalidRequestContentException', 'Could not parse request body into json'),
  };
}

function failure(result: MappingApiError): AwsHttpResponse {
  return lambdaError(result.statusCode, result.errorType, result.message);
}

/** The wire's PascalCase fields that UpdateEventSourceMapping also accepts, as the manager's camelCase input. */
function commonInput(body: Body): Partial<EventSourceMappingInput> {
  const input: Partial<EventSourceMappingInput> = {};
  if (typeof body.FunctionName === 'string') input.functionName = body.FunctionName;
  if (typeof body.Enabled === 'boolean') input.enabled = body.Enabled;
  if (typeof body.BatchSize === 'number') input.batchSize = body.BatchSize;
  if (typeof body.MaximumBatchingWindowInSeconds === 'number')
    input.maximumBatchingWindowInSeconds = body.MaximumBatchingWindowInSeconds;
  if (Array.isArray(body.FunctionResponseTypes))
    input.functionResponseTypes = body.FunctionResponseTypes as Array<'ReportBatchItemFailures'>;
  const filterCriteria = body.FilterCriteria as { Filters?: Array<{ Pattern?: unknown }> } | undefined;
  if (filterCriteria && typeof filterCriteria === 'object')
    input.filterCriteria = {
      filters: (filterCriteria.Filters ?? []).map((filter) => ({ pattern: String(filter.Pattern ?? '') })),
    };
  const scaling = body.ScalingConfig as { MaximumConcurrency?: unknown } | undefined;
  if (scaling && typeof scaling.MaximumConcurrency === 'number')
    input.scalingConfig = { maximumConcurrency: scaling.MaximumConcurrency };
  if (typeof body.BisectBatchOnFunctionError === 'boolean')
    input.bisectBatchOnFunctionError = body.BisectBatchOnFunctionError;
  if (typeof body.MaximumRetryAttempts === 'number') input.maximumRetryAttempts = body.MaximumRetryAttempts;
  if (typeof body.MaximumRecordAgeInSeconds === 'number')
    input.maximumRecordAgeInSeconds = body.MaximumRecordAgeInSeconds;
  if (typeof body.ParallelizationFactor === 'number')
    input.parallelizationFactor = body.ParallelizationFactor;
  const destination = (body.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
    ?.OnFailure?.Destination;
  if (typeof destination === 'string') input.destinationConfig = { onFailure: { destination } };
  return input;
}

/** Fields of sources the course does not model (Kafka, MQ, DocumentDB) and tumbling windows. */
const UNMODELLED = [
  'Topics',
  'Queues',
  'SourceAccessConfigurations',
  'SelfManagedEventSource',
  'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig',
  'DocumentDBEventSourceConfig',
  'TumblingWindowInSeconds',
  'ProvisionedPollerConfig',
];

function unmodelled(body: Body): AwsHttpResponse | null {
  const field = UNMODELLED.find((name) => body[name] !== undefined);
  return field
    ? lambdaError(
        400,
        'InvalidParameterValueException',
        `Coldstart's simulated Lambda models SQS, DynamoDB Streams and Kinesis mappings without ${field}.`,
      )
    : null;
}

export class EventSourceMappingApi {
  constructor(
    private readonly ctx: AccountContext,
    private readonly mappings: () => EventSourceMappings | undefined,
  ) {}

  /** Answers an `/event-source-mappings` request, or null when the path is not one. */
  handle(req: AwsHttpRequest, method: string): AwsHttpResponse | null {
    if (MAPPINGS_PATH.test(req.path)) {
      if (method === 'POST') return this.withMappings((mappings) => this.create(mappings, req));
      if (method === 'GET') return this.withMappings((mappings) => this.list(mappings, req));
      return null;
    }
    const match = MAPPING_PATH.exec(req.path);
    if (!match) return null;
    const uuid = decodeURIComponent(match[1]!);
    if (method === 'GET') return this.withMappings((mappings) => this.get(mappings, uuid));
    if (method === 'PUT') return this.withMappings((mappings) => this.update(mappings, req, uuid));
    if (method === 'DELETE') return this.withMappings((mappings) => this.remove(mappings, uuid));
    return null;
  }

  private withMappings(answer: (mappings: EventSourceMappings) => AwsHttpResponse): AwsHttpResponse {
    const mappings = this.mappings();
    if (!mappings)
      return lambdaError(
        501,
        'NotImplemented',
        "This simulated account has no event source mappings (a lab check's world without pollers).",
      );
    return answer(mappings);
  }

  private create(mappings: EventSourceMappings, req: AwsHttpRequest): AwsHttpResponse {
    const parsed = parseBody(req);
    if ('refused' in parsed) return parsed.refused;
    const body = parsed.body;
    const refused = unmodelled(body);
    if (refused) return refused;
    for (const field of ['FunctionName', 'EventSourceArn'])
      if (typeof body[field] !== 'string')
        return lambdaError(
          400,
          'ValidationException',
          `1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
        );
    const input: EventSourceMappingInput = {
      ...commonInput(body),
      functionName: body.FunctionName as string,
      eventSourceArn: body.EventSourceArn as string,
    };
    if (typeof body.StartingPosition === 'string')
      input.startingPosition = body.StartingPosition as StartingPosition;
    // A timestamp member: epoch seconds on this protocol.
    if (typeof body.StartingPositionTimestamp === 'number')
      input.startingPositionTimestamp = body.StartingPositionTimestamp;
    const result = mappings.create(input);
    if (!result.ok) return failure(result);
    return apiJson(202, this.configuration(result.mapping));
  }

  private get(mappings: EventSourceMappings, uuid: string): AwsHttpResponse {
    const mapping = mappings.get(uuid);
    if (!mapping) return notFound(uuid);
    return apiJson(200, this.configuration(mapping));
  }

  private update(mappings: EventSourceMappings, req: AwsHttpRequest, uuid: string): AwsHttpResponse {
    const parsed = parseBody(req);
    if ('refused' in parsed) return parsed.refused;
    const body = parsed.body;
    const refused = unmodelled(body);
    if (refused) return refused;
    if (!mappings.get(uuid)) return notFound(uuid);
    const result = mappings.update(uuid, commonInput(body));
    if (!result.ok) return failure(result);
    return apiJson(202, this.configuration(result.mapping));
  }

  private remove(mappings: EventSourceMappings, uuid: string): AwsHttpResponse {
    const current = mappings.get(uuid);
    if (!current) return notFound(uuid);
    if (current.state === 'Deleting')
      return lambdaError(
        400,
        'ResourceInUseException',
        `Cannot delete the event source mapping because it is in use. The current state is Deleting.`,
      );
    const result = mappings.delete(uuid);
    if (!result.ok) return failure(result);
    return apiJson(202, this.configuration(result.mapping));
  }

  private list(mappings: EventSourceMappings, req: AwsHttpRequest): AwsHttpResponse {
    const functionName = firstQuery(req, 'FunctionName');
    const eventSourceArn = firstQuery(req, 'EventSourceArn');
    const maxItemsText = firstQuery(req, 'MaxItems');
    const maxItems = maxItemsText === undefined ? LIST_PAGE_MAX : Number(maxItemsText);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000)
      return lambdaError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: Member must have value ${maxItems < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000'}`,
      );
    const filter: { functionName?: string; eventSourceArn?: string } = {};
    if (functionName !== undefined) filter.functionName = functionName;
    if (eventSourceArn !== undefined) filter.eventSourceArn = eventSourceArn;
    const all = mappings.list(filter);
    // The marker is the last UUID of the previous page (opaque to callers, as AWS's is).
    const marker = firstQuery(req, 'Marker');
    let start = 0;
    if (marker !== undefined) {
      const index = all.findIndex((mapping) => mapping.config.uuid === marker);
      if (index < 0) return lambdaError(400, 'InvalidParameterValueException', 'Invalid marker.');
      start = index + 1;
    }
    const size = Math.min(maxItems, LIST_PAGE_MAX);
    const page = all.slice(start, start + size);
    const more = start + size < all.length;
    return apiJson(200, {
      EventSourceMappings: page.map((mapping) => this.configuration(mapping)),
      ...(more ? { NextMarker: page[page.length - 1]!.config.uuid } : {}),
    });
  }

  /** EventSourceMappingConfiguration: stream-only fields only on stream mappings, as AWS answers them. */
  configuration(mapping: MappingView): Record<string, unknown> {
    const config = mapping.config;
    const stream = config.kind !== 'sqs';
    return {
      UUID: config.uuid,
      EventSourceMappingArn: `arn:aws:lambda:${this.ctx.region}:${this.ctx.accountId}:event-source-mapping:${config.uuid}`,
      ...(stream
        ? {
            StartingPosition: config.startingPosition,
            ...(config.startingPositionTimestamp !== undefined
              ? { StartingPositionTimestamp: config.startingPositionTimestamp }
              : {}),
            ParallelizationFactor: config.parallelizationFactor,
            MaximumRecordAgeInSeconds: config.maximumRecordAgeInSeconds,
            BisectBatchOnFunctionError: config.bisectBatchOnFunctionError,
            MaximumRetryAttempts: config.maximumRetryAttempts,
            DestinationConfig: {
              OnFailure: config.onFailureDestination ? { Destination: config.onFailureDestination } : {},
            },
          }
        : {}),
      BatchSize: config.batchSize,
      MaximumBatchingWindowInSeconds: config.maximumBatchingWindowInSeconds,
      EventSourceArn: config.eventSourceArn,
      ...(config.filters.length > 0
        ? { FilterCriteria: { Filters: config.filters.map((pattern) => ({ Pattern: pattern })) } }
        : {}),
      FunctionArn: config.functionArn,
      // A timestamp member: epoch seconds.
      LastModified: (this.ctx.epochMs + mapping.lastModified) / 1000,
      ...(stream ? { LastProcessingResult: mapping.lastProcessingResult } : {}),
      State: mapping.state,
      StateTransitionReason: mapping.stateTransitionReason,
      FunctionResponseTypes: config.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
      ...(config.maximumConcurrency !== undefined
        ? { ScalingConfig: { MaximumConcurrency: config.maximumConcurrency } }
        : {}),
    };
  }
}

function notFound(uuid: string): AwsHttpResponse {
  return lambdaError(
    404,
    'ResourceNotFoundException',
    `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${uuid})`,
  );
}
