/**
 * One SQS queue on the virtual clock: messages move between delayed, visible and in flight; receipt handles change
 * with every receive; a redrive policy moves a message to its dead-letter queue on the receive that would take its
 * receive count past maxReceiveCount; FIFO queues deliver each message group in order and hold a group back while
 * any of its messages is in flight, and drop duplicates inside the five-minute deduplication interval.
 *
 * Time: scheduling fields (`readyAt`, `enqueuedAt`, dedup expiry) are virtual ms; timestamps that AWS reports
 * (SentTimestamp, ApproximateFirstReceiveTimestamp) are epoch ms fixed when they happen.
 */
import type { AwsServiceError } from '../jsonRpc';
import { invalidValue, receiptHandleExpired, receiptHandleIsInvalid } from './errors';
import type { MessageAttributeValue } from './digest';
import { TimeHeap } from './timeHeap';

export type MessageState = 'delayed' | 'visible' | 'inflight';

export interface QueueSettings {
  delaySeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  receiveMessageWaitTimeSeconds: number;
  visibilityTimeout: number;
  /** Kept as sent (a JSON string), parsed into `redrive`. */
  redrivePolicy?: string;
  redriveAllowPolicy?: string;
  policy?: string;
  kmsMasterKeyId?: string;
  kmsDataKeyReusePeriodSeconds?: number;
  sqsManagedSseEnabled: boolean;
  contentBasedDeduplication: boolean;
  deduplicationScope: 'queue' | 'messageGroup';
  fifoThroughputLimit: 'perQueue' | 'perMessageGroupId';
}

