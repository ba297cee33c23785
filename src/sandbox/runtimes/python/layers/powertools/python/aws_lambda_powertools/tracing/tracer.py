"""
Tracer: X-Ray subsegments for the handler (`## <handler name>`, annotated ColdStart and Service) and for the
methods you decorate (`## <module>.<qualified name>`), with annotations, metadata (the response, or the error,
under the service's namespace) and faults. In Lambda the X-Ray SDK sends them to the X-Ray daemon as independent
subsegments of the function's segment (its id is the `Parent` of `_X_AMZN_TRACE_ID`); here the finished tree goes
to the simulated X-Ray as one PutTraceSegments call over the runtime's AWS transport, when the handler's
subsegment closes. Only sampled invocations (`Sampled=1`, active tracing) are recorded, as in Lambda. AWS SDK
calls are recorded by the course's account itself, so `patch` has nothing to do.
"""

import functools
import json
import os
import random
import sys
import time
import traceback

from aws_lambda_powertools.shared.functions import Encoder, resolve_truthy_env_var_choice, trace_header_parts

is_cold_start = True


def _new_id():
    return "%016x" % random.getrandbits(64)


class Subsegment:
    def __init__(self, name, parent=None):
        self.id = _new_id()
        self.name = name
        self.parent = parent
        self.start_time = time.time()
        self.end_time = None
        self.annotations = {}
        self.metadata = {}
        self.subsegments = []
        self.fault = False
        self.cause = None

    def put_annotation(self, key, value):
        if not isinstance(value, (str, int, float, bool)):
            # The X-Ray SDK drops annotations of other types (with a warning), so X-Ray can index them.
            return
        self.annotations[key] = value

    def put_metadata(self, key, value, namespace="default"):
        self.metadata.setdefault(namespace, {})[key] = value

    def add_exception(self, exception, stack=None, remote=False):
        self.fault = True
        frames = traceback.extract_tb(exception.__traceback__) if exception.__traceback__ else []
        self.cause = {
            "working_directory": os.getcwd(),
            "exceptions": [
                {
                    "id": _new_id(),
                    "message": str(exception),
                    "type": type(exception).__name__,
                    "remote": remote,
                    "stack": [{"path": frame.filename, "line": frame.lineno, "label": frame.name} for frame in frames],
                }
            ],
        }

    def close(self):
        self.end_time = time.time()

    def to_dict(self):
        entity = {"id": self.id, "name": self.name, "start_time": self.start_time, "end_time": self.end_time or time.time()}
        if self.annotations:
            entity["annotations"] = dict(self.annotations)
        if self.metadata:
            # Metadata must be JSON: values that are not become their str(), as the X-Ray SDK's encoder does.
            entity["metadata"] = json.loads(json.dumps(self.metadata, cls=Encoder, default=str))
        if self.fault:
            entity["fault"] = True
        if self.cause:
            entity["cause"] = self.cause
        if self.subsegments:
            entity["subsegments"] = [child.to_dict() for child in self.subsegments]
        return entity


class _Recorder:
    """The X-Ray SDK's part: the current subsegment, and sending a finished tree."""

    def __init__(self):
        self.current = None
        self.sent = []

    def begin(self, name):
        subsegment = Subsegment(name, self.current)
        if self.current is not None:
            self.current.subsegments.append(subsegment)
        self.current = subsegment
        return subsegment

    def end(self, subsegment):
        subsegment.close()
        self.current = subsegment.parent
        if subsegment.parent is None:
            self.send(subsegment)

    def send(self, subsegment):
        header = trace_header_parts()
        if header.get("Sampled") != "1" or not header.get("Root") or not header.get("Parent"):
            return
        document = subsegment.to_dict()
        document.update(type="subsegment", trace_id=header["Root"], parent_id=header["Parent"])
        self.sent.append(document)
        body = json.dumps({"TraceSegmentDocuments": [json.dumps(document, cls=Encoder, default=str)]}).encode()
        region = os.getenv("AWS_REGION", "us-east-1")
        try:
            from botocore import _transport

            _transport.send(
                "POST",
                "xray.%s.amazonaws.com" % region,
                "/TraceSegments",
                {},
                {"content-type": "application/json", "content-length": str(len(body))},
                body,
            )
        except Exception as error:
            if type(error).__name__ == "AwsCallPending":
                raise
            # The daemon is UDP in Lambda: a lost segment never fails the invocation.
            print("Failed to send the trace segment: %s" % error, file=sys.stderr)


