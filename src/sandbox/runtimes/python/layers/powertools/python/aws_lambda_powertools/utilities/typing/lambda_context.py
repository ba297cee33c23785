"""LambdaContext: the type of the handler's second argument, for annotations and for tests that build one."""


class LambdaClientContextMobileClient:
    installation_id = None
    app_title = None
    app_version_name = None
    app_version_code = None
    app_package_name = None


class LambdaClientContext:
    client = None
    custom = None
    env = None


class LambdaCognitoIdentity:
    cognito_identity_id = None
    cognito_identity_pool_id = None


class LambdaContext:
    """The attributes and method of the runtime's context object (the runtime passes its own instance)."""

    _function_name = None
    _function_version = None
    _invoked_function_arn = None
    _memory_limit_in_mb = None
    _aws_request_id = None
    _log_group_name = None
    _log_stream_name = None
    _identity = None
    _client_context = None
    _tenant_id = None

    @property
    def function_name(self):
        return self._function_name

    @property
    def function_version(self):
        return self._function_version

    @property
    def invoked_function_arn(self):
        return self._invoked_function_arn

    @property
    def memory_limit_in_mb(self):
        return self._memory_limit_in_mb

    @property
    def aws_request_id(self):
        return self._aws_request_id

    @property
    def log_group_name(self):
        return self._log_group_name

    @property
    def log_stream_name(self):
        return self._log_stream_name

    @property
    def identity(self):
        return self._identity

    @property
    def client_context(self):
        return self._client_context

    @property
    def tenant_id(self):
        return self._tenant_id

    @staticmethod
    def get_remaining_time_in_millis():
        return 0
