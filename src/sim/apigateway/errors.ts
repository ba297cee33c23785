/**
 * API Gateway's own answers, per API type, and why each happens (for the learner). The three front doors differ:
 *
 * | what happened                       | REST API (proxy)                                 | HTTP API                                  | function URL               |
 * | ----------------------------------- | ------------------------------------------------ | ----------------------------------------- | -------------------------- |
 * | function error / malformed result   | 502 `{"message": "Internal server error"}`       | 500 `{"message":"Internal Server Error"}` | 502 `Internal Server Error` |
 * | Lambda refused the invoke (throttle) | 500 `{"message": "Internal server error"}`       | 500 `{"message":"Internal Server Error"}` | 429 (throttle)             |
 * | integration timeout                 | 504 `{"message": "Endpoint request timed out"}`  | 503 `{"message":"Service Unavailable"}`   | — (the function's timeout) |
 * | no route                            | 403 `{"message":"Missing Authentication Token"}` | 404 `{"message":"Not Found"}`             | — (every path)             |
 * | the API's own throttle              | 429 `{"message":"Too Many Requests"}`            | 429 `{"message":"Too Many Requests"}`     | —                          |
 *
 * Sources: "Handling Lambda errors with an API Gateway API" (Lambda guide: 500 when the Lambda API rejects the
 * request, 502 for a function error or a response in the wrong format, body `{"message": "Internal server
 * error"}` — REST); "Troubleshooting issues with HTTP API Lambda integrations" (`{"message":"Internal Server
 * Error"}`); "Gateway response types" (INTEGRATION_TIMEOUT 504, MISSING_AUTHENTICATION_TOKEN 403, THROTTLED 429);
 * HTTP API quotas (30 s integration timeout; a timed-out HTTP API answers 503 Service Unavailable); "Creating and
 * managing Lambda function URLs" (a throttled function URL answers 429). A function URL's 502 body and 403 body
 * are as observed, not documented: illustrative.
 */
export type ApiKind = 'http' | 'rest' | 'url';

export type ExchangeOutcome =
  /** The function's response, mapped. */
  | 'ok'
  /** The function ran and failed (error, timeout, crash): Invoke answered with `FunctionError: Unhandled`. */
  | 'functionError'
  /** The function succeeded, but its result is not in the format the integration requires. */
  | 'malformed'
  /** Lambda answered 429 TooManyRequestsException. */
  | 'throttled'
  /** Lambda refused the request otherwise (no such function, payload too large, recursive loop). */
  | 'invokeRejected'
  /** No answer within the integration timeout. */
  | 'timeout'
  | 'noRoute'
  /** REST: the path does not start with a deployed stage. */
  | 'noStage'
  /** API Gateway's own rate and burst limits. */
  | 'apiThrottled'
  /** A function URL with auth type AWS_IAM received an unsigned request. */
  | 'forbidden'
  /** No API or function URL answers at this host name. */
  | 'unknownHost'
  /** RESPONSE_STREAM: the function failed after the status line and some of the body had gone out. */
  | 'streamInterrupted';

export interface GatewayAnswer {
  statusCode: number;
  contentType: string | null;
  body: string;
  /** `x-amzn-ErrorType` where the gateway sends one. */
  errorType?: string;
}

const REST_INTERNAL = '{"message": "Internal server error"}';
const HTTP_INTERNAL = '{"message":"Internal Server Error"}';
const JSON_TYPE = 'application/json';

/** The gateway's own response for an outcome other than `ok` (`lambdaPayload`: Lambda's throttle body). */
export function gatewayAnswer(
  kind: ApiKind,
  outcome: Exclude<ExchangeOutcome, 'ok' | 'unknownHost' | 'streamInterrupted'>,
  lambdaPayload?: string,
): GatewayAnswer {
  switch (outcome) {
    case 'functionError':
    case 'malformed':
      if (kind === 'rest')
        return {
          statusCode: 502,
          contentType: JSON_TYPE,
          body: REST_INTERNAL,
          errorType: 'InternalServerErrorException',
        };
      if (kind === 'http') return { statusCode: 500, contentType: JSON_TYPE, body: HTTP_INTERNAL };
      return { statusCode: 502, contentType: null, body: 'Internal Server Error' };
    case 'throttled':
      if (kind === 'url')
        return {
          statusCode: 429,
          contentType: JSON_TYPE,
          body: lambdaPayload ?? '{"message":"Rate Exceeded."}',
          errorType: 'TooManyRequestsException',
        };
      return kind === 'rest'
        ? {
            statusCode: 500,
            contentType: JSON_TYPE,
            body: REST_INTERNAL,
            errorType: 'InternalServerErrorException',
          }
        : { statusCode: 500, contentType: JSON_TYPE, body: HTTP_INTERNAL };
    case 'invokeRejected':
      if (kind === 'rest')
        return {
          statusCode: 500,
          contentType: JSON_TYPE,
          body: REST_INTERNAL,
          errorType: 'InternalServerErrorException',
        };
      if (kind === 'http') return { statusCode: 500, contentType: JSON_TYPE, body: HTTP_INTERNAL };
      return { statusCode: 502, contentType: null, body: 'Internal Server Error' };
    case 'timeout':
      return kind === 'rest'
        ? {
            statusCode: 504,
            contentType: JSON_TYPE,
            body: '{"message": "Endpoint request timed out"}',
            errorType: 'InternalServerErrorException',
          }
        : { statusCode: 503, contentType: JSON_TYPE, body: '{"message":"Service Unavailable"}' };
    case 'noRoute':
      return kind === 'rest'
        ? {
            statusCode: 403,
            contentType: JSON_TYPE,
            body: '{"message":"Missing Authentication Token"}',
            errorType: 'MissingAuthenticationTokenException',
          }
        : { statusCode: 404, contentType: JSON_TYPE, body: '{"message":"Not Found"}' };
    case 'noStage':
      return {
        statusCode: 403,
        contentType: JSON_TYPE,
        body: '{"message":"Forbidden"}',
        errorType: 'ForbiddenException',
      };
    case 'apiThrottled':
      return {
        statusCode: 429,
        contentType: JSON_TYPE,
        body: '{"message":"Too Many Requests"}',
        errorType: 'TooManyRequestsException',
      };
    case 'forbidden':
      return {
        statusCode: 403,
        contentType: JSON_TYPE,
        body: '{"Message":"Forbidden"}',
        errorType: 'AccessDeniedException',
      };
  }
}

