"""Parameters utility (https://docs.aws.amazon.com/powertools/python/latest/utilities/parameters/)."""

from aws_lambda_powertools.utilities.parameters.base import (
    DEFAULT_MAX_AGE_SECS,
    BaseProvider,
    GetParameterError,
    TransformParameterError,
    clear_caches,
)
from aws_lambda_powertools.utilities.parameters.secrets import SecretsProvider, get_secret
from aws_lambda_powertools.utilities.parameters.ssm import SSMProvider, get_parameter, get_parameters

__all__ = [
    "DEFAULT_MAX_AGE_SECS",
    "BaseProvider",
    "GetParameterError",
    "SSMProvider",
    "SecretsProvider",
    "TransformParameterError",
    "clear_caches",
    "get_parameter",
    "get_parameters",
    "get_secret",
]
