/**
 * CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables and the small describe-and-tag calls.
 *
 * Table status: CreateTable answers CREATING, UpdateTable UPDATING (a new GSI: CREATING with Backfilling) and
 * DeleteTable DELETING, as AWS does, but the change is complete when the call returns: the next DescribeTable
 * already says ACTIVE (or ResourceNotFoundException), so SDK waiters return at once and a handler may write
 * right after creating its table. Real tables take seconds to minutes; nothing here models that wait.
 * TableSizeBytes and ItemCount are live (AWS refreshes them about every six hours).
 */
import type { Database } from './database';
import {
  DynamoDbError,
  limitExceeded,
  resourceInUse,
  resourceNotFound,
  tableNotFound,
  validationError,
} from './errors';
import type { KeyAttribute, KeySchema, KeyType } from './keys';
import { Constraints, isRecord, type Request } from './requests';
import { STREAM_VIEW_TYPES, type StreamViewType } from './streams';
import {
  Table,
  type BillingMode,
  type IndexDefinition,
  type ProjectionType,
  type TableClass,
  type TableDefinition,
  type Throughput,
} from './table';

const KEY_TYPES = ['S', 'N', 'B'];
const PROJECTION_TYPES = ['ALL', 'KEYS_ONLY', 'INCLUDE'];
const BILLING_MODES = ['PROVISIONED', 'PAY_PER_REQUEST'];
const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'];
const MAX_LOCAL_INDEXES = 5;
const MAX_GLOBAL_INDEXES = 20;

type Status = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

// ---------------------------------------------------------------------------------------------------------------
// Describe

function keySchemaOut(schema: KeySchema): Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }> {
  const out: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }> = [
    { AttributeName: schema.partition.name, KeyType: 'HASH' },
  ];
  if (schema.sort) out.push({ AttributeName: schema.sort.name, KeyType: 'RANGE' });
  return out;
}

function projectionOut(definition: IndexDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { ProjectionType: definition.projection.type };
  if (definition.projection.type === 'INCLUDE')
    out.NonKeyAttributes = definition.projection.nonKeyAttributes ?? [];
  return out;
}

function throughputOut(throughput: Throughput): Record<string, unknown> {
  return {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: throughput.read,
    WriteCapacityUnits: throughput.write,
  };
}

