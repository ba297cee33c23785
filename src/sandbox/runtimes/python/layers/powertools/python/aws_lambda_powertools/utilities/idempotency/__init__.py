"""Idempotency utility (https://docs.aws.amazon.com/powertools/python/latest/utilities/idempotency/)."""

from aws_lambda_powertools.utilities.idempotency.config import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.idempotency import idempotent, idempotent_function
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer, DataRecord
from aws_lambda_powertools.utilities.idempotency.persistence.dynamodb import DynamoDBPersistenceLayer

__all__ = [
    "BasePersistenceLayer",
    "DataRecord",
    "DynamoDBPersistenceLayer",
    "IdempotencyConfig",
    "idempotent",
    "idempotent_function",
]
