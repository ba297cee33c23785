"""HTTP event sources: API Gateway REST (1.0), HTTP API and function URLs (2.0), ALB."""

from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent


class APIGatewayProxyEvent(BaseProxyEvent):
    @property
    def resource(self):
        return self.get("resource")


class APIGatewayProxyEventV2(BaseProxyEvent):
    @property
    def version(self):
        return self.get("version")

    @property
    def route_key(self):
        return self.get("routeKey")

    @property
    def raw_path(self):
        return self.get("rawPath", "")

    @property
    def raw_query_string(self):
        return self.get("rawQueryString", "")

    @property
    def cookies(self):
        return self.get("cookies") or []

    @property
    def path(self):
        return self.raw_path

    @property
    def http_method(self):
        return self.request_context.get("http", {}).get("method", "")

    @property
    def resolved_query_string_parameters(self):
        return {name: value.split(",") for name, value in (self.query_string_parameters or {}).items()}


class LambdaFunctionUrlEvent(APIGatewayProxyEventV2):
    pass


class ALBEvent(BaseProxyEvent):
    pass
