"""SQS events: the records of a batch, with Powertools' property names."""

import json

from aws_lambda_powertools.utilities.data_classes.common import DictWrapper


class SQSRecord(DictWrapper):
    @property
    def message_id(self):
        return self["messageId"]

    @property
    def receipt_handle(self):
        return self["receiptHandle"]

    @property
    def body(self):
        return self["body"]

    @property
    def json_body(self):
        return json.loads(self["body"])

    @property
    def attributes(self):
        return self.get("attributes") or {}

    @property
    def message_attributes(self):
        return self.get("messageAttributes") or {}

    @property
    def md5_of_body(self):
        return self.get("md5OfBody")

    @property
    def event_source(self):
        return self.get("eventSource")

    @property
    def event_source_arn(self):
        return self.get("eventSourceARN")

    @property
    def aws_region(self):
        return self.get("awsRegion")

    @property
    def queue_url(self):
        arn = self.event_source_arn or ""
        parts = arn.split(":")
        if len(parts) < 6:
            return None
        return "https://sqs.%s.amazonaws.com/%s/%s" % (parts[3], parts[4], parts[5])


class SQSEvent(DictWrapper):
    @property
    def records(self):
        for record in self.get("Records") or []:
            yield SQSRecord(record)
