/**
 * The simulated Amazon SNS: standard and FIFO topics, subscriptions of SQS queues and Lambda functions (delivered
 * at once, in the same account, so they need no confirmation; other protocols stay pending), filter policies,
 * raw message delivery, Publish and PublishBatch over the query protocol (handler.ts).
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import { AwsServiceError } from '../jsonRpc';
import type { AccountContext, AwsService } from '../service';
import { base64ToBytes, bytesToBase64, sha256Hex } from '../sqs/digest';
import type { SqsService } from '../sqs/sqs';
import { lambdaEvent, sqsEnvelope, type Notification, type SnsMessageAttribute } from './delivery';
import { compileFilterPolicy, type FilterPolicy, type FilterPolicyScope } from './filterPolicy';
import { handleSnsRequest } from './handler';

export interface Topic {
  name: string;
  arn: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  confirmed: boolean;
  attributes: Record<string, string>;
  filter?: FilterPolicy;
}

export interface PublishInput {
  topicArn?: string;
  message?: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes?: Record<string, SnsMessageAttribute>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface PublishResult {
  messageId: string;
  sequenceNumber?: string;
}

/** What the console and lab checks see of a publish. */
export interface PublishRecord {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  deliveries: Array<{
    subscriptionArn: string;
    protocol: string;
    endpoint: string;
    delivered: boolean;
    reason?: string;
  }>;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const DEDUP_INTERVAL_MS = 5 * 60_000;
const DEFAULT_MAX_MESSAGE_SIZE = 262_144;
const RECENT = 200;
const PROTOCOLS = new Set([
  'sqs',
  'lambda',
  'http',
  'https',
  'email',
  'email-json',
  'sms',
  'application',
  'firehose',
]);
const TOPIC_ATTRIBUTES = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'TracingConfig',
  'SignatureVersion',
  'ContentBasedDeduplication',
  'FifoTopic',
  'MaximumMessageSize',
  'ArchivePolicy',
  'FifoThroughputScope',
]);
const SUBSCRIPTION_ATTRIBUTES = new Set([
  'RawMessageDelivery',
  'FilterPolicy',
  'FilterPolicyScope',
  'RedrivePolicy',
  'DeliveryPolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);

export function invalidParameter(detail: string): AwsServiceError {
  return new AwsServiceError('InvalidParameter', `Invalid parameter: ${detail}`, {
    queryCode: 'InvalidParameter',
  });
}

export function notFound(message: string): AwsServiceError {
  return new AwsServiceError('NotFound', message, { queryCode: 'NotFound', statusCode: 404 });
}

function batchError(queryCode: string, message: string): AwsServiceError {
  return new AwsServiceError(queryCode, message, { queryCode });
}

const encoder = new TextEncoder();

export class SnsService implements AwsService {
  readonly name = 'sns';
  readonly ctx: AccountContext;
  private topics = new Map<string, Topic>();
  private subscriptions = new Map<string, Subscription>();
  private dedup = new Map<string, { messageId: string; sequenceNumber?: string; expiresAt: number }>();
  private sequence = 0n;
  private recent: PublishRecord[] = [];

  constructor(ctx: AccountContext) {
    this.ctx = ctx;
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse {
    return handleSnsRequest(this, req, caller);
  }

  topicArnOf(name: string): string {
    return `arn:aws:sns:${this.ctx.region}:${this.ctx.accountId}:${name}`;
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  listTopicViews(): Topic[] {
    return [...this.topics.values()].sort((a, b) => a.arn.localeCompare(b.arn));
  }

  topic(arn: string): Topic | undefined {
    return this.topics.get(arn);
  }

  subscriptionsOf(topicArn?: string): Subscription[] {
    return [...this.subscriptions.values()].filter(
      (subscription) => topicArn === undefined || subscription.topicArn === topicArn,
    );
  }

  subscription(arn: string): Subscription | undefined {
    return this.subscriptions.get(arn);
  }

  /** The latest publishes, newest last, with where each went. */
  recentPublishes(): PublishRecord[] {
    return [...this.recent];
  }

  requireTopic(arn: string | undefined): Topic {
    if (!arn) throw invalidParameter('TopicArn');
    if (!arn.startsWith('arn:aws:sns:')) throw invalidParameter('TopicArn');
    const topic = this.topics.get(arn);
    if (!topic) throw notFound('Topic does not exist');
    return topic;
  }

  requireSubscription(arn: string | undefined): Subscription {
    if (!arn) throw invalidParameter('SubscriptionArn');
    const subscription = this.subscriptions.get(arn);
    if (!subscription) throw notFound('Subscription does not exist');
    return subscription;
  }

  // ---- topics -------------------------------------------------------------------------------------------------

  createTopic(
    name: string | undefined,
    attributes: Record<string, string> = {},
    tags: Record<string, string> = {},
  ): Topic {
    if (!name) throw invalidParameter('Topic Name');
    const fifo = attributes.FifoTopic === 'true';
    if (fifo ? !FIFO_TOPIC_NAME.test(name) : !TOPIC_NAME.test(name)) {
      throw invalidParameter(
        fifo
          ? 'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.'
          : 'Topic Name',
      );
    }
    for (const key of Object.keys(attributes)) {
      if (!TOPIC_ATTRIBUTES.has(key)) throw invalidParameter(`Attributes Reason: Unknown attribute ${key}`);
    }
    if (attributes.ContentBasedDeduplication !== undefined && !fifo) {
      throw invalidParameter(
        'Attributes Reason: Content based deduplication can only be set for FIFO topics',
      );
    }
    if (attributes.MaximumMessageSize !== undefined) checkMaximumMessageSize(attributes.MaximumMessageSize);
    const arn = this.topicArnOf(name);
    const existing = this.topics.get(arn);
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        if ((existing.attributes[key] ?? (key === 'FifoTopic' ? 'false' : undefined)) !== value) {
          throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
        }
      }
      return existing;
    }
    const topic: Topic = {
      name,
      arn,
      fifo,
      attributes: {
        DisplayName: '',
        ...(fifo ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' } : {}),
        ...attributes,
      },
      tags: { ...tags },
    };
    this.topics.set(arn, topic);
    this.ctx.changed({ service: 'sns', resource: `topic.${name}`, detail: { action: 'created' } });
    return topic;
  }

  deleteTopic(arn: string | undefined): void {
    if (!arn || !arn.startsWith('arn:aws:sns:')) throw invalidParameter('TopicArn');
    const topic = this.topics.get(arn);
    // DeleteTopic of a topic that does not exist succeeds (the operation is idempotent).
    if (!topic) return;
    for (const subscription of this.subscriptionsOf(arn)) this.subscriptions.delete(subscription.arn);
    this.topics.delete(arn);
    this.ctx.changed({ service: 'sns', resource: `topic.${topic.name}`, detail: { action: 'deleted' } });
  }

  getTopicAttributes(arn: string | undefined): Record<string, string> {
    const topic = this.requireTopic(arn);
    const subscriptions = this.subscriptionsOf(topic.arn);
    return {
      TopicArn: topic.arn,
      Owner: this.ctx.accountId,
      Policy: defaultPolicy(topic.arn, this.ctx.accountId),
      SubscriptionsConfirmed: String(subscriptions.filter((subscription) => subscription.confirmed).length),
      SubscriptionsPending: String(subscriptions.filter((subscription) => !subscription.confirmed).length),
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
      ...topic.attributes,
    };
  }

  setTopicAttribute(arn: string | undefined, name: string | undefined, value: string | undefined): void {
    const topic = this.requireTopic(arn);
    if (!name || !TOPIC_ATTRIBUTES.has(name) || name === 'FifoTopic') throw invalidParameter('AttributeName');
    if (name === 'ContentBasedDeduplication' && !topic.fifo) {
      throw invalidParameter(
        'ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics',
      );
    }
    if (name === 'MaximumMessageSize') checkMaximumMessageSize(value ?? '');
    topic.attributes[name] = value ?? '';
    this.ctx.changed({
      service: 'sns',
      resource: `topic.${topic.name}`,
      detail: { action: 'attributesChanged' },
    });
  }

  tagResource(arn: string | undefined, tags: Record<string, string>): void {
    Object.assign(this.requireTaggable(arn).tags, tags);
  }

  untagResource(arn: string | undefined, keys: string[]): void {
    const topic = this.requireTaggable(arn);
    for (const key of keys) delete topic.tags[key];
  }

  listTags(arn: string | undefined): Record<string, string> {
    return { ...this.requireTaggable(arn).tags };
  }

  private requireTaggable(arn: string | undefined): Topic {
    const topic = arn ? this.topics.get(arn) : undefined;
    if (!topic)
      throw new AwsServiceError('ResourceNotFound', 'Resource does not exist', {
        queryCode: 'ResourceNotFound',
        statusCode: 404,
      });
    return topic;
  }

  // ---- subscriptions ------------------------------------------------------------------------------------------

  subscribe(
    topicArn: string | undefined,
    protocol: string | undefined,
    endpoint: string | undefined,
    attributes: Record<string, string> = {},
  ): Subscription {
    const topic = this.requireTopic(topicArn);
    if (!protocol || !PROTOCOLS.has(protocol)) {
      throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol ?? ''}`);
    }
    if (!endpoint) throw invalidParameter('Endpoint');
    if (protocol === 'sqs' && !/^arn:aws:sqs:[^:]+:\d{12}:.+$/.test(endpoint))
      throw invalidParameter('SQS endpoint ARN');
    if (protocol === 'lambda' && !/^arn:aws:lambda:[^:]+:\d{12}:function:.+$/.test(endpoint)) {
      throw invalidParameter('Lambda endpoint ARN');
    }
    const existing = this.subscriptionsOf(topic.arn).find(
      (subscription) => subscription.protocol === protocol && subscription.endpoint === endpoint,
    );
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        if (existing.attributes[key] !== value) {
          throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
        }
      }
      return existing;
    }
    // The account's ids start over on a new page: skip one already in use by a restored subscription.
    let arn = `${topic.arn}:${this.ctx.uuid()}`;
    while (this.subscriptions.has(arn)) arn = `${topic.arn}:${this.ctx.uuid()}`;
    const subscription: Subscription = {
      arn,
      topicArn: topic.arn,
      protocol,
      endpoint,
      // Same-account SQS and Lambda subscriptions are confirmed at once; others wait for a confirmation that
      // nothing in the simulated account sends.
      confirmed: protocol === 'sqs' || protocol === 'lambda',
      attributes: {},
    };
    for (const [key, value] of Object.entries(attributes))
      this.applySubscriptionAttribute(subscription, key, value);
    this.subscriptions.set(subscription.arn, subscription);
    this.ctx.changed({
      service: 'sns',
      resource: `topic.${topic.name}.subscription`,
      detail: { action: 'subscribed', protocol },
    });
    return subscription;
  }

  unsubscribe(arn: string | undefined): void {
    const subscription = this.requireSubscription(arn);
    this.subscriptions.delete(subscription.arn);
    const topic = this.topics.get(subscription.topicArn);
    this.ctx.changed({
      service: 'sns',
      resource: `topic.${topic?.name ?? '?'}.subscription`,
      detail: { action: 'unsubscribed' },
    });
  }

  getSubscriptionAttributes(arn: string | undefined): Record<string, string> {
    const subscription = this.requireSubscription(arn);
    return {
      SubscriptionArn: subscription.arn,
      TopicArn: subscription.topicArn,
      Owner: this.ctx.accountId,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      ConfirmationWasAuthenticated: 'true',
      PendingConfirmation: String(!subscription.confirmed),
      RawMessageDelivery: 'false',
      EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
      ...subscription.attributes,
    };
  }

  setSubscriptionAttribute(
    arn: string | undefined,
    name: string | undefined,
    value: string | undefined,
  ): void {
    const subscription = this.requireSubscription(arn);
    this.applySubscriptionAttribute(subscription, name ?? '', value ?? '');
    this.ctx.changed({
      service: 'sns',
      resource: 'subscription',
      detail: { action: 'attributesChanged', arn: subscription.arn },
    });
  }

  private applySubscriptionAttribute(subscription: Subscription, name: string, value: string): void {
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter('AttributeName');
    if (name === 'RawMessageDelivery') {
      if (value !== 'true' && value !== 'false')
        throw invalidParameter('Attributes Reason: RawMessageDelivery: Invalid value');
      if (!['sqs', 'http', 'https', 'firehose'].includes(subscription.protocol)) {
        throw invalidParameter(
          `Attributes Reason: Delivery protocol [${subscription.protocol}] does not support raw message delivery.`,
        );
      }
    }
    if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody') {
      throw invalidParameter('Attributes Reason: FilterPolicyScope: Invalid value');
    }
    const next = { ...subscription.attributes, [name]: value };
    if (name === 'FilterPolicy' && value === '') delete next.FilterPolicy;
    const scope = (next.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
    subscription.filter =
      next.FilterPolicy !== undefined ? compileFilterPolicy(next.FilterPolicy, scope) : undefined;
    subscription.attributes = next;
  }

  // ---- publishing ---------------------------------------------------------------------------------------------

  /** Publish; `lineage` is the publishing invocation's recursion counter, passed on to what the topic triggers. */
  publish(input: PublishInput, lineage?: number): PublishResult {
    const topic = this.requireTopic(input.topicArn);
    return this.publishToTopic(topic, input, lineage);
  }

  publishBatch(
    topicArn: string | undefined,
    entries: Array<{ id: string } & PublishInput>,
    lineage?: number,
  ): {
    successful: Array<{ id: string } & PublishResult>;
    failed: Array<{ id: string; code: string; message: string; senderFault: boolean }>;
  } {
    const topic = this.requireTopic(topicArn);
    if (entries.length === 0)
      throw batchError('EmptyBatchRequest', "The batch request doesn't contain any entries.");
    if (entries.length > 10)
      throw batchError(
        'TooManyEntriesInBatchRequest',
        'The batch request contains more entries than permissible.',
      );
    const ids = new Set<string>();
    for (const entry of entries) {
      if (!BATCH_ID.test(entry.id ?? '')) {
        throw batchError(
          'InvalidBatchEntryId',
          "The Id of a batch entry in a batch request doesn't abide by the specification.",
        );
      }
      if (ids.has(entry.id))
        throw batchError(
          'BatchEntryIdsNotDistinct',
          'Two or more batch entries in the request have the same Id.',
        );
      ids.add(entry.id);
    }
    const total = entries.reduce(
      (sum, entry) => sum + publishSize(entry.message ?? '', entry.messageAttributes ?? {}),
      0,
    );
    if (total > maximumMessageSize(topic)) {
      throw batchError(
        'BatchRequestTooLong',
        'The length of all the messages put together is more than the limit.',
      );
    }
    const successful: Array<{ id: string } & PublishResult> = [];
    const failed: Array<{ id: string; code: string; message: string; senderFault: boolean }> = [];
    for (const entry of entries) {
      try {
        successful.push({ id: entry.id, ...this.publishToTopic(topic, entry, lineage) });
      } catch (error) {
        if (!(error instanceof AwsServiceError)) throw error;
        failed.push({
          id: entry.id,
          code: error.queryCode,
          message: error.message,
          senderFault: error.fault === 'Sender',
        });
      }
    }
    return { successful, failed };
  }

  /** For EventBridge targets and other in-account publishers; false when the topic does not exist. */
  publishFromService(
    topicArn: string,
    message: string,
    options: { subject?: string; lineage?: number } = {},
  ): boolean {
    const topic = this.topics.get(topicArn);
    if (!topic) return false;
    this.publishToTopic(
      topic,
      {
        message,
        subject: options.subject,
        ...(topic.fifo ? { messageGroupId: 'default', messageDeduplicationId: sha256Hex(message) } : {}),
      },
      options.lineage,
    );
    return true;
  }

  private publishToTopic(topic: Topic, input: PublishInput, lineage?: number): PublishResult {
    const message = input.message;
    if (message === undefined || message === '') throw invalidParameter('Empty message');
    const attributes = input.messageAttributes ?? {};
    validateAttributes(attributes);
    if (publishSize(message, attributes) > maximumMessageSize(topic))
      throw invalidParameter('Message too long');
    if (
      input.subject !== undefined &&
      (input.subject === '' || input.subject.length > 100 || !/^[\x20-\x7e]*$/.test(input.subject))
    ) {
      throw invalidParameter('Subject');
    }
    let perProtocol: Record<string, string> | undefined;
    if (input.messageStructure !== undefined) {
      if (input.messageStructure !== 'json') throw invalidParameter('MessageStructure');
      try {
        const parsed: unknown = JSON.parse(message);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        perProtocol = parsed as Record<string, string>;
      } catch {
        throw invalidParameter('Message Structure - JSON message body failed to parse');
      }
      if (typeof perProtocol.default !== 'string')
        throw invalidParameter('Message Structure - No default entry in JSON message body');
    }
    let deduplicationId = input.messageDeduplicationId;
    if (topic.fifo) {
      if (!input.messageGroupId)
        throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
      if (deduplicationId === undefined) {
        if (topic.attributes.ContentBasedDeduplication !== 'true') {
          throw invalidParameter(
            'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
          );
        }
        deduplicationId = sha256Hex(message);
      }
      const now = this.ctx.clock.now();
      const key = `${topic.arn}\u0000${deduplicationId}`;
      const seen = this.dedup.get(key);
      if (seen && seen.expiresAt > now)
        return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber };
    } else if (deduplicationId !== undefined) {
      throw invalidParameter(
        'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    const notification: Notification = {
      messageId: this.ctx.uuid(),
      topicArn: topic.arn,
      subject: input.subject,
      message: perProtocol ? perProtocol.default! : message,
      timestamp: new Date(this.ctx.epochMs + this.ctx.clock.now()).toISOString(),
      messageAttributes: attributes,
      sequenceNumber: topic.fifo ? this.nextSequenceNumber() : undefined,
    };
    if (topic.fifo) {
      this.pruneDedup();
      this.dedup.set(`${topic.arn}\u0000${deduplicationId}`, {
        messageId: notification.messageId,
        sequenceNumber: notification.sequenceNumber,
        expiresAt: this.ctx.clock.now() + DEDUP_INTERVAL_MS,
      });
    }
    const record: PublishRecord = {
      messageId: notification.messageId,
      topicArn: topic.arn,
      subject: input.subject,
      message: notification.message,
      deliveries: [],
    };
    for (const subscription of this.subscriptionsOf(topic.arn)) {
      const forProtocol = perProtocol?.[subscription.protocol];
      const delivered =
        typeof forProtocol === 'string' ? { ...notification, message: forProtocol } : notification;
      const reason = this.deliver(subscription, delivered, input.messageGroupId, deduplicationId, lineage);
      record.deliveries.push({
        subscriptionArn: subscription.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        delivered: reason === undefined,
        ...(reason ? { reason } : {}),
      });
    }
    this.recent.push(record);
    if (this.recent.length > RECENT) this.recent.splice(0, this.recent.length - RECENT);
    this.ctx.changed({
      service: 'sns',
      resource: `topic.${topic.name}.publish`,
      detail: { messageId: notification.messageId },
    });
    return { messageId: notification.messageId, sequenceNumber: notification.sequenceNumber };
  }

  /** Delivers to one subscription; returns why not when it does not. */
  private deliver(
    subscription: Subscription,
    notification: Notification,
    groupId: string | undefined,
    deduplicationId: string | undefined,
    lineage: number | undefined,
  ): string | undefined {
    if (!subscription.confirmed) return 'pending confirmation';
    if (
      subscription.filter &&
      !subscription.filter.matches(notification.message, notification.messageAttributes)
    ) {
      return 'filtered out';
    }
    if (subscription.protocol === 'lambda') {
      if (!this.ctx.lambda.exists(subscription.endpoint))
        return `Function ${subscription.endpoint} does not exist`;
      this.ctx.lambda.invokeAsync(
        subscription.endpoint,
        lambdaEvent(notification, subscription.arn, this.ctx.region),
        {
          service: 'sns',
          ...(lineage !== undefined ? { lineage } : {}),
        },
      );
      return undefined;
    }
    if (subscription.protocol === 'sqs') {
      const sqs = this.ctx.service<SqsService>('sqs');
      const queue = sqs?.queue(subscription.endpoint);
      if (!sqs || !queue) return `Queue ${subscription.endpoint} does not exist`;
      const raw = subscription.attributes.RawMessageDelivery === 'true';
      try {
        sqs.sendMessage(
          queue.url,
          {
            messageBody: raw
              ? notification.message
              : sqsEnvelope(notification, subscription.arn, this.ctx.region),
            // Raw delivery carries the message attributes over as SQS message attributes.
            messageAttributes: raw ? { ...notification.messageAttributes } : undefined,
            messageGroupId: groupId,
            messageDeduplicationId: queue.fifo ? deduplicationId : undefined,
          },
          { senderId: 'AIDACOLDSTARTSNSSERVICE', lineage },
        );
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      return undefined;
    }
    return `Coldstart does not deliver ${subscription.protocol} subscriptions`;
  }

  private nextSequenceNumber(): string {
    this.sequence += 1n;
    return (10_000_000_000_000_000_000n + this.sequence * 1000n).toString();
  }

  private pruneDedup(): void {
    const now = this.ctx.clock.now();
    if (this.dedup.size < 1000) return;
    for (const [key, entry] of this.dedup) if (entry.expiresAt <= now) this.dedup.delete(key);
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  snapshot(): unknown {
    const now = this.ctx.clock.now();
    return {
      version: 1,
      clockNow: now,
      sequence: this.sequence.toString(),
      topics: this.listTopicViews().map((topic) => ({
        name: topic.name,
        fifo: topic.fifo,
        attributes: { ...topic.attributes },
        tags: { ...topic.tags },
      })),
      subscriptions: [...this.subscriptions.values()].map((subscription) => ({
        arn: subscription.arn,
        topicArn: subscription.topicArn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        confirmed: subscription.confirmed,
        attributes: { ...subscription.attributes },
      })),
      dedup: [...this.dedup.entries()]
        .filter(([, entry]) => entry.expiresAt > now)
        .map(([key, entry]) => ({ key, ...entry })),
    };
  }

  restore(data: unknown): void {
    const parsed = snsSnapshotSchema.safeParse(data);
    if (!parsed.success)
      throw new Error(`Not a valid SNS snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const snapshot = parsed.data;
    const shift = this.ctx.clock.now() - snapshot.clockNow;
    const topics = new Map<string, Topic>();
    for (const saved of snapshot.topics) {
      const arn = this.topicArnOf(saved.name);
      topics.set(arn, {
        name: saved.name,
        arn,
        fifo: saved.fifo,
        attributes: { ...saved.attributes },
        tags: { ...saved.tags },
      });
    }
    const subscriptions = new Map<string, Subscription>();
    for (const saved of snapshot.subscriptions) {
      if (!topics.has(saved.topicArn))
        throw new Error(`Not a valid SNS snapshot: subscription ${saved.arn} names a missing topic.`);
      const subscription: Subscription = { ...saved, attributes: { ...saved.attributes } };
      try {
        if (saved.attributes.FilterPolicy !== undefined) {
          subscription.filter = compileFilterPolicy(
            saved.attributes.FilterPolicy,
            (saved.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope,
          );
        }
      } catch (error) {
        throw new Error(`Not a valid SNS snapshot: ${(error as Error).message}`);
      }
      subscriptions.set(saved.arn, subscription);
    }
    this.topics = topics;
    this.subscriptions = subscriptions;
    this.sequence = BigInt(snapshot.sequence);
    this.dedup = new Map(
      snapshot.dedup.map((entry) => [
        entry.key,
        {
          messageId: entry.messageId,
          sequenceNumber: entry.sequenceNumber,
          expiresAt: entry.expiresAt + shift,
        },
      ]),
    );
    this.recent = [];
    this.ctx.changed({ service: 'sns', resource: '*' });
  }

  reset(): void {
    this.topics = new Map();
    this.subscriptions = new Map();
    this.dedup = new Map();
    this.recent = [];
    this.sequence = 0n;
    this.ctx.changed({ service: 'sns', resource: '*' });
  }
}

export function createSns(ctx: AccountContext): SnsService {
  return new SnsService(ctx);
}

function checkMaximumMessageSize(value: string): void {
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1024 || size > 1_048_576) {
    throw invalidParameter('Attributes Reason: MaximumMessageSize must be between 1024 and 1048576 bytes');
  }
}

function maximumMessageSize(topic: Topic): number {
  const configured = topic.attributes.MaximumMessageSize;
  return configured ? Number(configured) : DEFAULT_MAX_MESSAGE_SIZE;
}

/** Message plus every part of each attribute counts toward the limit (MessageAttributeValue reference). */
function publishSize(message: string, attributes: Record<string, SnsMessageAttribute>): number {
  let size = encoder.encode(message).byteLength;
  for (const [name, attribute] of Object.entries(attributes)) {
    size += encoder.encode(name).byteLength + encoder.encode(attribute.DataType).byteLength;
    size += attribute.BinaryValue?.byteLength ?? encoder.encode(attribute.StringValue ?? '').byteLength;
  }
  return size;
}

function validateAttributes(attributes: Record<string, SnsMessageAttribute>): void {
  const names = Object.keys(attributes);
  if (names.length > 10) {
    throw invalidParameter(
      `MessageAttributes Reason: Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  for (const name of names) {
    const attribute = attributes[name]!;
    const base = attribute.DataType.split('.')[0];
    if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
      throw invalidParameter(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const empty = base === 'Binary' ? !attribute.BinaryValue?.byteLength : !attribute.StringValue;
    if (empty) {
      throw invalidParameter(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${attribute.DataType}'.`,
      );
    }
    if (attribute.DataType === 'String.Array') {
      try {
        if (!Array.isArray(JSON.parse(attribute.StringValue!))) throw new Error('not an array');
      } catch {
        throw invalidParameter(
          `The message attribute '${name}' with type 'String.Array' has an invalid value.`,
        );
      }
    }
    if (base === 'Number' && !Number.isFinite(Number(attribute.StringValue))) {
      throw invalidParameter(`Could not cast message attribute '${name}' value to number.`);
    }
  }
}

const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function defaultPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

export const snsSnapshotSchema = z.object({
  version: z.literal(1),
  clockNow: z.number(),
  sequence: z.string().regex(/^\d+$/),
  topics: z.array(
    z.object({
      name: z.string().min(1),
      fifo: z.boolean(),
      attributes: z.record(z.string(), z.string()),
      tags: z.record(z.string(), z.string()),
    }),
  ),
  subscriptions: z.array(
    z.object({
      arn: z.string(),
      topicArn: z.string(),
      protocol: z.string(),
      endpoint: z.string(),
      confirmed: z.boolean(),
      attributes: z.record(z.string(), z.string()),
    }),
  ),
  dedup: z.array(
    z.object({
      key: z.string(),
      messageId: z.string(),
      sequenceNumber: z.string().optional(),
      expiresAt: z.number(),
    }),
  ),
});

export { base64ToBytes, bytesToBase64 };
