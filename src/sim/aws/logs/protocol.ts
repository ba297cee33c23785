/**
 * CloudWatch Logs' AWS JSON 1.1 protocol (`X-Amz-Target: Logs_20140328.<Operation>`), for the operations a
 * handler or boto3 is likely to use: log groups and streams, PutLogEvents, GetLogEvents, FilterLogEvents,
 * retention, and Logs Insights' StartQuery/GetQueryResults/StopQuery (queries complete at once). Errors use
 * the JSON error shape (`__type`, `message`).
 */
import { jsonResponse, text, type AwsCaller, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import { InsightsQueryError } from './insights/syntax';
import { FilterPatternError } from './filterPattern';
import { LogsError, type LogsService } from './service';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'Logs_20140328.';
const PAGE_LIMIT = 50;
const EVENTS_LIMIT = 10_000;

function error(code: string, message: string, statusCode = 400): AwsHttpResponse {
  return jsonResponse(statusCode, { __type: code, message }, CONTENT_TYPE);
}

function ok(value: unknown): AwsHttpResponse {
  return jsonResponse(200, value, CONTENT_TYPE);
}

type Input = Record<string, unknown>;

function stringParam(input: Input, name: string, required = true): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required)
      throw new LogsError(
        'InvalidParameterException',
        `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof value !== 'string')
    throw new LogsError('SerializationException', `Expected a string for ${name}`);
  return value;
}

function numberParam(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new LogsError('SerializationException', `Expected a number for ${name}`);
  return value;
}

function pageToken(index: number): string {
  return btoa(`p${index}`);
}

function readToken(token: unknown): number {
  if (token === undefined || token === null) return 0;
  try {
    const decoded = atob(String(token));
    if (/^p\d+$/.test(decoded)) return Number(decoded.slice(1));
  } catch {
    // fall through
  }
  throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
}

function paginate<T>(items: T[], input: Input, max: number): { page: T[]; nextToken?: string } {
  const start = readToken(input.nextToken);
  const limit = Math.min(numberParam(input, 'limit') ?? max, max);
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { page, nextToken: pageToken(start + limit) } : { page };
}

export function handleLogsRequest(
  service: LogsService,
  req: AwsHttpRequest,
  _caller: AwsCaller,
): AwsHttpResponse {
  const target = req.headers['x-amz-target'] ?? '';
  if (!target.startsWith(TARGET_PREFIX))
    return error('UnknownOperationException', 'Missing or unknown X-Amz-Target');
  const operation = target.slice(TARGET_PREFIX.length);
  let input: Input;
  try {
    const body = text(req.body);
    input = body.trim() === '' ? {} : (JSON.parse(body) as Input);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('not an object');
  } catch {
    return error('SerializationException', 'The request body is not valid JSON');
  }
  try {
    return dispatch(service, operation, input);
  } catch (failure) {
    if (failure instanceof LogsError) return error(failure.code, failure.message);
    if (failure instanceof InsightsQueryError) return error('MalformedQueryException', failure.message);
    if (failure instanceof FilterPatternError) return error('InvalidParameterException', failure.message);
    throw failure;
  }
}

function dispatch(service: LogsService, operation: string, input: Input): AwsHttpResponse {
  switch (operation) {
    case 'CreateLogGroup':
      service.createLogGroup(stringParam(input, 'logGroupName')!);
      return ok({});
    case 'DeleteLogGroup':
      service.deleteLogGroup(stringParam(input, 'logGroupName')!);
      return ok({});
    case 'CreateLogStream':
      service.createLogStream(stringParam(input, 'logGroupName')!, stringParam(input, 'logStreamName')!);
      return ok({});
    case 'DeleteLogStream':
      service.deleteLogStream(stringParam(input, 'logGroupName')!, stringParam(input, 'logStreamName')!);
      return ok({});
    case 'PutRetentionPolicy':
      service.putRetentionPolicy(
        stringParam(input, 'logGroupName')!,
        numberParam(input, 'retentionInDays') ?? NaN,
      );
      return ok({});
    case 'DeleteRetentionPolicy':
      service.deleteRetentionPolicy(stringParam(input, 'logGroupName')!);
      return ok({});
    case 'DescribeLogGroups': {
      const groups = service.listLogGroups(stringParam(input, 'logGroupNamePrefix', false) ?? '');
      const { page, nextToken } = paginate(groups, input, PAGE_LIMIT);
      return ok({
        logGroups: page.map((group) => ({
          logGroupName: group.name,
          creationTime: group.createdAt,
          ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
          metricFilterCount: 0,
          arn: `${group.arn}:*`,
          logGroupArn: group.arn,
          storedBytes: group.storedBytes,
          logGroupClass: 'STANDARD',
        })),
        ...(nextToken ? { nextToken } : {}),
      });
    }
    case 'DescribeLogStreams': {
      const group = stringParam(input, 'logGroupName')!;
      const options: Parameters<LogsService['listLogStreams']>[1] = {};
      const prefix = stringParam(input, 'logStreamNamePrefix', false);
      if (prefix !== undefined) options.prefix = prefix;
      const orderBy = stringParam(input, 'orderBy', false);
      if (orderBy === 'LastEventTime' && prefix !== undefined)
        throw new LogsError(
          'InvalidParameterException',
          'Cannot order by LastEventTime with a logStreamNamePrefix.',
        );
      options.orderBy = orderBy === 'LastEventTime' ? 'LastEventTime' : 'LogStreamName';
      options.descending = input.descending === true;
      const { page, nextToken } = paginate(service.listLogStreams(group, options), input, PAGE_LIMIT);
      return ok({
        logStreams: page.map((stream) => ({
          logStreamName: stream.name,
          creationTime: stream.createdAt,
          ...(stream.firstEventTimestamp !== undefined
            ? { firstEventTimestamp: stream.firstEventTimestamp }
            : {}),
          ...(stream.lastEventTimestamp !== undefined
            ? { lastEventTimestamp: stream.lastEventTimestamp }
            : {}),
          ...(stream.lastIngestionTime !== undefined ? { lastIngestionTime: stream.lastIngestionTime } : {}),
          arn: `${service.groupArn(group)}:log-stream:${stream.name}`,
          storedBytes: 0,
        })),
        ...(nextToken ? { nextToken } : {}),
      });
    }
    case 'PutLogEvents': {
      const events = input.logEvents;
      if (!Array.isArray(events) || events.length === 0 || events.length > 10_000)
        throw new LogsError('InvalidParameterException', 'logEvents must contain 1 to 10000 events.');
      const parsed = events.map((event) => {
        const record = event as Input;
        const timestamp = numberParam(record, 'timestamp');
        const message = stringParam(record, 'message');
        if (timestamp === undefined)
          throw new LogsError('InvalidParameterException', 'Each log event needs a timestamp.');
        return { timestamp, message: message! };
      });
      const result = service.appendLogEvents(
        stringParam(input, 'logGroupName')!,
        stringParam(input, 'logStreamName')!,
        parsed,
      );
      // CloudWatch reports rejected events by index in a chronological batch: too-old ones first, too-new last.
      const rejected: Record<string, number> = {};
      if (result.tooNew > 0) rejected.tooNewLogEventStartIndex = parsed.length - result.tooNew;
      if (result.tooOld > 0) rejected.tooOldLogEventEndIndex = result.tooOld;
      if (result.expired > 0) rejected.expiredLogEventEndIndex = result.expired;
      return ok(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {});
    }
    case 'GetLogEvents': {
      const group = stringParam(input, 'logGroupName')!;
      const stream = stringParam(input, 'logStreamName')!;
      const query: Parameters<LogsService['getLogEvents']>[1] = { stream, order: 'oldestFirst' };
      const startTime = numberParam(input, 'startTime');
      const endTime = numberParam(input, 'endTime');
      if (startTime !== undefined) query.startTime = startTime;
      if (endTime !== undefined) query.endTime = endTime;
      const all = service.getLogEvents(group, query);
      const limit = Math.min(numberParam(input, 'limit') ?? EVENTS_LIMIT, EVENTS_LIMIT);
      // Without startFromHead, the first page is the newest events, as in CloudWatch.
      const fromHead = input.startFromHead === true;
      const token = stringParam(input, 'nextToken', false);
      let start = fromHead ? 0 : Math.max(0, all.length - limit);
      if (token !== undefined) {
        const match = /^([fb])\/(\d+)$/.exec(token);
        if (!match) throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
        const position = Number(match[2]);
        start = match[1] === 'f' ? position : Math.max(0, position - limit);
      }
      const page = all.slice(start, start + limit);
      return ok({
        events: page.map((event) => ({
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
        })),
        nextForwardToken: `f/${start + page.length}`,
        nextBackwardToken: `b/${start}`,
      });
    }
    case 'FilterLogEvents': {
      const group = stringParam(input, 'logGroupName', false) ?? stringParam(input, 'logGroupIdentifier')!;
      const query: Parameters<LogsService['getLogEvents']>[1] = { order: 'oldestFirst' };
      if (Array.isArray(input.logStreamNames)) query.streams = input.logStreamNames.map(String);
      const prefix = stringParam(input, 'logStreamNamePrefix', false);
      if (prefix !== undefined) query.streamPrefix = prefix;
      const startTime = numberParam(input, 'startTime');
      const endTime = numberParam(input, 'endTime');
      if (startTime !== undefined) query.startTime = startTime;
      if (endTime !== undefined) query.endTime = endTime;
      const pattern = stringParam(input, 'filterPattern', false);
      if (pattern !== undefined) query.filterPattern = pattern;
      const { page, nextToken } = paginate(service.getLogEvents(group, query), input, EVENTS_LIMIT);
      return ok({
        events: page.map((event) => ({
          logStreamName: event.logStream,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
          eventId: String(event.id).padStart(20, '0'),
        })),
        searchedLogStreams: [],
        ...(nextToken ? { nextToken } : {}),
      });
    }
    case 'StartQuery': {
      const queryString = stringParam(input, 'queryString')!;
      const names: string[] = [];
      const single = stringParam(input, 'logGroupName', false);
      if (single !== undefined) names.push(single);
      for (const list of [input.logGroupNames, input.logGroupIdentifiers])
        if (Array.isArray(list))
          names.push(
            ...list.map((name) =>
              String(name)
                .replace(/^arn:aws:logs:[^:]*:[^:]*:log-group:/, '')
                .replace(/:\*$/, ''),
            ),
          );
      if (names.length === 0)
        throw new LogsError(
          'InvalidParameterException',
          'Specify logGroupName, logGroupNames or logGroupIdentifiers.',
        );
      // StartQuery takes seconds since the epoch.
      const startTime = numberParam(input, 'startTime');
      const endTime = numberParam(input, 'endTime');
      if (startTime === undefined || endTime === undefined)
        throw new LogsError('InvalidParameterException', 'startTime and endTime are required.');
      if (endTime < startTime)
        throw new LogsError('InvalidParameterException', 'End time should not be before the start time');
      const options: Parameters<LogsService['query']>[1] = {
        logGroups: names,
        startTime: startTime * 1000,
        endTime: endTime * 1000 + 999,
      };
      const limit = numberParam(input, 'limit');
      if (limit !== undefined) options.limit = limit;
      const result = service.query(queryString, options);
      const queryId = service.ctx.uuid();
      const stored = service.startedQueries;
      stored.set(queryId, { result, logGroups: names });
      // Keep the last 100 query results, like a short query history.
      if (stored.size > 100) stored.delete(stored.keys().next().value!);
      return ok({ queryId });
    }
    case 'GetQueryResults': {
      const queryId = stringParam(input, 'queryId')!;
      const stored = service.startedQueries.get(queryId);
      if (!stored) throw new LogsError('ResourceNotFoundException', 'Query does not exist.');
      const { result } = stored;
      return ok({
        queryLanguage: 'CWLI',
        status: 'Complete',
        results: result.results.map((row, index) => [
          ...row,
          { field: '@ptr', value: btoa(`${queryId}:${index}`) },
        ]),
        statistics: result.statistics,
      });
    }
    case 'StopQuery': {
      const queryId = stringParam(input, 'queryId')!;
      if (!service.startedQueries.has(queryId))
        throw new LogsError('ResourceNotFoundException', 'Query does not exist.');
      // Every query has already completed; CloudWatch answers success: false for a finished query.
      return ok({ success: false });
    }
  }
  return error(
    'UnknownOperationException',
    `Operation ${operation} is not simulated by Coldstart's CloudWatch Logs.`,
  );
}
