"""Logging utility: structured JSON logs (https://docs.aws.amazon.com/powertools/python/latest/core/logger/)."""

from aws_lambda_powertools.logging.logger import Logger

__all__ = ["Logger"]
