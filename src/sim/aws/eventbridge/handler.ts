/** EventBridge's wire protocol: AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`. */
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import {
  handleJsonRpc,
  inputReader,
  type JsonInput,
  type JsonOperation,
  type JsonRpcProtocol,
} from '../jsonRpc';
import {
  validationError,
  type EventBridgeService,
  type EventEntryInput,
  type Rule,
  type RuleTarget,
} from './eventbridge';

export const EVENTBRIDGE_PROTOCOL: JsonRpcProtocol = { targetPrefix: 'AWSEvents', version: '1.1' };

function reader(input: JsonInput) {
  return inputReader(
    input,
    (name) =>
      validationError(`1 validation error detected: Value at '${name}' failed to satisfy constraint.`),
    (name) =>
      validationError(
        `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      ),
  );
}

function tags(value: unknown): Record<string, string> | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const tag of value) {
    if (tag && typeof tag === 'object' && typeof tag.Key === 'string') out[tag.Key] = String(tag.Value ?? '');
  }
  return out;
}

function ruleOutput(rule: Rule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.busName,
  };
}

/** NextToken for the simple list operations: the offset, opaque to callers. */
function page<T>(
  items: T[],
  limit: number | undefined,
  token: string | undefined,
  max = 100,
): { items: T[]; next?: string } {
  const start = token ? Number.parseInt(atob(token), 10) || 0 : 0;
  const size = Math.min(limit ?? max, max);
  const slice = items.slice(start, start + size);
  return { items: slice, ...(start + size < items.length ? { next: btoa(String(start + size)) } : {}) };
}

function operations(events: EventBridgeService, lineage: number | undefined): Record<string, JsonOperation> {
  return {
    CreateEventBus(input) {
      const read = reader(input);
      const bus = events.createEventBus(read.string('Name'), {
        description: read.string('Description'),
        tags: tags(input.Tags),
      });
      return { EventBusArn: bus.arn, ...(bus.description ? { Description: bus.description } : {}) };
    },
    DeleteEventBus(input) {
      events.deleteEventBus(reader(input).string('Name'));
      return {};
    },
    DescribeEventBus(input) {
      const bus = events.requireBus(reader(input).string('Name'));
      return {
        Name: bus.name,
        Arn: bus.arn,
        ...(bus.description ? { Description: bus.description } : {}),
        CreationTime: bus.createdAt / 1000,
        LastModifiedTime: bus.createdAt / 1000,
      };
    },
    ListEventBuses(input) {
      const read = reader(input);
      const prefix = read.string('NamePrefix') ?? '';
      const buses = events.listBuses().filter((bus) => bus.name.startsWith(prefix));
      const result = page(buses, read.integer('Limit'), read.string('NextToken'));
      return {
        EventBuses: result.items.map((bus) => ({
          Name: bus.name,
          Arn: bus.arn,
          ...(bus.description ? { Description: bus.description } : {}),
          CreationTime: bus.createdAt / 1000,
          LastModifiedTime: bus.createdAt / 1000,
        })),
        ...(result.next ? { NextToken: result.next } : {}),
      };
    },
    PutRule(input) {
      const read = reader(input);
      const rule = events.putRule({
        name: read.string('Name'),
        eventBusName: read.string('EventBusName'),
        eventPattern: read.string('EventPattern'),
        scheduleExpression: read.string('ScheduleExpression'),
        state: read.string('State'),
        description: read.string('Description'),
        roleArn: read.string('RoleArn'),
        tags: tags(input.Tags),
      });
      return { RuleArn: rule.arn };
    },
    DescribeRule(input) {
      const read = reader(input);
      const rule = events.requireRule(read.string('Name'), read.string('EventBusName'));
      return { ...ruleOutput(rule), CreatedBy: events.ctx.accountId };
    },
    ListRules(input) {
      const read = reader(input);
      const rules = events.listRules({
        namePrefix: read.string('NamePrefix'),
        eventBusName: read.string('EventBusName'),
      });
      const result = page(rules, read.integer('Limit'), read.string('NextToken'));
      return { Rules: result.items.map(ruleOutput), ...(result.next ? { NextToken: result.next } : {}) };
    },
    ListRuleNamesByTarget(input) {
      const read = reader(input);
      const names = events.ruleNamesByTarget(read.string('TargetArn', true)!, read.string('EventBusName'));
      const result = page(names, read.integer('Limit'), read.string('NextToken'));
      return { RuleNames: result.items, ...(result.next ? { NextToken: result.next } : {}) };
    },
    EnableRule(input) {
      const read = reader(input);
      events.setRuleState(read.string('Name'), read.string('EventBusName'), true);
      return {};
    },
    DisableRule(input) {
      const read = reader(input);
      events.setRuleState(read.string('Name'), read.string('EventBusName'), false);
      return {};
    },
    DeleteRule(input) {
      const read = reader(input);
      events.deleteRule(read.string('Name'), read.string('EventBusName'), read.boolean('Force') ?? false);
      return {};
    },
    PutTargets(input) {
      const read = reader(input);
      const targets = Array.isArray(input.Targets) ? (input.Targets as RuleTarget[]) : [];
      const failed = events.putTargets(read.string('Rule'), read.string('EventBusName'), targets);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },
    RemoveTargets(input) {
      const read = reader(input);
      const failed = events.removeTargets(
        read.string('Rule'),
        read.string('EventBusName'),
        read.stringList('Ids') ?? [],
      );
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },
    ListTargetsByRule(input) {
      const read = reader(input);
      const rule = events.requireRule(read.string('Rule'), read.string('EventBusName'));
      const result = page(rule.targets, read.integer('Limit'), read.string('NextToken'));
      return { Targets: result.items, ...(result.next ? { NextToken: result.next } : {}) };
    },
    PutEvents(input) {
      const raw = Array.isArray(input.Entries) ? (input.Entries as JsonInput[]) : [];
      const entries: EventEntryInput[] = raw.map((entry) => ({
        Source: typeof entry.Source === 'string' ? entry.Source : undefined,
        DetailType: typeof entry.DetailType === 'string' ? entry.DetailType : undefined,
        Detail: typeof entry.Detail === 'string' ? entry.Detail : undefined,
        Resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : undefined,
        // JSON 1.1 timestamps are epoch seconds.
        Time: typeof entry.Time === 'number' ? entry.Time * 1000 : undefined,
        EventBusName: typeof entry.EventBusName === 'string' ? entry.EventBusName : undefined,
      }));
      const results = events.putEvents(entries, lineage);
      return { FailedEntryCount: results.filter((entry) => 'ErrorCode' in entry).length, Entries: results };
    },
    TestEventPattern(input) {
      const read = reader(input);
      return { Result: events.testEventPattern(read.string('EventPattern'), read.string('Event')) };
    },
  };
}

export function handleEventBridgeRequest(
  events: EventBridgeService,
  req: AwsHttpRequest,
  caller: AwsCaller,
): Promise<AwsHttpResponse> {
  return handleJsonRpc(
    EVENTBRIDGE_PROTOCOL,
    operations(events, caller.kind === 'function' ? caller.lineage : undefined),
    req,
  );
}
