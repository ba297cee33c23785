/**
 * Lambda's event source mappings for one account: create, update, enable/disable and delete them with the Lambda
 * API's rules, and run their pollers on the virtual clock against the simulated account (SQS queues, DynamoDB
 * streams, Kinesis streams) and the Lambda service (synchronous invokes). Views read `list()`/`get()`; lab checks
 * and fast-forward read `hasPendingWork()`.
 *
 * States ("Event source mapping states"): Creating → Enabled (or Disabled), Enabling → Enabled, Disabling →
 * Disabled, Updating → Enabled/Disabled, Deleting → gone. The transitions take a modelled couple of seconds here
 * (AWS gives no figure: illustrative).
 */
import type { Clock } from '../../clock';
import type { AwsAccount } from '../../aws/account';
import type { DynamoDb } from '../../aws/dynamodb';
import type { KinesisService } from '../../aws/kinesis/kinesis';
import type { SnsService } from '../../aws/sns/sns';
import type { SqsService } from '../../aws/sqs/sqs';
import type { LambdaService } from '../LambdaService';
import type { Invocation } from '../types';
import type { PollerHost } from './host';
import { SqsPoller } from './sqsPoller';
import { StreamPoller } from './streamPoller';
import { dynamoDbSource, kinesisSource, type StreamSource } from './streamSources';
import type {
  EventSourceMappingInput,
  MappingApiError,
  MappingConfig,
  MappingState,
  MappingView,
} from './types';
import { apiError, inputOfConfig, parseFunctionName, sourceKindOf, validateMapping } from './validation';
import { SAVED_MAPPINGS_VERSION, type SavedMapping, type SavedMappings } from './savedMappings';

/** How long a state transition takes (illustrative). */
export const TRANSITION_MS = 2_000;

interface MappingEntry {
  config: MappingConfig;
  state: MappingState;
  reason: string;
  lastModified: number;
  poller: SqsPoller | StreamPoller | null;
  timerId: number | undefined;
  /** LastProcessingResult saved with the account, shown until the restored poller processes a batch. */
  restoredResult?: string;
}

export interface EventSourceMappingsOptions {
  clock: Clock;
  service: LambdaService;
  account: AwsAccount;
}

export type MappingResult = { ok: true; mapping: MappingView } | MappingApiError;

let uuidCounter = 0;

export class EventSourceMappings {
  private readonly clock: Clock;
  private readonly service: LambdaService;
  private readonly account: AwsAccount;
  private readonly entries = new Map<string, MappingEntry>();
  private readonly listeners = new Set<() => void>();
  private readonly host: PollerHost;
  private readonly offAccount: () => void;

  constructor(options: EventSourceMappingsOptions) {
    this.clock = options.clock;
    this.service = options.service;
    this.account = options.account;
    this.host = {
      clock: this.clock,
      epochMs: this.account.epochMs,
      region: this.account.region,
      accountId: this.account.accountId,
      invoke: (config, payload, onEnd) => this.invoke(config, payload, onEnd),
      changed: () => this.notify(),
      token: () => this.account.context.uuid(),
      deliverFailure: (config, record) => this.deliverFailure(config, record),
    };
    // Wake SQS pollers when their queue changes (a send, a visibility timeout ending); streams subscribe themselves.
    this.offAccount = this.account.subscribe((change) => {
      if (change.service === 'sqs' && change.resource.endsWith('.message')) {
        const name = change.resource.slice('queue.'.length, -'.message'.length);
        for (const entry of this.entries.values())
          if (
            entry.poller instanceof SqsPoller &&
            entry.poller.queueName === name &&
            entry.state === 'Enabled'
          )
            entry.poller.pump();
      } else if (change.service === '*' || change.resource === 'stream') {
        // The account was restored or reset: streams are new objects; mappings re-attach when enabled again.
        for (const entry of this.entries.values()) this.reattach(entry);
      }
    });
  }

