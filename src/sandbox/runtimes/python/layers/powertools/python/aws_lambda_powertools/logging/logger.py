"""
Logger: one JSON object per line on standard output (the function's log stream), with the keys the Powertools
documentation lists: level, location, message, timestamp, service, then (inside `inject_lambda_context`)
cold_start, function_name, function_memory_size, function_arn, function_request_id, and xray_trace_id when the
invocation is traced. Built on the standard library's logging, as the real Logger is: one `logging.Logger` per
service name, not propagating to the root logger (so Lambda's own handler does not print the record twice).
"""

import functools
import json
import logging
import os
import sys
import time
import traceback

from aws_lambda_powertools.shared.functions import Encoder, resolve_truthy_env_var_choice, service_name, trace_header_parts

is_cold_start = True

# LogRecord's own attributes: anything else on a record came from `extra=` and is logged as a key of its own.
_RECORD_ATTRIBUTES = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

# One state per service name, shared by a parent Logger and its child=True Loggers.
_states = {}


def _record_time(created):
    """Powertools' default timestamp: `2021-05-03 11:47:12,494+0000` (local time; Lambda's TZ is UTC)."""
    local = time.localtime(created)
    milliseconds = int((created - int(created)) * 1000)
    return time.strftime("%Y-%m-%d %H:%M:%S", local) + ",%03d" % milliseconds + time.strftime("%z", local)


def _stack_trace(exc_info):
    """v3's `stack_trace` key (serialize_stacktrace=True): the exception's type, value, module and frames."""
    error_type, value, tb = exc_info
    frames = [
        {"file": frame.filename, "line": frame.lineno, "function": frame.name, "statement": frame.line}
        for frame in traceback.extract_tb(tb)
    ]
    return {"type": error_type.__name__, "value": str(value), "module": error_type.__module__, "frames": frames}