export interface RedriveTarget {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface StoredMessage {
  messageId: string;
  body: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  systemAttributes: Record<string, MessageAttributeValue>;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  md5OfMessageSystemAttributes?: string;
  senderId: string;
  /** Lambda's recursion counter of the invocation that sent it, if a function did. */
  lineage?: number;
  /** Epoch ms. */
  sentTimestamp: number;
  /** Epoch ms of the first receive. */
  firstReceiveTimestamp?: number;
  receiveCount: number;
  /** Virtual ms the retention period counts from. */
  enqueuedAt: number;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  deadLetterQueueSourceArn?: string;
  state: MessageState;
  /** Virtual ms when a delayed or in-flight message becomes visible. */
  readyAt: number;
  /** Virtual ms of the latest receive (the 12-hour visibility limit counts from it). */
  receivedAt?: number;
  receiptHandle?: string;
  handles: string[];
  /** Bumped on every transition so stale heap and deque entries can be recognised. */
  token: number;
  deleted: boolean;
}

export interface ReceiveOptions {
  maxNumberOfMessages?: number;
  visibilityTimeout?: number;
  waitTimeSeconds?: number;
}

/** A message as a receive hands it out. */
export interface ReceivedMessage {
  message: StoredMessage;
  receiptHandle: string;
}

export interface QueueCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

/** What a queue needs from its service: the clock, wall time, ids, other queues and change notifications. */
export interface QueueHost {
  now(): number;
  wallNow(): number;
  uuid(): string;
  schedule(atMs: number, callback: () => void): number;
  cancel(timerId: number): void;
  queueByArn(arn: string): Queue | undefined;
  changed(queue: Queue, detail: Record<string, unknown>): void;
}

interface FifoGroup {
  messages: StoredMessage[];
  head: number;
  inFlight: number;
}

interface Waiter {
  options: ReceiveOptions;
  resolve: (messages: ReceivedMessage[]) => void;
  timerId: number;
}

interface DedupEntry {
  key: string;
  messageId: string;
  sequenceNumber?: string;
  expiresAt: number;
}

/** FIFO deduplication interval: 5 minutes (SQS Developer Guide, "Exactly-once processing"). */
export const DEDUPLICATION_INTERVAL_MS = 5 * 60_000;
/** Maximum visibility timeout: 12 hours from the receive. */
export const MAX_VISIBILITY_TIMEOUT_S = 43_200;

const HANDLE_PREFIX = 'AQEB';
const encoder = new TextEncoder();

function base64(value: string): string {
  let binary = '';
  for (const byte of encoder.encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function unbase64(value: string): string | undefined {
  try {
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export class Queue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** Epoch seconds. */
  readonly createdTimestamp: number;
  lastModifiedTimestamp: number;
  settings: QueueSettings;
  redrive: RedriveTarget | undefined;
  tags: Record<string, string>;
  lastPurgeAt: number | undefined;

  private readonly host: QueueHost;
  private readonly byId = new Map<string, StoredMessage>();
  private readonly handleIndex = new Map<string, StoredMessage>();
  /** Standard queues: visible messages in the order they became visible (entries go stale; see `token`). */
  private ready: Array<{ message: StoredMessage; token: number }> = [];
  private readyHead = 0;
  /** FIFO queues: each group's messages in sequence order. */
  private readonly groups = new Map<string, FifoGroup>();
  private readonly pending = new TimeHeap<{ message: StoredMessage; token: number }>();
  private expiries = new TimeHeap<StoredMessage>();
  private readonly dedup = new Map<string, DedupEntry>();
  private dedupOrder: DedupEntry[] = [];
  private dedupHead = 0;
  private readonly groupsToCompact = new Set<FifoGroup>();
  private readonly waiters: Waiter[] = [];
  private counts: QueueCounts = { visible: 0, inFlight: 0, delayed: 0 };
  private timerId: number | undefined;
  private timerAt: number | undefined;
  private sequence = 0n;
  private receiveSerial = 0;
  private alive = true;

  constructor(
    host: QueueHost,
    init: {
      name: string;
      url: string;
      arn: string;
      fifo: boolean;
      settings: QueueSettings;
      redrive?: RedriveTarget;
      tags?: Record<string, string>;
      createdTimestamp: number;
      lastModifiedTimestamp?: number;
      sequence?: bigint;
      lastPurgeAt?: number;
    },
  ) {
    this.host = host;
    this.name = init.name;
    this.url = init.url;
    this.arn = init.arn;
    this.fifo = init.fifo;
    this.settings = init.settings;
    this.redrive = init.redrive;
    this.tags = init.tags ?? {};
    this.createdTimestamp = init.createdTimestamp;
    this.lastModifiedTimestamp = init.lastModifiedTimestamp ?? init.createdTimestamp;
    this.sequence = init.sequence ?? 0n;
    this.lastPurgeAt = init.lastPurgeAt;
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  /** Visible, in-flight and delayed counts as of now (what the Approximate* attributes report). */
  approximateCounts(): QueueCounts {
    this.settle();
    return { ...this.counts };
  }

  /** Every stored message, oldest first, as of now. */
  storedMessages(): StoredMessage[] {
    this.settle();
    return [...this.byId.values()];
  }

  /** Long polls waiting on this queue. */
  pendingReceives(): number {
    return this.waiters.length;
  }

  get nextSequence(): bigint {
    return this.sequence;
  }

  // ---- sending ------------------------------------------------------------------------------------------------

  /**
   * Enqueues a validated message. For FIFO queues a duplicate inside the deduplication interval is accepted but not
   * enqueued: the original's message id and sequence number come back.
   */
  enqueue(draft: {
    body: string;
    messageAttributes: Record<string, MessageAttributeValue>;
    systemAttributes: Record<string, MessageAttributeValue>;
    md5OfBody: string;
    md5OfMessageAttributes?: string;
    md5OfMessageSystemAttributes?: string;
    senderId: string;
    lineage?: number;
    delaySeconds: number;
    groupId?: string;
    deduplicationId?: string;
  }): { messageId: string; sequenceNumber?: string; duplicate: boolean } {
    this.settle();
    const now = this.host.now();
    let dedupKey: string | undefined;
    if (this.fifo && draft.deduplicationId !== undefined) {
      dedupKey =
        this.settings.deduplicationScope === 'messageGroup'
          ? `${draft.groupId ?? ''}\u0000${draft.deduplicationId}`
          : draft.deduplicationId;
      const seen = this.dedup.get(dedupKey);
      if (seen && seen.expiresAt > now) {
        return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber, duplicate: true };
      }
    }
    // Ids come from the account's deterministic generator, which starts over on a new page: skip ones in use.
    let messageId = this.host.uuid();
    while (this.byId.has(messageId)) messageId = this.host.uuid();
    const message: StoredMessage = {
      messageId,
      body: draft.body,
      messageAttributes: draft.messageAttributes,
      systemAttributes: draft.systemAttributes,
      md5OfBody: draft.md5OfBody,
      md5OfMessageAttributes: draft.md5OfMessageAttributes,
      md5OfMessageSystemAttributes: draft.md5OfMessageSystemAttributes,
      senderId: draft.senderId,
      ...(draft.lineage !== undefined ? { lineage: draft.lineage } : {}),
      sentTimestamp: this.host.wallNow(),
      receiveCount: 0,
      enqueuedAt: now,
      groupId: draft.groupId,
      deduplicationId: this.fifo ? draft.deduplicationId : undefined,
      sequenceNumber: this.fifo ? this.takeSequenceNumber() : undefined,
      state: 'visible',
      readyAt: now,
      handles: [],
      token: 0,
      deleted: false,
    };
    if (dedupKey !== undefined) {
      const entry: DedupEntry = {
        key: dedupKey,
        messageId: message.messageId,
        sequenceNumber: message.sequenceNumber,
        expiresAt: now + DEDUPLICATION_INTERVAL_MS,
      };
      this.dedup.set(dedupKey, entry);
      this.dedupOrder.push(entry);
    }
    this.insert(message, draft.delaySeconds > 0 ? now + draft.delaySeconds * 1000 : now);
    return { messageId: message.messageId, sequenceNumber: message.sequenceNumber, duplicate: false };
  }

  /** After sends: wake long polls, tell views. */
  afterSend(count: number): void {
    this.ensureTimer();
    this.wakeWaiters();
    this.host.changed(this, { action: 'sent', count });
  }

  // ---- receiving ----------------------------------------------------------------------------------------------

  /** A receive that never waits (the building block of long polls). */
  receiveNow(options: ReceiveOptions = {}): ReceivedMessage[] {
    this.settle();
    const max = options.maxNumberOfMessages ?? 1;
    const visibilityTimeout = options.visibilityTimeout ?? this.settings.visibilityTimeout;
    const out: ReceivedMessage[] = [];
    // Messages over maxReceiveCount leave now but reach the dead-letter queue after the loop, so nothing that runs
    // there (long polls, change listeners) can touch this queue's structures mid-receive.
    const deadLetterQueue = this.redrive ? this.host.queueByArn(this.redrive.deadLetterTargetArn) : undefined;
    const movedOut: StoredMessage[] = [];
    const take = (message: StoredMessage): void => {
      if (
        deadLetterQueue &&
        deadLetterQueue !== this &&
        message.receiveCount >= this.redrive!.maxReceiveCount
      ) {
        this.remove(message);
        movedOut.push(message);
        return;
      }
      out.push(this.deliver(message, visibilityTimeout));
    };
    if (this.fifo) {
      for (const group of this.groups.values()) {
        if (out.length >= max) break;
        if (group.inFlight > 0) continue;
        for (let index = group.head; index < group.messages.length && out.length < max; index++) {
          const message = group.messages[index]!;
          if (message.deleted) continue;
          if (message.state !== 'visible') break;
          // A message moved to the dead-letter queue leaves the group, and the next one may be delivered.
          take(message);
        }
      }
    } else {
      while (out.length < max && this.readyHead < this.ready.length) {
        const entry = this.ready[this.readyHead]!;
        this.ready[this.readyHead++] = undefined as never;
        const message = entry.message;
        if (message.deleted || message.state !== 'visible' || message.token !== entry.token) continue;
        take(message);
      }
      this.compactReady();
    }
    for (const message of movedOut) deadLetterQueue!.adoptFromSource(message, this.arn);
    if (out.length > 0 || movedOut.length > 0) {
      this.ensureTimer();
      this.host.changed(this, {
        action: 'received',
        count: out.length,
        movedToDeadLetterQueue: movedOut.length,
      });
    }
    return out;
  }

  /** ReceiveMessage: returns at once when messages are visible, otherwise waits up to WaitTimeSeconds on the clock. */
  receive(options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const got = this.receiveNow(options);
    const wait = options.waitTimeSeconds ?? this.settings.receiveMessageWaitTimeSeconds;
    if (got.length > 0 || wait <= 0 || !this.alive) return Promise.resolve(got);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        options,
        resolve,
        timerId: this.host.schedule(this.host.now() + wait * 1000, () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          resolve(this.alive ? this.receiveNow(options) : []);
        }),
      };
      this.waiters.push(waiter);
    });
  }