const NAMES: Record<ApiKind, string> = { rest: 'REST API', http: 'HTTP API', url: 'function URL' };

/** What happened, in a sentence or two, with how the other front doors would have answered. */
export function explainOutcome(kind: ApiKind, outcome: ExchangeOutcome, detail: string): string {
  const name = NAMES[kind];
  switch (outcome) {
    case 'ok':
      return `The ${name} passed the function's response on${detail ? ` (${detail})` : ''}.`;
    case 'functionError':
      return (
        `The function returned an error (${detail}). API Gateway hides it behind its generic internal error: ` +
        (kind === 'rest'
          ? 'a REST API answers 502 {"message": "Internal server error"}; an HTTP API would answer 500 {"message":"Internal Server Error"}.'
          : kind === 'http'
            ? 'an HTTP API answers 500 {"message":"Internal Server Error"}; a REST API would answer 502 {"message": "Internal server error"}.'
            : 'a function URL answers 502.') +
        ' To choose the status yourself, catch the error and return {statusCode, body}. API Gateway never retries.'
      );
    case 'malformed':
      return (
        `The function succeeded, but its result is not a valid ${kind === 'rest' ? 'proxy' : 'integration'} response: ${detail}. ` +
        (kind === 'rest'
          ? 'A REST API answers 502 ("Malformed Lambda proxy response" in its logs); an HTTP API would answer 500.'
          : kind === 'http'
            ? 'An HTTP API answers 500; a REST API would answer 502.'
            : 'A function URL answers 502.')
      );
    case 'throttled':
      return kind === 'url'
        ? `Lambda throttled the invocation (${detail}): a function URL passes the 429 on. Reserved concurrency 0 turns a function URL off this way.`
        : `Lambda throttled the invocation (${detail}). API Gateway does not pass Lambda's 429 on: the Lambda API rejected the request, so the ${name} answers 500. Only API Gateway's own throttle answers 429.`;
    case 'invokeRejected':
      return `Lambda refused the invoke (${detail}), so the ${name} answers ${kind === 'url' ? 502 : 500}.`;
    case 'timeout':
      return kind === 'rest'
        ? `No response within the REST API's integration timeout (${detail}): 504. The function keeps running — and is billed — until it returns or reaches its own timeout; an HTTP API would answer 503.`
        : `No response within the HTTP API's integration timeout (${detail}): 503 Service Unavailable. The function keeps running — and is billed — until it returns or reaches its own timeout; a REST API would answer 504.`;
    case 'noRoute':
      return kind === 'rest'
        ? `No resource and method match ${detail}: a REST API answers 403 Missing Authentication Token, not 404.`
        : `No route matches ${detail} and there is no $default route: an HTTP API answers 404.`;
    case 'noStage':
      return `REST API URLs start with the stage (${detail}); this path does not, so API Gateway answers 403 Forbidden.`;
    case 'apiThrottled':
      return `API Gateway's own throttle (${detail}) answered 429 before Lambda was called.`;
    case 'forbidden':
      return 'This function URL uses auth type AWS_IAM: unsigned requests get 403. Sign the request with SigV4.';
    case 'unknownHost':
      return `No API or function URL answers at ${detail}.`;
    case 'streamInterrupted':
      return (
        `The function failed mid-stream (${detail}). The status line and the chunks written before the error had ` +
        'already gone out, so the client keeps them and the response just ends early; an error before the first ' +
        'byte would have been a 502. Lambda still counts a function error.'
      );
  }
}
