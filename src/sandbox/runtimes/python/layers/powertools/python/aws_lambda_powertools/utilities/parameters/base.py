"""
The providers' shared part: a cache per provider keyed by (name, transform), each value kept `max_age` seconds
(default 5, or POWERTOOLS_PARAMETERS_MAX_AGE), `force_fetch` to skip it, and the transforms: "json", "binary"
(base64) and "auto" (by the name's suffix, `.json` or `.binary`/`.base64`).
"""

import base64
import json
import os
import time

DEFAULT_MAX_AGE_SECS = "5"

_default_providers = {}


class GetParameterError(Exception):
    """A parameter or secret could not be retrieved."""


class TransformParameterError(Exception):
    """A value could not be transformed."""


def resolve_max_age(env, choice):
    return choice if choice is not None else int(env)


def _max_age(choice):
    return resolve_max_age(os.getenv("POWERTOOLS_PARAMETERS_MAX_AGE", DEFAULT_MAX_AGE_SECS), choice)


def get_transform_method(name, transform):
    if transform != "auto":
        return transform
    for suffix, method in ((".json", "json"), (".binary", "binary"), (".base64", "binary")):
        if name.endswith(suffix):
            return method
    return None


def transform_value(value, transform, raise_on_transform_error=True, key=""):
    try:
        if transform is None:
            return value
        if transform == "json":
            return json.loads(value)
        if transform == "binary":
            return base64.b64decode(value)
        raise TransformParameterError("Invalid transform type %s" % transform)
    except TransformParameterError:
        raise
    except Exception as error:
        if raise_on_transform_error:
            raise TransformParameterError(str(error))
        return None


class BaseProvider:
    def __init__(self, client=None):
        self.store = {}
        self.client = client

    def has_not_expired_in_cache(self, key):
        return key in self.store and self.store[key][1] >= time.time()

    def clear_cache(self):
        self.store.clear()

    def get(self, name, max_age=None, transform=None, force_fetch=False, **sdk_options):
        key = (name, transform)
        max_age = _max_age(max_age)
        if not force_fetch and self.has_not_expired_in_cache(key):
            return self.store[key][0]
        try:
            value = self._get(name, **sdk_options)
        except GetParameterError:
            raise
        except Exception as error:
            if type(error).__name__ == "AwsCallPending":
                raise
            raise GetParameterError(str(error))
        if transform:
            value = transform_value(value, get_transform_method(name, transform), key=name)
        if max_age > 0:
            self.store[key] = (value, time.time() + max_age)
        return value

    def get_multiple(self, path, max_age=None, transform=None, raise_on_transform_error=False, force_fetch=False, **sdk_options):
        key = (path, transform)
        max_age = _max_age(max_age)
        if not force_fetch and self.has_not_expired_in_cache(key):
            return self.store[key][0]
        try:
            values = self._get_multiple(path, **sdk_options)
        except Exception as error:
            if type(error).__name__ == "AwsCallPending":
                raise
            raise GetParameterError(str(error))
        if transform:
            values = {
                name: transform_value(value, get_transform_method(name, transform), raise_on_transform_error, name)
                for name, value in values.items()
            }
        if max_age > 0:
            self.store[key] = (values, time.time() + max_age)
        return values

    def _get(self, name, **sdk_options):
        raise NotImplementedError()

    def _get_multiple(self, path, **sdk_options):
        raise NotImplementedError()


def clear_caches():
    for provider in _default_providers.values():
        provider.clear_cache()
