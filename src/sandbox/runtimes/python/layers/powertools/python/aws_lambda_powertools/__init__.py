"""
The course's compatible subset of Powertools for AWS Lambda (Python), written for Coldstart's python3.14 sandbox
(the real package cannot be installed here). The parts a course module uses behave as the Powertools
documentation describes them (https://docs.aws.amazon.com/powertools/python/latest/); what is left out raises
no surprise: it is simply not there.
"""

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics, single_metric
from aws_lambda_powertools.tracing import Tracer

__version__ = "3.23.0+coldstart"

__all__ = ["Logger", "Metrics", "Tracer", "single_metric"]
