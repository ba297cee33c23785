/**
 * SQS's errors as the JSON protocol carries them: the code is the SDK exception (or, for errors the model does not
 * declare, the query code the SDK names its base exception after), `queryCode` the legacy code in
 * `x-amzn-query-error`. Messages are AWS's wording.
 */
import { AwsServiceError } from '../jsonRpc';

/** Errors SQS's service model does not declare travel under the service framework's namespace. */
const CORAL = 'com.amazon.coral.service#';

export function queueDoesNotExist(): AwsServiceError {
  return new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.', {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
  });
}

export function invalidParameterValue(message: string): AwsServiceError {
  return new AwsServiceError(`${CORAL}InvalidParameterValueException`, message, {
    queryCode: 'InvalidParameterValue',
  });
}

/** `Value <v> for parameter <p> is invalid. Reason: <reason>` — SQS's usual shape for a bad request member. */
export function invalidValue(parameter: string, value: unknown, reason: string): AwsServiceError {
  return invalidParameterValue(
    `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
  );
}

export function missingParameter(parameter: string): AwsServiceError {
  return new AwsServiceError(
    `${CORAL}MissingParameterException`,
    `The request must contain the parameter ${parameter}.`,
    {
      queryCode: 'MissingParameter',
    },
  );
}

export function invalidAttributeName(name: string): AwsServiceError {
  return new AwsServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

export function invalidAttributeValue(name: string): AwsServiceError {
  return new AwsServiceError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
}

export function receiptHandleIsInvalid(handle: string): AwsServiceError {
  return new AwsServiceError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    {
      statusCode: 404,
    },
  );
}

/** An expired handle is InvalidParameterValue, as SQS reports it (not ReceiptHandleIsInvalid). */
export function receiptHandleExpired(handle: string): AwsServiceError {
  return invalidValue('ReceiptHandle', handle, 'The receipt handle has expired.');
}

export function invalidMessageContents(): AwsServiceError {
  return new AwsServiceError(
    'InvalidMessageContents',
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );
}

export function sqsError(
  code: string,
  message: string,
  queryCode: string,
  statusCode = 400,
): AwsServiceError {
  return new AwsServiceError(code, message, { queryCode, statusCode });
}
