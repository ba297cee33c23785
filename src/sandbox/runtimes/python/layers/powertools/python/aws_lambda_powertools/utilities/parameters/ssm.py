"""SSM Parameter Store through boto3: GetParameter, and GetParametersByPath for `get_parameters`."""

import os

import boto3

from aws_lambda_powertools.utilities.parameters import base
from aws_lambda_powertools.utilities.parameters.base import BaseProvider


class SSMProvider(BaseProvider):
    def __init__(self, config=None, boto3_session=None, boto3_client=None):
        super().__init__(boto3_client or (boto3_session or boto3).client("ssm"))

    def get(self, name, max_age=None, transform=None, decrypt=None, force_fetch=False, **sdk_options):
        if decrypt is None:
            decrypt = os.getenv("POWERTOOLS_PARAMETERS_SSM_DECRYPT", "false").lower() in ("1", "true", "yes", "on")
        sdk_options["decrypt"] = decrypt
        return super().get(name, max_age, transform, force_fetch, **sdk_options)

    def _get(self, name, decrypt=False, **sdk_options):
        sdk_options["Name"] = name
        sdk_options["WithDecryption"] = decrypt
        return self.client.get_parameter(**sdk_options)["Parameter"]["Value"]

    def get_multiple(self, path, max_age=None, transform=None, raise_on_transform_error=False, decrypt=None, force_fetch=False, recursive=False, **sdk_options):
        if decrypt is None:
            decrypt = os.getenv("POWERTOOLS_PARAMETERS_SSM_DECRYPT", "false").lower() in ("1", "true", "yes", "on")
        sdk_options["decrypt"] = decrypt
        sdk_options["recursive"] = recursive
        return super().get_multiple(path, max_age, transform, raise_on_transform_error, force_fetch, **sdk_options)

    def _get_multiple(self, path, decrypt=False, recursive=False, **sdk_options):
        """Names relative to the path (`/app/db/host` under `/app` is `db/host`), as the documentation shows."""
        sdk_options.update(Path=path, WithDecryption=decrypt, Recursive=recursive)
        parameters = {}
        while True:
            page = self.client.get_parameters_by_path(**sdk_options)
            for parameter in page.get("Parameters", []):
                name = parameter["Name"]
                if name.startswith(path):
                    name = name[len(path) :]
                parameters[name.lstrip("/")] = parameter["Value"]
            token = page.get("NextToken")
            if not token:
                return parameters
            sdk_options["NextToken"] = token


def _provider():
    if "ssm" not in base._default_providers:
        base._default_providers["ssm"] = SSMProvider()
    return base._default_providers["ssm"]


def get_parameter(name, transform=None, decrypt=None, force_fetch=False, max_age=None, **sdk_options):
    """One parameter's value, cached for `max_age` seconds (default 5)."""
    return _provider().get(name, max_age=max_age, transform=transform, force_fetch=force_fetch, decrypt=decrypt, **sdk_options)


def get_parameters(path, transform=None, recursive=True, decrypt=None, force_fetch=False, max_age=None, raise_on_transform_error=False, **sdk_options):
    """Every parameter under a path, as {relative name: value}, cached for `max_age` seconds (default 5)."""
    return _provider().get_multiple(
        path,
        max_age=max_age,
        transform=transform,
        raise_on_transform_error=raise_on_transform_error,
        decrypt=decrypt,
        force_fetch=force_fetch,
        recursive=recursive,
        **sdk_options,
    )
