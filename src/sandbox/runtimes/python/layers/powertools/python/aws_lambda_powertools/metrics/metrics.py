"""
Metrics: metrics, dimensions and metadata collected during an invocation and written as one Embedded Metric
Format object on standard output when `log_metrics` ends (CloudWatch turns it into metrics; the course's account
does the same: src/sim/aws/logs/emf.ts). The object is `{"_aws": {"Timestamp", "CloudWatchMetrics": [{"Namespace",
"Dimensions": [[names]], "Metrics": [{"Name", "Unit"}]}]}, <dimensions>, <metadata>, <metric values>}`, each value a
list of floats. All Metrics instances share one set (the documented singleton behaviour); EphemeralMetrics do not.
"""

import contextlib
import datetime
import functools
import json
import numbers
import os
import warnings
from enum import Enum

from aws_lambda_powertools.shared.functions import resolve_env_var_choice

MAX_METRICS = 100
MAX_DIMENSIONS = 29

is_cold_start = True


class MetricUnit(Enum):
    Seconds = "Seconds"
    Microseconds = "Microseconds"
    Milliseconds = "Milliseconds"
    Bytes = "Bytes"
    Kilobytes = "Kilobytes"
    Megabytes = "Megabytes"
    Gigabytes = "Gigabytes"
    Terabytes = "Terabytes"
    Bits = "Bits"
    Kilobits = "Kilobits"
    Megabits = "Megabits"
    Gigabits = "Gigabits"
    Terabits = "Terabits"
    Percent = "Percent"
    Count = "Count"
    BytesPerSecond = "Bytes/Second"
    KilobytesPerSecond = "Kilobytes/Second"
    MegabytesPerSecond = "Megabytes/Second"
    GigabytesPerSecond = "Gigabytes/Second"
    TerabytesPerSecond = "Terabytes/Second"
    BitsPerSecond = "Bits/Second"
    KilobitsPerSecond = "Kilobits/Second"
    MegabitsPerSecond = "Megabits/Second"
    GigabitsPerSecond = "Gigabits/Second"
    TerabitsPerSecond = "Terabits/Second"
    CountPerSecond = "Count/Second"
    NoUnit = "None"


class MetricResolution(Enum):
    Standard = 60
    High = 1


class MetricUnitError(Exception):
    pass


class MetricResolutionError(Exception):
    pass


class MetricValueError(Exception):
    pass


class SchemaValidationError(Exception):
    pass


def _unit_value(unit):
    if isinstance(unit, MetricUnit):
        return unit.value
    if isinstance(unit, str):
        if unit in MetricUnit.__members__:
            return MetricUnit[unit].value
        if unit in [member.value for member in MetricUnit]:
            return unit
    raise MetricUnitError(
        "Invalid metric unit '%s', expected either option: %s" % (unit, list(MetricUnit.__members__))
    )


def _resolution_value(resolution):
    if isinstance(resolution, MetricResolution):
        return resolution.value
    if isinstance(resolution, int) and not isinstance(resolution, bool) and resolution in (1, 60):
        return resolution
    raise MetricResolutionError(
        "Invalid metric resolution '%s', expected either option: [60, 1]" % (resolution,)
    )


