/**
 * The simulated S3 service: the store, event notifications delivered to Lambda (and SQS/SNS when those
 * services offer the small delivery seams below), persistence, and a read/write API for the console and lab
 * checks. The REST-XML protocol the SDK speaks lives in protocol.ts.
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import type { AccountContext, AwsService } from '../service';
import { base64ToBytes, bytesToBase64, CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './checksums';
import {
  compareKeys,
  S3Error,
  S3Store,
  STORED_HEADERS,
  type ListInput,
  type ListPage,
  type ObjectInput,
  type StoredBucket,
  type StoredHeader,
  type StoredObject,
} from './model';
import {
  eventRecord,
  findOverlap,
  SUPPORTED_EVENT_TYPES,
  targetsFor,
  testEvent,
  type NotificationConfiguration,
  type NotificationTarget,
  type RaisedEvent,
} from './notifications';
import { handleS3Request } from './protocol';

/** What SQS offers S3 for event delivery (implemented by the SQS service; optional). */
export interface S3QueueTarget {
  /** Enqueue `body` on the queue with this ARN; false when there is no such queue. */
  deliverToQueue(queueArn: string, body: string, source: { service: string }): boolean;
  hasQueue?(queueArn: string): boolean;
}

/** What SNS offers S3 for event delivery (implemented by the SNS service; optional). */
export interface S3TopicTarget {
  publishToTopic(topicArn: string, message: string, subject: string, source: { service: string }): boolean;
  hasTopic?(topicArn: string): boolean;
}

export interface S3Options {
  /** Override how queues and topics are reached (tests); by default `ctx.service('sqs' | 'sns')` when it has the seam. */
  queues?: S3QueueTarget;
  topics?: S3TopicTarget;
}

/** Who made a request, for the event record and request ids. */
export interface S3Requester {
  requestId: string;
  hostId: string;
  principalId: string;
  sourceIp: string;
  /** Lambda's recursion counter of the invocation that made the call (passed on to the Lambda invoker). */
  lineage?: number;
}

export interface BucketSummary {
  name: string;
  createdAt: number;
  region: string;
  objectCount: number;
  totalBytes: number;
}

export interface NotificationDelivery {
  /** Epoch ms. */
  at: number;
  bucket: string;
  key: string;
  eventName: RaisedEvent | 's3:TestEvent';
  kind: NotificationTarget['kind'];
  arn: string;
  configurationId: string;
  delivered: boolean;
}

const DELIVERY_LOG_LIMIT = 200;

function isQueueTarget(value: unknown): value is S3QueueTarget {
  return typeof (value as S3QueueTarget | undefined)?.deliverToQueue === 'function';
}

function isTopicTarget(value: unknown): value is S3TopicTarget {
  return typeof (value as S3TopicTarget | undefined)?.publishToTopic === 'function';
}

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0').slice(-width);
}

export class S3Service implements AwsService {
  readonly name = 's3';
  readonly store: S3Store;
  private sequence = 0;
  private deliveryLog: NotificationDelivery[] = [];

  constructor(
    readonly ctx: AccountContext,
    private readonly options: S3Options = {},
  ) {
    this.store = new S3Store(() => this.epochNow());
  }

