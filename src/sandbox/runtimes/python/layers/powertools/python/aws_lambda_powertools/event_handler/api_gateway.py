"""
Resolvers for API Gateway REST APIs (payload 1.0), HTTP APIs (2.0), Lambda function URLs and ALB: routes by
method and path (`/carts/<cart_id>` passes cart_id to the function), the response built in the event source's
shape (REST/ALB: multiValueHeaders; HTTP API/function URL: headers and cookies), dicts serialised to JSON, and a
404 `{"statusCode":404,"message":"Not found"}` for a path or method no route has.
"""

import base64
import json
import re
import traceback
from enum import Enum

from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from aws_lambda_powertools.shared.functions import Encoder
from aws_lambda_powertools.utilities.data_classes import (
    ALBEvent,
    APIGatewayProxyEvent,
    APIGatewayProxyEventV2,
    LambdaFunctionUrlEvent,
)

# The characters a path parameter may hold (URI-safe ones, as Powertools allows).
_SAFE_URI = r"""[-._~()'!*:@,;=+&$%<> \[\]{}|^\w]+"""
_DYNAMIC_ROUTE = re.compile(r"<(\w+)>")


class ProxyEventType(Enum):
    APIGatewayProxyEvent = "APIGatewayProxyEvent"
    APIGatewayProxyEventV2 = "APIGatewayProxyEventV2"
    ALBEvent = "ALBEvent"
    LambdaFunctionUrlEvent = "LambdaFunctionUrlEvent"


class CORSConfig:
    """Accepted for compatibility: allow_origin and friends become response headers."""

    def __init__(self, allow_origin="*", extra_origins=None, allow_headers=None, expose_headers=None, max_age=None, allow_credentials=False):
        self.allow_origin = allow_origin
        self.allow_headers = allow_headers or []
        self.expose_headers = expose_headers or []
        self.max_age = max_age
        self.allow_credentials = allow_credentials

    def to_dict(self, origin=None):
        headers = {"Access-Control-Allow-Origin": self.allow_origin}
        if self.allow_headers:
            headers["Access-Control-Allow-Headers"] = ",".join(self.allow_headers)
        if self.expose_headers:
            headers["Access-Control-Expose-Headers"] = ",".join(self.expose_headers)
        if self.max_age is not None:
            headers["Access-Control-Max-Age"] = str(self.max_age)
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        return headers


class Response:
    """Response(status_code, content_type=None, body=None, headers=None, cookies=None)."""

    def __init__(self, status_code, content_type=None, body=None, headers=None, cookies=None, compress=None):
        self.status_code = status_code
        self.body = body
        self.base64_encoded = False
        self.headers = dict(headers or {})
        self.cookies = list(cookies or [])
        self.compress = compress
        if content_type:
            self.headers.setdefault("Content-Type", content_type)

    def is_json(self):
        content_type = self.headers.get("Content-Type", "")
        if isinstance(content_type, list):
            content_type = content_type[0] if content_type else ""
        return content_type.startswith("application/json")


def _serialize(value):
    return json.dumps(value, separators=(",", ":"), cls=Encoder)


class _Route:
    def __init__(self, methods, rule, function, cors):
        self.methods = [method.upper() for method in methods]
        self.rule = rule
        self.pattern = re.compile("^%s$" % _DYNAMIC_ROUTE.sub(lambda match: "(?P<%s>%s)" % (match.group(1), _SAFE_URI), rule))
        self.function = function
        self.cors = cors


