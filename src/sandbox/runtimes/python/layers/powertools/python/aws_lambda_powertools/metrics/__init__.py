"""CloudWatch Embedded Metric Format utility (https://docs.aws.amazon.com/powertools/python/latest/core/metrics/)."""

from aws_lambda_powertools.metrics.metrics import (
    EphemeralMetrics,
    MetricResolution,
    MetricResolutionError,
    Metrics,
    MetricUnit,
    MetricUnitError,
    MetricValueError,
    SchemaValidationError,
    single_metric,
)

__all__ = [
    "EphemeralMetrics",
    "MetricResolution",
    "MetricResolutionError",
    "MetricUnit",
    "MetricUnitError",
    "MetricValueError",
    "Metrics",
    "SchemaValidationError",
    "single_metric",
]
