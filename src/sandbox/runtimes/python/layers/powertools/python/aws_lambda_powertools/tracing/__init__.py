"""Tracing utility (https://docs.aws.amazon.com/powertools/python/latest/core/tracer/)."""

from aws_lambda_powertools.tracing.tracer import Tracer

__all__ = ["Tracer"]
