export {
  ApiGateway,
  DEFAULT_THROTTLE,
  INTEGRATION_TIMEOUT,
  STREAM_INTEGRATION_TIMEOUT_MAX_MS,
} from './gateway';
export type {
  ApiReply,
  ApiRequestInput,
  ApiView,
  ExchangeStream,
  FunctionUrlInput,
  GatewayLambda,
  GatewayResult,
  HttpApiInput,
  HttpExchange,
  RestApiInput,
  SendOptions,
  Throttle,
} from './gateway';
export { explainOutcome, gatewayAnswer } from './errors';
export type { ApiKind, ExchangeOutcome, GatewayAnswer } from './errors';
export { buildEventV1, buildEventV2 } from './events';
export type { EventV1, EventV2, GatewayRequest } from './events';
export { bodyText, headerValue, parseUrl, utf8 } from './http';
export type { HttpRequest, HttpResponse } from './http';
export { mapResultV1, mapResultV2 } from './responses';
export { DEFAULT_ROUTE, ROUTE_METHODS, matchRoute, parseRoute } from './routes';
export type { Route, RouteMatch, RouteMethod } from './routes';
export { HTTP_INTEGRATION_CONTENT_TYPE, LiveBodyReader, readStreamedResponse } from './streamedResponse';
export type { HttpChunk, StreamedHttpResponse } from './streamedResponse';
