"""
validate(event, schema, envelope=None) and the @validator decorator, over a JSON Schema subset: type (string,
number, integer, boolean, object, array, null, or a list of them), required, properties, additionalProperties
(false), enum, const, minimum/maximum (and the exclusive ones), minLength/maxLength, pattern, items, minItems/
maxItems. Messages read like the ones fastjsonschema (which Powertools uses) writes: `data.orderId must match
pattern ^o-[0-9]+$`, `data must contain ['items'] properties`.
"""

import functools
import json
import re

from aws_lambda_powertools.shared.jmespath import search
from aws_lambda_powertools.utilities.validation.exceptions import (
    InvalidEnvelopeExpressionError,
    InvalidSchemaFormatError,
    SchemaValidationError,
)

_TYPES = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool))
    or (isinstance(value, float) and value.is_integer()),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "null": lambda value: value is None,
}


class _Failure(Exception):
    def __init__(self, message, name, path, value, definition, rule):
        super().__init__(message)
        self.message = message
        self.name = name
        self.path = path
        self.value = value
        self.definition = definition
        self.rule = rule


def _name(path):
    text = "data"
    for part in path[1:]:
        text += "[%d]" % part if isinstance(part, int) else ".%s" % part
    return text


def _fail(message, path, value, definition, rule):
    raise _Failure("%s %s" % (_name(path), message), _name(path), list(path), value, definition, rule)


def _check(value, schema, path):
    if not isinstance(schema, dict):
        if schema is False:
            _fail("must not be there", path, value, schema, "not")
        return
    expected = schema.get("type")
    if expected is not None:
        kinds = expected if isinstance(expected, list) else [expected]
        for kind in kinds:
            if kind not in _TYPES:
                raise InvalidSchemaFormatError("Unknown type %r in schema" % (kind,))
        if not any(_TYPES[kind](value) for kind in kinds):
            _fail("must be %s" % " or ".join(kinds), path, value, schema, "type")
    if "enum" in schema and value not in schema["enum"]:
        _fail("must be one of %s" % schema["enum"], path, value, schema, "enum")
    if "const" in schema and value != schema["const"]:
        _fail("must be same as const definition: %s" % (schema["const"],), path, value, schema, "const")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            _fail("must be bigger than or equal to %s" % schema["minimum"], path, value, schema, "minimum")
        if "maximum" in schema and value > schema["maximum"]:
            _fail("must be smaller than or equal to %s" % schema["maximum"], path, value, schema, "maximum")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            _fail("must be bigger than %s" % schema["exclusiveMinimum"], path, value, schema, "exclusiveMinimum")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            _fail("must be smaller than %s" % schema["exclusiveMaximum"], path, value, schema, "exclusiveMaximum")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            _fail("must be longer than or equal to %d characters" % schema["minLength"], path, value, schema, "minLength")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            _fail("must be shorter than or equal to %d characters" % schema["maxLength"], path, value, schema, "maxLength")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            _fail("must match pattern %s" % schema["pattern"], path, value, schema, "pattern")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            _fail("must contain at least %d items" % schema["minItems"], path, value, schema, "minItems")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            _fail("must contain less than or equal to %d items" % schema["maxItems"], path, value, schema, "maxItems")
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                _check(item, items, path + [index])
    if isinstance(value, dict):
        required = schema.get("required") or []
        missing = [name for name in required if name not in value]
        if missing:
            _fail("must contain %s properties" % list(required), path, value, schema, "required")
        properties = schema.get("properties") or {}
        for name, subschema in properties.items():
            if name in value:
                _check(value[name], subschema, path + [name])
        if schema.get("additionalProperties") is False:
            extra = [name for name in value if name not in properties]
            if extra:
                _fail("must not contain %s properties" % set(extra), path, value, schema, "additionalProperties")


def validate(event, schema, formats=None, envelope=None, jmespath_options=None, handlers=None, provider_options=None):
    """Raises SchemaValidationError when `event` (or the part `envelope` selects) does not match `schema`."""
    if not isinstance(schema, dict):
        raise InvalidSchemaFormatError("Schema received: %s. Error: a JSON Schema must be an object" % (schema,))
    if envelope:
        try:
            event = search(envelope, event)
        except ValueError as error:
            raise InvalidEnvelopeExpressionError("Failed to unwrap event from envelope using expression. Error: %s Exp: %s, Data: %s" % (error, envelope, event))
    try:
        _check(event, schema, ["data"])
    except _Failure as failure:
        message = "Failed schema validation. Error: %s, Path: %s, Data: %s" % (failure.message, failure.path, failure.value)
        raise SchemaValidationError(
            message,
            validation_message=failure.message,
            name=failure.name,
            path=failure.path,
            value=failure.value,
            definition=failure.definition,
            rule=failure.rule,
            rule_definition=failure.definition.get(failure.rule) if isinstance(failure.definition, dict) else None,
        ) from None
    return event


def validator(handler=None, inbound_schema=None, outbound_schema=None, envelope="", inbound_formats=None, outbound_formats=None, jmespath_options=None, **kwargs):
    """Validates the event (after `envelope`) before the handler, and its response after, against the schemas;
    the handler receives the unwrapped event."""
    if handler is None:
        return functools.partial(
            validator,
            inbound_schema=inbound_schema,
            outbound_schema=outbound_schema,
            envelope=envelope,
            inbound_formats=inbound_formats,
            outbound_formats=outbound_formats,
        )

    @functools.wraps(handler)
    def decorate(event, context, *args, **handler_kwargs):
        if envelope:
            event = search(envelope, event)
        if inbound_schema:
            validate(event, inbound_schema)
        response = handler(event, context, *args, **handler_kwargs)
        if outbound_schema:
            validate(response, outbound_schema)
        return response

    return decorate


__all__ = ["validate", "validator", "json"]
