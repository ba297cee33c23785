"""Validation utility (https://docs.aws.amazon.com/powertools/python/latest/utilities/validation/)."""

from aws_lambda_powertools.utilities.validation.exceptions import InvalidEnvelopeExpressionError, InvalidSchemaFormatError, SchemaValidationError
from aws_lambda_powertools.utilities.validation.validator import validate, validator

__all__ = ["InvalidEnvelopeExpressionError", "InvalidSchemaFormatError", "SchemaValidationError", "validate", "validator"]
