"""BatchProcessor and process_partial_response: one record handler call per record, failures reported by id."""

import functools
import sys
from enum import Enum

from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError, UnexpectedBatchTypeError
from aws_lambda_powertools.utilities.data_classes.common import DictWrapper
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


class EventType(Enum):
    SQS = "SQS"
    KinesisDataStreams = "KinesisDataStreams"
    DynamoDBStreams = "DynamoDBStreams"


class KinesisStreamRecord(DictWrapper):
    @property
    def sequence_number(self):
        return self["kinesis"]["sequenceNumber"]

    @property
    def kinesis(self):
        return self["kinesis"]


class DynamoDBRecord(DictWrapper):
    @property
    def sequence_number(self):
        return (self.get("dynamodb") or {}).get("SequenceNumber")

    @property
    def dynamodb(self):
        return self.get("dynamodb")


_RECORD_CLASSES = {EventType.SQS: SQSRecord, EventType.KinesisDataStreams: KinesisStreamRecord, EventType.DynamoDBStreams: DynamoDBRecord}


def _is_pending(error):
    return type(error).__name__ == "AwsCallPending"


class BasePartialBatchProcessor:
    DEFAULT_RESPONSE = {"batchItemFailures": []}

    def __init__(self, event_type, model=None, raise_on_entire_batch_failure=True):
        if event_type not in _RECORD_CLASSES:
            raise ValueError("Invalid event type %s" % (event_type,))
        self.event_type = event_type
        self.model = model
        self.raise_on_entire_batch_failure = raise_on_entire_batch_failure
        self.batch_response = {"batchItemFailures": []}
        self.success_messages = []
        self.fail_messages = []
        self.exceptions = []
        self.records = []
        self.handler = None
        self.lambda_context = None

    def __call__(self, records, handler, lambda_context=None):
        self.records = list(records)
        self.handler = handler
        self.lambda_context = lambda_context
        return self

    def __enter__(self):
        self.success_messages = []
        self.fail_messages = []
        self.exceptions = []
        self.batch_response = {"batchItemFailures": []}
        return self.process()

    def __exit__(self, exception_type, exception_value, tb):
        self._clean()

    def process(self):
        return [self._process_record(record) for record in self.records]

    def _call_handler(self, record):
        try:
            import inspect

            if "lambda_context" in inspect.signature(self.handler).parameters:
                return self.handler(record, lambda_context=self.lambda_context)
        except (TypeError, ValueError):
            pass
        return self.handler(record)

    def _process_record(self, record):
        data = _RECORD_CLASSES[self.event_type](record)
        try:
            result = self._call_handler(data)
            self.success_messages.append(record)
            return ("success", result, record)
        except Exception as error:
            if _is_pending(error):
                raise
            self.exceptions.append(sys.exc_info())
            self.fail_messages.append(data)
            return ("fail", "%s:%s" % (type(error).__name__, error), record)

    def _clean(self):
        if not self.fail_messages:
            self.batch_response = {"batchItemFailures": []}
            return
        if self.raise_on_entire_batch_failure and len(self.fail_messages) == len(self.records):
            raise BatchProcessingError(
                "All records failed processing. %d individual errors logged separately below." % len(self.exceptions),
                [(info[0], info[1]) for info in self.exceptions],
            )
        self.batch_response = {"batchItemFailures": [{"itemIdentifier": self._identifier(message)} for message in self.fail_messages]}

    def _identifier(self, record):
        if self.event_type == EventType.SQS:
            return record.message_id
        return record.sequence_number

    def response(self):
        return self.batch_response


class BatchProcessor(BasePartialBatchProcessor):
    """BatchProcessor(event_type=EventType.SQS)."""


def process_partial_response(event, record_handler, processor, context=None):
    """Runs `record_handler` on each record of `event` and returns the partial batch response."""
    try:
        records = event.get("Records", [])
    except AttributeError:
        raise UnexpectedBatchTypeError(
            "Unexpected type for 'event' parameter, please provide a dict with a 'Records' list"
        )
    if not isinstance(records, list):
        raise UnexpectedBatchTypeError("Unexpected type for 'event' parameter: 'Records' must be a list")
    with processor(records, record_handler, context):
        pass  # the records are processed on entering, the failures collected on leaving
    return processor.response()


def batch_processor(handler=None, record_handler=None, processor=None):
    """The older decorator form: processes the batch before your handler runs."""
    if handler is None:
        return functools.partial(batch_processor, record_handler=record_handler, processor=processor)

    @functools.wraps(handler)
    def decorate(event, context, *args, **kwargs):
        with processor(event.get("Records", []), record_handler, context):
            pass
        return handler(event, context, *args, **kwargs)

    return decorate
