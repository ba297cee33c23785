/** The parts of table specifications CreateTable and UpdateTable share: shapes, key schemas, indexes, streams, tags. */
import type { Database } from './database';
import { tableNotFound, validationError } from './errors';
import type { KeyAttribute, KeySchema, KeyType } from './keys';
import { Constraints, isRecord, type Request } from './requests';
import { STREAM_VIEW_TYPES, type StreamViewType } from './streams';
import type { BillingMode, IndexDefinition, ProjectionType, Table, Throughput } from './table';

export const KEY_TYPES = ['S', 'N', 'B'];
export const PROJECTION_TYPES = ['ALL', 'KEYS_ONLY', 'INCLUDE'];
export const BILLING_MODES = ['PROVISIONED', 'PAY_PER_REQUEST'];
export const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'];
export const MAX_LOCAL_INDEXES = 5;
export const MAX_GLOBAL_INDEXES = 20;

export interface KeySchemaElement {
  AttributeName?: unknown;
  KeyType?: unknown;
}

export function checkKeySchemaShape(constraints: Constraints, value: unknown, path: string): void {
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

export function checkProjectionShape(constraints: Constraints, value: unknown, path: string): void {
  constraints.notNull(value, `${path}.projection`);
  if (isRecord(value))
    constraints.oneOf(value.ProjectionType, PROJECTION_TYPES, `${path}.projection.projectionType`);
}

export function checkThroughputShape(constraints: Constraints, value: unknown, path: string): void {
  if (!isRecord(value)) return;
  constraints
    .notNull(value.ReadCapacityUnits, `${path}.readCapacityUnits`)
    .atLeast(value.ReadCapacityUnits, 1, `${path}.readCapacityUnits`)
    .notNull(value.WriteCapacityUnits, `${path}.writeCapacityUnits`)
    .atLeast(value.WriteCapacityUnits, 1, `${path}.writeCapacityUnits`);
}

export function throughputOf(value: unknown): Throughput | undefined {
  if (!isRecord(value)) return undefined;
  return { read: Number(value.ReadCapacityUnits), write: Number(value.WriteCapacityUnits) };
}

export function schemaChecks(elements: KeySchemaElement[], definitions: Map<string, KeyType>): KeySchema {
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

export function undefinedKeysMessage(keys: string[], definitions: Map<string, KeyType>): string {
  return `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${[...definitions.keys()].join(', ')}]`;
}

export function indexDefinition(
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

export function checkIndexShapes(
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

export function streamSpecification(
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

export function keyNamesOf(schema: KeySchema): string[] {
  return schema.sort ? [schema.partition.name, schema.sort.name] : [schema.partition.name];
}

export function parseTags(value: unknown): Array<{ Key: string; Value: string }> {
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

export function namedTable(database: Database, request: Request): Table {
  new Constraints().name(request.TableName, 'tableName', { arn: true }).check();
  const name = String(request.TableName);
  const table = database.tables.get(name.startsWith('arn:') ? name.slice(name.lastIndexOf('/') + 1) : name);
  if (!table) throw tableNotFound(name);
  database.expire(table);
  return table;
}
