"""
The course's Lambda runtime for python3.14, running inside Pyodide in one sandbox worker (one execution
environment). It does what the managed runtime's interface client does between the Runtime API and your code:
it finds the handler, builds the context object, preconfigures the root logger, calls the handler once per
invoke, serialises the result and turns exceptions into Lambda's error shape.

The JavaScript side of the runtime (runtime.ts) calls configure(), load() and invoke() and reads their JSON
answers; log records travel back through the `_coldstart_bridge` module that JavaScript registers. Nothing here
formats a CloudWatch line: records carry a level and a message (and, for the JSON log format, the fields), and
the course's Lambda service renders them.
"""

import decimal
import errno
import importlib
import importlib.machinery
import io
import json
import logging
import math
import os
import socket
import sys
import time
import traceback

# Where the stdlib lives in Pyodide and where it lives on Lambda: traces show Lambda's paths.
_PYODIDE_STDLIB = "/lib/python314.zip/"
_LAMBDA_STDLIB = "/var/lang/lib/python3.14/"

_state = {
    "handler_name": "",
    "handler": None,
    "log_format": "Text",
    "request_id": None,
    "tenant_id": None,
    "logging_handler": None,
    "stdout": None,
    "stderr": None,
}

# The message the managed runtime logs (as a warning) before an init error.
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, "
    "in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using "
    "managed runtimes, runtime updates can be triggered by a function change, or can be applied "
    "automatically. To determine if the runtime has been updated, check the runtime version in the "
    "INIT_START log entry. If this error correlates with a change in the runtime version, you may be able "
    "to mitigate this error by temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)


def _bridge():
    # Imported on use: the bridge is a JavaScript object, and nothing JavaScript may be referenced from Python
    # memory before the interpreter's memory snapshot is taken (the runtime takes it after importing this).
    import _coldstart_bridge

    return _coldstart_bridge


def _emit(level, message, fields=None):
    """One log record: a Python level name (None: raw output such as print), the message, JSON-format fields."""
    _bridge().log(level, message, fields)


class FaultException(Exception):
    """A runtime fault with Lambda's `Runtime.*` error type."""

    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None, syntax=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace
        self.syntax = syntax


# ---------------------------------------------------------------- output: print, stdout, stderr


class _LineWriter(io.TextIOBase):
    """sys.stdout / sys.stderr: each complete line is one raw log record, as the platform splits stdout."""

    def __init__(self, name):
        super().__init__()
        self._name = name
        self._pending = ""

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return 1 if self._name == "<stdout>" else 2

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        if not text:
            return 0
        pending = self._pending + text
        if "\n" in pending:
            lines = pending.split("\n")
            self._pending = lines.pop()
            for line in lines:
                _emit(None, line)
        else:
            self._pending = pending
        return len(text)

    def flush(self):
        if self._pending:
            line, self._pending = self._pending, ""
            _emit(None, line)


def _flush_output():
    for stream in (_state["stdout"], _state["stderr"]):
        if stream is not None:
            stream.flush()


# ---------------------------------------------------------------- logging: the preconfigured root logger


class LambdaTextFormatter(logging.Formatter):
    """The runtime's text format: `[LEVEL]\\t<time>\\t<request id>\\t<message>` (the service writes the prefix)."""

    def __init__(self):
        super().__init__(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"
        )

    def message_of(self, record):
        # What follows the prefix: the message, then the traceback and stack of the record, as Formatter adds them.
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text = text + "\n" + record.exc_text
        if record.stack_info:
            text = text + "\n" + self.formatStack(record.stack_info)
        return text


_RESERVED_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type", "taskName",
}


class JsonFormatter(logging.Formatter):
    """Lambda's JSON log format for the root logger: timestamp, level, message, logger, error fields, requestId."""

    def __init__(self):
        super().__init__(datefmt="%Y-%m-%dT%H:%M:%S")

    def formatTime(self, record, datefmt=None):
        seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return "%s.%03dZ" % (seconds, int(record.msecs))

    def fields_of(self, record):
        """Everything after timestamp and level, in the order Lambda writes it (requestId is filled in later)."""
        level = min(50, max(0, record.levelno)) // 10 * 10
        record.levelno = level
        record.levelname = logging.getLevelName(level)
        exc_info = record.exc_info
        fields = {
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
            "errorType": exc_info[0].__name__ if exc_info else None,
            "errorMessage": str(exc_info[1]) if exc_info else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno) if exc_info else None,
        }
        if getattr(record, "tenant_id", None) is not None:
            fields["tenantId"] = record.tenant_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED_FIELDS and key not in fields:
                fields[key] = value
        return {key: value for key, value in fields.items() if value is not None}

    def format(self, record):
        fields = self.fields_of(record)
        result = {"timestamp": self.formatTime(record), "level": record.levelname}
        result.update(fields)
        return json.JSONEncoder(ensure_ascii=False).encode(result) + "\n"


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _state["request_id"] or ""
        record.tenant_id = _state["tenant_id"]
        return True


