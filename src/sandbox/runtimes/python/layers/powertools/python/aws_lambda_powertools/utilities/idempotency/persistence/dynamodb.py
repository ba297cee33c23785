"""
DynamoDBPersistenceLayer: records in a table whose partition key is `id` (default attribute names `id`,
`expiration`, `in_progress_expiration`, `status`, `data`, `validation`), written with the documented condition:
a new record only when none exists, the old one has expired, or an INPROGRESS one has outlived its in-progress
expiry.
"""

import datetime
import os

import boto3
from botocore.exceptions import ClientError

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import (
    STATUS_CONSTANTS,
    BasePersistenceLayer,
    DataRecord,
)


class DynamoDBPersistenceLayer(BasePersistenceLayer):
    def __init__(
        self,
        table_name,
        key_attr="id",
        static_pk_value=None,
        sort_key_attr=None,
        expiry_attr="expiration",
        in_progress_expiry_attr="in_progress_expiration",
        status_attr="status",
        data_attr="data",
        validation_key_attr="validation",
        boto_config=None,
        boto3_session=None,
        boto3_client=None,
    ):
        if sort_key_attr == key_attr:
            raise ValueError("key_attr [%s] and sort_key_attr [%s] cannot be the same!" % (key_attr, sort_key_attr))
        if static_pk_value is None:
            static_pk_value = "idempotency#%s" % os.getenv("AWS_LAMBDA_FUNCTION_NAME", "")
        self._client = boto3_client
        self._boto3_session = boto3_session
        self.table_name = table_name
        self.key_attr = key_attr
        self.static_pk_value = static_pk_value
        self.sort_key_attr = sort_key_attr
        self.expiry_attr = expiry_attr
        self.in_progress_expiry_attr = in_progress_expiry_attr
        self.status_attr = status_attr
        self.data_attr = data_attr
        self.validation_key_attr = validation_key_attr
        super().__init__()

    @property
    def client(self):
        # Created on first use, so a persistence layer made at module level costs nothing until an invocation.
        if self._client is None:
            self._client = (self._boto3_session or boto3).client("dynamodb")
        return self._client

    def _get_key(self, idempotency_key):
        if self.sort_key_attr:
            return {self.key_attr: {"S": self.static_pk_value}, self.sort_key_attr: {"S": idempotency_key}}
        return {self.key_attr: {"S": idempotency_key}}

    def _item_to_data_record(self, item):
        def number(name):
            value = item.get(name, {}).get("N")
            return int(value) if value is not None else None

        key_attribute = self.sort_key_attr or self.key_attr
        return DataRecord(
            idempotency_key=item[key_attribute]["S"],
            status=item[self.status_attr]["S"],
            expiry_timestamp=number(self.expiry_attr),
            in_progress_expiry_timestamp=number(self.in_progress_expiry_attr),
            response_data=item.get(self.data_attr, {}).get("S"),
            payload_hash=item.get(self.validation_key_attr, {}).get("S"),
        )

    def _get_record(self, idempotency_key):
        response = self.client.get_item(
            TableName=self.table_name, Key=self._get_key(idempotency_key), ConsistentRead=True
        )
        try:
            item = response["Item"]
        except KeyError as error:
            raise IdempotencyItemNotFoundError from error
        return self._item_to_data_record(item)

    def _put_record(self, data_record):
        item = dict(self._get_key(data_record.idempotency_key))
        item[self.expiry_attr] = {"N": str(data_record.expiry_timestamp)}
        item[self.status_attr] = {"S": data_record.status}
        if data_record.in_progress_expiry_timestamp is not None:
            item[self.in_progress_expiry_attr] = {"N": str(data_record.in_progress_expiry_timestamp)}
        if self.payload_validation_enabled and data_record.payload_hash:
            item[self.validation_key_attr] = {"S": data_record.payload_hash}
        now = datetime.datetime.now()
        try:
            self.client.put_item(
                TableName=self.table_name,
                Item=item,
                ConditionExpression=(
                    "attribute_not_exists(#id) OR #expiry < :now OR "
                    "(#status = :inprogress AND attribute_exists(#in_progress_expiry) AND "
                    "#in_progress_expiry < :now_in_millis)"
                ),
                ExpressionAttributeNames={
                    "#id": self.key_attr,
                    "#expiry": self.expiry_attr,
                    "#in_progress_expiry": self.in_progress_expiry_attr,
                    "#status": self.status_attr,
                },
                ExpressionAttributeValues={
                    ":now": {"N": str(int(now.timestamp()))},
                    ":now_in_millis": {"N": str(int(now.timestamp() * 1000))},
                    ":inprogress": {"S": STATUS_CONSTANTS["INPROGRESS"]},
                },
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
            old = None
            try:
                old = self._get_record(data_record.idempotency_key)
            except IdempotencyItemNotFoundError:
                pass
            raise IdempotencyItemAlreadyExistsError(
                "Failed to put record for already existing idempotency key: %s" % data_record.idempotency_key,
                old_data_record=old,
            ) from error

    def _update_record(self, data_record):
        expression = "SET #response_data = :response_data, #expiry = :expiry, #status = :status"
        values = {
            ":expiry": {"N": str(data_record.expiry_timestamp)},
            ":response_data": {"S": data_record.response_data},
            ":status": {"S": data_record.status},
        }
        names = {"#expiry": self.expiry_attr, "#response_data": self.data_attr, "#status": self.status_attr}
        if self.payload_validation_enabled:
            expression += ", #validation_key = :validation_key"
            values[":validation_key"] = {"S": data_record.payload_hash}
            names["#validation_key"] = self.validation_key_attr
        self.client.update_item(
            TableName=self.table_name,
            Key=self._get_key(data_record.idempotency_key),
            UpdateExpression=expression,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )

    def _delete_record(self, data_record):
        self.client.delete_item(TableName=self.table_name, Key=self._get_key(data_record.idempotency_key))
