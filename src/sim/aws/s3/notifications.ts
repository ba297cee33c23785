/**
 * Bucket event notifications: the configuration (PutBucketNotificationConfiguration's XML), which events and
 * keys a configuration matches, and the event record S3 sends ("Event message structure", S3 User Guide:
 * eventVersion 2.1 for ObjectCreated/ObjectRemoved events).
 */

export type DestinationKind = 'lambda' | 'queue' | 'topic';

export interface NotificationTarget {
  kind: DestinationKind;
  id: string;
  arn: string;
  /** As configured, e.g. `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`. */
  events: string[];
  /** Filter rules in the order given; S3 allows at most one prefix and one suffix rule. */
  rules: { name: 'Prefix' | 'Suffix'; value: string }[];
}

export interface NotificationConfiguration {
  targets: NotificationTarget[];
  /** `<EventBridgeConfiguration/>`: stored and returned (delivery to EventBridge is not simulated). */
  eventBridge: boolean;
}

export function emptyNotificationConfiguration(): NotificationConfiguration {
  return { targets: [], eventBridge: false };
}

/** The event types S3 accepts in a configuration (the ones this simulation can raise are marked in README). */
export const SUPPORTED_EVENT_TYPES: ReadonlySet<string> = new Set([
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:Replication:OperationNotTracked',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
  's3:ObjectAcl:Put',
  's3:TestEvent',
]);

/** The events this simulation raises. */
export type RaisedEvent = 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectRemoved:Delete';

/** Does a configured event type (`s3:ObjectCreated:*`) cover a raised event (`ObjectCreated:Put`)? */
export function eventTypeMatches(configured: string, raised: RaisedEvent): boolean {
  const full = `s3:${raised}`;
  if (configured === full) return true;
  if (configured.endsWith(':*')) return full.startsWith(configured.slice(0, -1));
  return false;
}

export function keyMatches(target: NotificationTarget, key: string): boolean {
  for (const rule of target.rules) {
    if (rule.name === 'Prefix' && !key.startsWith(rule.value)) return false;
    if (rule.name === 'Suffix' && !key.endsWith(rule.value)) return false;
  }
  return true;
}

export function targetsFor(
  configuration: NotificationConfiguration,
  raised: RaisedEvent,
  key: string,
): NotificationTarget[] {
  return configuration.targets.filter(
    (target) => target.events.some((event) => eventTypeMatches(event, raised)) && keyMatches(target, key),
  );
}

function prefixOf(target: NotificationTarget): string {
  return target.rules.find((rule) => rule.name === 'Prefix')?.value ?? '';
}

function suffixOf(target: NotificationTarget): string {
  return target.rules.find((rule) => rule.name === 'Suffix')?.value ?? '';
}

function eventsOverlap(a: string, b: string): boolean {
  const prefixA = a.endsWith(':*') ? a.slice(0, -1) : a;
  const prefixB = b.endsWith(':*') ? b.slice(0, -1) : b;
  return (
    a === b || (a.endsWith(':*') && b.startsWith(prefixA)) || (b.endsWith(':*') && a.startsWith(prefixB))
  );
}

/**
 * S3 rejects two configurations that could both match one object for one event type: overlapping event
 * types, prefixes where one starts with the other, and suffixes where one ends with the other
 * ("Configuring event notifications using object key name filtering", S3 User Guide).
 */
export function findOverlap(targets: NotificationTarget[]): [NotificationTarget, NotificationTarget] | null {
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = targets[i]!;
      const b = targets[j]!;
      if (!a.events.some((ea) => b.events.some((eb) => eventsOverlap(ea, eb)))) continue;
      const prefixA = prefixOf(a);
      const prefixB = prefixOf(b);
      const suffixA = suffixOf(a);
      const suffixB = suffixOf(b);
      const prefixesOverlap = prefixA.startsWith(prefixB) || prefixB.startsWith(prefixA);
      const suffixesOverlap = suffixA.endsWith(suffixB) || suffixB.endsWith(suffixA);
      if (prefixesOverlap && suffixesOverlap) return [a, b];
    }
  }
  return null;
}

/**
 * Keys in event records are URL-encoded the way S3 does it (form encoding: a space becomes `+`, reserved
 * characters such as `=` become `%3D`), while `/` is left as is ("red flower.jpg" → "red+flower.jpg",
 * S3 User Guide, "Event message structure").
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

export interface EventRecordInput {
  raised: RaisedEvent;
  region: string;
  accountId: string;
  eventTimeIso: string;
  bucket: string;
  key: string;
  /** Present on ObjectCreated events only, as in S3. */
  size?: number;
  /** MD5 hex, without the quotes of the ETag header. */
  eTag?: string;
  sequencer: string;
  configurationId: string;
  requestId: string;
  hostId: string;
  principalId: string;
  sourceIp: string;
}

export interface S3EventRecord {
  eventVersion: '2.1';
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: RaisedEvent;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size?: number; eTag?: string; sequencer: string };
  };
}

export function eventRecord(input: EventRecordInput): S3EventRecord {
  // Key order as S3 writes it: key, size, eTag, sequencer (size and eTag only on ObjectCreated).
  const object: S3EventRecord['s3']['object'] =
    input.size !== undefined && input.eTag !== undefined
      ? { key: encodeEventKey(input.key), size: input.size, eTag: input.eTag, sequencer: input.sequencer }
      : { key: encodeEventKey(input.key), sequencer: input.sequencer };
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: input.region,
    eventTime: input.eventTimeIso,
    eventName: input.raised,
    userIdentity: { principalId: input.principalId },
    requestParameters: { sourceIPAddress: input.sourceIp },
    responseElements: { 'x-amz-request-id': input.requestId, 'x-amz-id-2': input.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: input.configurationId,
      bucket: {
        name: input.bucket,
        ownerIdentity: { principalId: input.principalId },
        arn: `arn:aws:s3:::${input.bucket}`,
      },
      object,
    },
  };
}

/** The message S3 sends to a queue or topic when a configuration naming it is saved. */
export function testEvent(bucket: string, eventTimeIso: string, requestId: string, hostId: string) {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: eventTimeIso,
    Bucket: bucket,
    RequestId: requestId,
    HostId: hostId,
  };
}
