"""Typing helpers (https://docs.aws.amazon.com/powertools/python/latest/utilities/typing/)."""

from aws_lambda_powertools.utilities.typing.lambda_context import LambdaContext

__all__ = ["LambdaContext"]