_recorder = _Recorder()


class Tracer:
    """Tracer(service=None, disabled=False, auto_patch=True, patch_modules=None)."""

    def __init__(self, service=None, disabled=None, auto_patch=True, patch_modules=None, provider=None):
        self.service = service or os.getenv("POWERTOOLS_SERVICE_NAME")
        self.disabled = resolve_truthy_env_var_choice(os.getenv("POWERTOOLS_TRACE_DISABLED", "false"), disabled)
        self.provider = _recorder

    def patch(self, modules=None):
        """boto3's calls are already recorded by the course's account (as if patched)."""

    # ------------------------------------------------------------------ annotations and metadata

    def _current(self):
        return self.provider.current

    def put_annotation(self, key, value):
        if self.disabled or self._current() is None:
            return
        self._current().put_annotation(key, value)

    def put_metadata(self, key, value, namespace=None):
        if self.disabled or self._current() is None:
            return
        self._current().put_metadata(key, value, namespace or self.service or "default")

    # ------------------------------------------------------------------ decorators

    def _traced(self, name, function, capture_response, capture_error, before=None):
        @functools.wraps(function)
        def decorate(*args, **kwargs):
            if self.disabled:
                return function(*args, **kwargs)
            subsegment = self.provider.begin(name)
            if before:
                before(subsegment)
            try:
                response = function(*args, **kwargs)
            except BaseException as error:
                if type(error).__name__ == "AwsCallPending":
                    # The runtime's replay signal: this attempt is discarded, so nothing may be sent from it.
                    self.provider.current = subsegment.parent
                    raise
                if isinstance(error, Exception):
                    if capture_error:
                        subsegment.put_metadata("%s error" % function.__name__, str(error), self.service or "default")
                    subsegment.add_exception(error)
                self.provider.end(subsegment)
                raise
            if capture_response:
                subsegment.put_metadata("%s response" % function.__name__, response, self.service or "default")
            self.provider.end(subsegment)
            return response

        return decorate

    def capture_lambda_handler(self, lambda_handler=None, capture_response=None, capture_error=None):
        if lambda_handler is None:
            return functools.partial(
                self.capture_lambda_handler, capture_response=capture_response, capture_error=capture_error
            )
        capture_response = resolve_truthy_env_var_choice(os.getenv("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "true"), capture_response)
        capture_error = resolve_truthy_env_var_choice(os.getenv("POWERTOOLS_TRACER_CAPTURE_ERROR", "true"), capture_error)

        def annotate(subsegment):
            global is_cold_start
            subsegment.put_annotation("ColdStart", is_cold_start)
            is_cold_start = False
            if self.service:
                subsegment.put_annotation("Service", self.service)

        return self._traced("## %s" % lambda_handler.__name__, lambda_handler, capture_response, capture_error, annotate)

    def capture_method(self, method=None, capture_response=None, capture_error=None):
        if method is None:
            return functools.partial(self.capture_method, capture_response=capture_response, capture_error=capture_error)
        capture_response = resolve_truthy_env_var_choice(os.getenv("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "true"), capture_response)
        capture_error = resolve_truthy_env_var_choice(os.getenv("POWERTOOLS_TRACER_CAPTURE_ERROR", "true"), capture_error)
        name = "## %s.%s" % (method.__module__, method.__qualname__)
        return self._traced(name, method, capture_response, capture_error)
