/**
 * CreateTable. The table is usable as soon as the call returns; the response says CREATING, as AWS's does, and
 * the next DescribeTable says ACTIVE (real tables take seconds; nothing here models the wait).
 */
import type { Database } from './database';
import { resourceInUse, validationError } from './errors';
import type { KeyType } from './keys';
import { Constraints, type Request } from './requests';
import {
  Table,
  type BillingMode,
  type IndexDefinition,
  type TableClass,
  type TableDefinition,
} from './table';
import { describe } from './tableDescription';
import {
  BILLING_MODES,
  checkIndexShapes,
  checkKeySchemaShape,
  checkThroughputShape,
  indexDefinition,
  KEY_TYPES,
  keyNamesOf,
  MAX_GLOBAL_INDEXES,
  MAX_LOCAL_INDEXES,
  parseTags,
  schemaChecks,
  streamSpecification,
  TABLE_CLASSES,
  throughputOf,
  undefinedKeysMessage,
  type KeySchemaElement,
} from './tableSpecification';

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
