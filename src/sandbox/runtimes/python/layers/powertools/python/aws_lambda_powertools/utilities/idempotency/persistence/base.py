"""
The persistence layer's shared part: the idempotency key (`<function name>.<module>.<qualified name>#<md5 of the
JSON of the selected data, keys sorted>`), the payload validation hash, record expiry, and the record states
INPROGRESS, COMPLETED and EXPIRED.
"""

import datetime
import hashlib
import json
import os
import warnings

from aws_lambda_powertools.shared.functions import Encoder
from aws_lambda_powertools.shared.jmespath import search
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyKeyError,
    IdempotencyValidationError,
)

STATUS_CONSTANTS = {"INPROGRESS": "INPROGRESS", "COMPLETED": "COMPLETED", "EXPIRED": "EXPIRED"}


class DataRecord:
    def __init__(
        self,
        idempotency_key,
        status="",
        expiry_timestamp=None,
        in_progress_expiry_timestamp=None,
        response_data="",
        payload_hash="",
    ):
        self.idempotency_key = idempotency_key
        self.payload_hash = payload_hash
        self.expiry_timestamp = expiry_timestamp
        self.in_progress_expiry_timestamp = in_progress_expiry_timestamp
        self._status = status
        self.response_data = response_data

    @property
    def is_expired(self):
        return bool(self.expiry_timestamp and int(datetime.datetime.now().timestamp()) > self.expiry_timestamp)

    @property
    def status(self):
        if self.is_expired:
            return STATUS_CONSTANTS["EXPIRED"]
        if self._status in STATUS_CONSTANTS.values():
            return self._status
        from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyInvalidStatusError

        raise IdempotencyInvalidStatusError(self._status)

    def response_json_as_dict(self):
        return json.loads(self.response_data) if self.response_data else None

    def get_expiration_datetime(self):
        return datetime.datetime.fromtimestamp(int(self.expiry_timestamp)) if self.expiry_timestamp else None


class BasePersistenceLayer:
    def __init__(self):
        self.function_name = ""
        self.configured = False
        self.event_key_jmespath = ""
        self.payload_validation_enabled = False
        self.validation_key_jmespath = None
        self.raise_on_no_idempotency_key = False
        self.expires_after_seconds = 60 * 60
        self.hash_function = hashlib.md5

    def configure(self, config, function_name=None):
        self.function_name = "%s.%s" % (os.getenv("AWS_LAMBDA_FUNCTION_NAME", "test-func"), function_name or "")
        if self.configured:
            return
        self.configured = True
        self.event_key_jmespath = config.event_key_jmespath
        if config.payload_validation_jmespath:
            self.validation_key_jmespath = config.payload_validation_jmespath
            self.payload_validation_enabled = True
        self.raise_on_no_idempotency_key = config.raise_on_no_idempotency_key
        self.expires_after_seconds = config.expires_after_seconds
        self.hash_function = getattr(hashlib, config.hash_function)

    def _get_hashed_idempotency_key(self, data):
        if self.event_key_jmespath:
            data = search(self.event_key_jmespath, data)
        if self.is_missing_idempotency_key(data):
            if self.raise_on_no_idempotency_key:
                raise IdempotencyKeyError("No data found to create a hashed idempotency_key")
            warnings.warn(
                "No idempotency key value found. Skipping persistence layer and validation operations.", stacklevel=2
            )
        return "%s#%s" % (self.function_name, self._generate_hash(data))

    @staticmethod
    def is_missing_idempotency_key(data):
        if isinstance(data, (tuple, list, dict)):
            return all(value is None for value in (data.values() if isinstance(data, dict) else data))
        if isinstance(data, (int, float, bool)):
            return False
        return not data

    def _get_hashed_payload(self, data):
        if not self.payload_validation_enabled:
            return ""
        return self._generate_hash(search(self.validation_key_jmespath, data))

    def _generate_hash(self, data):
        return self.hash_function(json.dumps(data, cls=Encoder, sort_keys=True).encode()).hexdigest()

    def _validate_payload(self, data_payload, stored_data_record):
        if self.payload_validation_enabled:
            payload_hash = data_payload if isinstance(data_payload, str) else self._get_hashed_payload(data_payload)
            if stored_data_record.payload_hash != payload_hash:
                raise IdempotencyValidationError("Payload does not match stored record for this event key")

    def _get_expiry_timestamp(self):
        now = datetime.datetime.now()
        return int((now + datetime.timedelta(seconds=self.expires_after_seconds)).timestamp())

    def save_success(self, data, result):
        response_data = json.dumps(result, cls=Encoder, sort_keys=True)
        record = DataRecord(
            idempotency_key=self._get_hashed_idempotency_key(data),
            status=STATUS_CONSTANTS["COMPLETED"],
            expiry_timestamp=self._get_expiry_timestamp(),
            response_data=response_data,
            payload_hash=self._get_hashed_payload(data),
        )
        self._update_record(record)

    def save_inprogress(self, data, remaining_time_in_millis=None):
        record = DataRecord(
            idempotency_key=self._get_hashed_idempotency_key(data),
            status=STATUS_CONSTANTS["INPROGRESS"],
            expiry_timestamp=self._get_expiry_timestamp(),
            payload_hash=self._get_hashed_payload(data),
        )
        if remaining_time_in_millis:
            now = datetime.datetime.now()
            record.in_progress_expiry_timestamp = int(
                (now + datetime.timedelta(milliseconds=remaining_time_in_millis)).timestamp() * 1000
            )
        else:
            warnings.warn(
                "Couldn't determine the remaining time left. Did you call register_lambda_context on IdempotencyConfig?",
                stacklevel=2,
            )
        self._put_record(record)

    def delete_record(self, data, exception):
        self._delete_record(DataRecord(idempotency_key=self._get_hashed_idempotency_key(data)))

    def get_record(self, data):
        record = self._get_record(self._get_hashed_idempotency_key(data))
        self._validate_payload(data, record)
        return record

    def _get_record(self, idempotency_key):
        raise NotImplementedError()

    def _put_record(self, data_record):
        raise NotImplementedError()

    def _update_record(self, data_record):
        raise NotImplementedError()

    def _delete_record(self, data_record):
        raise NotImplementedError()


__all__ = ["BasePersistenceLayer", "DataRecord", "IdempotencyItemAlreadyExistsError", "STATUS_CONSTANTS"]