class LambdaPowertoolsFormatter(logging.Formatter):
    """Turns a LogRecord into Powertools' JSON line."""

    def __init__(self, state, json_default=str, serialize_stacktrace=True):
        super().__init__()
        self.state = state
        self.json_default = json_default
        self.serialize_stacktrace = serialize_stacktrace

    def serialize(self, log):
        return json.dumps(log, default=self.json_default, separators=(",", ":"), cls=Encoder)

    def format(self, record):
        message = record.msg if isinstance(record.msg, (dict, list)) else record.getMessage()
        log = {
            "level": record.levelname,
            "location": "%s:%d" % (record.funcName, record.lineno),
            "message": message,
            "timestamp": _record_time(record.created),
        }
        log.update(self.state["keys"])
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                log[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            log["exception"] = self.formatException(record.exc_info)
            log["exception_name"] = record.exc_info[0].__name__
            if self.serialize_stacktrace:
                log["stack_trace"] = _stack_trace(record.exc_info)
        root = trace_header_parts().get("Root")
        if root:
            log["xray_trace_id"] = root
        # Powertools leaves out keys whose value is None.
        return self.serialize({key: value for key, value in log.items() if value is not None})


class _StandardOutputHandler(logging.StreamHandler):
    """Writes to the current sys.stdout (the runtime replaces it per environment): Lambda's log stream."""

    def __init__(self, stream=None):
        super().__init__(stream)
        self._explicit = stream is not None

    def emit(self, record):
        if not self._explicit:
            self.stream = sys.stdout
        super().emit(record)


def _level_from(level):
    if isinstance(level, int):
        return level
    name = str(level).upper()
    if name == "WARN":
        name = "WARNING"
    if name not in logging._nameToLevel:
        raise ValueError("Unknown log level %r" % (level,))
    return logging._nameToLevel[name]


class Logger:
    """
    Logger(service=None, level=None, child=False, sampling_rate=None, stream=None, serialize_stacktrace=True,
    **keys). Level: `level`, else POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, else INFO; with Lambda's advanced
    logging controls, AWS_LAMBDA_LOG_LEVEL wins (as the documentation's precedence says).
    """

    def __init__(
        self,
        service=None,
        level=None,
        child=False,
        sampling_rate=None,
        stream=None,
        logger_formatter=None,
        logger_handler=None,
        json_default=str,
        serialize_stacktrace=True,
        **kwargs,
    ):
        self.service = service_name(service)
        self.child = child
        caller = sys._getframe(1).f_globals.get("__name__", "")
        self.name = "%s.%s" % (self.service, caller) if child else self.service
        self._logger = logging.getLogger(self.name)
        if child and self.service in _states:
            self._state = _states[self.service]
            self._logger.parent = logging.getLogger(self.service)
            return
        self._state = _states.setdefault(self.service, {"keys": {}, "context_keys": set()})
        self._state["keys"] = {"service": self.service}
        if sampling_rate is None:
            sampling_rate = os.getenv("POWERTOOLS_LOGGER_SAMPLE_RATE")
        if sampling_rate is not None:
            self._state["keys"]["sampling_rate"] = float(sampling_rate)
        self._state["keys"].update(kwargs)
        self._logger.propagate = False
        for handler in list(self._logger.handlers):
            self._logger.removeHandler(handler)
        handler = logger_handler or _StandardOutputHandler(stream)
        handler.setFormatter(logger_formatter or LambdaPowertoolsFormatter(self._state, json_default, serialize_stacktrace))
        self._logger.addHandler(handler)
        self.registered_handler = handler
        self.setLevel(level)

    # ------------------------------------------------------------------ level

    def setLevel(self, level=None):
        chosen = level or os.getenv("POWERTOOLS_LOG_LEVEL") or os.getenv("LOG_LEVEL") or "INFO"
        lambda_level = os.getenv("AWS_LAMBDA_LOG_LEVEL")
        if lambda_level:
            # Advanced logging controls: Lambda's level takes precedence (TRACE is DEBUG for Python).
            chosen = {"TRACE": "DEBUG", "FATAL": "CRITICAL"}.get(lambda_level.upper(), lambda_level)
        self._logger.setLevel(_level_from(chosen))

    @property
    def log_level(self):
        return self._logger.level

    @property
    def level(self):
        return self._logger.level

    # ------------------------------------------------------------------ keys

    def append_keys(self, **additional_keys):
        self._state["keys"].update(additional_keys)

    def remove_keys(self, keys):
        for key in keys:
            self._state["keys"].pop(key, None)

    def get_current_keys(self):
        return dict(self._state["keys"])

    def clear_state(self):
        """Back to the keys the Logger was created with (service, sampling rate): appended and context keys go."""
        keys = {"service": self.service}
        if "sampling_rate" in self._state["keys"]:
            keys["sampling_rate"] = self._state["keys"]["sampling_rate"]
        self._state["keys"] = keys

    def set_correlation_id(self, value):
        self.append_keys(correlation_id=value)

    def get_correlation_id(self):
        return self._state["keys"].get("correlation_id")

    # ------------------------------------------------------------------ handler decorator

    def inject_lambda_context(self, lambda_handler=None, log_event=None, correlation_id_path=None, clear_state=False):
        """Adds the context keys (and cold_start) to every line of the invocation; `log_event` logs the event."""
        if lambda_handler is None:
            return functools.partial(
                self.inject_lambda_context,
                log_event=log_event,
                correlation_id_path=correlation_id_path,
                clear_state=clear_state,
            )
        log_event = resolve_truthy_env_var_choice(os.getenv("POWERTOOLS_LOGGER_LOG_EVENT", "false"), log_event)

        @functools.wraps(lambda_handler)
        def decorate(event, context, *args, **kwargs):
            global is_cold_start
            cold_start = is_cold_start
            is_cold_start = False
            if clear_state:
                self.clear_state()
            self.append_keys(
                cold_start=cold_start,
                function_name=getattr(context, "function_name", None),
                function_memory_size=getattr(context, "memory_limit_in_mb", None),
                function_arn=getattr(context, "invoked_function_arn", None),
                function_request_id=getattr(context, "aws_request_id", None),
            )
            if correlation_id_path:
                from aws_lambda_powertools.shared.jmespath import search

                self.set_correlation_id(search(correlation_id_path, event))
            if log_event:
                self.info(event)
            return lambda_handler(event, context, *args, **kwargs)

        return decorate

    # ------------------------------------------------------------------ logging

    def _log(self, level, msg, args, exc_info=None, stack_info=False, stacklevel=2, extra=None, **kwargs):
        if not self._logger.isEnabledFor(level):
            return
        merged = dict(extra or {})
        merged.update(kwargs)
        self._logger.log(level, msg, *args, exc_info=exc_info, stack_info=stack_info, stacklevel=stacklevel + 1, extra=merged)

    def debug(self, msg, *args, exc_info=None, stack_info=False, stacklevel=2, extra=None, **kwargs):
        self._log(logging.DEBUG, msg, args, exc_info, stack_info, stacklevel, extra, **kwargs)

    def info(self, msg, *args, exc_info=None, stack_info=False, stacklevel=2, extra=None, **kwargs):
        self._log(logging.INFO, msg, args, exc_info, stack_info, stacklevel, extra, **kwargs)

    def warning(self, msg, *args, exc_info=None, stack_info=False, stacklevel=2, extra=None, **kwargs):
        self._log(logging.WARNING, msg, args, exc_info, stack_info, stacklevel, extra, **kwargs)

    warn = warning

    def error(self, msg, *args, exc_info=None, stack_info=False, stacklevel=2, extra=None, **kwargs):
        self._log(logging.ERROR, msg, args, exc_info, stack_info, stacklevel, extra, **kwargs)

    def critical(self, msg, *args, exc_info=None, stack_info=False, stacklevel=2, extra=None, **kwargs):
        self._log(logging.CRITICAL, msg, args, exc_info, stack_info, stacklevel, extra, **kwargs)

    def exception(self, msg, *args, exc_info=True, stack_info=False, stacklevel=2, extra=None, **kwargs):
        self._log(logging.ERROR, msg, args, exc_info, stack_info, stacklevel, extra, **kwargs)

    def __getattr__(self, name):
        # Anything else a standard Logger has (handlers, isEnabledFor, …).
        if "_logger" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["_logger"], name)
