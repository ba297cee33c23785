"""The idempotency utility's errors, with the documented names."""


class BaseError(Exception):
    def __init__(self, *args):
        self.message = str(args[0]) if args else ""
        self.details = "".join(str(arg) for arg in args[1:]) if len(args) > 1 else ""
        super().__init__(*args)

    def __str__(self):
        if self.message and self.details:
            return "%s - (%s)" % (self.message, self.details)
        return self.message or super().__str__()


class IdempotencyItemAlreadyExistsError(BaseError):
    """A record with this key exists (and has not expired)."""

    def __init__(self, *args, old_data_record=None):
        self.old_data_record = old_data_record
        super().__init__(*args)


class IdempotencyItemNotFoundError(BaseError):
    """No record with this key."""


class IdempotencyAlreadyInProgressError(BaseError):
    """Another execution with the same key is running (its record is INPROGRESS)."""


class IdempotencyInvalidStatusError(BaseError):
    """A record has an unknown status."""


class IdempotencyValidationError(BaseError):
    """The payload does not match the one stored with the key (payload_validation_jmespath)."""


class IdempotencyInconsistentStateError(BaseError):
    """The record changed between the write and the read: the utility tries again."""


class IdempotencyPersistenceLayerError(BaseError):
    """The persistence store failed."""


class IdempotencyKeyError(BaseError):
    """The idempotency key is missing from the payload and raise_on_no_idempotency_key is set."""


class IdempotencyModelTypeError(BaseError):
    pass


class IdempotencyNoSerializationModelError(BaseError):
    pass