  epochNow(): number {
    return this.ctx.epochMs + Math.floor(this.ctx.clock.now());
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse {
    return handleS3Request(this, req, caller);
  }

  /** Request ids in S3's shapes: a 16-hex request id and a base64 host id. */
  requester(caller: AwsCaller): S3Requester {
    const id = this.ctx.uuid().replace(/-/g, '').toUpperCase();
    const requester: S3Requester = {
      requestId: id.slice(0, 16),
      hostId: bytesToBase64(new TextEncoder().encode(id + id.slice(0, 16))),
      principalId:
        caller.kind === 'function'
          ? `AWS:AROACOLDSTARTLAMBDAROLE:${caller.functionName}`
          : 'AWS:AIDACOLDSTARTCONSOLE',
      sourceIp: '198.51.100.7',
    };
    if (caller.kind === 'function' && caller.lineage !== undefined) requester.lineage = caller.lineage;
    return requester;
  }

  // --- buckets -----------------------------------------------------------------------------------------

  createBucket(name: string): boolean {
    const created = this.store.createBucket(name, this.ctx.region);
    if (created)
      this.ctx.changed({ service: 's3', resource: `bucket.${name}`, detail: { action: 'created' } });
    return created;
  }

  deleteBucket(name: string): void {
    this.store.deleteBucket(name);
    this.ctx.changed({ service: 's3', resource: `bucket.${name}`, detail: { action: 'deleted' } });
  }

  listBuckets(): BucketSummary[] {
    return this.store.allBuckets().map((bucket) => {
      let totalBytes = 0;
      for (const object of bucket.objects.values()) totalBytes += object.body.byteLength;
      return {
        name: bucket.name,
        createdAt: bucket.createdAt,
        region: bucket.region,
        objectCount: bucket.objects.size,
        totalBytes,
      };
    });
  }

  hasBucket(name: string): boolean {
    return this.store.bucket(name) !== undefined;
  }

  // --- objects -----------------------------------------------------------------------------------------

  listObjects(bucket: string, input: ListInput = {}): ListPage {
    return this.store.list(bucket, input);
  }

  /** Throws NoSuchBucket / NoSuchKey as S3Error. */
  getObject(bucket: string, key: string): StoredObject {
    return this.store.getObject(bucket, key);
  }

  findObject(bucket: string, key: string): StoredObject | undefined {
    return this.store.bucket(bucket)?.objects.get(key);
  }

  objectText(bucket: string, key: string): string | undefined {
    const object = this.findObject(bucket, key);
    return object ? new TextDecoder().decode(object.body) : undefined;
  }

  putObject(bucket: string, key: string, input: ObjectInput, requester?: S3Requester): StoredObject {
    const object = this.store.putObject(bucket, key, input);
    this.ctx.changed({ service: 's3', resource: `bucket.${bucket}.object`, detail: { key, action: 'put' } });
    this.raise(bucket, 'ObjectCreated:Put', object, requester ?? this.requester({ kind: 'console' }));
    return object;
  }

  copyObject(
    source: { bucket: string; key: string },
    target: { bucket: string; key: string },
    replace: Omit<ObjectInput, 'body'> | null,
    requester?: S3Requester,
    checksumAlgorithm?: ChecksumAlgorithm,
  ): StoredObject {
    const original = this.store.getObject(source.bucket, source.key);
    this.store.requireBucket(target.bucket);
    if (source.bucket === target.bucket && source.key === target.key && !replace && !checksumAlgorithm)
      throw new S3Error(
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        400,
      );
    const input: ObjectInput = replace
      ? { ...replace, body: original.body }
      : {
          body: original.body,
          contentType: original.contentType,
          metadata: original.metadata,
          headers: original.headers,
        };
    input.checksumAlgorithm = checksumAlgorithm ?? original.checksumAlgorithm;
    const object = this.store.putObject(target.bucket, target.key, input);
    this.ctx.changed({
      service: 's3',
      resource: `bucket.${target.bucket}.object`,
      detail: { key: target.key, action: 'copy' },
    });
    this.raise(target.bucket, 'ObjectCreated:Copy', object, requester ?? this.requester({ kind: 'console' }));
    return object;
  }

  /** Deleting a missing key succeeds, as in S3; only a delete that removed an object raises ObjectRemoved. */
  deleteObject(bucket: string, key: string, requester?: S3Requester): boolean {
    const removed = this.store.deleteObject(bucket, key);
    if (removed) {
      this.ctx.changed({
        service: 's3',
        resource: `bucket.${bucket}.object`,
        detail: { key, action: 'delete' },
      });
      this.raise(bucket, 'ObjectRemoved:Delete', removed, requester ?? this.requester({ kind: 'console' }));
    }
    return removed !== undefined;
  }

  // --- notifications -----------------------------------------------------------------------------------

  getNotificationConfiguration(bucket: string): NotificationConfiguration {
    return this.store.requireBucket(bucket).notification;
  }

  /** Validates as S3 does (event names, filter rules, overlaps, reachable destinations), then replaces. */
  putNotificationConfiguration(
    bucketName: string,
    configuration: NotificationConfiguration,
    requester?: S3Requester,
    options: { skipDestinationValidation?: boolean } = {},
  ): void {
    const bucket = this.store.requireBucket(bucketName);
    for (const target of configuration.targets) {
      for (const event of target.events)
        if (!SUPPORTED_EVENT_TYPES.has(event) || event === 's3:TestEvent')
          throw new S3Error('InvalidArgument', 'The event is not supported for notifications', 400, {
            ArgumentName: event,
            ArgumentValue: event,
          });
      if (target.events.length === 0)
        throw new S3Error(
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema',
          400,
        );
    }
    const overlap = findOverlap(configuration.targets);
    if (overlap)
      throw new S3Error(
        'InvalidArgument',
        'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
        400,
        { ArgumentName: 'Event', ArgumentValue: 'null' },
      );
    const unreachable = options.skipDestinationValidation
      ? []
      : configuration.targets.filter((target) => !this.destinationExists(target));
    if (unreachable.length > 0) {
      const first = unreachable[0]!;
      throw new S3Error(
        'InvalidArgument',
        'Unable to validate the following destination configurations',
        400,
        {
          ArgumentName: first.arn,
          ArgumentValue:
            first.kind === 'lambda'
              ? `Not authorized to invoke function [${first.arn}]`
              : 'Permissions on the destination queue do not allow S3 to publish notifications from this bucket',
        },
      );
    }
    const ids = new Set<string>();
    for (const target of configuration.targets) {
      if (!target.id) target.id = bytesToBase64(new TextEncoder().encode(this.ctx.uuid()));
      if (ids.has(target.id))
        throw new S3Error('InvalidArgument', 'Same ID used for multiple configurations', 400, {
          ArgumentName: 'Id',
          ArgumentValue: target.id,
        });
      ids.add(target.id);
    }
    const previous = new Set(bucket.notification.targets.map((target) => `${target.kind} ${target.arn}`));
    bucket.notification = configuration;
    this.ctx.changed({ service: 's3', resource: `bucket.${bucketName}.notification` });
    // S3 sends a test message to each newly configured queue or topic.
    const who = requester ?? this.requester({ kind: 'console' });
    for (const target of configuration.targets) {
      if (target.kind === 'lambda' || previous.has(`${target.kind} ${target.arn}`)) continue;
      const message = JSON.stringify(
        testEvent(bucketName, new Date(this.epochNow()).toISOString(), who.requestId, who.hostId),
      );
      this.send(target, message, bucketName, '', 's3:TestEvent', who);
    }
  }

  /** Recent notification deliveries (newest last), for the console and lab checks. */
  deliveries(): readonly NotificationDelivery[] {
    return this.deliveryLog;
  }

  private queues(): S3QueueTarget | undefined {
    if (this.options.queues) return this.options.queues;
    const sqs = this.ctx.service('sqs');
    return isQueueTarget(sqs) ? sqs : undefined;
  }

  private topics(): S3TopicTarget | undefined {
    if (this.options.topics) return this.options.topics;
    const sns = this.ctx.service('sns');
    return isTopicTarget(sns) ? sns : undefined;
  }

  private destinationExists(target: NotificationTarget): boolean {
    if (target.kind === 'lambda') return this.ctx.lambda.exists(target.arn);
    if (target.kind === 'queue') {
      const queues = this.queues();
      return queues ? (queues.hasQueue?.(target.arn) ?? true) : false;
    }
    const topics = this.topics();
    return topics ? (topics.hasTopic?.(target.arn) ?? true) : false;
  }

  private nextSequencer(): string {
    this.sequence += 1;
    return hex(this.epochNow(), 12) + hex(this.sequence, 6);
  }

  private raise(bucketName: string, raised: RaisedEvent, object: StoredObject, requester: S3Requester): void {
    const bucket = this.store.bucket(bucketName);
    if (!bucket) return;
    const targets = targetsFor(bucket.notification, raised, object.key);
    if (targets.length === 0) return;
    const sequencer = this.nextSequencer();
    const eventTimeIso = new Date(this.epochNow()).toISOString();
    for (const target of targets) {
      const record = eventRecord({
        raised,
        region: bucket.region,
        accountId: this.ctx.accountId,
        eventTimeIso,
        bucket: bucketName,
        key: object.key,
        ...(raised === 'ObjectRemoved:Delete'
          ? {}
          : { size: object.body.byteLength, eTag: object.etag.slice(1, -1) }),
        sequencer,
        configurationId: target.id,
        requestId: requester.requestId,
        hostId: requester.hostId,
        principalId: requester.principalId,
        sourceIp: requester.sourceIp,
      });
      this.send(target, JSON.stringify({ Records: [record] }), bucketName, object.key, raised, requester, {
        Records: [record],
      });
    }
  }

  /** Notifications are asynchronous in S3: they leave on the next step of the virtual clock, after the reply. */
  private send(
    target: NotificationTarget,
    message: string,
    bucket: string,
    key: string,
    eventName: NotificationDelivery['eventName'],
    requester: S3Requester,
    payload?: unknown,
  ): void {
    this.ctx.clock.schedule(0, () => {
      let delivered = false;
      const source = { service: 's3' };
      if (target.kind === 'lambda') {
        if (this.ctx.lambda.exists(target.arn)) {
          this.ctx.lambda.invokeAsync(
            target.arn,
            payload ?? JSON.parse(message),
            requester.lineage === undefined ? source : { ...source, lineage: requester.lineage },
          );
          delivered = true;
        }
      } else if (target.kind === 'queue') {
        delivered = this.queues()?.deliverToQueue(target.arn, message, source) ?? false;
      } else {
        delivered =
          this.topics()?.publishToTopic(target.arn, message, 'Amazon S3 Notification', source) ?? false;
      }
      this.deliveryLog.push({
        at: this.epochNow(),
        bucket,
        key,
        eventName,
        kind: target.kind,
        arn: target.arn,
        configurationId: target.id,
        delivered,
      });
      if (this.deliveryLog.length > DELIVERY_LOG_LIMIT)
        this.deliveryLog.splice(0, this.deliveryLog.length - DELIVERY_LOG_LIMIT);
      this.ctx.changed({
        service: 's3',
        resource: `bucket.${bucket}.notification.delivery`,
        detail: { key, eventName },
      });
    });
  }

  // --- persistence -------------------------------------------------------------------------------------

  snapshot(): S3Snapshot {
    return {
      sequence: this.sequence,
      buckets: this.store.allBuckets().map((bucket) => ({
        name: bucket.name,
        createdAt: bucket.createdAt,
        region: bucket.region,
        notification: {
          eventBridge: bucket.notification.eventBridge,
          targets: bucket.notification.targets.map((target) => ({
            ...target,
            events: [...target.events],
            rules: target.rules.map((rule) => ({ ...rule })),
          })),
        },
        objects: [...bucket.objects.values()]
          .sort((a, b) => compareKeys(a.key, b.key))
          .map((object) => ({
            key: object.key,
            body: bytesToBase64(object.body),
            etag: object.etag,
            lastModified: object.lastModified,
            contentType: object.contentType,
            metadata: { ...object.metadata },
            checksumAlgorithm: object.checksumAlgorithm,
            checksum: object.checksum,
            headers: { ...object.headers },
          })),
      })),
    };
  }

  restore(data: unknown): void {
    const parsed = S3_SNAPSHOT.safeParse(data);
    if (!parsed.success) throw new Error(`Bad S3 snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const buckets: StoredBucket[] = [];
    for (const bucket of parsed.data.buckets) {
      const objects = new Map<string, StoredObject>();
      for (const object of bucket.objects) {
        let body: Uint8Array;
        try {
          body = base64ToBytes(object.body);
        } catch {
          throw new Error(
            `Bad S3 snapshot: object ${bucket.name}/${object.key} has a body that is not base64`,
          );
        }
        objects.set(object.key, {
          ...object,
          body,
          headers: object.headers as Partial<Record<StoredHeader, string>>,
        });
      }
      buckets.push({
        name: bucket.name,
        createdAt: bucket.createdAt,
        region: bucket.region,
        objects,
        notification: bucket.notification,
      });
    }
    this.store.replaceAll(buckets);
    this.sequence = parsed.data.sequence;
    this.deliveryLog = [];
    this.ctx.changed({ service: 's3', resource: '*' });
  }

  reset(): void {
    this.store.replaceAll([]);
    this.sequence = 0;
    this.deliveryLog = [];
    this.ctx.changed({ service: 's3', resource: '*' });
  }
}

const STORED_HEADER_SCHEMA = z.enum(STORED_HEADERS as unknown as [StoredHeader, ...StoredHeader[]]);

const S3_SNAPSHOT = z.object({
  sequence: z.number().int().nonnegative(),
  buckets: z.array(
    z.object({
      name: z.string().min(3),
      createdAt: z.number(),
      region: z.string(),
      notification: z.object({
        eventBridge: z.boolean(),
        targets: z.array(
          z.object({
            kind: z.enum(['lambda', 'queue', 'topic']),
            id: z.string(),
            arn: z.string(),
            events: z.array(z.string()),
            rules: z.array(z.object({ name: z.enum(['Prefix', 'Suffix']), value: z.string() })),
          }),
        ),
      }),
      objects: z.array(
        z.object({
          key: z.string(),
          body: z.string(),
          etag: z.string(),
          lastModified: z.number(),
          contentType: z.string(),
          metadata: z.record(z.string(), z.string()),
          checksumAlgorithm: z.enum(
            CHECKSUM_ALGORITHMS as unknown as [ChecksumAlgorithm, ...ChecksumAlgorithm[]],
          ),
          checksum: z.string(),
          headers: z.partialRecord(STORED_HEADER_SCHEMA, z.string()),
        }),
      ),
    }),
  ),
});

export type S3Snapshot = z.infer<typeof S3_SNAPSHOT>;

export function createS3(ctx: AccountContext, options?: S3Options): S3Service {
  return new S3Service(ctx, options);
}
