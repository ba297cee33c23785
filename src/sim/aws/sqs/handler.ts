/**
 * SQS's wire protocol as the pinned SDK speaks it: AWS JSON 1.0, `X-Amz-Target: AmazonSQS.<Operation>`, query
 * compatible errors (`x-amzn-query-error`). A thin layer: it reads request members, calls the model and shapes
 * the reply.
 */
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import {
  handleJsonRpc,
  inputReader,
  type JsonInput,
  type JsonOperation,
  type JsonRpcProtocol,
} from '../jsonRpc';
import { invalidParameterValue, missingParameter } from './errors';
import type { ReceivedMessage } from './queue';
import { base64ToBytes, bytesToBase64, type MessageAttributeValue } from './digest';
import type { BatchResult, SqsService } from './sqs';

export const SQS_PROTOCOL: JsonRpcProtocol = {
  targetPrefix: 'AmazonSQS',
  version: '1.0',
  errorNamespace: 'com.amazonaws.sqs',
  queryCompatible: true,
};

const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

/** SenderId as SQS reports it: the caller's principal (a role session for a function). */
export function senderIdOf(caller: AwsCaller, accountId: string): string {
  return caller.kind === 'function' ? `AROAZCOLDSTARTLAMBDA:${caller.functionName}` : accountId;
}

function reader(input: JsonInput) {
  return inputReader(
    input,
    (name) => invalidParameterValue(`Value for parameter ${name} is invalid.`),
    (name) => missingParameter(name),
  );
}

function readAttributes(value: unknown, member: string): Record<string, MessageAttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidParameterValue(`Value for parameter ${member} is invalid.`);
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null)
      throw invalidParameterValue(`Value for parameter ${member} is invalid.`);
    const record = raw as Record<string, unknown>;
    const attribute: MessageAttributeValue = {
      DataType: typeof record.DataType === 'string' ? record.DataType : '',
    };
    if (typeof record.StringValue === 'string') attribute.StringValue = record.StringValue;
    if (typeof record.BinaryValue === 'string') {
      try {
        attribute.BinaryValue = base64ToBytes(record.BinaryValue);
      } catch {
        throw invalidParameterValue(`The message attribute '${name}' has an invalid binary value.`);
      }
    }
    out[name] = attribute;
  }
  return out;
}

function writeAttributes(attributes: Record<string, MessageAttributeValue>) {
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { BinaryValue: bytesToBase64(value.BinaryValue) } : {}),
    };
  }
  return out;
}

function entries(input: JsonInput, member = 'Entries'): JsonInput[] {
  const value = input[member];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameterValue(`Value for parameter ${member} is invalid.`);
  return value.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as JsonInput) : {}));
}

function batchOutput<T extends object>(result: BatchResult<T>, shape: (entry: { id: string } & T) => object) {
  return {
    Successful: result.successful.map(shape),
    Failed: result.failed.map((failure) => ({
      Id: failure.id,
      SenderFault: failure.senderFault,
      Code: failure.code,
      Message: failure.message,
    })),
  };
}

function matchesAttributeName(name: string, patterns: string[]): boolean {
  for (const pattern of patterns) {
    if (pattern === 'All' || pattern === '.*') return true;
    if (pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern) return true;
  }
  return false;
}

function receivedOutput(
  received: ReceivedMessage,
  systemNames: Set<string>,
  attributePatterns: string[],
): Record<string, unknown> {
  const { message, receiptHandle } = received;
  const out: Record<string, unknown> = {
    MessageId: message.messageId,
    ReceiptHandle: receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const all = systemNames.has('All');
  const want = (name: string) => all || systemNames.has(name);
  const attributes: Record<string, string> = {};
  const values: Record<string, string | undefined> = {
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
    SentTimestamp: String(message.sentTimestamp),
    SenderId: message.senderId,
    SequenceNumber: message.sequenceNumber,
    MessageGroupId: message.groupId,
    MessageDeduplicationId: message.deduplicationId,
    AWSTraceHeader: message.systemAttributes.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
  };
  for (const name of SYSTEM_ATTRIBUTES) {
    const value = values[name];
    if (want(name) && value !== undefined) attributes[name] = value;
  }
  if (Object.keys(attributes).length > 0) out.Attributes = attributes;
  const selected: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(message.messageAttributes)) {
    if (matchesAttributeName(name, attributePatterns)) selected[name] = value;
  }
  if (Object.keys(selected).length > 0) {
    out.MessageAttributes = writeAttributes(selected);
    out.MD5OfMessageAttributes = message.md5OfMessageAttributes;
  }
  return out;
}

function sendInput(entry: JsonInput) {
  const read = reader(entry);
  return {
    messageBody: read.string('MessageBody') as string,
    delaySeconds: read.integer('DelaySeconds'),
    messageAttributes: readAttributes(entry.MessageAttributes, 'MessageAttributes'),
    messageSystemAttributes: readAttributes(entry.MessageSystemAttributes, 'MessageSystemAttributes'),
    messageGroupId: read.string('MessageGroupId'),
    messageDeduplicationId: read.string('MessageDeduplicationId'),
  };
}

function sendOutput(result: {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes?: string;
  md5OfMessageSystemAttributes?: string;
  sequenceNumber?: string;
}) {
  return {
    MessageId: result.messageId,
    MD5OfMessageBody: result.md5OfMessageBody,
    ...(result.md5OfMessageAttributes ? { MD5OfMessageAttributes: result.md5OfMessageAttributes } : {}),
    ...(result.md5OfMessageSystemAttributes
      ? { MD5OfMessageSystemAttributes: result.md5OfMessageSystemAttributes }
      : {}),
    ...(result.sequenceNumber ? { SequenceNumber: result.sequenceNumber } : {}),
  };
}

