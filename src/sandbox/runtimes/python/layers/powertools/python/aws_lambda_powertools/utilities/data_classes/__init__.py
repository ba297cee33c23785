"""Event source data classes: dict-like wrappers with Powertools' property names."""

from aws_lambda_powertools.utilities.data_classes.common import DictWrapper
from aws_lambda_powertools.utilities.data_classes.event_source import event_source
from aws_lambda_powertools.utilities.data_classes.http import (
    ALBEvent,
    APIGatewayProxyEvent,
    APIGatewayProxyEventV2,
    LambdaFunctionUrlEvent,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSEvent, SQSRecord

__all__ = [
    "ALBEvent",
    "APIGatewayProxyEvent",
    "APIGatewayProxyEventV2",
    "DictWrapper",
    "LambdaFunctionUrlEvent",
    "SQSEvent",
    "SQSRecord",
    "event_source",
]