class LambdaLoggerHandler(logging.Handler):
    """The root logger's handler. With the runtime's own formatter a record goes out structured; with a formatter
    you set yourself, your formatted text goes out as it is (as on Lambda, where it replaces the prefix)."""

    def emit(self, record):
        try:
            formatter = self.formatter
            if isinstance(formatter, JsonFormatter):
                fields = formatter.fields_of(record)
                message = fields.pop("message")
                # requestId keeps its place among the fields; the service fills in the invocation's id there.
                fields["requestId"] = None
                text = json.JSONEncoder(ensure_ascii=False).encode(fields)
                _emit(record.levelname, message, text)
            elif isinstance(formatter, LambdaTextFormatter):
                _emit(record.levelname, formatter.message_of(record))
            else:
                _emit(None, self.format(record).rstrip("\n"))
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)


def _setup_logging(log_format, log_level):
    logging.Formatter.converter = time.gmtime
    root = logging.getLogger()
    handler = LambdaLoggerHandler()
    handler.setFormatter(JsonFormatter() if log_format == "JSON" else LambdaTextFormatter())
    handler.addFilter(LambdaLoggerFilter())
    # AWS_LAMBDA_LOG_LEVEL (JSON format only): TRACE means DEBUG for Python; without it the root logger keeps
    # Python's default level (WARNING), so logger.info() needs setLevel, as on Lambda.
    level = {"TRACE": "DEBUG"}.get(log_level, log_level or "").upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)
    _state["logging_handler"] = handler


def _log_error(error):
    """The runtime's own error line: `[ERROR] Type: message` and the traceback (JSON: the error object)."""
    if _state["log_format"] == "JSON":
        record = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time())),
            "level": "ERROR",
        }
        record.update(error)
        _emit(None, to_json(record))
        return
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                # Leading spaces become no-break spaces so the console keeps the traceback's indentation.
                lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    _emit(None, "\n".join(lines))


# ---------------------------------------------------------------- errors


def _lambda_path(path):
    return path.replace(_PYODIDE_STDLIB, _LAMBDA_STDLIB) if path else path


def _frames(tb):
    """Traceback frames from the first one outside this file (the interface client's rule)."""
    frames = [(_lambda_path(f.filename), f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for index, frame in enumerate(frames):
        if "/bootstrap.py" not in frame[0]:
            return frames[index:]
    return []


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _fault_result(exc_info):
    error_type, value, tb = exc_info
    return make_error(str(value), error_type.__name__, traceback.format_list(_frames(tb)))


def _exit_error(code, request_id):
    prefix = "RequestId: %s Error: " % request_id if request_id else "Error: "
    if code is None or code == 0:
        return {"errorType": "Runtime.ExitError", "errorMessage": prefix + "Runtime exited without providing a reason"}
    if not isinstance(code, int):
        # sys.exit("message") prints the message to stderr and exits with status 1.
        try:
            sys.stderr.write(str(code) + "\n")
        except Exception:
            pass
        code = 1
    return {"errorType": "Runtime.ExitError", "errorMessage": prefix + "Runtime exited with error: exit status %d" % code}


def _out_of_memory(request_id):
    # Lambda stops a process that outgrows the function's memory size; the platform reports it this way.
    prefix = "RequestId: %s Error: " % request_id if request_id else "Error: "
    return {"errorType": "Runtime.OutOfMemory", "errorMessage": prefix + "Runtime exited with error: signal: killed"}


def _is_pending(error):
    # The replay fallback's signal (botocore._transport.AwsCallPending): the answer of an AWS call is not known yet.
    return type(error).__name__ == "AwsCallPending"


# ---------------------------------------------------------------- JSON as the runtime marshals it


class _DecimalMarker(str):
    pass


def _replace_decimals(value, found):
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return math.nan
        marker = "\u0000D%d\u0000" % len(found)
        found.append(str(value))
        return _DecimalMarker(marker)
    if isinstance(value, dict):
        return {key: _replace_decimals(item, found) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace_decimals(item, found) for item in value]
    return value


def to_json(value):
    """JSON as the runtime's marshaller writes it: `, ` and `: ` separators, ASCII escapes, Decimal as a number."""
    found = []
    prepared = _replace_decimals(value, found)
    text = json.dumps(prepared)
    for index, number in enumerate(found):
        text = text.replace('"\\u0000D%d\\u0000"' % index, number, 1)
    return text


# ---------------------------------------------------------------- the context object


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id,
            self.cognito_identity_pool_id,
        )


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __repr__(self):
        return "Client([%s])" % ",".join("%s=%s" % (name, getattr(self, name)) for name in self.__slots__)


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return "ClientContext([custom=%s,env=%s,client=%s])" % (self.custom, self.env, self.client)


def _object_from(cls, values):
    if values is None:
        return None
    made = cls()
    for name in cls.__slots__:
        setattr(made, name, values.get(name))
    return made


class LambdaContext(object):
    """The handler's second argument: invocation, function and execution environment details."""

    def __init__(self, request_id, client_context, identity, deadline_ms, invoked_function_arn, tenant_id=None):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _object_from(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _object_from(Client, self.client_context.client)
        self.identity = _object_from(CognitoIdentity, {})
        if identity is not None:
            self.identity.cognito_identity_id = identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, message):
        _emit(None, str(message))

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,"
            "memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s,"
            "tenant_id=%s])"
            % (
                self.aws_request_id,
                self.log_group_name,
                self.log_stream_name,
                self.function_name,
                self.memory_limit_in_mb,
                self.function_version,
                self.invoked_function_arn,
                self.client_context,
                self.identity,
                self.tenant_id,
            )
        )