export function describe(
  database: Database,
  table: Table,
  status: Status = 'ACTIVE',
  creatingIndex?: string,
): Record<string, unknown> {
  const definition = table.definition;
  const arn = database.tableArn(definition.name);
  const out: Record<string, unknown> = {
    AttributeDefinitions: definition.attributeDefinitions.map((attribute) => ({ ...attribute })),
    TableName: definition.name,
    KeySchema: keySchemaOut(definition.schema),
    TableStatus: status,
    CreationDateTime: database.epochOf(definition.createdAt) / 1000,
    ProvisionedThroughput: throughputOut(
      definition.billingMode === 'PAY_PER_REQUEST' ? { read: 0, write: 0 } : definition.throughput,
    ),
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.itemCount,
    TableArn: arn,
    TableId: definition.id,
  };
  if (definition.billingMode === 'PAY_PER_REQUEST') {
    out.BillingModeSummary = {
      BillingMode: 'PAY_PER_REQUEST',
      LastUpdateToPayPerRequestDateTime:
        database.epochOf(definition.lastUpdateToPayPerRequestAt ?? definition.createdAt) / 1000,
    };
  }
  if (definition.localIndexes.length > 0) {
    out.LocalSecondaryIndexes = definition.localIndexes.map((index) => {
      const statistics = table.indexStatistics(table.secondary.get(index.name)!);
      return {
        IndexName: index.name,
        KeySchema: keySchemaOut(index.schema),
        Projection: projectionOut(index),
        IndexSizeBytes: statistics.sizeBytes,
        ItemCount: statistics.itemCount,
        IndexArn: `${arn}/index/${index.name}`,
      };
    });
  }
  if (definition.globalIndexes.length > 0) {
    out.GlobalSecondaryIndexes = definition.globalIndexes.map((index) => {
      const statistics = table.indexStatistics(table.secondary.get(index.name)!);
      const creating = status === 'CREATING' || index.name === creatingIndex;
      const description: Record<string, unknown> = {
        IndexName: index.name,
        KeySchema: keySchemaOut(index.schema),
        Projection: projectionOut(index),
        IndexStatus: creating ? 'CREATING' : 'ACTIVE',
        ProvisionedThroughput: throughputOut(index.throughput ?? { read: 0, write: 0 }),
        IndexSizeBytes: statistics.sizeBytes,
        ItemCount: statistics.itemCount,
        IndexArn: `${arn}/index/${index.name}`,
      };
      if (index.name === creatingIndex) description.Backfilling = true;
      return description;
    });
  }
  if (definition.stream) {
    out.StreamSpecification = { StreamEnabled: true, StreamViewType: definition.stream.viewType };
  }
  if (definition.latestStream) {
    out.LatestStreamLabel = definition.latestStream.label;
    out.LatestStreamArn = definition.latestStream.arn;
  }
  if (definition.tableClass !== 'STANDARD') out.TableClassSummary = { TableClass: definition.tableClass };
  out.DeletionProtectionEnabled = definition.deletionProtection;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Create

interface KeySchemaElement {
  AttributeName?: unknown;
  KeyType?: unknown;
}

function checkKeySchemaShape(constraints: Constraints, value: unknown, path: string): void {
  constraints.notNull(value, path).lengthBetween(value, 1, 2, path);
  if (!Array.isArray(value)) return;
  value.forEach((element: KeySchemaElement, position) => {
    constraints
      .notNull(element?.AttributeName, `${path}.${position + 1}.member.attributeName`)
      .lengthBetween(element?.AttributeName, 1, 255, `${path}.${position + 1}.member.attributeName`)
      .notNull(element?.KeyType, `${path}.${position + 1}.member.keyType`)
      .oneOf(element?.KeyType, ['HASH', 'RANGE'], `${path}.${position + 1}.member.keyType`);
  });
}

function checkProjectionShape(constraints: Constraints, value: unknown, path: string): void {
  constraints.notNull(value, `${path}.projection`);
  if (isRecord(value))
    constraints.oneOf(value.ProjectionType, PROJECTION_TYPES, `${path}.projection.projectionType`);
}

function checkThroughputShape(constraints: Constraints, value: unknown, path: string): void {
  if (!isRecord(value)) return;
  constraints
    .notNull(value.ReadCapacityUnits, `${path}.readCapacityUnits`)
    .atLeast(value.ReadCapacityUnits, 1, `${path}.readCapacityUnits`)
    .notNull(value.WriteCapacityUnits, `${path}.writeCapacityUnits`)
    .atLeast(value.WriteCapacityUnits, 1, `${path}.writeCapacityUnits`);
}

function throughputOf(value: unknown): Throughput | undefined {
  if (!isRecord(value)) return undefined;
  return { read: Number(value.ReadCapacityUnits), write: Number(value.WriteCapacityUnits) };
}

function schemaChecks(elements: KeySchemaElement[], definitions: Map<string, KeyType>): KeySchema {
  const names = elements.map((element) => String(element.AttributeName));
  if (names.length === 2 && names[0] === names[1]) {
    throw validationError('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  if (elements[0]!.KeyType !== 'HASH')
    throw validationError('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  if (elements[1] && elements[1].KeyType !== 'RANGE') {
    throw validationError('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  const attribute = (name: string): KeyAttribute => ({ name, type: definitions.get(name)! });
  return names.length === 2
    ? { partition: attribute(names[0]!), sort: attribute(names[1]!) }
    : { partition: attribute(names[0]!) };
}

function undefinedKeysMessage(keys: string[], definitions: Map<string, KeyType>): string {
  return `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${[...definitions.keys()].join(', ')}]`;
}

function indexDefinition(
  raw: Record<string, unknown>,
  kind: 'global' | 'local',
  definitions: Map<string, KeyType>,
  billingMode: BillingMode,
  createdAt: number,
): IndexDefinition {
  const name = String(raw.IndexName);
  const elements = raw.KeySchema as KeySchemaElement[];
  const keys = elements.map((element) => String(element.AttributeName));
  if (keys.some((key) => !definitions.has(key)))
    throw validationError(undefinedKeysMessage(keys, definitions));
  const schema = schemaChecks(elements, definitions);
  const projection = raw.Projection as { ProjectionType?: unknown; NonKeyAttributes?: unknown };
  if (projection.ProjectionType === undefined || projection.ProjectionType === null) {
    throw validationError('One or more parameter values were invalid: Unknown ProjectionType: null');
  }
  const projectionType = projection.ProjectionType as ProjectionType;
  const nonKey = projection.NonKeyAttributes;
  if (nonKey !== undefined && projectionType !== 'INCLUDE') {
    throw validationError(
      `One or more parameter values were invalid: ProjectionType is ${projectionType}, but NonKeyAttributes is specified`,
    );
  }
  if (projectionType === 'INCLUDE' && (!Array.isArray(nonKey) || nonKey.length === 0)) {
    throw validationError(
      'One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified',
    );
  }
  if (Array.isArray(nonKey)) {
    const duplicate = nonKey.find((attribute, position) => nonKey.indexOf(attribute) !== position);
    if (duplicate !== undefined) {
      throw validationError(
        `One or more parameter values were invalid: Duplicate element in NonKeyAttributes: ${String(duplicate)}`,
      );
    }
  }
  const definition: IndexDefinition = {
    name,
    kind,
    schema,
    projection:
      projectionType === 'INCLUDE'
        ? { type: projectionType, nonKeyAttributes: (nonKey as string[]).map(String) }
        : { type: projectionType },
    createdAt,
  };
  if (kind === 'global') {
    const throughput = throughputOf(raw.ProvisionedThroughput);
    if (billingMode === 'PAY_PER_REQUEST' && throughput) {
      throw validationError(
        `One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`,
      );
    }
    if (billingMode === 'PROVISIONED') {
      if (!throughput)
        throw validationError(
          `One or more parameter values were invalid: ProvisionedThroughput is not specified for index: ${name}`,
        );
      definition.throughput = throughput;
    }
  }
  return definition;
}

function checkIndexShapes(
  constraints: Constraints,
  list: unknown,
  path: string,
  withThroughput: boolean,
): void {
  if (!Array.isArray(list)) return;
  list.forEach((raw, position) => {
    const at = `${path}.${position + 1}.member`;
    if (!isRecord(raw)) return;
    constraints.name(raw.IndexName, `${at}.indexName`);
    checkKeySchemaShape(constraints, raw.KeySchema, `${at}.keySchema`);
    checkProjectionShape(constraints, raw.Projection, at);
    if (withThroughput)
      checkThroughputShape(constraints, raw.ProvisionedThroughput, `${at}.provisionedThroughput`);
  });
}

function streamSpecification(
  value: unknown,
  operation: 'CreateTable' | 'UpdateTable',
): { enabled: boolean; viewType?: StreamViewType } | undefined {
  if (!isRecord(value)) return undefined;
  new Constraints()
    .notNull(value.StreamEnabled, 'streamSpecification.streamEnabled')
    .oneOf(value.StreamViewType, STREAM_VIEW_TYPES, 'streamSpecification.streamViewType')
    .check();
  const enabled = value.StreamEnabled === true;
  const viewType = value.StreamViewType as StreamViewType | undefined;
  if (operation === 'CreateTable') {
    if (enabled && !viewType) {
      throw validationError(
        'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required',
      );
    }
    if (!enabled && viewType) {
      throw validationError(
        'One or more parameter values were invalid: Table is being created with a stream disabled, UpdateViewType should not be specified',
      );
    }
  } else {
    if (enabled && !viewType) {
      throw validationError(
        'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required',
      );
    }
    if (!enabled && viewType) {
      throw validationError(
        'One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified',
      );
    }
  }
  return { enabled, viewType };
}

export function createTable(database: Database, request: Request): Record<string, unknown> {
  const constraints = new Constraints()
    .notNull(request.AttributeDefinitions, 'attributeDefinitions')
    .name(request.TableName, 'tableName');
  checkKeySchemaShape(constraints, request.KeySchema, 'keySchema');
  constraints
    .oneOf(request.BillingMode, BILLING_MODES, 'billingMode')
    .oneOf(request.TableClass, TABLE_CLASSES, 'tableClass');
  checkThroughputShape(constraints, request.ProvisionedThroughput, 'provisionedThroughput');
  if (Array.isArray(request.AttributeDefinitions)) {
    request.AttributeDefinitions.forEach((raw: unknown, position) => {
      const attribute = raw as { AttributeName?: unknown; AttributeType?: unknown };
      const at = `attributeDefinitions.${position + 1}.member`;
      constraints
        .notNull(attribute?.AttributeName, `${at}.attributeName`)
        .notNull(attribute?.AttributeType, `${at}.attributeType`)
        .oneOf(attribute?.AttributeType, KEY_TYPES, `${at}.attributeType`);
    });
  }
  checkIndexShapes(constraints, request.LocalSecondaryIndexes, 'localSecondaryIndexes', false);
  checkIndexShapes(constraints, request.GlobalSecondaryIndexes, 'globalSecondaryIndexes', true);
  constraints.check();

  const billingMode = (request.BillingMode as BillingMode | undefined) ?? 'PROVISIONED';
  const throughput = throughputOf(request.ProvisionedThroughput);
  if (billingMode === 'PAY_PER_REQUEST' && throughput) {
    throw validationError(
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }
  if (billingMode === 'PROVISIONED' && !throughput) {
    throw validationError(
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  }

  const rawDefinitions = request.AttributeDefinitions as Array<{
    AttributeName: string;
    AttributeType: KeyType;
  }>;
  const definitions = new Map<string, KeyType>();
  for (const { AttributeName, AttributeType } of rawDefinitions) {
    if (definitions.has(AttributeName))
      throw validationError(`Attribute Name is duplicated: ${AttributeName}`);
    definitions.set(AttributeName, AttributeType);
  }
  const elements = request.KeySchema as KeySchemaElement[];
  const keys = elements.map((element) => String(element.AttributeName));
  if (keys.length > definitions.size)
    throw validationError('Invalid KeySchema: Some index key attribute have no definition');
  if (keys.some((key) => !definitions.has(key)))
    throw validationError(undefinedKeysMessage(keys, definitions));
  const schema = schemaChecks(elements, definitions);

  const rawLocal = request.LocalSecondaryIndexes as Array<Record<string, unknown>> | undefined;
  const rawGlobal = request.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined;
  if (!rawLocal && !rawGlobal && keys.length !== definitions.size) {
    throw validationError(
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  }
  const createdAt = database.now();
  const names = new Set<string>();
  const localIndexes: IndexDefinition[] = [];
  if (rawLocal) {
    if (rawLocal.length === 0)
      throw validationError(
        'One or more parameter values were invalid: List of LocalSecondaryIndexes is empty',
      );
    if (!schema.sort) {
      throw validationError(
        'One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex',
      );
    }
    for (const raw of rawLocal) {
      const index = indexDefinition(raw, 'local', definitions, billingMode, createdAt);
      if (!index.schema.sort) {
        throw validationError(
          `One or more parameter values were invalid: Index KeySchema does not have a range key for index: ${index.name}`,
        );
      }
      if (index.schema.partition.name !== schema.partition.name) {
        throw validationError(
          `One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.name}. index hash key: ${index.schema.partition.name}, table hash key: ${schema.partition.name}`,
        );
      }
      if (names.has(index.name))
        throw validationError(
          `One or more parameter values were invalid: Duplicate index name: ${index.name}`,
        );
      names.add(index.name);
      localIndexes.push(index);
    }
    if (localIndexes.length > MAX_LOCAL_INDEXES) {
      throw validationError(
        `One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LOCAL_INDEXES}`,
      );
    }
  }
  const globalIndexes: IndexDefinition[] = [];
  if (rawGlobal) {
    if (rawGlobal.length === 0)
      throw validationError(
        'One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty',
      );
    for (const raw of rawGlobal) {
      const index = indexDefinition(raw, 'global', definitions, billingMode, createdAt);
      if (names.has(index.name))
        throw validationError(
          `One or more parameter values were invalid: Duplicate index name: ${index.name}`,
        );
      names.add(index.name);
      globalIndexes.push(index);
    }
    if (globalIndexes.length > MAX_GLOBAL_INDEXES) {
      throw validationError(
        `One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`,
      );
    }
  }
  if (rawLocal || rawGlobal) {
    const used = new Set([
      ...keys,
      ...[...localIndexes, ...globalIndexes].flatMap((index) => keyNamesOf(index.schema)),
    ]);
    if ([...definitions.keys()].some((name) => !used.has(name))) {
      throw validationError(
        `One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [${[...definitions.keys()].join(', ')}], keys used: [${[...used].join(', ')}]`,
      );
    }
  }
  const stream = streamSpecification(request.StreamSpecification, 'CreateTable');
  const tags = parseTags(request.Tags);

  const name = String(request.TableName);
  if (database.tables.has(name)) throw resourceInUse(`Table already exists: ${name}`);

  const definition: TableDefinition = {
    name,
    id: database.context.uuid(),
    createdAt,
    attributeDefinitions: rawDefinitions.map(({ AttributeName, AttributeType }) => ({
      AttributeName,
      AttributeType,
    })),
    schema,
    billingMode,
    throughput: throughput ?? { read: 0, write: 0 },
    globalIndexes,
    localIndexes,
    deletionProtection: request.DeletionProtectionEnabled === true,
    tableClass: (request.TableClass as TableClass | undefined) ?? 'STANDARD',
    tags,
  };
  if (billingMode === 'PAY_PER_REQUEST') definition.lastUpdateToPayPerRequestAt = createdAt;
  const table = new Table(definition);
  database.tables.set(name, table);
  if (stream?.enabled) database.openStream(table, stream.viewType!);
  database.changed(`table.${name}`, { operation: 'CreateTable' });
  return { TableDescription: describe(database, table, 'CREATING') };
}

function keyNamesOf(schema: KeySchema): string[] {
  return schema.sort ? [schema.partition.name, schema.sort.name] : [schema.partition.name];
}

function parseTags(value: unknown): Array<{ Key: string; Value: string }> {
  if (!Array.isArray(value)) return [];
  return value.map((tag) => {
    const { Key, Value } = (tag ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof Key !== 'string' || Key.length === 0)
      throw validationError(`The Tag Key provided is invalid, Key: ${String(Key)}`);
    if (typeof Value !== 'string')
      throw validationError(`The Tag Value provided is invalid, Value: ${String(Value ?? null)}`);
    return { Key, Value };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Describe, list, delete

function namedTable(database: Database, request: Request): Table {
  new Constraints().name(request.TableName, 'tableName', { arn: true }).check();
  const name = String(request.TableName);
  const table = database.tables.get(name.startsWith('arn:') ? name.slice(name.lastIndexOf('/') + 1) : name);
  if (!table) throw tableNotFound(name);
  database.expire(table);
  return table;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Update

export function updateTable(database: Database, request: Request): Record<string, unknown> {
  const constraints = new Constraints()
    .name(request.TableName, 'tableName', { arn: true })
    .oneOf(request.BillingMode, BILLING_MODES, 'billingMode')
    .oneOf(request.TableClass, TABLE_CLASSES, 'tableClass');
  checkThroughputShape(constraints, request.ProvisionedThroughput, 'provisionedThroughput');
  constraints.check();
  const updates = request.GlobalSecondaryIndexUpdates;
  const anything = [
    'ProvisionedThroughput',
    'BillingMode',
    'StreamSpecification',
    'GlobalSecondaryIndexUpdates',
    'SSESpecification',
    'ReplicaUpdates',
    'DeletionProtectionEnabled',
    'OnDemandThroughput',
    'WarmThroughput',
    'TableClass',
  ].some((name) => request[name] !== undefined && request[name] !== null);
  if (!anything) {
    throw validationError(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required',
    );
  }
  const others = [
    'ProvisionedThroughput',
    'BillingMode',
    'StreamSpecification',
    'GlobalSecondaryIndexUpdates',
  ].some((name) => request[name] !== undefined && request[name] !== null);
  if (request.DeletionProtectionEnabled !== undefined && (others || request.TableClass !== undefined)) {
    throw validationError(
      'One or more parameter values were invalid: DeletionProtection modification must be the only operation in the request',
    );
  }
  if (request.TableClass !== undefined && others) {
    throw validationError(
      'One or more parameter values were invalid: TableClass modification must be the only operation in the request',
    );
  }
  const stream = streamSpecification(request.StreamSpecification, 'UpdateTable');
  if (stream && Array.isArray(updates) && updates.length > 0) {
    throw validationError(
      'One or more parameter values were invalid: You cannot create or delete index while changing stream status',
    );
  }
  const table = namedTable(database, request);
  const definition = table.definition;

  // Billing mode and throughput.
  const billingMode = (request.BillingMode as BillingMode | undefined) ?? definition.billingMode;
  const throughput = throughputOf(request.ProvisionedThroughput);
  if (billingMode === 'PAY_PER_REQUEST' && throughput) {
    throw validationError(
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }
  if (billingMode === 'PROVISIONED' && definition.billingMode === 'PAY_PER_REQUEST' && !throughput) {
    throw validationError(
      'One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
    );
  }
  if (
    throughput &&
    definition.billingMode === 'PROVISIONED' &&
    billingMode === 'PROVISIONED' &&
    throughput.read === definition.throughput.read &&
    throughput.write === definition.throughput.write
  ) {
    throw validationError(
      `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${definition.throughput.read}. Requested ReadCapacityUnits: ${throughput.read}. Current WriteCapacityUnits provisioned for the table: ${definition.throughput.write}. Requested WriteCapacityUnits: ${throughput.write}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }

  // Stream.
  if (stream) {
    if (stream.enabled && definition.stream)
      throw validationError(`Table already has an enabled stream: TableName: ${definition.name}`);
    if (!stream.enabled && !definition.stream)
      throw validationError(`Table has no stream to disable: TableName: ${definition.name}`);
  }

  // Index updates: check them all before changing anything.
  const plan = planIndexUpdates(table, request, billingMode, database.now());

  // Apply.
  if (billingMode !== definition.billingMode) {
    definition.billingMode = billingMode;
    if (billingMode === 'PAY_PER_REQUEST') {
      definition.lastUpdateToPayPerRequestAt = database.now();
      for (const index of definition.globalIndexes) delete index.throughput;
    } else {
      for (const index of definition.globalIndexes) index.throughput ??= { ...throughput! };
    }
  }
  if (throughput) definition.throughput = throughput;
  if (billingMode === 'PAY_PER_REQUEST') definition.throughput = { read: 0, write: 0 };
  if (stream?.enabled) database.openStream(table, stream.viewType!);
  if (stream && !stream.enabled) {
    table.stream?.disable(database.now());
    table.stream = undefined;
    delete definition.stream;
  }
  if (typeof request.DeletionProtectionEnabled === 'boolean')
    definition.deletionProtection = request.DeletionProtectionEnabled;
  if (typeof request.TableClass === 'string') definition.tableClass = request.TableClass as TableClass;
  for (const update of plan.updates) {
    const index = definition.globalIndexes.find((candidate) => candidate.name === update.name)!;
    index.throughput = update.throughput;
  }
  if (plan.create) {
    for (const attribute of plan.newDefinitions) definition.attributeDefinitions.push(attribute);
    definition.globalIndexes.push(plan.create);
    table.addIndex(plan.create);
  }
  if (plan.remove) {
    definition.globalIndexes = definition.globalIndexes.filter((index) => index.name !== plan.remove);
    table.removeIndex(plan.remove);
    const used = new Set([
      ...keyNamesOf(definition.schema),
      ...[...definition.localIndexes, ...definition.globalIndexes].flatMap((index) =>
        keyNamesOf(index.schema),
      ),
    ]);
    definition.attributeDefinitions = definition.attributeDefinitions.filter((attribute) =>
      used.has(attribute.AttributeName),
    );
  }
  database.changed(`table.${definition.name}`, { operation: 'UpdateTable' });
  return { TableDescription: describe(database, table, 'UPDATING', plan.create?.name) };
}

interface IndexPlan {
  create?: IndexDefinition;
  newDefinitions: Array<{ AttributeName: string; AttributeType: KeyType }>;
  remove?: string;
  updates: Array<{ name: string; throughput: Throughput }>;
}

function planIndexUpdates(table: Table, request: Request, billingMode: BillingMode, now: number): IndexPlan {
  const plan: IndexPlan = { newDefinitions: [], updates: [] };
  const updates = request.GlobalSecondaryIndexUpdates;
  if (updates === undefined || updates === null) return plan;
  if (!Array.isArray(updates) || updates.length === 0) {
    throw validationError(
      'One or more parameter values were invalid: List of GlobalSecondaryIndexUpdates is empty',
    );
  }
  const definition = table.definition;
  const touched = new Set<string>();
  let structural = 0;
  for (const raw of updates) {
    if (!isRecord(raw)) throw validationError('Invalid GlobalSecondaryIndexUpdate');
    const actions = ['Create', 'Update', 'Delete'].filter(
      (action) => raw[action] !== undefined && raw[action] !== null,
    );
    if (actions.length === 0) {
      throw validationError(
        'One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null',
      );
    }
    if (actions.length > 1) {
      throw validationError(
        'One or more parameter values were invalid: Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object',
      );
    }
    const body = raw[actions[0]!] as Record<string, unknown>;
    const name = String(body.IndexName);
    if (touched.has(name)) {
      throw validationError(
        `One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: ${name}`,
      );
    }
    touched.add(name);
    const existing = definition.globalIndexes.find((index) => index.name === name);
    switch (actions[0]) {
      case 'Create': {
        structural++;
        const constraints = new Constraints().name(
          body.IndexName,
          'globalSecondaryIndexUpdates.1.member.create.indexName',
        );
        checkKeySchemaShape(
          constraints,
          body.KeySchema,
          'globalSecondaryIndexUpdates.1.member.create.keySchema',
        );
        checkProjectionShape(constraints, body.Projection, 'globalSecondaryIndexUpdates.1.member.create');
        constraints.check();
        if (existing || definition.localIndexes.some((index) => index.name === name)) {
          throw validationError('Attempting to create an index which already exists');
        }
        const definitions = new Map<string, KeyType>(
          definition.attributeDefinitions.map((attribute) => [
            attribute.AttributeName,
            attribute.AttributeType,
          ]),
        );
        const requested = Array.isArray(request.AttributeDefinitions)
          ? (request.AttributeDefinitions as Array<{ AttributeName: string; AttributeType: KeyType }>)
          : [];
        for (const attribute of requested) {
          const known = definitions.get(attribute.AttributeName);
          if (known === undefined) {
            definitions.set(attribute.AttributeName, attribute.AttributeType);
            plan.newDefinitions.push({
              AttributeName: attribute.AttributeName,
              AttributeType: attribute.AttributeType,
            });
          }
        }
        const keys = (body.KeySchema as KeySchemaElement[]).map((element) => String(element.AttributeName));
        if (keys.some((key) => !definitions.has(key))) {
          throw validationError(
            `One or more parameter values were invalid: AttributeDefinitions is not specified for index: ${name}`,
          );
        }
        plan.create = indexDefinition(body, 'global', definitions, billingMode, now);
        break;
      }
      case 'Delete':
        structural++;
        if (!existing) {
          if (definition.localIndexes.some((index) => index.name === name)) {
            throw validationError(`Cannot delete an index that is not a GlobalSecondaryIndex: ${name}`);
          }
          throw resourceNotFound(`Requested resource not found: Index: ${name} not found`);
        }
        plan.remove = name;
        break;
      case 'Update': {
        if (!existing) {
          if (definition.localIndexes.some((index) => index.name === name)) {
            throw validationError(`Cannot update an index that is not a GlobalSecondaryIndex: ${name}`);
          }
          throw resourceNotFound(`Requested resource not found: Index: ${name} not found`);
        }
        const throughput = throughputOf(body.ProvisionedThroughput);
        if (billingMode === 'PAY_PER_REQUEST') {
          throw validationError(
            `One or more parameter values were invalid: The only Updates for index: ${name} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
          );
        }
        if (!throughput) {
          throw validationError(
            `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${name}`,
          );
        }
        plan.updates.push({ name, throughput });
        break;
      }
    }
  }
  if (structural > 1) {
    throw limitExceeded(
      'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
  }
  if (plan.create && definition.globalIndexes.length >= MAX_GLOBAL_INDEXES) {
    throw limitExceeded(
      `Subscriber limit exceeded: GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`,
    );
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Small calls

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
