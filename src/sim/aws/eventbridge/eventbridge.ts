/**
 * The simulated Amazon EventBridge: the default bus and custom buses, rules with event patterns (matched on
 * PutEvents) or schedules (fired on the virtual clock, default bus only), and Lambda, SQS, SNS and event-bus
 * targets. Delivery happens during PutEvents or the clock tick, in the EventBridge envelope
 * (version, id, detail-type, source, account, time, region, resources, detail).
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import { AwsServiceError } from '../jsonRpc';
import type { AccountContext, AwsService } from '../service';
import type { SqsService } from '../sqs/sqs';
import { handleEventBridgeRequest } from './handler';
import { compileEventPattern, type CompiledPattern } from './pattern';
import { parseSchedule, ScheduleError, type Schedule } from './schedule';
import { targetPayload, targetText, validateTargetInput, type InputTransformer } from './targets';

export interface EventBus {
  name: string;
  arn: string;
  description?: string;
  tags: Record<string, string>;
  /** Epoch ms. */
  createdAt: number;
}

export interface RuleTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
  SqsParameters?: { MessageGroupId?: string };
}

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface Rule {
  name: string;
  busName: string;
  arn: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  tags: Record<string, string>;
  targets: RuleTarget[];
  /** Virtual ms a rate schedule counts from. */
  scheduleAnchor: number;
  matcher?: CompiledPattern;
  schedule?: Schedule;
  timerId?: number;
  nextFireAt?: number;
}

export interface EventEntryInput {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  /** Epoch ms. */
  Time?: number;
  EventBusName?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface DeliveryRecord {
  rule: string;
  targetId: string;
  arn: string;
  ok: boolean;
  error?: string;
}

/** What the console and lab checks see of an event that reached a bus. */
export interface EventRecord {
  id: string;
  busName: string;
  source: string;
  detailType: string;
  time: string;
  event: Record<string, unknown>;
  matchedRules: string[];
  deliveries: DeliveryRecord[];
}

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const TARGET_ID = /^[.\-_A-Za-z0-9]{1,64}$/;
/** PutEvents total entry size (PutEvents API reference in the pinned SDK: "less than 1MB"). */
export const MAX_PUT_EVENTS_BYTES = 1_048_576;
export const MAX_PUT_EVENTS_ENTRIES = 10;
const MAX_TARGETS_PER_RULE = 5;
const RECENT_EVENTS = 200;

export function validationError(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message);
}

function resourceNotFound(message: string): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', message);
}

/** EventBridge writes times to the second: `2026-12-01T09:30:00Z`. */
export function eventTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const encoder = new TextEncoder();

/** Entry size as "Calculating PutEvents event entry size" defines it. */
export function entrySize(entry: EventEntryInput): number {
  let size = entry.Time !== undefined ? 14 : 0;
  size += encoder.encode(entry.Source ?? '').byteLength + encoder.encode(entry.DetailType ?? '').byteLength;
  if (entry.Detail !== undefined) size += encoder.encode(entry.Detail).byteLength;
  for (const resource of entry.Resources ?? []) size += encoder.encode(resource).byteLength;
  return size;
}

interface SnsPublisher extends AwsService {
  publishFromService(
    topicArn: string,
    message: string,
    options?: { subject?: string; lineage?: number },
  ): boolean;
}

export class EventBridgeService implements AwsService {
  readonly name = 'events';
  readonly ctx: AccountContext;
  private buses = new Map<string, EventBus>();
  private rules = new Map<string, Rule>();
  private recent: EventRecord[] = [];

  constructor(ctx: AccountContext) {
    this.ctx = ctx;
    this.resetState();
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): Promise<AwsHttpResponse> {
    return handleEventBridgeRequest(this, req, caller);
  }

