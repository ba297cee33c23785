"""Where common events keep their request id, for `inject_lambda_context(correlation_id_path=...)`."""

API_GATEWAY_REST = "requestContext.requestId"
API_GATEWAY_HTTP = "requestContext.requestId"
API_GATEWAY_AUTHORIZER = "requestContext.requestId"
API_GATEWAY_AUTHORIZER_V2 = "requestContext.requestId"
APPLICATION_LOAD_BALANCER = 'headers."x-amzn-trace-id"'
EVENT_BRIDGE = "id"
LAMBDA_FUNCTION_URL = "requestContext.requestId"
S3_OBJECT_LAMBDA = "xAmzRequestId"
SQS = "Records[0].messageId"
