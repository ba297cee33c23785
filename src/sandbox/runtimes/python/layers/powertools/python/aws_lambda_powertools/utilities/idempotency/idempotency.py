"""
`idempotent` (a handler) and `idempotent_function` (any function, its payload a keyword argument): the first call
with a key writes an INPROGRESS record, runs, and stores the result as COMPLETED; a later call with the same key
gets the stored result without running; a call while the first is still running raises
IdempotencyAlreadyInProgressError; a failed run deletes its record so a retry can run.
"""

import functools
import json
import os
import warnings

from aws_lambda_powertools.shared.functions import Encoder
from aws_lambda_powertools.utilities.idempotency.config import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyInconsistentStateError,
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
    IdempotencyKeyError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import STATUS_CONSTANTS

MAX_RETRIES = 2


def _is_pending(error):
    return type(error).__name__ == "AwsCallPending"


class IdempotencyHandler:
    def __init__(self, function, function_payload, config, persistence_store, function_args=None, function_kwargs=None):
        self.function = function
        self.data = json.loads(json.dumps(function_payload, cls=Encoder))
        self.fn_args = function_args or ()
        self.fn_kwargs = function_kwargs or {}
        self.config = config
        persistence_store.configure(config, "%s.%s" % (function.__module__, function.__qualname__))
        self.persistence_store = persistence_store

    def handle(self):
        for attempt in range(MAX_RETRIES + 1):
            try:
                return self._process_idempotency()
            except IdempotencyInconsistentStateError:
                if attempt == MAX_RETRIES:
                    raise

    def _remaining_time_in_millis(self):
        context = self.config.lambda_context
        if context is not None and hasattr(context, "get_remaining_time_in_millis"):
            return context.get_remaining_time_in_millis()
        return None

    def _process_idempotency(self):
        try:
            self.persistence_store.save_inprogress(data=self.data, remaining_time_in_millis=self._remaining_time_in_millis())
        except (IdempotencyKeyError, IdempotencyValidationError):
            raise
        except IdempotencyItemAlreadyExistsError as error:
            record = error.old_data_record or self._get_idempotency_record()
            if record is not None:
                self.persistence_store._validate_payload(self.data, record)
                return self._handle_for_status(record)
        except BaseException as error:
            if _is_pending(error) or not isinstance(error, Exception):
                raise
            raise IdempotencyPersistenceLayerError("Failed to save in progress record to idempotency store", error) from error
        return self._get_function_response()

    def _get_idempotency_record(self):
        try:
            return self.persistence_store.get_record(data=self.data)
        except IdempotencyItemNotFoundError:
            # The record was deleted between the write and the read: try again.
            raise IdempotencyInconsistentStateError("save_inprogress and get_record return inconsistent results.")
        except IdempotencyValidationError:
            raise
        except Exception as error:
            if _is_pending(error):
                raise
            raise IdempotencyPersistenceLayerError("Failed to get record from idempotency store", error) from error

    def _handle_for_status(self, record):
        status = record.status
        if status == STATUS_CONSTANTS["EXPIRED"]:
            raise IdempotencyInconsistentStateError("save_inprogress and get_record return inconsistent results.")
        if status == STATUS_CONSTANTS["INPROGRESS"]:
            if record.in_progress_expiry_timestamp is not None:
                import datetime

                if record.in_progress_expiry_timestamp < int(datetime.datetime.now().timestamp() * 1000):
                    raise IdempotencyInconsistentStateError(
                        "item should have been expired in-progress because it already time-outed."
                    )
            raise IdempotencyAlreadyInProgressError(
                "Execution already in progress with idempotency key: %s=%s"
                % (self.persistence_store.event_key_jmespath, record.idempotency_key)
            )
        response = record.response_json_as_dict()
        if self.config.response_hook is not None:
            return self.config.response_hook(response, record)
        return response

    def _get_function_response(self):
        try:
            response = self.function(*self.fn_args, **self.fn_kwargs)
        except BaseException as handler_error:
            if _is_pending(handler_error):
                raise
            try:
                self.persistence_store.delete_record(data=self.data, exception=handler_error)
            except Exception as delete_error:
                if _is_pending(delete_error):
                    raise
                raise IdempotencyPersistenceLayerError(
                    "Failed to delete record from idempotency store", delete_error
                ) from delete_error
            raise
        try:
            self.persistence_store.save_success(data=self.data, result=response)
        except Exception as save_error:
            if _is_pending(save_error):
                raise
            raise IdempotencyPersistenceLayerError(
                "Failed to update success record to idempotency store", save_error
            ) from save_error
        return response


def _disabled():
    return os.getenv("POWERTOOLS_IDEMPOTENCY_DISABLED", "false").lower() in ("1", "true", "yes", "on")


def _key_is_missing(persistence_store, config, payload):
    """No key in the payload and no raise: the documented warning, and the function runs without idempotency."""
    from aws_lambda_powertools.shared.jmespath import search

    data = json.loads(json.dumps(payload, cls=Encoder))
    if config.event_key_jmespath:
        data = search(config.event_key_jmespath, data)
    return persistence_store.is_missing_idempotency_key(data)


def idempotent(handler=None, persistence_store=None, config=None, **kwargs):
    """Decorates a Lambda handler: `@idempotent(persistence_store=..., config=...)`; the event is the payload."""
    if handler is None:
        return functools.partial(idempotent, persistence_store=persistence_store, config=config, **kwargs)
    if persistence_store is None:
        raise TypeError("idempotent() needs a persistence_store")

    @functools.wraps(handler)
    def decorate(event, context, *args, **handler_kwargs):
        if _disabled():
            return handler(event, context, *args, **handler_kwargs)
        chosen = config or IdempotencyConfig()
        chosen.register_lambda_context(context)
        if not chosen.raise_on_no_idempotency_key and _key_is_missing(persistence_store, chosen, event):
            warnings.warn("No idempotency key value found. Skipping persistence layer and validation operations.", stacklevel=2)
            return handler(event, context, *args, **handler_kwargs)
        return IdempotencyHandler(
            handler, event, chosen, persistence_store, (event, context) + args, handler_kwargs
        ).handle()

    return decorate


def idempotent_function(function=None, *, data_keyword_argument, persistence_store, config=None, output_serializer=None, **kwargs):
    """Decorates any function; its payload is the keyword argument `data_keyword_argument` names."""
    if function is None:
        return functools.partial(
            idempotent_function,
            data_keyword_argument=data_keyword_argument,
            persistence_store=persistence_store,
            config=config,
            output_serializer=output_serializer,
            **kwargs,
        )
    chosen = config or IdempotencyConfig()

    @functools.wraps(function)
    def decorate(*args, **function_kwargs):
        if _disabled():
            return function(*args, **function_kwargs)
        if data_keyword_argument not in function_kwargs:
            raise RuntimeError(
                "Unable to extract '%s' from keyword arguments. Ensure this exists in your function's signature as "
                "well as the caller used it as a keyword argument" % data_keyword_argument
            )
        payload = function_kwargs[data_keyword_argument]
        if not chosen.raise_on_no_idempotency_key and _key_is_missing(persistence_store, chosen, payload):
            warnings.warn("No idempotency key value found. Skipping persistence layer and validation operations.", stacklevel=2)
            return function(*args, **function_kwargs)
        return IdempotencyHandler(function, payload, chosen, persistence_store, args, function_kwargs).handle()

    return decorate