  // ---- deleting and visibility --------------------------------------------------------------------------------

  /** Which message a handle names; throws ReceiptHandleIsInvalid for handles SQS never issued for this queue. */
  private resolveHandle(handle: string): StoredMessage | undefined {
    const message = this.handleIndex.get(handle);
    if (message) return message;
    if (!this.isOwnHandle(handle)) throw receiptHandleIsInvalid(handle);
    return undefined;
  }

  isOwnHandle(handle: string): boolean {
    if (!handle.startsWith(HANDLE_PREFIX)) return false;
    const decoded = unbase64(handle.slice(HANDLE_PREFIX.length));
    return decoded !== undefined && decoded.startsWith(`${this.arn}|`);
  }

  /**
   * DeleteMessage. An older handle of a message received again "succeeds, but the message might not be deleted"
   * (DeleteMessage API reference): here it is not. On FIFO queues a handle whose receive is over has expired.
   * A handle of a message already deleted succeeds, as in SQS. Expired handles are InvalidParameterValue
   * ("Reason: The receipt handle has expired.", as SQS words it).
   */
  deleteMessage(handle: string): void {
    const message = this.resolveHandle(handle);
    if (!message || message.deleted) return;
    if (handle !== message.receiptHandle) {
      if (this.fifo) throw receiptHandleExpired(handle);
      return;
    }
    if (this.fifo && message.state !== 'inflight') throw receiptHandleExpired(handle);
    // A receipt lasts at most the 12-hour visibility limit from its receive.
    if (
      message.receivedAt !== undefined &&
      this.host.now() - message.receivedAt > MAX_VISIBILITY_TIMEOUT_S * 1000
    ) {
      throw receiptHandleExpired(handle);
    }
    this.remove(message);
  }

