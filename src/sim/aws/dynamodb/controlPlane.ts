/**
 * DescribeTable, ListTables, DeleteTable, Time to Live, tags, DescribeLimits and DescribeEndpoints (CreateTable
 * and UpdateTable have files of their own). DeleteTable answers DELETING and the table is gone when it returns.
 * TableSizeBytes and ItemCount are live (AWS refreshes them about every six hours).
 */
import type { Database } from './database';
import { DynamoDbError, validationError } from './errors';
import { Constraints, type Request } from './requests';
import type { Table } from './table';
import { describe } from './tableDescription';
import { namedTable, parseTags } from './tableSpecification';

export { createTable } from './createTable';
export { updateTable } from './updateTable';
export { describe } from './tableDescription';

export function describeTable(database: Database, request: Request): Record<string, unknown> {
  return { Table: describe(database, namedTable(database, request)) };
}

export function listTables(database: Database, request: Request): Record<string, unknown> {
  new Constraints()
    .atLeast(request.Limit, 1, 'limit')
    .atMost(request.Limit, 100, 'limit')
    .name(request.ExclusiveStartTableName, 'exclusiveStartTableName', { required: false })
    .check();
  const limit = typeof request.Limit === 'number' ? request.Limit : 100;
  const start =
    typeof request.ExclusiveStartTableName === 'string' ? request.ExclusiveStartTableName : undefined;
  const names = [...database.tables.keys()].sort().filter((name) => start === undefined || name > start);
  const page = names.slice(0, limit);
  const response: Record<string, unknown> = { TableNames: page };
  if (names.length > limit) response.LastEvaluatedTableName = page[page.length - 1];
  return response;
}

export function deleteTable(database: Database, request: Request): Record<string, unknown> {
  const table = namedTable(database, request);
  if (table.definition.deletionProtection) {
    throw validationError(
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
  }
  const description = describe(database, table, 'DELETING');
  table.stream?.disable(database.now());
  database.tables.delete(table.name);
  database.changed(`table.${table.name}`, { operation: 'DeleteTable' });
  return { TableDescription: description };
}

export function describeLimits(): Record<string, unknown> {
  // The default quotas of a new account ("Quotas in Amazon DynamoDB": read/write throughput).
  return {
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  };
}

export function describeEndpoints(database: Database): Record<string, unknown> {
  return {
    Endpoints: [{ Address: `dynamodb.${database.context.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }],
  };
}

function tableOfArn(database: Database, arn: unknown): Table {
  new Constraints().notNull(arn, 'resourceArn').lengthBetween(arn, 1, 1283, 'resourceArn').check();
  const text = String(arn);
  if (!text.startsWith('arn:'))
    throw validationError(`One or more parameter values were invalid: ARNs must start with 'arn:': ${text}`);
  const match = /:table\/([^/]+)$/.exec(text);
  const table = match ? database.tables.get(match[1]!) : undefined;
  if (!table || database.tableArn(table.name) !== text) {
    throw new DynamoDbError(
      'ResourceNotFoundException',
      `Requested resource not found: ResourcArn: ${text} not found`,
    );
  }
  return table;
}

export function tagResource(database: Database, request: Request): Record<string, unknown> {
  const table = tableOfArn(database, request.ResourceArn);
  const tags = parseTags(request.Tags);
  if (tags.length === 0) throw validationError('Atleast one Tag needs to be provided as Input.');
  for (const tag of tags) {
    const existing = table.definition.tags.find((candidate) => candidate.Key === tag.Key);
    if (existing) existing.Value = tag.Value;
    else table.definition.tags.push(tag);
  }
  if (table.definition.tags.length > 50)
    throw validationError('Number of Tags exceed the current limit for the provided ResourceArn');
  database.changed(`table.${table.name}`, { operation: 'TagResource' });
  return {};
}

export function untagResource(database: Database, request: Request): Record<string, unknown> {
  const table = tableOfArn(database, request.ResourceArn);
  const keys = Array.isArray(request.TagKeys) ? request.TagKeys.map(String) : [];
  if (keys.length === 0) throw validationError('Atleast one Tag Key needs to be provided as Input.');
  table.definition.tags = table.definition.tags.filter((tag) => !keys.includes(tag.Key));
  database.changed(`table.${table.name}`, { operation: 'UntagResource' });
  return {};
}

const TTL_CHANGE_INTERVAL_MS = 60 * 60 * 1000;

export function updateTimeToLive(database: Database, request: Request): Record<string, unknown> {
  const specification = request.TimeToLiveSpecification;
  new Constraints()
    .name(request.TableName, 'tableName', { arn: true })
    .notNull(specification, 'timeToLiveSpecification')
    .check();
  const spec = specification as { AttributeName?: unknown; Enabled?: unknown };
  new Constraints()
    .notNull(spec.AttributeName, 'timeToLiveSpecification.attributeName')
    .lengthBetween(spec.AttributeName, 1, 255, 'timeToLiveSpecification.attributeName')
    .notNull(spec.Enabled, 'timeToLiveSpecification.enabled')
    .check();
  const table = namedTable(database, request);
  const current = table.definition.ttl;
  const attributeName = String(spec.AttributeName);
  const enabled = spec.Enabled === true;
  if (current?.changedAt !== undefined && database.now() - current.changedAt < TTL_CHANGE_INTERVAL_MS) {
    throw validationError('Time to live has been modified multiple times within a fixed interval');
  }
  if (enabled && current?.enabled) {
    if (current.attributeName !== attributeName) {
      throw validationError(
        `TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`,
      );
    }
    throw validationError('TimeToLive is already enabled');
  }
  if (!enabled && !current?.enabled) throw validationError('TimeToLive is already disabled');
  table.definition.ttl = { attributeName, enabled, changedAt: database.now() };
  database.changed(`table.${table.name}`, { operation: 'UpdateTimeToLive' });
  return { TimeToLiveSpecification: { AttributeName: attributeName, Enabled: enabled } };
}

export function describeTimeToLive(database: Database, request: Request): Record<string, unknown> {
  const table = namedTable(database, request);
  const ttl = table.definition.ttl;
  if (!ttl?.enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } };
}

export function listTagsOfResource(database: Database, request: Request): Record<string, unknown> {
  const table = tableOfArn(database, request.ResourceArn);
  return { Tags: table.definition.tags.map((tag) => ({ ...tag })) };
}
