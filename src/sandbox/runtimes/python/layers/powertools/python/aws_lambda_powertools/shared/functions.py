"""Small helpers shared by the utilities (environment switches, JSON for any value, the X-Ray header)."""

import base64
import dataclasses
import decimal
import json
import os

SERVICE_NAME_ENV = "POWERTOOLS_SERVICE_NAME"
TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID"


def strtobool(value):
    """'1', 'true', 'yes', 'on' are true and '0', 'false', 'no', 'off' false (any case), as Powertools reads them."""
    value = str(value).lower()
    if value in ("1", "y", "yes", "t", "true", "on"):
        return True
    if value in ("0", "n", "no", "f", "false", "off"):
        return False
    raise ValueError("invalid truth value %r" % (value,))


def resolve_truthy_env_var_choice(env, choice=None):
    """An explicit argument wins over the environment variable."""
    return choice if choice is not None else strtobool(env)


def resolve_env_var_choice(env=None, choice=None):
    return choice if choice is not None else env


def service_name(choice=None):
    return choice or os.getenv(SERVICE_NAME_ENV) or "service_undefined"


def trace_header_parts():
    """The `Root=…;Parent=…;Sampled=…` header Lambda sets per invocation, as a dict (empty when untraced)."""
    header = os.getenv(TRACE_HEADER_ENV) or ""
    parts = {}
    for item in header.split(";"):
        key, _, value = item.partition("=")
        if key.strip():
            parts[key.strip()] = value.strip()
    return parts


class Encoder(json.JSONEncoder):
    """JSON for the values handlers return or log: Decimal as a number, dataclasses as dicts, bytes as base64."""

    def default(self, value):
        if isinstance(value, decimal.Decimal):
            if value.is_nan():
                return math_nan()
            return int(value) if value == value.to_integral_value() else float(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(bytes(value)).decode()
        if isinstance(value, (set, frozenset)):
            return list(value)
        return super().default(value)


def math_nan():
    return float("nan")
