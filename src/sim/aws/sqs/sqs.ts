/**
 * The simulated Amazon SQS: queues of one account, the model behind the JSON protocol (handler.ts) and the API
 * that the console, lab checks, SNS/EventBridge delivery and Lambda's SQS poller call directly with the same
 * semantics and errors.
 */
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import { AwsServiceError } from '../jsonRpc';
import type { AccountContext, AwsService } from '../service';
import {
  applyAttributes,
  DEFAULT_SETTINGS,
  parseRedrivePolicy,
  READABLE_ATTRIBUTES,
  settingsAsAttributes,
} from './attributes';
import {
  base64ToBytes,
  bytesToBase64,
  isBinaryType,
  md5Hex,
  md5OfAttributes,
  messageSize,
  sha256Hex,
  type MessageAttributeValue,
} from './digest';

export { base64ToBytes, bytesToBase64 };
import {
  invalidAttributeName,
  invalidMessageContents,
  invalidParameterValue,
  invalidValue,
  missingParameter,
  queueDoesNotExist,
  sqsError,
} from './errors';
import { handleSqsRequest } from './handler';
import {
  Queue,
  type QueueHost,
  type ReceivedMessage,
  type ReceiveOptions,
  type StoredMessage,
} from './queue';
import { restoreSqs, snapshotSqs } from './snapshot';

export const SQS_ENDPOINT = 'https://sqs.us-east-1.amazonaws.com';

export interface SendMessageInput {
  messageBody: string;
  delaySeconds?: number;
  messageAttributes?: Record<string, MessageAttributeValue>;
  messageSystemAttributes?: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface SendMessageResult {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes?: string;
  md5OfMessageSystemAttributes?: string;
  sequenceNumber?: string;
}

/** Who sent a message: the SenderId ReceiveMessage reports, and the Lambda recursion counter it carries. */
export interface MessageOrigin {
  senderId?: string;
  /** The sending invocation's lineage, passed on to Lambda's SQS poller for recursive loop detection. */
  lineage?: number;
}

export interface BatchResult<T> {
  successful: Array<{ id: string } & T>;
  failed: Array<{ id: string; code: string; message: string; senderFault: boolean }>;
}

/** What the console and lab checks show for a queue. */
export interface QueueView {
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  visible: number;
  inFlight: number;
  delayed: number;
  attributes: Record<string, string>;
  deadLetterTargetArn?: string;
  maxReceiveCount?: number;
  /** Queues whose redrive policy names this one. */
  deadLetterSourceArns: string[];
}

export interface MessageView {
  messageId: string;
  body: string;
  state: 'delayed' | 'visible' | 'inflight';
  receiveCount: number;
  /** Epoch ms. */
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  /** Virtual ms when a delayed or in-flight message becomes visible. */
  visibleAtMs?: number;
  messageAttributes: Record<string, { dataType: string; stringValue?: string; binaryValue?: string }>;
  groupId?: string;
  sequenceNumber?: string;
  deadLetterQueueSourceArn?: string;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const GROUP_OR_DEDUP_ID = /^[!-~]{1,128}$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Characters SQS accepts in a body or string attribute (the W3C XML set). */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** Maximum total payload of a batch (SendMessageBatch API reference). */
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_BATCH_ENTRIES = 10;
const DELETE_COOLDOWN_MS = 60_000;
const PURGE_COOLDOWN_MS = 60_000;

export class SqsService implements AwsService {
  readonly name = 'sqs';
  readonly ctx: AccountContext;
  private queuesByName = new Map<string, Queue>();
  private deletedAt = new Map<string, number>();
  private readonly host: QueueHost;

  constructor(ctx: AccountContext) {
    this.ctx = ctx;
    this.host = {
      now: () => ctx.clock.now(),
      wallNow: () => ctx.epochMs + ctx.clock.now(),
      uuid: () => ctx.uuid(),
      schedule: (atMs, callback) => ctx.clock.scheduleAt(atMs, callback),
      cancel: (timerId) => void ctx.clock.cancel(timerId),
      queueByArn: (arn) => this.queueByArn(arn),
      changed: (queue, detail) =>
        ctx.changed({ service: 'sqs', resource: `queue.${queue.name}.message`, detail }),
    };
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): Promise<AwsHttpResponse> {
    return handleSqsRequest(this, req, caller);
  }

