/**
 * X-Ray's REST-JSON API, the part code is likely to call: PutTraceSegments (what the X-Ray daemon does with
 * the documents the SDK sends it), GetTraceSummaries and BatchGetTraces. Errors carry `x-amzn-errortype`.
 */
import { jsonResponse, text, type AwsCaller, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import type { XRayService } from './service';

function error(code: string, message: string, statusCode = 400): AwsHttpResponse {
  const response = jsonResponse(statusCode, { message }, 'application/json');
  response.headers['x-amzn-errortype'] = code;
  return response;
}

function ok(value: unknown): AwsHttpResponse {
  return jsonResponse(200, value, 'application/json');
}

export function handleXRayRequest(
  service: XRayService,
  req: AwsHttpRequest,
  _caller: AwsCaller,
): AwsHttpResponse {
  if (req.method.toUpperCase() !== 'POST')
    return error('InvalidRequestException', `Unsupported method ${req.method}`);
  let body: Record<string, unknown>;
  try {
    const raw = text(req.body);
    body = raw.trim() === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
  } catch {
    return error('InvalidRequestException', 'The request body is not valid JSON');
  }
  switch (req.path) {
    case '/TraceSegments': {
      const documents = body.TraceSegmentDocuments;
      if (!Array.isArray(documents) || !documents.every((document) => typeof document === 'string'))
        return error('InvalidRequestException', 'TraceSegmentDocuments must be a list of strings');
      const { unprocessed } = service.putSegmentDocuments(documents as string[]);
      return ok({
        UnprocessedTraceSegments: unprocessed.map((entry) => ({
          ...(entry.id ? { Id: entry.id } : {}),
          ErrorCode: entry.errorCode,
          Message: entry.message,
        })),
      });
    }
    case '/TraceSummaries': {
      const start = typeof body.StartTime === 'number' ? body.StartTime * 1000 : undefined;
      const end = typeof body.EndTime === 'number' ? body.EndTime * 1000 : undefined;
      if (start === undefined || end === undefined)
        return error('InvalidRequestException', 'StartTime and EndTime are required');
      const summaries = service.listTraces({ startTime: start, endTime: end + 1 });
      return ok({
        TraceSummaries: summaries.map((summary) => ({
          Id: summary.id,
          StartTime: summary.startTime / 1000,
          Duration: summary.durationMs / 1000,
          ResponseTime: summary.durationMs / 1000,
          HasError: summary.hasError,
          HasFault: summary.hasFault,
          HasThrottle: summary.hasThrottle,
          IsPartial: summary.inProgress,
          ...(summary.httpStatus !== undefined ? { Http: { HttpStatus: summary.httpStatus } } : {}),
          EntryPoint: { Name: summary.entryPoint, Type: 'AWS::Lambda' },
          Annotations: Object.fromEntries(
            Object.entries(summary.annotations).map(([key, value]) => [
              key,
              [
                {
                  AnnotationValue:
                    typeof value === 'number'
                      ? { NumberValue: value }
                      : typeof value === 'boolean'
                        ? { BooleanValue: value }
                        : { StringValue: value },
                },
              ],
            ]),
          ),
        })),
        ApproximateTime: service.epochNow() / 1000,
        TracesProcessedCount: summaries.length,
      });
    }
    case '/Traces': {
      const ids = body.TraceIds;
      if (!Array.isArray(ids)) return error('InvalidRequestException', 'TraceIds is required');
      const traces = [];
      const unprocessed: string[] = [];
      for (const id of ids) {
        const trace = service.trace(String(id));
        if (!trace) {
          unprocessed.push(String(id));
          continue;
        }
        const summary = service.listTraces().find((entry) => entry.id === trace.id);
        traces.push({
          Id: trace.id,
          Duration: (summary?.durationMs ?? 0) / 1000,
          LimitExceeded: false,
          Segments: trace.segments.map((segment) => ({ Id: segment.id, Document: JSON.stringify(segment) })),
        });
      }
      return ok({ Traces: traces, UnprocessedTraceIds: unprocessed });
    }
  }
  return error('InvalidRequestException', `Operation at ${req.path} is not simulated by Coldstart's X-Ray.`);
}