# ---------------------------------------------------------------- the closed network

# The sandbox lets no request leave the page, and the interpreter's own sockets would only fail later with a
# RuntimeError ("TLS not supported in this environment") that no Lambda function ever sees. A host that cannot be
# reached fails on Lambda with an OSError instead, which urllib wraps in urllib.error.URLError: here every name
# fails to resolve as an unknown host does there ("[Errno -2] Name or service not known"), and a connection to a
# bare address finds no route. The SDK clients do not use sockets: their requests travel to the simulated account.
def _numeric(host):
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except (OSError, TypeError):
        return False
    return True


def _resolver(resolve):
    # A bare address needs no DNS, so it resolves as it would anywhere; only names fail.
    def resolve_name(host, *args, **kwargs):
        text = host.decode() if isinstance(host, bytes) else host
        if text is None or _numeric(text):
            return resolve(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return resolve_name


def _unreachable(self, address):
    raise OSError(errno.ENETUNREACH, "Network is unreachable")


def _unreachable_code(self, address):
    return errno.ENETUNREACH


def _close_network():
    socket.getaddrinfo = _resolver(socket.getaddrinfo)
    socket.gethostbyname = _resolver(socket.gethostbyname)
    socket.gethostbyname_ex = _resolver(socket.gethostbyname_ex)
    socket.socket.connect = _unreachable
    socket.socket.connect_ex = _unreachable_code


_close_network()


# ---------------------------------------------------------------- the lifecycle JavaScript drives


def _invalidate_import_caches():
    """
    What importlib.invalidate_caches() does for this environment's new files, without its two costly parts: it
    would also empty the stdlib zip's directory cache (the next import from the zip then reads the whole
    directory again) and import importlib.metadata, 0.1-0.3 s of every init together. The stdlib zip never
    changes; the function's files, layers and /tmp are directories, whose finders are refreshed here.
    """
    for name, finder in list(sys.path_importer_cache.items()):
        # As PathFinder.invalidate_caches does: entries found missing earlier, and relative ones, are looked up again.
        if finder is None or not os.path.isabs(name):
            del sys.path_importer_cache[name]
        elif isinstance(finder, importlib.machinery.FileFinder):
            finder.invalidate_caches()
    namespace_path = getattr(importlib._bootstrap_external, "_NamespacePath", None)
    if namespace_path is not None and hasattr(namespace_path, "_epoch"):
        namespace_path._epoch += 1
    metadata = sys.modules.get("importlib.metadata")
    if metadata is not None:
        metadata.MetadataPathFinder.invalidate_caches()


def configure(config_json):
    """Once per environment, before load(): environment variables, import path, working directory, logging."""
    config = json.loads(config_json)
    os.environ.clear()
    os.environ.update(config["environ"])
    sys.path[:] = config["path"] + [entry for entry in sys.path if entry.startswith("/lib/")]
    _invalidate_import_caches()
    os.chdir(config["taskRoot"])
    _state["handler_name"] = config["handler"]
    _state["log_format"] = config["logFormat"]
    _state["request_id"] = None
    _state["stdout"] = sys.stdout = _LineWriter("<stdout>")
    _state["stderr"] = sys.stderr = _LineWriter("<stderr>")
    _setup_logging(config["logFormat"], config.get("logLevel") or "")


def _syntax_location(error, task_root):
    filename = error.filename or ""
    relative = filename[len(task_root) + 1 :] if filename.startswith(task_root + "/") else filename
    return {
        "line": error.lineno or 1,
        "column": error.offset or 1,
        "message": error.msg or str(error),
        "file": relative,
    }


def _find_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as error:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '%s': %s" % (handler, error))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module %s as a handler module" % module_name,
            )
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '%s': %s" % (module_name, error)
        )
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s' % (error.filename, error.lineno, error.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR,
            "Syntax error in module '%s': %s" % (module_name, error),
            trace,
            _syntax_location(error, os.environ.get("LAMBDA_TASK_ROOT", "/var/task")),
        )
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '%s' missing on module '%s'" % (function_name, module_name)
        )


