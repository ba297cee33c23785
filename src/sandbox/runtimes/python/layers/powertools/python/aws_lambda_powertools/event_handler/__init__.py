"""Event handler for HTTP events (https://docs.aws.amazon.com/powertools/python/latest/core/event_handler/api_gateway/)."""

from aws_lambda_powertools.event_handler.api_gateway import (
    ALBResolver,
    APIGatewayHttpResolver,
    APIGatewayRestResolver,
    ApiGatewayResolver,
    CORSConfig,
    LambdaFunctionUrlResolver,
    ProxyEventType,
    Response,
)
from aws_lambda_powertools.event_handler.router import Router

__all__ = [
    "ALBResolver",
    "APIGatewayHttpResolver",
    "APIGatewayRestResolver",
    "ApiGatewayResolver",
    "CORSConfig",
    "LambdaFunctionUrlResolver",
    "ProxyEventType",
    "Response",
    "Router",
]