  // ---- lookup ------------------------------------------------------------------------------------------------

  queueUrl(name: string): string {
    return `${SQS_ENDPOINT}/${this.ctx.accountId}/${name}`;
  }

  queueArnOf(name: string): string {
    return `arn:aws:sqs:${this.ctx.region}:${this.ctx.accountId}:${name}`;
  }

  /** A queue by URL (any SQS host form), ARN or name; undefined when there is none. */
  queue(urlArnOrName: string): Queue | undefined {
    if (urlArnOrName.startsWith('arn:')) return this.queueByArn(urlArnOrName);
    if (urlArnOrName.includes('/')) {
      const match = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)\/?$/.exec(urlArnOrName);
      if (!match || match[1] !== this.ctx.accountId) return undefined;
      return this.queuesByName.get(decodeURIComponent(match[2]!));
    }
    return this.queuesByName.get(urlArnOrName);
  }

  queueByArn(arn: string): Queue | undefined {
    const prefix = `arn:aws:sqs:${this.ctx.region}:${this.ctx.accountId}:`;
    if (!arn.startsWith(prefix)) return undefined;
    return this.queuesByName.get(arn.slice(prefix.length));
  }

  /** The queue a request names, or SQS's QueueDoesNotExist. */
  requireQueue(url: string | undefined): Queue {
    if (url === undefined || url === '') throw missingParameter('QueueUrl');
    const queue = this.queue(url);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  listQueueViews(): QueueView[] {
    return [...this.queuesByName.values()].map((queue) => this.view(queue));
  }

  view(queue: Queue): QueueView {
    const counts = queue.approximateCounts();
    return {
      name: queue.name,
      url: queue.url,
      arn: queue.arn,
      fifo: queue.fifo,
      visible: counts.visible,
      inFlight: counts.inFlight,
      delayed: counts.delayed,
      attributes: this.getQueueAttributes(queue.url, ['All']),
      deadLetterTargetArn: queue.redrive?.deadLetterTargetArn,
      maxReceiveCount: queue.redrive?.maxReceiveCount,
      deadLetterSourceArns: this.listDeadLetterSourceQueues(queue.url).map((url) => this.queue(url)!.arn),
    };
  }

  /** Messages of a queue for views: visible, in flight and delayed, with receive counts. */
  messages(urlArnOrName: string): MessageView[] {
    const queue = this.queue(urlArnOrName);
    if (!queue) return [];
    return queue.storedMessages().map((message) => ({
      messageId: message.messageId,
      body: message.body,
      state: message.state,
      receiveCount: message.receiveCount,
      sentTimestamp: message.sentTimestamp,
      firstReceiveTimestamp: message.firstReceiveTimestamp,
      visibleAtMs: message.state === 'visible' ? undefined : message.readyAt,
      messageAttributes: Object.fromEntries(
        Object.entries(message.messageAttributes).map(([name, value]) => [name, attributeForEvent(value)]),
      ),
      groupId: message.groupId,
      sequenceNumber: message.sequenceNumber,
      deadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
    }));
  }

  // ---- queues -------------------------------------------------------------------------------------------------

  createQueue(
    name: string | undefined,
    attributes: Record<string, string> = {},
    tags: Record<string, string> = {},
  ): Queue {
    if (name === undefined || name === '') throw missingParameter('QueueName');
    const fifoAttribute = attributes.FifoQueue;
    if (fifoAttribute !== undefined && fifoAttribute !== 'true' && fifoAttribute !== 'false') {
      throw sqsError(
        'InvalidAttributeValue',
        'Invalid value for the parameter FifoQueue.',
        'InvalidAttributeValue',
      );
    }
    const fifo = fifoAttribute === 'true';
    if (fifo ? !FIFO_QUEUE_NAME.test(name) : !QUEUE_NAME.test(name)) {
      throw invalidParameterValue(
        fifo
          ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
          : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    const settings = applyAttributes(DEFAULT_SETTINGS, attributes, { fifo, creating: true });
    const redrive =
      settings.redrivePolicy !== undefined
        ? parseRedrivePolicy(settings.redrivePolicy, fifo, (arn) => this.queueByArn(arn))
        : undefined;
    const existing = this.queuesByName.get(name);
    if (existing) {
      // Same name: CreateQueue returns the queue when every given attribute matches (CreateQueue API reference).
      const current = settingsAsAttributes(existing.settings, existing.fifo);
      for (const [key, value] of Object.entries(attributes)) {
        const now = key === 'RedrivePolicy' ? redrivePolicyString(existing) : current[key];
        const given = key === 'RedrivePolicy' && redrive ? JSON.stringify(redrive) : value;
        if ((now ?? (key === 'FifoQueue' ? 'false' : undefined)) !== given) {
          throw sqsError(
            'QueueNameExists',
            `A queue already exists with the same name and a different value for attribute ${key}`,
            'QueueAlreadyExists',
          );
        }
      }
      return existing;
    }
    const deletedAt = this.deletedAt.get(name);
    if (deletedAt !== undefined && this.ctx.clock.now() - deletedAt < DELETE_COOLDOWN_MS) {
      throw sqsError(
        'QueueDeletedRecently',
        'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
        'AWS.SimpleQueueService.QueueDeletedRecently',
      );
    }
    const nowSeconds = Math.floor((this.ctx.epochMs + this.ctx.clock.now()) / 1000);
    const queue = new Queue(this.host, {
      name,
      url: this.queueUrl(name),
      arn: this.queueArnOf(name),
      fifo,
      settings,
      redrive,
      tags: { ...tags },
      createdTimestamp: nowSeconds,
    });
    this.queuesByName.set(name, queue);
    this.ctx.changed({ service: 'sqs', resource: `queue.${name}`, detail: { action: 'created' } });
    return queue;
  }

  getQueueUrl(name: string | undefined, ownerAccountId?: string): string {
    if (name === undefined || name === '') throw missingParameter('QueueName');
    if (ownerAccountId !== undefined && ownerAccountId !== this.ctx.accountId) throw queueDoesNotExist();
    const queue = this.queuesByName.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue.url;
  }

  listQueues(options: { prefix?: string; maxResults?: number; nextToken?: string } = {}): {
    urls: string[];
    nextToken?: string;
  } {
    const { prefix = '', maxResults, nextToken } = options;
    if (maxResults !== undefined && (maxResults < 1 || maxResults > 1000)) {
      throw invalidValue('MaxResults', maxResults, 'MaxResults must be an integer between 1 and 1000.');
    }
    if (nextToken !== undefined && maxResults === undefined) {
      throw invalidParameterValue(
        'MaxResults is a mandatory parameter when you provide a value for NextToken.',
      );
    }
    const names = [...this.queuesByName.keys()].filter((name) => name.startsWith(prefix)).sort();
    let start = 0;
    if (nextToken !== undefined) {
      const decoded = decodeToken(nextToken);
      if (decoded === undefined) throw invalidParameterValue('Invalid NextToken value.');
      start = names.findIndex((name) => name > decoded);
      if (start < 0) start = names.length;
    }
    const limit = maxResults ?? 1000;
    const page = names.slice(start, start + limit);
    const more = maxResults !== undefined && start + limit < names.length;
    return {
      urls: page.map((name) => this.queuesByName.get(name)!.url),
      nextToken: more ? encodeToken(page[page.length - 1]!) : undefined,
    };
  }

  deleteQueue(url: string | undefined): void {
    const queue = this.requireQueue(url);
    queue.close();
    this.queuesByName.delete(queue.name);
    this.deletedAt.set(queue.name, this.ctx.clock.now());
    this.ctx.changed({ service: 'sqs', resource: `queue.${queue.name}`, detail: { action: 'deleted' } });
  }

  getQueueAttributes(url: string | undefined, names: readonly string[] = []): Record<string, string> {
    const queue = this.requireQueue(url);
    for (const name of names) {
      if (name !== 'All' && !(READABLE_ATTRIBUTES as readonly string[]).includes(name))
        throw invalidAttributeName(name);
    }
    const wanted = names.includes('All') ? new Set<string>(READABLE_ATTRIBUTES) : new Set(names);
    const counts = queue.approximateCounts();
    const configured = settingsAsAttributes(queue.settings, queue.fifo);
    const all: Record<string, string | undefined> = {
      ...configured,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(queue.createdTimestamp),
      LastModifiedTimestamp: String(queue.lastModifiedTimestamp),
      QueueArn: queue.arn,
      RedrivePolicy: redrivePolicyString(queue),
    };
    const out: Record<string, string> = {};
    for (const name of READABLE_ATTRIBUTES) {
      const value = all[name];
      if (wanted.has(name) && value !== undefined) out[name] = value;
    }
    return out;
  }

  setQueueAttributes(url: string | undefined, attributes: Record<string, string>): void {
    const queue = this.requireQueue(url);
    const settings = applyAttributes(queue.settings, attributes, { fifo: queue.fifo, creating: false });
    let redrive = queue.redrive;
    if (attributes.RedrivePolicy !== undefined) {
      redrive = parseRedrivePolicy(attributes.RedrivePolicy, queue.fifo, (arn) => this.queueByArn(arn));
    }
    const retentionChanged = settings.messageRetentionPeriod !== queue.settings.messageRetentionPeriod;
    queue.settings = settings;
    queue.redrive = redrive;
    queue.lastModifiedTimestamp = Math.floor((this.ctx.epochMs + this.ctx.clock.now()) / 1000);
    if (retentionChanged) queue.retentionChanged();
    this.ctx.changed({
      service: 'sqs',
      resource: `queue.${queue.name}`,
      detail: { action: 'attributesChanged' },
    });
  }

  purgeQueue(url: string | undefined): void {
    const queue = this.requireQueue(url);
    const now = this.ctx.clock.now();
    if (queue.lastPurgeAt !== undefined && now - queue.lastPurgeAt < PURGE_COOLDOWN_MS) {
      throw sqsError(
        'PurgeQueueInProgress',
        `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`,
        'AWS.SimpleQueueService.PurgeQueueInProgress',
        403,
      );
    }
    queue.purge();
  }

  listDeadLetterSourceQueues(url: string | undefined): string[] {
    const queue = this.requireQueue(url);
    return [...this.queuesByName.values()]
      .filter((source) => source.redrive?.deadLetterTargetArn === queue.arn)
      .map((source) => source.url)
      .sort();
  }

  tagQueue(url: string | undefined, tags: Record<string, string>): void {
    const queue = this.requireQueue(url);
    Object.assign(queue.tags, tags);
  }

  untagQueue(url: string | undefined, keys: string[]): void {
    const queue = this.requireQueue(url);
    for (const key of keys) delete queue.tags[key];
  }

  listQueueTags(url: string | undefined): Record<string, string> {
    return { ...this.requireQueue(url).tags };
  }

  // ---- messages -----------------------------------------------------------------------------------------------

  /** SendMessage with SQS's validation; `origin.senderId` is what ReceiveMessage reports as SenderId. */
  sendMessage(
    url: string | undefined,
    input: SendMessageInput,
    origin: MessageOrigin = {},
  ): SendMessageResult {
    const queue = this.requireQueue(url);
    const result = this.enqueue(queue, input, origin);
    queue.afterSend(1);
    return result;
  }

  sendMessageBatch(
    url: string | undefined,
    entries: Array<{ id: string } & SendMessageInput>,
    origin: MessageOrigin = {},
  ): BatchResult<SendMessageResult> {
    const queue = this.requireQueue(url);
    checkBatchShape(
      entries.map((entry) => entry.id),
      'SendMessageBatchRequestEntry',
    );
    const total = entries.reduce(
      (sum, entry) => sum + messageSize(entry.messageBody ?? '', entry.messageAttributes ?? {}),
      0,
    );
    if (total > MAX_BATCH_BYTES) {
      throw sqsError(
        'BatchRequestTooLong',
        `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
        'AWS.SimpleQueueService.BatchRequestTooLong',
      );
    }
    const result: BatchResult<SendMessageResult> = { successful: [], failed: [] };
    for (const entry of entries) {
      try {
        result.successful.push({ id: entry.id, ...this.enqueue(queue, entry, origin) });
      } catch (error) {
        result.failed.push(batchFailure(entry.id, error));
      }
    }
    if (result.successful.length > 0) queue.afterSend(result.successful.length);
    return result;
  }

  receiveMessage(url: string | undefined, options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const queue = this.requireQueue(url);
    const { maxNumberOfMessages, visibilityTimeout, waitTimeSeconds } = options;
    if (maxNumberOfMessages !== undefined && (maxNumberOfMessages < 1 || maxNumberOfMessages > 10)) {
      throw invalidValue(
        'MaxNumberOfMessages',
        maxNumberOfMessages,
        'Must be between 1 and 10, if provided.',
      );
    }
    if (visibilityTimeout !== undefined && (visibilityTimeout < 0 || visibilityTimeout > 43_200)) {
      throw invalidValue('VisibilityTimeout', visibilityTimeout, 'Must be >= 0 and <= 43200, if provided.');
    }
    if (waitTimeSeconds !== undefined && (waitTimeSeconds < 0 || waitTimeSeconds > 20)) {
      throw invalidValue('WaitTimeSeconds', waitTimeSeconds, 'Must be >= 0 and <= 20, if provided.');
    }
    return queue.receive(options);
  }

  deleteMessage(url: string | undefined, receiptHandle: string | undefined): void {
    const queue = this.requireQueue(url);
    if (receiptHandle === undefined || receiptHandle === '') throw missingParameter('ReceiptHandle');
    queue.deleteMessage(receiptHandle);
    queue.afterDelete(1);
  }

  deleteMessageBatch(
    url: string | undefined,
    entries: Array<{ id: string; receiptHandle: string }>,
  ): BatchResult<object> {
    const queue = this.requireQueue(url);
    checkBatchShape(
      entries.map((entry) => entry.id),
      'DeleteMessageBatchRequestEntry',
    );
    const result: BatchResult<object> = { successful: [], failed: [] };
    for (const entry of entries) {
      try {
        queue.deleteMessage(entry.receiptHandle);
        result.successful.push({ id: entry.id });
      } catch (error) {
        result.failed.push(batchFailure(entry.id, error));
      }
    }
    queue.afterDelete(result.successful.length);
    return result;
  }

  changeMessageVisibility(
    url: string | undefined,
    receiptHandle: string | undefined,
    visibilityTimeout: number,
  ): void {
    const queue = this.requireQueue(url);
    if (receiptHandle === undefined || receiptHandle === '') throw missingParameter('ReceiptHandle');
    queue.changeMessageVisibility(receiptHandle, visibilityTimeout);
  }

  changeMessageVisibilityBatch(
    url: string | undefined,
    entries: Array<{ id: string; receiptHandle: string; visibilityTimeout: number }>,
  ): BatchResult<object> {
    const queue = this.requireQueue(url);
    checkBatchShape(
      entries.map((entry) => entry.id),
      'ChangeMessageVisibilityBatchRequestEntry',
    );
    const result: BatchResult<object> = { successful: [], failed: [] };
    for (const entry of entries) {
      try {
        queue.changeMessageVisibility(entry.receiptHandle, entry.visibilityTimeout);
        result.successful.push({ id: entry.id });
      } catch (error) {
        result.failed.push(batchFailure(entry.id, error));
      }
    }
    return result;
  }

  private enqueue(queue: Queue, input: SendMessageInput, origin: MessageOrigin): SendMessageResult {
    const body = input.messageBody;
    if (body === undefined || body === null || body === '') throw missingParameter('MessageBody');
    if (INVALID_CHARACTER.test(body)) throw invalidMessageContents();
    const messageAttributes = input.messageAttributes ?? {};
    validateMessageAttributes(messageAttributes);
    const systemAttributes = input.messageSystemAttributes ?? {};
    for (const [name, value] of Object.entries(systemAttributes)) {
      if (name !== 'AWSTraceHeader') {
        throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
      }
      if (value.DataType !== 'String' || !value.StringValue) {
        throw invalidParameterValue(
          `Message system attribute '${name}' must be of type String with a value.`,
        );
      }
    }
    const size = messageSize(body, messageAttributes);
    if (size > queue.settings.maximumMessageSize) {
      throw invalidParameterValue(
        `One or more parameters are invalid. Reason: Message must be shorter than ${queue.settings.maximumMessageSize} bytes.`,
      );
    }
    if (input.delaySeconds !== undefined) {
      if (!Number.isInteger(input.delaySeconds) || input.delaySeconds < 0 || input.delaySeconds > 900) {
        throw invalidValue('DelaySeconds', input.delaySeconds, 'DelaySeconds must be >= 0 and <= 900.');
      }
      // FIFO queues take delays per queue only (SendMessage API reference: DelaySeconds).
      if (queue.fifo) {
        throw invalidValue(
          'DelaySeconds',
          input.delaySeconds,
          'The request include parameter that is not valid for this queue type.',
        );
      }
    }
    const groupId = input.messageGroupId;
    let deduplicationId = input.messageDeduplicationId;
    if (groupId !== undefined && !GROUP_OR_DEDUP_ID.test(groupId)) {
      throw invalidValue(
        'MessageGroupId',
        groupId,
        'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
      );
    }
    if (queue.fifo) {
      if (groupId === undefined) throw missingParameter('MessageGroupId');
      if (deduplicationId !== undefined && !GROUP_OR_DEDUP_ID.test(deduplicationId)) {
        throw invalidValue(
          'MessageDeduplicationId',
          deduplicationId,
          'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
        );
      }
      if (deduplicationId === undefined) {
        if (!queue.settings.contentBasedDeduplication) {
          throw invalidParameterValue(
            'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
          );
        }
        deduplicationId = sha256Hex(body);
      }
    } else if (deduplicationId !== undefined) {
      throw invalidValue(
        'MessageDeduplicationId',
        deduplicationId,
        'The request include parameter that is not valid for this queue type.',
      );
    }
    const md5OfBody = md5Hex(body);
    const md5OfMessageAttributes = md5OfAttributes(messageAttributes);
    const md5OfMessageSystemAttributes = md5OfAttributes(systemAttributes);
    const stored = queue.enqueue({
      body,
      messageAttributes: cloneAttributes(messageAttributes),
      systemAttributes: cloneAttributes(systemAttributes),
      md5OfBody,
      md5OfMessageAttributes,
      md5OfMessageSystemAttributes,
      senderId: origin.senderId ?? this.ctx.accountId,
      lineage: origin.lineage,
      delaySeconds: queue.fifo
        ? queue.settings.delaySeconds
        : (input.delaySeconds ?? queue.settings.delaySeconds),
      groupId,
      deduplicationId,
    });
    return {
      messageId: stored.messageId,
      md5OfMessageBody: md5OfBody,
      md5OfMessageAttributes,
      md5OfMessageSystemAttributes,
      sequenceNumber: stored.sequenceNumber,
    };
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  allQueues(): Queue[] {
    return [...this.queuesByName.values()];
  }

  deletedQueueTimes(): Map<string, number> {
    return this.deletedAt;
  }

  /** Replace every queue (restore); closes the old ones so their timers and long polls end. */
  replaceQueues(queues: Queue[], deletedAt: Map<string, number>): void {
    for (const queue of this.queuesByName.values()) queue.close();
    this.queuesByName = new Map(queues.map((queue) => [queue.name, queue]));
    this.deletedAt = deletedAt;
  }

  get queueHost(): QueueHost {
    return this.host;
  }

  snapshot(): unknown {
    return snapshotSqs(this);
  }

  restore(data: unknown): void {
    restoreSqs(this, data);
    this.ctx.changed({ service: 'sqs', resource: '*' });
  }

  reset(): void {
    this.replaceQueues([], new Map());
    this.ctx.changed({ service: 'sqs', resource: '*' });
  }
}

export function createSqs(ctx: AccountContext): SqsService {
  return new SqsService(ctx);
}

function redrivePolicyString(queue: Queue): string | undefined {
  return queue.redrive ? JSON.stringify(queue.redrive) : undefined;
}

function cloneAttributes(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    out[name] = {
      DataType: value.DataType,
      ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue.slice() } : {}),
    };
  }
  return out;
}

function validateMessageAttributes(attributes: Record<string, MessageAttributeValue>): void {
  const names = Object.keys(attributes);
  if (names.length > 10) {
    throw invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  for (const name of names) {
    const lower = name.toLowerCase();
    if (
      !ATTRIBUTE_NAME.test(name) ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      name.includes('..') ||
      lower.startsWith('aws.') ||
      lower.startsWith('amazon.')
    ) {
      throw invalidParameterValue(
        `The message attribute name '${name}' is invalid. Attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.`,
      );
    }
    const value = attributes[name]!;
    const dataType = value.DataType ?? '';
    const base = dataType.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw invalidParameterValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    if (isBinaryType(dataType)) {
      if (!value.BinaryValue || value.BinaryValue.byteLength === 0) {
        throw invalidParameterValue(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
        );
      }
    } else {
      if (value.StringValue === undefined || value.StringValue === '') {
        throw invalidParameterValue(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
        );
      }
      if (INVALID_CHARACTER.test(value.StringValue)) throw invalidMessageContents();
      if (base === 'Number' && !NUMBER.test(value.StringValue.trim())) {
        throw invalidParameterValue(
          `Can't cast the value of message (user) attribute '${name}' to a number.`,
        );
      }
    }
  }
}

function checkBatchShape(ids: string[], entryName: string): void {
  if (ids.length === 0) {
    throw sqsError(
      'EmptyBatchRequest',
      `There should be at least one ${entryName} in the request.`,
      'AWS.SimpleQueueService.EmptyBatchRequest',
    );
  }
  if (ids.length > MAX_BATCH_ENTRIES) {
    throw sqsError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${ids.length}.`,
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || !BATCH_ENTRY_ID.test(id)) {
      throw sqsError(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
        'AWS.SimpleQueueService.InvalidBatchEntryId',
      );
    }
    if (seen.has(id)) {
      throw sqsError(
        'BatchEntryIdsNotDistinct',
        `Id ${id} repeated.`,
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
      );
    }
    seen.add(id);
  }
}

function batchFailure(
  id: string,
  error: unknown,
): { id: string; code: string; message: string; senderFault: boolean } {
  if (error instanceof AwsServiceError) {
    return { id, code: error.queryCode, message: error.message, senderFault: error.fault === 'Sender' };
  }
  return { id, code: 'InternalError', message: String(error), senderFault: false };
}

function encodeToken(name: string): string {
  return bytesToBase64(new TextEncoder().encode(`queue:${name}`));
}

function decodeToken(token: string): string | undefined {
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(base64ToBytes(token));
    return decoded.startsWith('queue:') ? decoded.slice('queue:'.length) : undefined;
  } catch {
    return undefined;
  }
}

/** A message attribute as Lambda's SQS event shows it (camelCase, binary as base64). */
export function attributeForEvent(value: MessageAttributeValue): {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
} {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: bytesToBase64(value.BinaryValue) } : {}),
    stringListValues: [],
    binaryListValues: [],
    dataType: value.DataType,
  };
}

/**
 * The record Lambda's SQS event source mapping hands a function for one received message
 * (`Records[]` of the SQS event: eventSource `aws:sqs`, camelCase keys).
 */
export function sqsEventRecord(queue: Queue, received: ReceivedMessage, region: string) {
  const message: StoredMessage = received.message;
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentTimestamp),
    SenderId: message.senderId,
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
  };
  if (message.systemAttributes.AWSTraceHeader?.StringValue)
    attributes.AWSTraceHeader = message.systemAttributes.AWSTraceHeader.StringValue;
  if (message.sequenceNumber !== undefined) attributes.SequenceNumber = message.sequenceNumber;
  if (message.groupId !== undefined) attributes.MessageGroupId = message.groupId;
  if (message.deduplicationId !== undefined) attributes.MessageDeduplicationId = message.deduplicationId;
  if (message.deadLetterQueueSourceArn !== undefined)
    attributes.DeadLetterQueueSourceArn = message.deadLetterQueueSourceArn;
  return {
    messageId: message.messageId,
    receiptHandle: received.receiptHandle,
    body: message.body,
    attributes,
    messageAttributes: Object.fromEntries(
      Object.entries(message.messageAttributes).map(([name, value]) => [name, attributeForEvent(value)]),
    ),
    md5OfBody: message.md5OfBody,
    md5OfMessageAttributes: message.md5OfMessageAttributes ?? null,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: region,
  };
}