  private wallNow(): number {
    return this.ctx.epochMs + this.ctx.clock.now();
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.ctx.region}:${this.ctx.accountId}:event-bus/${name}`;
  }

  ruleArn(busName: string, name: string): string {
    const prefix = `arn:aws:events:${this.ctx.region}:${this.ctx.accountId}:rule/`;
    return busName === 'default' ? `${prefix}${name}` : `${prefix}${busName}/${name}`;
  }

  private resetState(): void {
    for (const rule of this.rules.values()) this.stopSchedule(rule);
    this.buses = new Map();
    this.rules = new Map();
    this.recent = [];
    this.buses.set('default', {
      name: 'default',
      arn: this.busArn('default'),
      tags: {},
      createdAt: this.ctx.epochMs,
    });
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  listBuses(): EventBus[] {
    return [...this.buses.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  listAllRules(): Rule[] {
    return [...this.rules.values()].sort((a, b) => (a.busName + a.name).localeCompare(b.busName + b.name));
  }

  /** The latest events that reached any bus, newest last, with the rules they matched and what was delivered. */
  recentEvents(): EventRecord[] {
    return [...this.recent];
  }

  /** A bus by name or ARN, or ResourceNotFoundException. */
  requireBus(nameOrArn: string | undefined): EventBus {
    const name = busNameOf(nameOrArn ?? 'default');
    const bus = this.buses.get(name);
    if (!bus) throw resourceNotFound(`Event bus ${name} does not exist.`);
    return bus;
  }

  rule(name: string, busNameOrArn?: string): Rule | undefined {
    return this.rules.get(ruleKey(busNameOf(busNameOrArn ?? 'default'), name));
  }

  requireRule(name: string | undefined, busNameOrArn?: string): Rule {
    if (!name) throw validationError('Parameter Name is required.');
    const bus = this.requireBus(busNameOrArn);
    const rule = this.rules.get(ruleKey(bus.name, name));
    if (!rule) throw resourceNotFound(`Rule ${name} does not exist on EventBus ${bus.name}.`);
    return rule;
  }

  // ---- buses --------------------------------------------------------------------------------------------------

  createEventBus(
    name: string | undefined,
    options: { description?: string; tags?: Record<string, string> } = {},
  ): EventBus {
    if (!name || !BUS_NAME.test(name) || name.includes('/')) {
      throw validationError(
        `1 validation error detected: Value '${name ?? ''}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+`,
      );
    }
    if (name === 'default' || name.startsWith('aws.')) {
      throw validationError(`Event bus name ${name} is reserved.`);
    }
    if (this.buses.has(name))
      throw new AwsServiceError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    const bus: EventBus = {
      name,
      arn: this.busArn(name),
      description: options.description,
      tags: { ...(options.tags ?? {}) },
      createdAt: this.wallNow(),
    };
    this.buses.set(name, bus);
    this.ctx.changed({ service: 'events', resource: `bus.${name}`, detail: { action: 'created' } });
    return bus;
  }

  deleteEventBus(name: string | undefined): void {
    if (!name) throw validationError('Parameter Name is required.');
    if (name === 'default') throw validationError('Cannot delete event bus default.');
    if (!this.buses.has(name)) return;
    for (const rule of [...this.rules.values()]) {
      if (rule.busName === name) {
        this.stopSchedule(rule);
        this.rules.delete(ruleKey(name, rule.name));
      }
    }
    this.buses.delete(name);
    this.ctx.changed({ service: 'events', resource: `bus.${name}`, detail: { action: 'deleted' } });
  }

  // ---- rules --------------------------------------------------------------------------------------------------

  putRule(input: {
    name?: string;
    eventBusName?: string;
    eventPattern?: string;
    scheduleExpression?: string;
    state?: string;
    description?: string;
    roleArn?: string;
    tags?: Record<string, string>;
  }): Rule {
    const { name } = input;
    if (!name || !RULE_NAME.test(name)) {
      throw validationError(
        `1 validation error detected: Value '${name ?? ''}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
      );
    }
    const bus = this.requireBus(input.eventBusName);
    if (input.eventPattern === undefined && input.scheduleExpression === undefined) {
      throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.scheduleExpression !== undefined && bus.name !== 'default') {
      throw validationError('ScheduleExpression is supported only on the default event bus.');
    }
    const state = (input.state ?? 'ENABLED') as RuleState;
    if (!['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'].includes(state)) {
      throw validationError(
        `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]`,
      );
    }
    const matcher = input.eventPattern !== undefined ? compileEventPattern(input.eventPattern) : undefined;
    const key = ruleKey(bus.name, name);
    const existing = this.rules.get(key);
    // Updating a rule keeps its rate schedule's phase unless the expression changes.
    const scheduleAnchor =
      existing && existing.scheduleExpression === input.scheduleExpression
        ? existing.scheduleAnchor
        : this.ctx.clock.now();
    let schedule: Schedule | undefined;
    if (input.scheduleExpression !== undefined) {
      try {
        schedule = parseSchedule(input.scheduleExpression, this.ctx.epochMs + scheduleAnchor);
      } catch (error) {
        if (error instanceof ScheduleError) throw validationError(error.message);
        throw error;
      }
    }
    if (existing) this.stopSchedule(existing);
    const rule: Rule = {
      name,
      busName: bus.name,
      arn: this.ruleArn(bus.name, name),
      eventPattern: input.eventPattern,
      scheduleExpression: input.scheduleExpression,
      state,
      description: input.description ?? existing?.description,
      roleArn: input.roleArn ?? existing?.roleArn,
      tags: { ...(existing?.tags ?? {}), ...(input.tags ?? {}) },
      targets: existing?.targets ?? [],
      scheduleAnchor,
      matcher,
      schedule,
    };
    this.rules.set(key, rule);
    this.startSchedule(rule);
    this.ctx.changed({ service: 'events', resource: `rule.${bus.name}.${name}`, detail: { action: 'put' } });
    return rule;
  }

  listRules(options: { namePrefix?: string; eventBusName?: string } = {}): Rule[] {
    const bus = this.requireBus(options.eventBusName);
    return [...this.rules.values()]
      .filter((rule) => rule.busName === bus.name && rule.name.startsWith(options.namePrefix ?? ''))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Rules with a target of this ARN (ListRuleNamesByTarget). */
  ruleNamesByTarget(targetArn: string, eventBusName?: string): string[] {
    const bus = this.requireBus(eventBusName);
    return [...this.rules.values()]
      .filter((rule) => rule.busName === bus.name && rule.targets.some((target) => target.Arn === targetArn))
      .map((rule) => rule.name)
      .sort();
  }

  setRuleState(name: string | undefined, eventBusName: string | undefined, enabled: boolean): void {
    const rule = this.requireRule(name, eventBusName);
    rule.state = enabled ? 'ENABLED' : 'DISABLED';
    this.stopSchedule(rule);
    if (enabled) {
      // A re-enabled rate schedule counts from now.
      rule.scheduleAnchor = this.ctx.clock.now();
      if (rule.scheduleExpression)
        rule.schedule = parseSchedule(rule.scheduleExpression, this.ctx.epochMs + rule.scheduleAnchor);
      this.startSchedule(rule);
    }
    this.ctx.changed({
      service: 'events',
      resource: `rule.${rule.busName}.${rule.name}`,
      detail: { action: 'state', enabled },
    });
  }

  deleteRule(name: string | undefined, eventBusName: string | undefined, force = false): void {
    if (!name) throw validationError('Parameter Name is required.');
    const bus = this.requireBus(eventBusName);
    const rule = this.rules.get(ruleKey(bus.name, name));
    if (!rule) return;
    if (rule.targets.length > 0 && !force)
      throw validationError("Rule can't be deleted since it has targets.");
    this.stopSchedule(rule);
    this.rules.delete(ruleKey(bus.name, name));
    this.ctx.changed({
      service: 'events',
      resource: `rule.${bus.name}.${name}`,
      detail: { action: 'deleted' },
    });
  }

  putTargets(
    name: string | undefined,
    eventBusName: string | undefined,
    targets: RuleTarget[],
  ): Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> {
    const rule = this.requireRule(name, eventBusName);
    if (targets.length === 0 || targets.length > 10) {
      throw validationError(
        `1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10`,
      );
    }
    for (const target of targets) {
      if (!target.Id || !TARGET_ID.test(target.Id)) {
        throw validationError(
          `1 validation error detected: Value '${target.Id ?? ''}' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
        );
      }
      if (!target.Arn) throw validationError(`Parameter Arn for target ${target.Id} is required.`);
      if (!target.Arn.startsWith('arn:'))
        throw validationError(
          `Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`,
        );
      validateTargetInput(target.Id, target);
      if (
        target.Arn.startsWith('arn:aws:sqs:') &&
        target.Arn.endsWith('.fifo') &&
        !target.SqsParameters?.MessageGroupId
      ) {
        throw validationError(`Parameter(s) SqsParameters must be specified for target: ${target.Id}.`);
      }
    }
    const ids = new Set(rule.targets.map((target) => target.Id));
    for (const target of targets) ids.add(target.Id);
    if (ids.size > MAX_TARGETS_PER_RULE) {
      throw new AwsServiceError(
        'LimitExceededException',
        'The requested resource exceeds the maximum number allowed.',
      );
    }
    for (const target of targets) {
      const copy = cleanTarget(target);
      const index = rule.targets.findIndex((existing) => existing.Id === target.Id);
      if (index >= 0) rule.targets[index] = copy;
      else rule.targets.push(copy);
    }
    this.ctx.changed({
      service: 'events',
      resource: `rule.${rule.busName}.${rule.name}`,
      detail: { action: 'targets' },
    });
    return [];
  }

  removeTargets(
    name: string | undefined,
    eventBusName: string | undefined,
    ids: string[],
  ): Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> {
    const rule = this.requireRule(name, eventBusName);
    const failed: Array<{ TargetId: string; ErrorCode: string; ErrorMessage: string }> = [];
    for (const id of ids) {
      const index = rule.targets.findIndex((target) => target.Id === id);
      if (index < 0) {
        failed.push({
          TargetId: id,
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Target ${id} does not exist.`,
        });
      } else {
        rule.targets.splice(index, 1);
      }
    }
    this.ctx.changed({
      service: 'events',
      resource: `rule.${rule.busName}.${rule.name}`,
      detail: { action: 'targets' },
    });
    return failed;
  }

  // ---- events -------------------------------------------------------------------------------------------------

  /** PutEvents; `lineage` is the calling invocation's recursion counter, passed on to Lambda and SQS targets. */
  putEvents(entries: EventEntryInput[], lineage?: number): PutEventsResultEntry[] {
    if (entries.length === 0 || entries.length > MAX_PUT_EVENTS_ENTRIES) {
      throw validationError(
        `1 validation error detected: Value '[...]' at 'entries' failed to satisfy constraint: Member must have length ${
          entries.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 10'
        }`,
      );
    }
    const total = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
    if (total > MAX_PUT_EVENTS_BYTES)
      throw validationError('Total size of the entries in the request is over the limit.');
    return entries.map((entry) => this.putEvent(entry, lineage));
  }

  private putEvent(entry: EventEntryInput, lineage: number | undefined): PutEventsResultEntry {
    const invalid = (name: string): PutEventsResultEntry => ({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
    });
    if (!entry.Source) return invalid('Source');
    if (!entry.DetailType) return invalid('DetailType');
    if (entry.Detail === undefined) return invalid('Detail');
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      detail = undefined;
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (entry.Source.startsWith('aws.')) {
      return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    }
    const busName = busNameOf(entry.EventBusName ?? 'default');
    if (!this.buses.has(busName)) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    const id = this.ctx.uuid();
    const event: Record<string, unknown> = {
      version: '0',
      id,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: this.ctx.accountId,
      time: eventTime(entry.Time ?? this.wallNow()),
      region: this.ctx.region,
      resources: entry.Resources ?? [],
      detail,
    };
    this.dispatch(busName, event, lineage);
    return { EventId: id };
  }

  /** Runs an event through the bus's enabled pattern rules and delivers it to their targets. */
  dispatch(busName: string, event: Record<string, unknown>, lineage?: number): EventRecord {
    const record: EventRecord = {
      id: String(event.id),
      busName,
      source: String(event.source),
      detailType: String(event['detail-type']),
      time: String(event.time),
      event,
      matchedRules: [],
      deliveries: [],
    };
    for (const rule of this.rules.values()) {
      if (rule.busName !== busName || rule.state === 'DISABLED' || !rule.matcher) continue;
      if (!rule.matcher.matches(event)) continue;
      record.matchedRules.push(rule.name);
      this.deliver(rule, event, record, lineage);
    }
    this.remember(record);
    this.ctx.changed({
      service: 'events',
      resource: `bus.${busName}.event`,
      detail: { id: record.id, matched: record.matchedRules },
    });
    return record;
  }

  private remember(record: EventRecord): void {
    this.recent.push(record);
    if (this.recent.length > RECENT_EVENTS) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
  }

  private deliver(rule: Rule, event: Record<string, unknown>, record: EventRecord, lineage?: number): void {
    const ingestion = eventTime(this.wallNow());
    for (const target of rule.targets) {
      const text = targetText(target, event, rule, ingestion);
      let error: string | undefined;
      try {
        error = this.sendToTarget(target, text, event, lineage);
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
      record.deliveries.push({
        rule: rule.name,
        targetId: target.Id,
        arn: target.Arn,
        ok: error === undefined,
        ...(error ? { error } : {}),
      });
    }
  }

  /** Delivers to one target; returns why it failed (EventBridge would retry, then drop or use a DLQ). */
  private sendToTarget(
    target: RuleTarget,
    text: string,
    event: Record<string, unknown>,
    lineage: number | undefined,
  ): string | undefined {
    const service = target.Arn.split(':')[2];
    switch (service) {
      case 'lambda': {
        if (!this.ctx.lambda.exists(target.Arn)) return `Function ${target.Arn} does not exist.`;
        this.ctx.lambda.invokeAsync(target.Arn, targetPayload(text), {
          service: 'events',
          ...(lineage !== undefined ? { lineage } : {}),
        });
        return undefined;
      }
      case 'sqs': {
        const sqs = this.ctx.service<SqsService>('sqs');
        const queue = sqs?.queue(target.Arn);
        if (!sqs || !queue) return `Queue ${target.Arn} does not exist.`;
        sqs.sendMessage(
          queue.url,
          {
            messageBody: text,
            messageGroupId: target.SqsParameters?.MessageGroupId,
            // FIFO targets: EventBridge uses the event id as the deduplication id.
            messageDeduplicationId: queue.fifo ? String(event.id) : undefined,
          },
          { senderId: 'AIDACOLDSTARTEVENTBRIDGE', lineage },
        );
        return undefined;
      }
      case 'sns': {
        const sns = this.ctx.service<SnsPublisher>('sns');
        if (!sns || !sns.publishFromService(target.Arn, text, { lineage }))
          return `Topic ${target.Arn} does not exist.`;
        return undefined;
      }
      case 'events': {
        const name = target.Arn.split('event-bus/')[1];
        if (!name || !this.buses.has(name)) return `Event bus ${target.Arn} does not exist.`;
        this.dispatch(name, event, lineage);
        return undefined;
      }
      default:
        return `Coldstart does not simulate ${service ?? 'this'} targets.`;
    }
  }

  testEventPattern(pattern: string | undefined, eventText: string | undefined): boolean {
    if (pattern === undefined) throw validationError('Parameter EventPattern is required.');
    if (eventText === undefined) throw validationError('Parameter Event is required.');
    const matcher = compileEventPattern(pattern);
    let event: unknown;
    try {
      event = JSON.parse(eventText);
    } catch {
      throw validationError('Parameter Event is not valid.');
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      throw validationError('Parameter Event is not valid.');
    const missing = ['id', 'account', 'source', 'time', 'region', 'detail-type'].filter(
      (field) => !(field in (event as Record<string, unknown>)),
    );
    if (missing.length > 0) {
      throw validationError(
        `Parameter Event is not valid. Reason: Provided Event is missing required fields: ${missing.join(', ')}`,
      );
    }
    return matcher.matches(event);
  }

  // ---- schedules ----------------------------------------------------------------------------------------------

  private startSchedule(rule: Rule): void {
    if (!rule.schedule || rule.state === 'DISABLED') return;
    const nextWall = rule.schedule.nextAfter(this.wallNow());
    if (nextWall === undefined) return;
    const at = nextWall - this.ctx.epochMs;
    rule.nextFireAt = at;
    rule.timerId = this.ctx.clock.scheduleAt(at, () => {
      rule.timerId = undefined;
      this.fireSchedule(rule);
      this.startSchedule(rule);
    });
  }

  private stopSchedule(rule: Rule): void {
    if (rule.timerId !== undefined) this.ctx.clock.cancel(rule.timerId);
    rule.timerId = undefined;
    rule.nextFireAt = undefined;
  }

  /** A scheduled rule's event: detail-type "Scheduled Event", source "aws.events", the rule in resources. */
  private fireSchedule(rule: Rule): void {
    const event: Record<string, unknown> = {
      version: '0',
      id: this.ctx.uuid(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: this.ctx.accountId,
      time: eventTime(this.wallNow()),
      region: this.ctx.region,
      resources: [rule.arn],
      detail: {},
    };
    const record: EventRecord = {
      id: String(event.id),
      busName: rule.busName,
      source: 'aws.events',
      detailType: 'Scheduled Event',
      time: String(event.time),
      event,
      matchedRules: [rule.name],
      deliveries: [],
    };
    this.deliver(rule, event, record);
    this.remember(record);
    this.ctx.changed({
      service: 'events',
      resource: `rule.${rule.busName}.${rule.name}.fired`,
      detail: { id: record.id },
    });
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  snapshot(): unknown {
    return {
      version: 1,
      clockNow: this.ctx.clock.now(),
      buses: this.listBuses().map((bus) => withoutUndefined({ ...bus, tags: { ...bus.tags } })),
      rules: this.listAllRules().map((rule) =>
        withoutUndefined({
          name: rule.name,
          busName: rule.busName,
          eventPattern: rule.eventPattern,
          scheduleExpression: rule.scheduleExpression,
          state: rule.state,
          description: rule.description,
          roleArn: rule.roleArn,
          tags: { ...rule.tags },
          targets: rule.targets.map((target) => structuredClone(target)),
          scheduleAnchor: rule.scheduleAnchor,
        }),
      ),
    };
  }

  restore(data: unknown): void {
    const parsed = eventBridgeSnapshotSchema.safeParse(data);
    if (!parsed.success)
      throw new Error(`Not a valid EventBridge snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const snapshot = parsed.data;
    if (!snapshot.buses.some((bus) => bus.name === 'default'))
      throw new Error('Not a valid EventBridge snapshot: no default bus.');
    const shift = this.ctx.clock.now() - snapshot.clockNow;
    // Compile everything before touching state, so a bad pattern leaves the service as it was.
    const rules = snapshot.rules.map((saved) => {
      const anchor = saved.scheduleAnchor + shift;
      const rule: Rule = {
        ...saved,
        state: saved.state,
        arn: this.ruleArn(saved.busName, saved.name),
        targets: saved.targets.map((target) => cleanTarget(target as RuleTarget)),
        scheduleAnchor: anchor,
      };
      if (!snapshot.buses.some((bus) => bus.name === saved.busName)) {
        throw new Error(`Not a valid EventBridge snapshot: rule ${saved.name} names a missing bus.`);
      }
      try {
        if (saved.eventPattern !== undefined) rule.matcher = compileEventPattern(saved.eventPattern);
        if (saved.scheduleExpression !== undefined)
          rule.schedule = parseSchedule(saved.scheduleExpression, this.ctx.epochMs + anchor);
      } catch (error) {
        throw new Error(`Not a valid EventBridge snapshot: rule ${saved.name}: ${(error as Error).message}`);
      }
      return rule;
    });
    this.resetState();
    this.buses = new Map(snapshot.buses.map((bus) => [bus.name, { ...bus, arn: this.busArn(bus.name) }]));
    for (const rule of rules) {
      this.rules.set(ruleKey(rule.busName, rule.name), rule);
      this.startSchedule(rule);
    }
    this.ctx.changed({ service: 'events', resource: '*' });
  }

  reset(): void {
    this.resetState();
    this.ctx.changed({ service: 'events', resource: '*' });
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

function cleanTarget(target: RuleTarget): RuleTarget {
  return withoutUndefined({
    Id: target.Id,
    Arn: target.Arn,
    RoleArn: target.RoleArn,
    Input: target.Input,
    InputPath: target.InputPath,
    InputTransformer: target.InputTransformer ? structuredClone(target.InputTransformer) : undefined,
    SqsParameters: target.SqsParameters ? { ...target.SqsParameters } : undefined,
  });
}

function ruleKey(busName: string, name: string): string {
  return `${busName}\u0000${name}`;
}

/** `default`, `my-bus` or `arn:aws:events:…:event-bus/my-bus` → the bus name. */
export function busNameOf(nameOrArn: string): string {
  const marker = ':event-bus/';
  const index = nameOrArn.indexOf(marker);
  return nameOrArn.startsWith('arn:') && index >= 0 ? nameOrArn.slice(index + marker.length) : nameOrArn;
}

const targetSchema = z.object({
  Id: z.string(),
  Arn: z.string(),
  RoleArn: z.string().optional(),
  Input: z.string().optional(),
  InputPath: z.string().optional(),
  InputTransformer: z
    .object({ InputPathsMap: z.record(z.string(), z.string()).optional(), InputTemplate: z.string() })
    .optional(),
  SqsParameters: z.object({ MessageGroupId: z.string().optional() }).optional(),
});

export const eventBridgeSnapshotSchema = z.object({
  version: z.literal(1),
  clockNow: z.number(),
  buses: z.array(
    z.object({
      name: z.string().min(1),
      arn: z.string(),
      description: z.string().optional(),
      tags: z.record(z.string(), z.string()),
      createdAt: z.number(),
    }),
  ),
  rules: z.array(
    z.object({
      name: z.string().min(1),
      busName: z.string().min(1),
      eventPattern: z.string().optional(),
      scheduleExpression: z.string().optional(),
      state: z.enum(['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']),
      description: z.string().optional(),
      roleArn: z.string().optional(),
      tags: z.record(z.string(), z.string()),
      targets: z.array(targetSchema),
      scheduleAnchor: z.number(),
    }),
  ),
});

export function createEventBridge(ctx: AccountContext): EventBridgeService {
  return new EventBridgeService(ctx);
}
