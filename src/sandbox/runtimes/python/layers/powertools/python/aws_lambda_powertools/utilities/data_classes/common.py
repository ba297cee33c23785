"""DictWrapper: the raw event, readable as a dict and through properties."""

import base64
import json


class DictWrapper:
    def __init__(self, data, json_deserializer=None):
        self._data = data
        self._json_deserializer = json_deserializer or json.loads

    def __getitem__(self, key):
        return self._data[key]

    def __eq__(self, other):
        if isinstance(other, DictWrapper):
            return self._data == other._data
        return self._data == other

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        return key in self._data

    def get(self, key, default=None):
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    @property
    def raw_event(self):
        return self._data


def _lookup(mapping, name, default=None, case_sensitive=False):
    if not mapping:
        return default
    if case_sensitive:
        return mapping.get(name, default)
    lowered = name.lower()
    for key, value in mapping.items():
        if key.lower() == lowered:
            return value
    return default


class BaseProxyEvent(DictWrapper):
    @property
    def headers(self):
        return self.get("headers") or {}

    @property
    def query_string_parameters(self):
        return self.get("queryStringParameters")

    @property
    def multi_value_query_string_parameters(self):
        return self.get("multiValueQueryStringParameters")

    @property
    def resolved_query_string_parameters(self):
        multi = self.multi_value_query_string_parameters
        if multi:
            return multi
        return {name: [value] for name, value in (self.query_string_parameters or {}).items()}

    @property
    def path_parameters(self):
        return self.get("pathParameters")

    @property
    def is_base64_encoded(self):
        return bool(self.get("isBase64Encoded"))

    @property
    def body(self):
        return self.get("body")

    @property
    def decoded_body(self):
        body = self.body
        if body is not None and self.is_base64_encoded:
            return base64.b64decode(body).decode()
        return body

    @property
    def json_body(self):
        body = self.decoded_body
        return self._json_deserializer(body) if body else None

    @property
    def http_method(self):
        return self.get("httpMethod", "")

    @property
    def path(self):
        return self.get("path", "")

    @property
    def request_context(self):
        return self.get("requestContext") or {}

    @property
    def stage_variables(self):
        return self.get("stageVariables")

    def get_query_string_value(self, name, default_value=None):
        return (self.query_string_parameters or {}).get(name, default_value)

    def get_header_value(self, name, default_value=None, case_sensitive=False):
        return _lookup(self.headers, name, default_value, case_sensitive)