  afterDelete(count: number): void {
    if (count > 0) this.host.changed(this, { action: 'deleted', count });
  }

  /**
   * ChangeMessageVisibility: the new timeout counts from now; 0 makes the message visible at once. A handle of a
   * deleted message, or one superseded by a later receive, is InvalidParameterValue.
   */
  changeMessageVisibility(handle: string, visibilityTimeout: number): void {
    if (
      !Number.isInteger(visibilityTimeout) ||
      visibilityTimeout < 0 ||
      visibilityTimeout > MAX_VISIBILITY_TIMEOUT_S
    ) {
      throw invalidValue(
        'VisibilityTimeout',
        visibilityTimeout,
        `Must be between 0 and ${MAX_VISIBILITY_TIMEOUT_S}, if provided.`,
      );
    }
    this.settle();
    const message = this.resolveHandle(handle);
    if (!message || message.deleted || handle !== message.receiptHandle) {
      throw invalidValue(
        'ReceiptHandle',
        handle,
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    // A handle whose visibility timeout already ran out changes nothing and still succeeds, as SQS answers
    // (measured against AWS in localstack/localstack#9632); MessageNotInflight is not what SQS returns there.
    if (message.state !== 'inflight') return;
    const now = this.host.now();
    const used = (now - (message.receivedAt ?? now)) / 1000;
    if (used + visibilityTimeout > MAX_VISIBILITY_TIMEOUT_S) {
      throw invalidValue(
        'VisibilityTimeout',
        visibilityTimeout,
        `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT_S} seconds]`,
      );
    }
    message.readyAt = now + visibilityTimeout * 1000;
    message.token++;
    this.pending.push(message.readyAt, { message, token: message.token });
    if (visibilityTimeout === 0) {
      this.settle();
      this.wakeWaiters();
    }
    this.ensureTimer();
    this.host.changed(this, { action: 'visibilityChanged', messageId: message.messageId });
  }

  /** PurgeQueue: every message goes, whatever its state. */
  purge(): number {
    const count = this.byId.size;
    for (const message of [...this.byId.values()]) this.remove(message);
    this.lastPurgeAt = this.host.now();
    this.host.changed(this, { action: 'purged', count });
    return count;
  }

  /** DeleteQueue: long polls end empty; timers stop. */
  close(): void {
    this.alive = false;
    if (this.timerId !== undefined) this.host.cancel(this.timerId);
    this.timerId = undefined;
    this.timerAt = undefined;
    for (const waiter of this.waiters.splice(0)) {
      this.host.cancel(waiter.timerId);
      waiter.resolve([]);
    }
  }

  /** MessageRetentionPeriod changed: expiries are recomputed for every stored message. */
  retentionChanged(): void {
    this.expiries = new TimeHeap<StoredMessage>();
    for (const message of this.byId.values()) this.scheduleExpiry(message);
    this.settle();
  }

  /**
   * A message arriving from a source queue's redrive keeps its id, body, attributes, timestamps and receive count.
   * Standard queues keep its original enqueue time for retention; FIFO queues reset it (SQS Developer Guide,
   * "Setting-up dead-letter queue retention").
   */
  adoptFromSource(source: StoredMessage, sourceArn: string): void {
    const now = this.host.now();
    const message: StoredMessage = {
      ...source,
      handles: [],
      receiptHandle: undefined,
      receivedAt: undefined,
      deadLetterQueueSourceArn: sourceArn,
      enqueuedAt: this.fifo ? now : source.enqueuedAt,
      sequenceNumber: this.fifo ? this.takeSequenceNumber() : undefined,
      groupId: source.groupId,
      state: 'visible',
      readyAt: now,
      token: 0,
      deleted: false,
    };
    this.insert(message, now);
    this.ensureTimer();
    this.wakeWaiters();
    this.host.changed(this, { action: 'movedFromSource', sourceArn, messageId: message.messageId });
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private takeSequenceNumber(): string {
    // Large and increasing but not consecutive, like SQS's 128-bit sequence numbers.
    this.sequence += 1n;
    return (18_000_000_000_000_000_000n + this.sequence * 65_536n).toString();
  }

  private insert(message: StoredMessage, readyAt: number): void {
    const now = this.host.now();
    this.byId.set(message.messageId, message);
    this.scheduleExpiry(message);
    if (this.fifo) {
      const groupId = message.groupId ?? '';
      let group = this.groups.get(groupId);
      if (!group) {
        group = { messages: [], head: 0, inFlight: 0 };
        this.groups.set(groupId, group);
      }
      group.messages.push(message);
    }
    if (readyAt > now) {
      message.state = 'delayed';
      message.readyAt = readyAt;
      this.counts.delayed++;
      this.pending.push(readyAt, { message, token: message.token });
    } else {
      message.state = 'visible';
      message.readyAt = now;
      this.counts.visible++;
      if (!this.fifo) this.ready.push({ message, token: message.token });
    }
  }

  private scheduleExpiry(message: StoredMessage): void {
    this.expiries.push(message.enqueuedAt + this.settings.messageRetentionPeriod * 1000, message);
  }

  private deliver(message: StoredMessage, visibilityTimeout: number): ReceivedMessage {
    const now = this.host.now();
    this.counts.visible--;
    this.counts.inFlight++;
    message.state = 'inflight';
    message.receiveCount++;
    message.firstReceiveTimestamp ??= this.host.wallNow();
    message.receivedAt = now;
    message.readyAt = now + visibilityTimeout * 1000;
    message.token++;
    // Unique per queue: the message id and a serial that snapshots carry across reloads.
    const handle = `${HANDLE_PREFIX}${base64(`${this.arn}|${message.messageId}|${++this.receiveSerial}`)}`;
    message.receiptHandle = handle;
    message.handles.push(handle);
    this.handleIndex.set(handle, message);
    this.pending.push(message.readyAt, { message, token: message.token });
    if (this.fifo) this.groups.get(message.groupId ?? '')!.inFlight++;
    return { message, receiptHandle: handle };
  }

  private remove(message: StoredMessage): void {
    if (message.deleted) return;
    message.deleted = true;
    this.byId.delete(message.messageId);
    for (const handle of message.handles) this.handleIndex.delete(handle);
    if (message.state === 'visible') this.counts.visible--;
    else if (message.state === 'inflight') this.counts.inFlight--;
    else this.counts.delayed--;
    if (this.fifo) {
      const groupId = message.groupId ?? '';
      const group = this.groups.get(groupId);
      if (group) {
        if (message.state === 'inflight') group.inFlight--;
        while (group.head < group.messages.length && group.messages[group.head]!.deleted) group.head++;
        if (group.head >= group.messages.length) this.groups.delete(groupId);
        // Compacting here would shift indices under a receive loop; settle() does it between operations.
        else if (group.head > 64) this.groupsToCompact.add(group);
      }
    }
  }

  /** Applies every transition due by now: retention expiries, delays ending, visibility timeouts running out. */
  private settle(): void {
    const now = this.host.now();
    while (this.expiries.size > 0 && this.expiries.peekTime()! <= now) {
      const message = this.expiries.pop()!;
      if (!message.deleted && this.byId.get(message.messageId) === message) this.remove(message);
    }
    while (this.pending.size > 0 && this.pending.peekTime()! <= now) {
      const { message, token } = this.pending.pop()!;
      if (message.deleted || message.token !== token || message.state === 'visible') continue;
      if (message.state === 'inflight') {
        this.counts.inFlight--;
        if (this.fifo) this.groups.get(message.groupId ?? '')!.inFlight--;
      } else {
        this.counts.delayed--;
      }
      this.counts.visible++;
      message.state = 'visible';
      message.token++;
      if (!this.fifo) this.ready.push({ message, token: message.token });
    }
    while (this.dedupHead < this.dedupOrder.length && this.dedupOrder[this.dedupHead]!.expiresAt <= now) {
      const entry = this.dedupOrder[this.dedupHead++]!;
      if (this.dedup.get(entry.key) === entry) this.dedup.delete(entry.key);
    }
    for (const group of this.groupsToCompact) {
      if (group.head * 2 > group.messages.length) {
        group.messages = group.messages.slice(group.head);
        group.head = 0;
      }
    }
    this.groupsToCompact.clear();
    if (this.dedupHead > 1024 && this.dedupHead * 2 > this.dedupOrder.length) {
      this.dedupOrder = this.dedupOrder.slice(this.dedupHead);
      this.dedupHead = 0;
    }
  }

  private compactReady(): void {
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    } else if (this.readyHead === this.ready.length) {
      this.ready = [];
      this.readyHead = 0;
    }
  }

  /** One clock timer per queue, at the next pending transition, so long polls and views see messages return. */
  ensureTimer(): void {
    if (!this.alive) return;
    while (this.pending.size > 0) {
      const top = this.pending.peekValue()!;
      if (top.message.deleted || top.message.token !== top.token) this.pending.pop();
      else break;
    }
    const next = this.pending.peekTime();
    if (next === undefined) return;
    if (this.timerAt !== undefined && this.timerAt <= next) return;
    if (this.timerId !== undefined) this.host.cancel(this.timerId);
    this.timerAt = next;
    this.timerId = this.host.schedule(next, () => {
      this.timerId = undefined;
      this.timerAt = undefined;
      const before = this.counts.visible;
      this.settle();
      const returned = this.counts.visible - before;
      this.ensureTimer();
      if (returned > 0) {
        this.host.changed(this, { action: 'visible', count: returned });
        this.wakeWaiters();
      }
    });
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0) {
      this.settle();
      if (this.counts.visible === 0) return;
      const waiter = this.waiters[0]!;
      const got = this.receiveNow(waiter.options);
      if (got.length === 0) return;
      this.waiters.shift();
      this.host.cancel(waiter.timerId);
      waiter.resolve(got);
    }
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  /** Messages in the order they were stored, with every field a snapshot needs. */
  snapshotMessages(): StoredMessage[] {
    this.settle();
    return [...this.byId.values()];
  }

  /** Rebuilds a message from a snapshot (times already shifted onto this clock). */
  restoreMessage(message: StoredMessage): void {
    const now = this.host.now();
    message.deleted = false;
    message.token = 0;
    this.byId.set(message.messageId, message);
    this.scheduleExpiry(message);
    for (const handle of message.handles) this.handleIndex.set(handle, message);
    if (this.fifo) {
      const groupId = message.groupId ?? '';
      let group = this.groups.get(groupId);
      if (!group) {
        group = { messages: [], head: 0, inFlight: 0 };
        this.groups.set(groupId, group);
      }
      group.messages.push(message);
      if (message.state === 'inflight') group.inFlight++;
    }
    if (message.state === 'visible' || message.readyAt <= now) {
      if (message.state === 'inflight' && this.fifo) this.groups.get(message.groupId ?? '')!.inFlight--;
      message.state = 'visible';
      this.counts.visible++;
      if (!this.fifo) this.ready.push({ message, token: message.token });
    } else {
      if (message.state === 'inflight') this.counts.inFlight++;
      else this.counts.delayed++;
      this.pending.push(message.readyAt, { message, token: message.token });
    }
  }

  restoreDedup(
    entries: Array<{ key: string; messageId: string; sequenceNumber?: string; expiresAt: number }>,
  ): void {
    for (const entry of entries) {
      const copy: DedupEntry = { ...entry };
      this.dedup.set(copy.key, copy);
      this.dedupOrder.push(copy);
    }
    this.dedupOrder.sort((a, b) => a.expiresAt - b.expiresAt);
  }

  snapshotDedup(): DedupEntry[] {
    this.settle();
    return this.dedupOrder.slice(this.dedupHead).filter((entry) => this.dedup.get(entry.key) === entry);
  }

  /** After a restore: start the timer for the next transition. */
  resume(receiveSerial: number): void {
    if (receiveSerial > this.receiveSerial) this.receiveSerial = receiveSerial;
    this.ensureTimer();
  }

  get receiveSerialNumber(): number {
    return this.receiveSerial;
  }
}

export type { AwsServiceError };