class _MetricManager:
    def __init__(self, metric_set, dimension_set, metadata_set, namespace=None, service=None, default_dimensions=None):
        self.metric_set = metric_set
        self.dimension_set = dimension_set
        self.metadata_set = metadata_set
        self.namespace = resolve_env_var_choice(os.getenv("POWERTOOLS_METRICS_NAMESPACE"), namespace)
        self.service = resolve_env_var_choice(os.getenv("POWERTOOLS_SERVICE_NAME"), service)
        self.default_dimensions = dict(default_dimensions or {})
        self.dimension_set.update(self.default_dimensions)

    def add_metric(self, name, unit, value, resolution=60):
        if not isinstance(value, numbers.Number) or isinstance(value, bool):
            raise MetricValueError("%s is not a valid number" % (value,))
        unit = _unit_value(unit)
        resolution = _resolution_value(resolution)
        metric = self.metric_set.get(name) or {"Unit": unit, "StorageResolution": resolution, "Value": []}
        metric["Unit"] = unit
        metric["StorageResolution"] = resolution
        metric["Value"].append(float(value))
        self.metric_set[name] = metric
        if len(self.metric_set) == MAX_METRICS or len(metric["Value"]) == MAX_METRICS:
            # An EMF object holds at most 100 metrics (and 100 values per metric): publish what there is so far.
            print(json.dumps(self.serialize_metric_set(), separators=(",", ":")))
            self.metric_set.clear()

    def add_dimension(self, name, value):
        if len(self.dimension_set) == MAX_DIMENSIONS:
            raise SchemaValidationError(
                "Maximum number of dimensions exceeded (%d): Unable to add dimension %s." % (MAX_DIMENSIONS, name)
            )
        self.dimension_set[name] = value if isinstance(value, str) else str(value)

    def add_metadata(self, key, value):
        self.metadata_set[key if isinstance(key, str) else str(key)] = value

    def set_default_dimensions(self, **dimensions):
        for name, value in dimensions.items():
            self.add_dimension(name, value)
        self.default_dimensions.update(dimensions)

    def clear_default_dimensions(self):
        self.default_dimensions.clear()

    def serialize_metric_set(self, metrics=None, dimensions=None, metadata=None):
        metrics = self.metric_set if metrics is None else metrics
        dimensions = self.dimension_set if dimensions is None else dimensions
        metadata = self.metadata_set if metadata is None else metadata
        if self.service and not dimensions.get("service"):
            dimensions["service"] = str(self.service)
        if len(metrics) == 0:
            raise SchemaValidationError("Must contain at least one metric.")
        if self.namespace is None:
            raise SchemaValidationError("Must contain a metric namespace.")
        definitions = []
        values = {}
        for name, metric in metrics.items():
            definition = {"Name": name, "Unit": metric["Unit"]}
            if metric.get("StorageResolution") == 1:
                definition["StorageResolution"] = 1
            definitions.append(definition)
            values[name] = metric["Value"]
        result = {
            "_aws": {
                "Timestamp": int(datetime.datetime.now().timestamp() * 1000),
                "CloudWatchMetrics": [
                    {"Namespace": self.namespace, "Dimensions": [list(dimensions.keys())], "Metrics": definitions}
                ],
            }
        }
        result.update(dimensions)
        result.update(metadata)
        result.update(values)
        return result

    def clear_metrics(self):
        self.metric_set.clear()
        self.dimension_set.clear()
        self.metadata_set.clear()
        self.dimension_set.update(self.default_dimensions)

    def flush_metrics(self, raise_on_empty_metrics=False):
        if not raise_on_empty_metrics and not self.metric_set:
            warnings.warn(
                "No application metrics to publish. The cold-start metric may be published if enabled. "
                "If application metrics should never be empty, consider using 'raise_on_empty_metrics'",
                stacklevel=2,
            )
            return
        print(json.dumps(self.serialize_metric_set(), separators=(",", ":")))
        self.clear_metrics()

    def add_cold_start_metric(self, context):
        """ColdStart (Count, 1) in an object of its own, with function_name and service as dimensions."""
        with single_metric(name="ColdStart", unit=MetricUnit.Count, value=1, namespace=self.namespace) as metric:
            metric.add_dimension(name="function_name", value=context.function_name)
            if self.service:
                metric.add_dimension(name="service", value=str(self.service))

    def log_metrics(self, lambda_handler=None, capture_cold_start_metric=False, raise_on_empty_metrics=False, default_dimensions=None):
        if lambda_handler is None:
            return functools.partial(
                self.log_metrics,
                capture_cold_start_metric=capture_cold_start_metric,
                raise_on_empty_metrics=raise_on_empty_metrics,
                default_dimensions=default_dimensions,
            )

        @functools.wraps(lambda_handler)
        def decorate(event, context, *args, **kwargs):
            global is_cold_start
            if default_dimensions:
                self.set_default_dimensions(**default_dimensions)
            try:
                if capture_cold_start_metric and is_cold_start:
                    is_cold_start = False
                    self.add_cold_start_metric(context)
                else:
                    is_cold_start = False
                return lambda_handler(event, context, *args, **kwargs)
            finally:
                self.flush_metrics(raise_on_empty_metrics=raise_on_empty_metrics)

        return decorate


class Metrics(_MetricManager):
    """Metrics(service=None, namespace=None): namespace from POWERTOOLS_METRICS_NAMESPACE, service dimension from
    POWERTOOLS_SERVICE_NAME. Instances share their metrics, dimensions and metadata."""

    _metrics = {}
    _dimensions = {}
    _metadata = {}
    _default_dimensions = {}

    def __init__(self, service=None, namespace=None, provider=None):
        super().__init__(
            Metrics._metrics, Metrics._dimensions, Metrics._metadata, namespace, service, Metrics._default_dimensions
        )
        self.default_dimensions = Metrics._default_dimensions

    def clear_metrics(self):
        super().clear_metrics()


class EphemeralMetrics(_MetricManager):
    """Like Metrics, but each instance keeps its own set."""

    def __init__(self, service=None, namespace=None):
        super().__init__({}, {}, {}, namespace, service)


class SingleMetric(_MetricManager):
    def add_metric(self, name, unit, value, resolution=60):
        if len(self.metric_set) > 0:
            return
        super().add_metric(name, unit, value, resolution)


@contextlib.contextmanager
def single_metric(name, unit, value, resolution=60, namespace=None, default_dimensions=None):
    """One metric in an EMF object of its own, written when the block ends."""
    metric = SingleMetric({}, {}, {}, namespace=namespace, default_dimensions=default_dimensions)
    metric.add_metric(name=name, unit=unit, value=value, resolution=resolution)
    yield metric
    print(json.dumps(metric.serialize_metric_set(), separators=(",", ":")))
