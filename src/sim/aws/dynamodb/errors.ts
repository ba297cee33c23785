/**
 * DynamoDB's errors as the AWS JSON 1.0 protocol carries them: `{"__type": "<namespace>#<Name>", "message": …}`.
 * The SDK strips the namespace and raises its own class of that name (ConditionalCheckFailedException, …).
 */
import type { AttributeMap } from './values';

const DYNAMODB_NAMESPACE = 'com.amazonaws.dynamodb.v20120810';

const NAMESPACES: Record<string, string> = {
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
};

export class DynamoDbError extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** Extra members of the error body (CancellationReasons, Item). */
    readonly members: Record<string, unknown> = {},
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }

  /** The JSON body DynamoDB answers with. */
  body(): Record<string, unknown> {
    const namespace = NAMESPACES[this.type] ?? DYNAMODB_NAMESPACE;
    // TransactionCanceledException spells it "Message"; the SDK reads either.
    const messageKey = this.type === 'TransactionCanceledException' ? 'Message' : 'message';
    return { __type: `${namespace}#${this.type}`, ...this.members, [messageKey]: this.message };
  }
}

export function validationError(message: string): DynamoDbError {
  return new DynamoDbError('ValidationException', message);
}

export function resourceNotFound(message = 'Requested resource not found'): DynamoDbError {
  return new DynamoDbError('ResourceNotFoundException', message);
}

export function tableNotFound(tableName: string): DynamoDbError {
  return resourceNotFound(`Requested resource not found: Table: ${tableName} not found`);
}

export function resourceInUse(message: string): DynamoDbError {
  return new DynamoDbError('ResourceInUseException', message);
}

export const CONDITIONAL_CHECK_FAILED = 'The conditional request failed';

export function conditionalCheckFailed(item?: AttributeMap): DynamoDbError {
  return new DynamoDbError(
    'ConditionalCheckFailedException',
    CONDITIONAL_CHECK_FAILED,
    item ? { Item: item } : {},
  );
}

export function limitExceeded(message: string): DynamoDbError {
  return new DynamoDbError('LimitExceededException', message);
}

export function serializationError(message: string): DynamoDbError {
  return new DynamoDbError('SerializationException', message);
}
