"""
Batch processing (https://docs.aws.amazon.com/powertools/python/latest/utilities/batch/): each record of an SQS,
Kinesis or DynamoDB Streams batch goes to your record handler; the ones that raise are reported back to Lambda as
`{"batchItemFailures": [{"itemIdentifier": …}]}` (the event source mapping needs ReportBatchItemFailures), so only
they are retried. When every record fails the whole batch fails (BatchProcessingError), as documented.
"""

from aws_lambda_powertools.utilities.batch.base import (
    BasePartialBatchProcessor,
    BatchProcessor,
    EventType,
    batch_processor,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError, UnexpectedBatchTypeError

__all__ = [
    "BasePartialBatchProcessor",
    "BatchProcessingError",
    "BatchProcessor",
    "EventType",
    "UnexpectedBatchTypeError",
    "batch_processor",
    "process_partial_response",
]
