/**
 * The Lambda API's REST-JSON answers: a JSON body with a request id, and errors as the API reference shows them
 * (https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html): `x-amzn-errortype` names the exception, the
 * body carries `Type` and `Message`, so `@aws-sdk/client-lambda` throws its own exception class.
 */
import { requestIdHeader, utf8, type AwsHttpResponse } from '../http';

export function apiJson(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): AwsHttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestIdHeader(), ...headers },
    body: utf8(JSON.stringify(value)),
  };
}

export function apiError(
  statusCode: number,
  errorType: string,
  message: string,
  extra: object = {},
): AwsHttpResponse {
  return apiJson(statusCode, { Type: 'User', Message: message, ...extra }, { 'x-amzn-errortype': errorType });
}
