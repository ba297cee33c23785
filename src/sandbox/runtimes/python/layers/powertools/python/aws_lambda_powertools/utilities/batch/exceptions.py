"""Batch errors."""


class BaseBatchProcessingError(Exception):
    def __init__(self, msg="", child_exceptions=()):
        super().__init__(msg)
        self.msg = msg
        self.child_exceptions = list(child_exceptions)

    def format_exceptions(self, parent_exception_str):
        lines = [parent_exception_str, ""]
        for error_type, error in self.child_exceptions:
            lines.append("%s: %s" % (error_type.__name__, error))
        return "\n".join(lines)


class BatchProcessingError(BaseBatchProcessingError):
    def __str__(self):
        return self.format_exceptions(super().__str__())


class UnexpectedBatchTypeError(ValueError):
    pass