function operations(sqs: SqsService, caller: AwsCaller): Record<string, JsonOperation> {
  const origin = {
    senderId: senderIdOf(caller, sqs.ctx.accountId),
    lineage: caller.kind === 'function' ? caller.lineage : undefined,
  };
  return {
    CreateQueue(input) {
      const read = reader(input);
      const queue = sqs.createQueue(
        read.string('QueueName'),
        read.stringMap('Attributes'),
        read.stringMap('tags'),
      );
      return { QueueUrl: queue.url };
    },
    GetQueueUrl(input) {
      const read = reader(input);
      return { QueueUrl: sqs.getQueueUrl(read.string('QueueName'), read.string('QueueOwnerAWSAccountId')) };
    },
    ListQueues(input) {
      const read = reader(input);
      const page = sqs.listQueues({
        prefix: read.string('QueueNamePrefix'),
        maxResults: read.integer('MaxResults'),
        nextToken: read.string('NextToken'),
      });
      return {
        ...(page.urls.length ? { QueueUrls: page.urls } : {}),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },
    DeleteQueue(input) {
      sqs.deleteQueue(reader(input).string('QueueUrl'));
      return {};
    },
    GetQueueAttributes(input) {
      const read = reader(input);
      const attributes = sqs.getQueueAttributes(
        read.string('QueueUrl'),
        read.stringList('AttributeNames') ?? [],
      );
      return Object.keys(attributes).length ? { Attributes: attributes } : {};
    },
    SetQueueAttributes(input) {
      const read = reader(input);
      sqs.setQueueAttributes(read.string('QueueUrl'), read.stringMap('Attributes') ?? {});
      return {};
    },
    PurgeQueue(input) {
      sqs.purgeQueue(reader(input).string('QueueUrl'));
      return {};
    },
    ListDeadLetterSourceQueues(input) {
      return { queueUrls: sqs.listDeadLetterSourceQueues(reader(input).string('QueueUrl')) };
    },
    TagQueue(input) {
      const read = reader(input);
      sqs.tagQueue(read.string('QueueUrl'), read.stringMap('Tags') ?? {});
      return {};
    },
    UntagQueue(input) {
      const read = reader(input);
      sqs.untagQueue(read.string('QueueUrl'), read.stringList('TagKeys') ?? []);
      return {};
    },
    ListQueueTags(input) {
      const tags = sqs.listQueueTags(reader(input).string('QueueUrl'));
      return Object.keys(tags).length ? { Tags: tags } : {};
    },
    SendMessage(input) {
      const read = reader(input);
      return sendOutput(sqs.sendMessage(read.string('QueueUrl'), sendInput(input), origin));
    },
    SendMessageBatch(input) {
      const read = reader(input);
      const result = sqs.sendMessageBatch(
        read.string('QueueUrl'),
        entries(input).map((entry) => ({ id: entry.Id as string, ...sendInput(entry) })),
        origin,
      );
      return batchOutput(result, (entry) => ({ Id: entry.id, ...sendOutput(entry) }));
    },
    async ReceiveMessage(input) {
      const read = reader(input);
      const systemNames = new Set([
        ...(read.stringList('AttributeNames') ?? []),
        ...(read.stringList('MessageSystemAttributeNames') ?? []),
      ]);
      const patterns = read.stringList('MessageAttributeNames') ?? [];
      const received = await sqs.receiveMessage(read.string('QueueUrl'), {
        maxNumberOfMessages: read.integer('MaxNumberOfMessages'),
        visibilityTimeout: read.integer('VisibilityTimeout'),
        waitTimeSeconds: read.integer('WaitTimeSeconds'),
      });
      return received.length
        ? { Messages: received.map((message) => receivedOutput(message, systemNames, patterns)) }
        : {};
    },
    DeleteMessage(input) {
      const read = reader(input);
      sqs.deleteMessage(read.string('QueueUrl'), read.string('ReceiptHandle'));
      return {};
    },
    DeleteMessageBatch(input) {
      const read = reader(input);
      const result = sqs.deleteMessageBatch(
        read.string('QueueUrl'),
        entries(input).map((entry) => ({
          id: entry.Id as string,
          receiptHandle: String(entry.ReceiptHandle ?? ''),
        })),
      );
      return batchOutput(result, (entry) => ({ Id: entry.id }));
    },
    ChangeMessageVisibility(input) {
      const read = reader(input);
      const timeout = read.integer('VisibilityTimeout');
      if (timeout === undefined) throw missingParameter('VisibilityTimeout');
      sqs.changeMessageVisibility(read.string('QueueUrl'), read.string('ReceiptHandle'), timeout);
      return {};
    },
    ChangeMessageVisibilityBatch(input) {
      const read = reader(input);
      const result = sqs.changeMessageVisibilityBatch(
        read.string('QueueUrl'),
        entries(input).map((entry) => ({
          id: entry.Id as string,
          receiptHandle: String(entry.ReceiptHandle ?? ''),
          visibilityTimeout: typeof entry.VisibilityTimeout === 'number' ? entry.VisibilityTimeout : 0,
        })),
      );
      return batchOutput(result, (entry) => ({ Id: entry.id }));
    },
  };
}

export function handleSqsRequest(
  sqs: SqsService,
  req: AwsHttpRequest,
  caller: AwsCaller,
): Promise<AwsHttpResponse> {
  return handleJsonRpc(SQS_PROTOCOL, operations(sqs, caller), req);
}
