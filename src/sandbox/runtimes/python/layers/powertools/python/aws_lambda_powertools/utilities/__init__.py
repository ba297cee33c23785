"""General utilities: parameters, idempotency, validation, batch, typing."""