class ApiGatewayResolver:
    _event_class = APIGatewayProxyEvent
    _multi_value_headers = True

    def __init__(self, proxy_type=None, cors=None, debug=None, serializer=None, strip_prefixes=None, enable_validation=False):
        self._routes = []
        self._cors = cors
        self._serializer = serializer or _serialize
        self._strip_prefixes = strip_prefixes or []
        self._exception_handlers = {}
        self._not_found_handler = None
        self._debug = bool(debug)
        self.current_event = None
        self.lambda_context = None
        self.context = {}
        self._routers = []

    # ------------------------------------------------------------------ declaring routes

    def route(self, rule, method, cors=None, compress=False, cache_control=None, **kwargs):
        def register(function):
            methods = [method] if isinstance(method, str) else list(method)
            self._routes.append(_Route(methods, rule, function, cors))
            return function

        return register

    def get(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "GET", cors)

    def post(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "POST", cors)

    def put(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "PUT", cors)

    def delete(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "DELETE", cors)

    def patch(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "PATCH", cors)

    def head(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "HEAD", cors)

    def options(self, rule, cors=None, compress=False, cache_control=None, **kwargs):
        return self.route(rule, "OPTIONS", cors)

    def include_router(self, router, prefix=None):
        for rule, methods, function in router._routes:
            full_rule = (prefix.rstrip("/") + rule if rule != "/" else prefix) if prefix else rule
            self._routes.append(_Route(methods, full_rule, function, None))
        self._routers.append(router)

    def exception_handler(self, exc_class):
        def register(function):
            for kind in exc_class if isinstance(exc_class, (list, tuple)) else [exc_class]:
                self._exception_handlers[kind] = function
            return function

        return register

    def not_found(self, function=None):
        if function is None:
            return self.exception_handler(NotFoundError)
        self._not_found_handler = function
        return function

    def append_context(self, **additional_context):
        self.context.update(additional_context)

    def clear_context(self):
        self.context.clear()

    # ------------------------------------------------------------------ resolving

    def _path_of(self, event):
        path = event.path
        for prefix in self._strip_prefixes:
            if isinstance(prefix, str) and path.startswith(prefix):
                path = path[len(prefix) :] or "/"
                break
        return path or "/"

    def resolve(self, event, context):
        """Routes the event and answers in the event source's response shape."""
        if isinstance(event, dict):
            event = self._event_class(event)
        elif hasattr(event, "raw_event"):
            event = self._event_class(event.raw_event)
        self.current_event = event
        self.lambda_context = context
        for router in self._routers:
            router.current_event = event
            router.lambda_context = context
            router.context = self.context
        try:
            response = self._route(event)
        finally:
            self.clear_context()
        return self._build(response, event)

    def __call__(self, event, context):
        return self.resolve(event, context)

    def _route(self, event):
        method = event.http_method.upper()
        path = self._path_of(event)
        for route in self._routes:
            match = route.pattern.match(path)
            if not match or method not in route.methods:
                continue
            try:
                return self._to_response(route.function(**match.groupdict()), route)
            except Exception as error:
                return self._handle_exception(error)
        if method == "OPTIONS" and self._cors:
            return Response(204, None, "", self._cors.to_dict())
        if self._not_found_handler is not None:
            return self._to_response(self._not_found_handler(NotFoundError()), None)
        handler = self._exception_handlers.get(NotFoundError)
        if handler is not None:
            return self._to_response(handler(NotFoundError()), None)
        return Response(404, "application/json", {"statusCode": 404, "message": "Not found"})

    def _handle_exception(self, error):
        for kind in type(error).__mro__:
            handler = self._exception_handlers.get(kind)
            if handler is not None:
                return self._to_response(handler(error), None)
        if isinstance(error, ServiceError):
            return Response(error.status_code, "application/json", {"statusCode": error.status_code, "message": error.msg})
        if self._debug:
            return Response(500, "text/plain", "".join(traceback.format_exception(error)))
        raise error

    def _to_response(self, result, route):
        if isinstance(result, Response):
            response = result
        elif isinstance(result, tuple):
            body = result[0]
            status = result[1] if len(result) > 1 else 200
            headers = result[2] if len(result) > 2 else None
            response = Response(status, "application/json", body, headers)
        else:
            response = Response(200, "application/json", result)
        cors = route.cors if route is not None and route.cors is not None else None
        if (cors or (cors is None and route is not None and self._cors)) and self._cors:
            for name, value in self._cors.to_dict().items():
                response.headers.setdefault(name, value)
        return response

    def _body_text(self, response):
        body = response.body
        if body is None:
            return ""
        if isinstance(body, bytes):
            response.base64_encoded = True
            return base64.b64encode(body).decode()
        if isinstance(body, str):
            return body
        return self._serializer(body)

    def _build(self, response, event):
        body = self._body_text(response)
        result = {"statusCode": response.status_code, "body": body, "isBase64Encoded": response.base64_encoded}
        if self._multi_value_headers:
            headers = {}
            for name, value in response.headers.items():
                headers[name] = list(value) if isinstance(value, list) else [value]
            if response.cookies:
                headers["Set-Cookie"] = [str(cookie) for cookie in response.cookies]
            result["multiValueHeaders"] = headers
        else:
            result["headers"] = {
                name: ", ".join(value) if isinstance(value, list) else value for name, value in response.headers.items()
            }
            result["cookies"] = [str(cookie) for cookie in response.cookies]
        return result


class APIGatewayRestResolver(ApiGatewayResolver):
    """API Gateway REST API (payload format 1.0)."""

    _event_class = APIGatewayProxyEvent
    _multi_value_headers = True


class APIGatewayHttpResolver(ApiGatewayResolver):
    """API Gateway HTTP API (payload format 2.0); a non-default stage's prefix is dropped from rawPath."""

    _event_class = APIGatewayProxyEventV2
    _multi_value_headers = False

    def _path_of(self, event):
        path = event.path
        stage = event.request_context.get("stage")
        if stage and stage != "$default" and path.startswith("/" + stage):
            path = path[len(stage) + 1 :] or "/"
        for prefix in self._strip_prefixes:
            if isinstance(prefix, str) and path.startswith(prefix):
                path = path[len(prefix) :] or "/"
                break
        return path or "/"


class LambdaFunctionUrlResolver(APIGatewayHttpResolver):
    """Lambda function URLs (the HTTP API's payload 2.0 shape)."""

    _event_class = LambdaFunctionUrlEvent


class ALBResolver(ApiGatewayResolver):
    _event_class = ALBEvent
    _multi_value_headers = True
