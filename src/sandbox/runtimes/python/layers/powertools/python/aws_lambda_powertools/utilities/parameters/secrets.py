"""Secrets Manager through boto3: GetSecretValue (SecretString, or SecretBinary as bytes)."""

import boto3

from aws_lambda_powertools.utilities.parameters import base
from aws_lambda_powertools.utilities.parameters.base import BaseProvider


class SecretsProvider(BaseProvider):
    def __init__(self, config=None, boto3_session=None, boto3_client=None):
        super().__init__(boto3_client or (boto3_session or boto3).client("secretsmanager"))

    def _get(self, name, **sdk_options):
        sdk_options["SecretId"] = name
        secret = self.client.get_secret_value(**sdk_options)
        if "SecretString" in secret:
            return secret["SecretString"]
        return secret["SecretBinary"]

    def _get_multiple(self, path, **sdk_options):
        raise NotImplementedError()


def _provider():
    if "secrets" not in base._default_providers:
        base._default_providers["secrets"] = SecretsProvider()
    return base._default_providers["secrets"]


def get_secret(name, transform=None, force_fetch=False, max_age=None, **sdk_options):
    """A secret's value, cached for `max_age` seconds (default 5)."""
    return _provider().get(name, max_age=max_age, transform=transform, force_fetch=force_fetch, **sdk_options)
