"""IdempotencyConfig: what makes two events the same request, and how long a result is kept."""


class IdempotencyConfig:
    def __init__(
        self,
        event_key_jmespath="",
        payload_validation_jmespath="",
        jmespath_options=None,
        raise_on_no_idempotency_key=False,
        expires_after_seconds=60 * 60,
        use_local_cache=False,
        local_cache_max_items=256,
        hash_function="md5",
        lambda_context=None,
        response_hook=None,
    ):
        self.event_key_jmespath = event_key_jmespath
        self.payload_validation_jmespath = payload_validation_jmespath
        self.jmespath_options = jmespath_options
        self.raise_on_no_idempotency_key = raise_on_no_idempotency_key
        self.expires_after_seconds = expires_after_seconds
        self.use_local_cache = use_local_cache
        self.local_cache_max_items = local_cache_max_items
        self.hash_function = hash_function
        self.lambda_context = lambda_context
        self.response_hook = response_hook

    def register_lambda_context(self, lambda_context):
        """For idempotent_function: the context gives the in-progress expiry its remaining time."""
        self.lambda_context = lambda_context