def load():
    """Init: import the handler's module (its top-level code runs here, once per environment)."""
    answer = None
    try:
        _state["handler"] = _find_handler(_state["handler_name"])
        answer = {"ok": True}
    except FaultException as fault:
        error = make_error(fault.msg, fault.exception_type, fault.trace)
        answer = {"ok": False, "error": error}
        if fault.syntax:
            answer["syntax"] = fault.syntax
    except SystemExit as exit_:
        answer = {"exit": _exit_error(exit_.code, None)}
    except MemoryError:
        answer = {"exit": _out_of_memory(None)}
    except BaseException as error:
        if _is_pending(error):
            return json.dumps({"pending": True})
        answer = {"ok": False, "error": _fault_result(sys.exc_info())}
    if answer.get("ok") is False:
        logging.warning(UNHANDLED_WARNING)
        _log_error(answer["error"])
    _flush_output()
    return json.dumps(answer)


def _parse_header(text, name):
    try:
        return json.loads(text)
    except Exception as error:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse %s JSON: %s" % (name, error)
        )


def invoke(request_json):
    """One invocation: event and context in, the serialised response or Lambda's error shape out."""
    request = json.loads(request_json)
    request_id = request["requestId"]
    _state["request_id"] = request_id
    if request.get("traceId"):
        os.environ["_X_AMZN_TRACE_ID"] = request["traceId"]
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    answer = None
    try:
        client_context = _parse_header(request["clientContext"], "Client Context") if request.get("clientContext") else None
        identity = _parse_header(request["identity"], "Cognito Identity") if request.get("identity") else None
        context = LambdaContext(
            request_id, client_context, identity, request["deadline"], request["invokedFunctionArn"]
        )
        try:
            event = json.loads(request["event"])
        except Exception as error:
            raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: %s" % error)
        result = _state["handler"](event, context)
        if isinstance(result, bytes):
            payload = result.decode("utf-8", "replace")
        else:
            try:
                payload = to_json(result)
            except Exception as error:
                raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: %s" % error)
        answer = {"ok": True, "payload": payload}
    except FaultException as fault:
        answer = {"ok": False, "error": make_error(fault.msg, fault.exception_type, fault.trace, request_id)}
    except SystemExit as exit_:
        answer = {"exit": _exit_error(exit_.code, request_id)}
    except MemoryError:
        answer = {"exit": _out_of_memory(request_id)}
    except Exception:
        error_type, value, tb = sys.exc_info()
        answer = {
            "ok": False,
            "error": make_error(str(value), error_type.__name__, traceback.format_list(_frames(tb)), request_id),
        }
    except BaseException as other:
        if _is_pending(other):
            return json.dumps({"pending": True})
        # KeyboardInterrupt and the like end the process, as they would the runtime's.
        answer = {"exit": _exit_error(1, request_id)}
        del other
    if answer.get("ok") is False:
        _log_error(answer["error"])
    _flush_output()
    return json.dumps(answer)


def reset():
    """Undo configure() and load() (after the warm-up run, before a learner's function arrives)."""
    root = logging.getLogger()
    if _state["logging_handler"] is not None:
        root.removeHandler(_state["logging_handler"])
    root.setLevel(logging.WARNING)
    for name in [name for name, module in sys.modules.items() if _is_task_module(module)]:
        del sys.modules[name]
    _state.update(handler=None, handler_name="", request_id=None, logging_handler=None)
    sys.stdout = sys.__stdout__
    sys.stderr = sys.__stderr__
    _state["stdout"] = _state["stderr"] = None


def _is_task_module(module):
    path = getattr(module, "__file__", None) or ""
    return path.startswith("/var/task/") or path.startswith("/opt/")