  dispose(): void {
    this.offAccount();
    for (const entry of this.entries.values()) {
      entry.poller?.stop();
      if (entry.timerId !== undefined) this.clock.cancel(entry.timerId);
    }
    this.entries.clear();
    this.listeners.clear();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** A mapping's state or configuration changed: views hear it, and the account is saved again. */
  private changed(): void {
    this.notify();
    this.account.context.changed({ service: 'lambda', resource: 'event-source-mapping' });
  }

  // ---- API ----------------------------------------------------------------------------------------------------

  /** CreateEventSourceMapping. */
  create(input: EventSourceMappingInput, options: { uuid?: string } = {}): MappingResult {
    let uuid = options.uuid ?? newUuid(this.account.context.uuid());
    // Restored mappings keep their saved UUIDs, which a seeded generator may hand out again.
    while (options.uuid === undefined && this.entries.has(uuid)) uuid = newUuid(this.account.context.uuid());
    const checked = this.check(input, uuid);
    if (!checked.ok) return checked;
    const config = checked.config;
    for (const entry of this.entries.values()) {
      if (
        entry.config.eventSourceArn === config.eventSourceArn &&
        entry.config.functionArn === config.functionArn
      ) {
        return apiError(
          'ResourceConflictException',
          `The event source arn (" ${config.eventSourceArn} ") and function (" ${config.functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${entry.config.uuid}`,
          409,
        );
      }
    }
    const entry: MappingEntry = {
      config,
      state: 'Creating',
      reason: 'USER_INITIATED',
      lastModified: this.clock.now(),
      poller: null,
      timerId: undefined,
    };
    this.entries.set(config.uuid, entry);
    this.transition(entry, config.enabled ? 'Enabled' : 'Disabled');
    this.changed();
    return { ok: true, mapping: this.view(entry) };
  }

  /** UpdateEventSourceMapping: fields not given keep their values. */
  update(uuid: string, patch: Partial<Omit<EventSourceMappingInput, 'eventSourceArn'>>): MappingResult {
    const entry = this.entries.get(uuid);
    if (!entry) return notFound(uuid);
    if (
      entry.state === 'Creating' ||
      entry.state === 'Updating' ||
      entry.state === 'Deleting' ||
      entry.state === 'Enabling' ||
      entry.state === 'Disabling'
    )
      return apiError(
        'ResourceConflictException',
        `Cannot update the event source mapping because it is in use. The current state is ${entry.state}.`,
        409,
      );
    const merged: EventSourceMappingInput = {
      ...inputOfConfig(entry.config),
      ...patch,
      eventSourceArn: entry.config.eventSourceArn,
    };
    const checked = this.check(merged, uuid);
    if (!checked.ok) return checked;
    const wasEnabled = entry.config.enabled;
    entry.config = checked.config;
    entry.lastModified = this.clock.now();
    entry.poller?.reconfigure(checked.config);
    const target: MappingState = checked.config.enabled ? 'Enabled' : 'Disabled';
    const during: MappingState =
      wasEnabled === checked.config.enabled ? 'Updating' : checked.config.enabled ? 'Enabling' : 'Disabling';
    this.transition(entry, target, during);
    this.changed();
    return { ok: true, mapping: this.view(entry) };
  }

  /** DeleteEventSourceMapping: Deleting for a moment, then gone; batches in flight finish. */
  delete(uuid: string): MappingResult {
    const entry = this.entries.get(uuid);
    if (!entry) return notFound(uuid);
    entry.poller?.stop();
    if (entry.timerId !== undefined) this.clock.cancel(entry.timerId);
    entry.state = 'Deleting';
    entry.lastModified = this.clock.now();
    const view = this.view(entry);
    entry.timerId = this.clock.schedule(TRANSITION_MS, () => {
      this.entries.delete(uuid);
      this.changed();
    });
    this.changed();
    return { ok: true, mapping: view };
  }

  get(uuid: string): MappingView | undefined {
    const entry = this.entries.get(uuid);
    return entry ? this.view(entry) : undefined;
  }

  /** ListEventSourceMappings, optionally for one function or source. */
  list(filter: { functionName?: string; eventSourceArn?: string } = {}): MappingView[] {
    const out: MappingView[] = [];
    for (const entry of this.entries.values()) {
      if (filter.functionName !== undefined) {
        const parsed = parseFunctionName(filter.functionName);
        if (!parsed || parsed.name !== entry.config.functionName) continue;
      }
      if (filter.eventSourceArn !== undefined && filter.eventSourceArn !== entry.config.eventSourceArn)
        continue;
      out.push(this.view(entry));
    }
    return out;
  }

  /** Messages or records still to process, or batches in flight, on an enabled mapping. */
  hasPendingWork(): boolean {
    for (const entry of this.entries.values()) {
      if (entry.poller?.pendingWork()) return true;
      if (entry.timerId !== undefined && entry.state !== 'Deleting') return true;
    }
    return false;
  }

  /** The configurations (for persistence by a store; pollers' progress is not kept). */
  configurations(): MappingConfig[] {
    return [...this.entries.values()]
      .filter((entry) => entry.state !== 'Deleting')
      .map((entry) => ({ ...entry.config }));
  }

  /** The mappings as they are saved with the account (the Lambda API's snapshot). */
  snapshot(): SavedMappings {
    const mappings: SavedMapping[] = [];
    for (const entry of this.entries.values()) {
      if (entry.state === 'Deleting') continue;
      mappings.push({
        // JSON drops undefined fields; the parser reads them back as undefined.
        config: { ...entry.config },
        state: entry.state,
        stateTransitionReason: entry.reason,
        lastProcessingResult: this.view(entry).lastProcessingResult,
        lastModifiedEpochMs: this.account.epochMs + entry.lastModified,
      });
    }
    return { version: SAVED_MAPPINGS_VERSION, mappings };
  }

  /**
   * Replaces every mapping with saved ones, in the state they were saved in. A mapping saved mid-transition
   * finishes it; one saved Deleting is gone. Enabled mappings start polling on the next tick of the clock, when the
   * rest of the account (queues, streams) is restored too. Functions are not checked: the course's pages create
   * them again after a reload, and a batch for a missing function fails as Lambda's would.
   */
  restore(saved: readonly SavedMapping[]): void {
    this.clear(false);
    for (const item of saved) {
      if (item.state === 'Deleting') continue;
      const entry: MappingEntry = {
        config: { ...item.config, filters: [...item.config.filters] },
        state: item.state,
        reason: item.stateTransitionReason,
        lastModified: item.lastModifiedEpochMs - this.account.epochMs,
        poller: null,
        timerId: undefined,
        restoredResult: item.lastProcessingResult,
      };
      this.entries.set(entry.config.uuid, entry);
      if (entry.state === 'Enabled') {
        entry.timerId = this.clock.schedule(0, () => {
          entry.timerId = undefined;
          if (entry.state !== 'Enabled' || entry.poller) return;
          const poller = this.poller(entry);
          if (poller) poller.start();
          else this.sourceGone(entry);
          this.notify();
        });
      } else if (entry.state !== 'Disabled') {
        const target = entry.config.enabled && entry.state !== 'Disabling' ? 'Enabled' : 'Disabled';
        this.transition(entry, target);
      }
    }
    this.notify();
  }

  /** Removes every mapping at once (the account was reset). */
  clear(announce = true): void {
    for (const entry of this.entries.values()) {
      entry.poller?.stop();
      if (entry.timerId !== undefined) this.clock.cancel(entry.timerId);
    }
    this.entries.clear();
    if (announce) this.notify();
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private check(
    input: EventSourceMappingInput,
    uuid: string,
  ): { ok: true; config: MappingConfig } | MappingApiError {
    const parsed = parseFunctionName(input.functionName);
    if (!parsed)
      return apiError(
        'ValidationException',
        `1 validation error detected: Value '${input.functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
      );
    const baseArn = `arn:aws:lambda:${this.account.region}:${this.account.accountId}:function:${parsed.name}`;
    const functionArn = parsed.qualifier ? `${baseArn}:${parsed.qualifier}` : baseArn;
    const config = this.service.hasFunction(parsed.name)
      ? this.service.getFunction(parsed.name, parsed.qualifier)
      : undefined;
    if (!config) return apiError('ResourceNotFoundException', `Function not found: ${functionArn}`, 404);
    const kind = sourceKindOf(input.eventSourceArn);
    if (!kind)
      return apiError(
        'InvalidParameterValueException',
        `Unrecognized event source, must be kinesis, dynamodb stream or sqs.`,
      );
    let fifo = false;
    if (kind === 'sqs') {
      const queue = this.sqs()?.queueByArn(input.eventSourceArn);
      if (!queue)
        return apiError(
          'InvalidParameterValueException',
          'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.',
        );
      fifo = queue.fifo;
      // Quoted from the API (seen in public reports); AWS recommends six times the function timeout.
      if (queue.settings.visibilityTimeout < config.timeoutS)
        return apiError(
          'InvalidParameterValueException',
          `Queue visibility timeout: ${queue.settings.visibilityTimeout} seconds is less than Function timeout: ${config.timeoutS} seconds`,
        );
    } else if (!this.streamSource(kind, input.eventSourceArn, parsed.name)) {
      return apiError(
        'InvalidParameterValueException',
        kind === 'kinesis'
          ? `Stream not found: ${input.eventSourceArn}`
          : `Stream not found: ${input.eventSourceArn}`,
      );
    }
    return validateMapping(
      input,
      { kind, fifo },
      { uuid, functionArn, name: parsed.name, qualifier: parsed.qualifier },
    );
  }

  private sqs(): SqsService | undefined {
    return this.account.service<SqsService>('sqs');
  }

  private streamSource(kind: 'dynamodb' | 'kinesis', arn: string, functionName: string): StreamSource | null {
    if (kind === 'dynamodb') {
      const stream = this.account.service<DynamoDb>('dynamodb')?.streamByArn(arn);
      return stream ? dynamoDbSource(stream, () => this.clock.now()) : null;
    }
    const stream = this.account.service<KinesisService>('kinesis')?.stream(arn);
    return stream
      ? kinesisSource(stream, {
          region: this.account.region,
          invokeIdentityArn: `arn:aws:iam::${this.account.accountId}:role/service-role/${functionName}-role`,
        })
      : null;
  }

  private poller(entry: MappingEntry): SqsPoller | StreamPoller | null {
    if (entry.poller) return entry.poller;
    const config = entry.config;
    if (config.kind === 'sqs') {
      const queue = this.sqs()?.queueByArn(config.eventSourceArn);
      if (!queue) return null;
      entry.poller = new SqsPoller(this.host, config, queue);
    } else {
      const source = this.streamSource(config.kind, config.eventSourceArn, config.functionName);
      if (!source) return null;
      entry.poller = new StreamPoller(this.host, config, source);
    }
    return entry.poller;
  }

  private reattach(entry: MappingEntry): void {
    if (!entry.poller) return;
    entry.poller.stop();
    entry.poller = null;
    if (entry.state === 'Enabled') {
      const poller = this.poller(entry);
      if (poller) poller.start();
      else this.sourceGone(entry);
    }
  }

  private sourceGone(entry: MappingEntry): void {
    entry.state = 'Disabled';
    entry.reason = 'The event source no longer exists.';
    entry.lastModified = this.clock.now();
    this.changed();
  }

  private transition(entry: MappingEntry, target: 'Enabled' | 'Disabled', during?: MappingState): void {
    if (entry.timerId !== undefined) this.clock.cancel(entry.timerId);
    if (during) entry.state = during;
    if (target === 'Disabled') entry.poller?.stop();
    entry.timerId = this.clock.schedule(TRANSITION_MS, () => {
      entry.timerId = undefined;
      entry.state = target;
      entry.lastModified = this.clock.now();
      if (target === 'Enabled') {
        const poller = this.poller(entry);
        if (poller) poller.start();
        else this.sourceGone(entry);
      }
      this.changed();
    });
  }

  private invoke(config: MappingConfig, payload: unknown, onEnd: (invocation: Invocation) => void): void {
    if (!this.service.hasFunction(config.functionName)) {
      // The function was deleted under the mapping: the batch fails as a refused invoke.
      const stub = {
        outcome: 'error',
        response: { statusCode: 404, payload: '' },
        error: { errorType: 'ResourceNotFoundException', errorMessage: 'Function not found' },
        requestId: '',
      } as unknown as Invocation;
      onEnd(stub);
      return;
    }
    this.service.invoke(config.functionName, {
      type: 'sync',
      payload,
      ...(config.qualifier ? { qualifier: config.qualifier } : {}),
      onEnd,
    });
  }

  /** On-failure destinations of stream mappings: an SQS queue or an SNS topic receives the record as JSON. */
  private deliverFailure(config: MappingConfig, record: unknown): void {
    const destination = config.onFailureDestination;
    if (!destination) return;
    const body = JSON.stringify(record);
    try {
      if (destination.startsWith('arn:aws:sqs:')) {
        const sqs = this.sqs();
        const queue = sqs?.queueByArn(destination);
        if (sqs && queue)
          sqs.sendMessage(queue.url, { messageBody: body }, { senderId: 'AROACOLDSTARTLAMBDA:awslambda' });
      } else if (destination.startsWith('arn:aws:sns:')) {
        this.account.service<SnsService>('sns')?.publish({ topicArn: destination, message: body });
      }
    } catch {
      // A missing or refusing destination loses the record, as Lambda does when it cannot deliver.
    }
  }

  private view(entry: MappingEntry): MappingView {
    const poller = entry.poller;
    const base = poller
      ? poller.view()
      : {
          inFlight: 0,
          totals: { batches: 0, records: 0, succeeded: 0, failed: 0, filtered: 0, discarded: 0 },
          recent: [],
          lastProcessingResult: entry.restoredResult ?? 'No records processed',
        };
    if (poller && entry.restoredResult !== undefined && base.totals.batches === 0)
      base.lastProcessingResult = entry.restoredResult;
    return {
      config: { ...entry.config },
      state: entry.state,
      stateTransitionReason: entry.reason,
      lastModified: entry.lastModified,
      ...base,
    };
  }
}

function notFound(uuid: string): MappingApiError {
  return apiError(
    'ResourceNotFoundException',
    `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${uuid})`,
    404,
  );
}

/** Mapping ids are uuids; the account's generator makes them deterministic per seed. */
function newUuid(seed: string): string {
  uuidCounter = (uuidCounter + 1) % 0xffff;
  return seed.length === 36
    ? seed
    : `${seed.slice(0, 8)}-${uuidCounter.toString(16).padStart(4, '0')}-4000-8000-000000000000`;
}

export function createEventSourceMappings(options: EventSourceMappingsOptions): EventSourceMappings {
  return new EventSourceMappings(options);
}
