/**
 * One item write in three phases, shared by PutItem/UpdateItem/DeleteItem, BatchWriteItem and
 * TransactWriteItems: `prepare` validates the request (ValidationException, ResourceNotFoundException), `check`
 * evaluates its condition against the stored item, `compute` produces the item to store (and may still fail
 * with ValidationException: wrong operand types, the 400 KB limit). A transaction runs every check and compute
 * before it stores anything.
 */
import { evaluateCondition } from './conditions';
import type { Database } from './database';
import { validationError } from './errors';
import type { ConditionNode, UpdateAction } from './expressions';
import { applyAttributeUpdates, type AttributeUpdates } from './legacy';
import { readExpressions, type ExpressionOperation } from './requestExpressions';
import { keyNames, primaryKeyString, validateIndexKeys, validateItemKeys, validateKey } from './keys';
import { attributeMapParameter, Constraints, type Request } from './requests';
import type { Table } from './table';
import { applyUpdate } from './updates';
import { storedItemSize, typeOf, type AttributeMap, type AttributeValue } from './values';

/** 400 KB, binary units ("Quotas in Amazon DynamoDB": item size). */
export const MAX_ITEM_SIZE = 400 * 1024;

export type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

export interface PreparedWrite {
  kind: WriteKind;
  table: Table;
  key: AttributeMap;
  keyString: string;
  condition?: ConditionNode;
  item?: AttributeMap;
  update?: UpdateAction[];
  /** The legacy form of an update. */
  attributeUpdates?: AttributeUpdates;
  /** ReturnValuesOnConditionCheckFailure: ALL_OLD. */
  returnOldOnFailure: boolean;
}

function returnOldOnFailure(request: Request): boolean {
  new Constraints()
    .oneOf(
      request.ReturnValuesOnConditionCheckFailure,
      ['ALL_OLD', 'NONE'],
      'returnValuesOnConditionCheckFailure',
    )
    .check();
  return request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
}

export function preparePut(database: Database, request: Request): PreparedWrite {
  new Constraints().name(request.TableName, 'tableName', { arn: true }).notNull(request.Item, 'item').check();
  const item = attributeMapParameter(request.Item);
  // The item is stored as it is: its size, measured once here, is the one the table and Query use.
  if (storedItemSize(item) > MAX_ITEM_SIZE)
    throw validationError('Item size has exceeded the maximum allowed size');
  const parsed = readExpressions(request, 'PutItem');
  const onFailure = returnOldOnFailure(request);
  const table = database.table(request.TableName);
  validateItemKeys(item, table.schema, table.indexKeyChecks());
  const key: AttributeMap = {};
  for (const name of keyNames(table.schema)) key[name] = item[name]!;
  return {
    kind: 'Put',
    table,
    key,
    keyString: primaryKeyString(item, table.schema),
    condition: parsed.condition,
    item,
    returnOldOnFailure: onFailure,
  };
}

function prepareKeyed(database: Database, request: Request, operation: ExpressionOperation) {
  new Constraints().name(request.TableName, 'tableName', { arn: true }).notNull(request.Key, 'key').check();
  const key = attributeMapParameter(request.Key);
  const parsed = readExpressions(request, operation);
  const onFailure = returnOldOnFailure(request);
  const table = database.table(request.TableName);
  validateKey(key, table.schema);
  return { key, parsed, onFailure, table, keyString: primaryKeyString(key, table.schema) };
}

export function prepareDelete(database: Database, request: Request): PreparedWrite {
  const { key, parsed, onFailure, table, keyString } = prepareKeyed(database, request, 'DeleteItem');
  return {
    kind: 'Delete',
    table,
    key,
    keyString,
    condition: parsed.condition,
    returnOldOnFailure: onFailure,
  };
}

export function prepareConditionCheck(database: Database, request: Request): PreparedWrite {
  new Constraints().notNull(request.ConditionExpression, 'conditionExpression').check();
  const { key, parsed, onFailure, table, keyString } = prepareKeyed(database, request, 'ConditionCheck');
  return {
    kind: 'ConditionCheck',
    table,
    key,
    keyString,
    condition: parsed.condition,
    returnOldOnFailure: onFailure,
  };
}

export function prepareUpdate(database: Database, request: Request): PreparedWrite {
  const { key, parsed, onFailure, table, keyString } = prepareKeyed(database, request, 'UpdateItem');
  const actions = parsed.update ?? [];
  const legacy = parsed.attributeUpdates;
  // The legacy form reads as top-level SET/REMOVE actions for the key and index checks.
  const checked: UpdateAction[] = legacy
    ? Object.entries(legacy).map(([name, update]) =>
        update.Value !== undefined && (update.Action ?? 'PUT') === 'PUT'
          ? { type: 'set', path: [name], val: update.Value }
          : { type: 'remove', path: [name] },
      )
    : actions;
  const tableKeys = keyNames(table.schema);
  for (const name of tableKeys) {
    if (checked.some((action) => action.path[0] === name)) {
      throw validationError(
        `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
      );
    }
  }
  for (const { definition } of table.secondary.values()) {
    for (const name of keyNames(definition.schema)) {
      const type =
        name === definition.schema.partition.name
          ? definition.schema.partition.type
          : definition.schema.sort!.type;
      for (const action of checked) {
        if (action.path[0] !== name) continue;
        if (action.path.length > 1) {
          throw validationError(
            `Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ${name}`,
          );
        }
        const literal = action.type === 'set' ? literalType(action.val) : undefined;
        if (literal !== undefined && literal !== type) {
          throw validationError(
            `One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${type} Actual: ${literal} IndexName: ${definition.name}`,
          );
        }
      }
    }
  }
  return {
    kind: 'Update',
    table,
    key,
    keyString,
    condition: parsed.condition,
    update: actions,
    attributeUpdates: legacy,
    returnOldOnFailure: onFailure,
  };
}

function literalType(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if ((value as { type?: unknown }).type !== undefined) return undefined;
  return typeOf(value as AttributeValue);
}

/** The condition, against the item as stored now (absent: undefined). */
export function checkWrite(write: PreparedWrite, existing: AttributeMap | undefined): boolean {
  return write.condition === undefined || evaluateCondition(write.condition, existing);
}

/** The item to store after the write (undefined: delete; ConditionCheck: unchanged). */
export function computeWrite(
  write: PreparedWrite,
  existing: AttributeMap | undefined,
): AttributeMap | undefined {
  switch (write.kind) {
    case 'Put':
      return write.item;
    case 'Delete':
      return undefined;
    case 'ConditionCheck':
      return existing;
    case 'Update': {
      const next = write.attributeUpdates
        ? applyAttributeUpdates(write.attributeUpdates, existing ?? write.key)
        : applyUpdate(write.update ?? [], existing, existing ?? write.key);
      if (storedItemSize(next) > MAX_ITEM_SIZE)
        throw validationError('Item size to update has exceeded the maximum allowed size');
      validateIndexKeys(next, write.table.indexKeyChecks(), 'update');
      return next;
    }
  }
}
