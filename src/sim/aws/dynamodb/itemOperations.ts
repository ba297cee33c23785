/** GetItem, PutItem, UpdateItem and DeleteItem. */
import { CapacityMeter, capacityMode, readUnits } from './capacity';
import type { Database } from './database';
import { conditionalCheckFailed, validationError } from './errors';
import type { DocumentPath } from './expressions';
import { validateKey } from './keys';
import { projectItem } from './paths';
import { readExpressions } from './requestExpressions';
import { attributeMapParameter, Constraints, type Request } from './requests';
import { storedItemSize, type AttributeMap } from './values';
import {
  checkWrite,
  computeWrite,
  prepareDelete,
  preparePut,
  prepareUpdate,
  type PreparedWrite,
} from './writes';

export function getItem(database: Database, request: Request): Record<string, unknown> {
  new Constraints()
    .name(request.TableName, 'tableName', { arn: true })
    .notNull(request.Key, 'key')
    .oneOf(request.ReturnConsumedCapacity, ['INDEXES', 'TOTAL', 'NONE'], 'returnConsumedCapacity')
    .check();
  const key = attributeMapParameter(request.Key);
  const parsed = readExpressions(request, 'GetItem');
  const table = database.table(request.TableName);
  validateKey(key, table.schema);
  const item = table.get(key);
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  meter.read(table.name, readUnits(item ? storedItemSize(item) : 0, request.ConsistentRead === true));
  const response: Record<string, unknown> = {};
  if (item) response.Item = parsed.projection ? projectItem(item, parsed.projection) : item;
  const capacity = meter.single(table.name);
  if (capacity) response.ConsumedCapacity = capacity;
  return response;
}

const PUT_RETURN_VALUES = ['NONE', 'ALL_OLD'];
const UPDATE_RETURN_VALUES = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'];

function checkCommon(
  request: Request,
  returnValues: readonly string[],
  operation: 'put' | 'update' | 'delete',
): void {
  new Constraints()
    .oneOf(request.ReturnValues, UPDATE_RETURN_VALUES, 'returnValues')
    .oneOf(request.ReturnConsumedCapacity, ['INDEXES', 'TOTAL', 'NONE'], 'returnConsumedCapacity')
    .oneOf(request.ReturnItemCollectionMetrics, ['SIZE', 'NONE'], 'returnItemCollectionMetrics')
    .check();
  if (
    operation !== 'update' &&
    request.ReturnValues !== undefined &&
    !returnValues.includes(request.ReturnValues as string)
  ) {
    throw validationError('ReturnValues can only be ALL_OLD or NONE');
  }
}

/**
 * Runs one prepared write: condition, new item, store. A failed condition still consumes write capacity and,
 * with ReturnValuesOnConditionCheckFailure ALL_OLD, carries the stored item in the exception.
 */
function runWrite(
  database: Database,
  write: PreparedWrite,
  meter: CapacityMeter,
): { old: AttributeMap | undefined; next: AttributeMap | undefined } {
  const existing = write.table.items.get(write.keyString);
  if (!checkWrite(write, existing)) {
    meter.conditionWrite(write.table.name, existing);
    throw conditionalCheckFailed(write.returnOldOnFailure ? existing : undefined);
  }
  const next = computeWrite(write, existing);
  meter.write(write.table, existing, next);
  if (existing !== undefined || next !== undefined) {
    write.table.write(write.key, next);
    database.changed(`table.${write.table.name}.item`, {
      key: write.key,
      eventName: existing === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY',
    });
  }
  return { old: existing, next };
}

function finish(
  response: Record<string, unknown>,
  meter: CapacityMeter,
  tableName: string,
): Record<string, unknown> {
  const capacity = meter.single(tableName);
  if (capacity) response.ConsumedCapacity = capacity;
  return response;
}

export function putItem(database: Database, request: Request): Record<string, unknown> {
  checkCommon(request, PUT_RETURN_VALUES, 'put');
  const write = preparePut(database, request);
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  const { old } = runWrite(database, write, meter);
  const response: Record<string, unknown> = {};
  if (request.ReturnValues === 'ALL_OLD' && old) response.Attributes = old;
  return finish(response, meter, write.table.name);
}

export function deleteItem(database: Database, request: Request): Record<string, unknown> {
  checkCommon(request, PUT_RETURN_VALUES, 'delete');
  const write = prepareDelete(database, request);
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  const { old } = runWrite(database, write, meter);
  const response: Record<string, unknown> = {};
  if (request.ReturnValues === 'ALL_OLD' && old) response.Attributes = old;
  return finish(response, meter, write.table.name);
}

export function updateItem(database: Database, request: Request): Record<string, unknown> {
  checkCommon(request, UPDATE_RETURN_VALUES, 'update');
  const write = prepareUpdate(database, request);
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  const { old, next } = runWrite(database, write, meter);
  const response: Record<string, unknown> = {};
  const paths: DocumentPath[] = write.attributeUpdates
    ? Object.keys(write.attributeUpdates).map((name) => [name])
    : (write.update ?? []).map((action) => action.path);
  let attributes: AttributeMap | undefined;
  switch (request.ReturnValues) {
    case 'ALL_OLD':
      attributes = old;
      break;
    case 'ALL_NEW':
      attributes = next;
      break;
    case 'UPDATED_OLD':
      attributes = old ? projectItem(old, paths) : undefined;
      break;
    case 'UPDATED_NEW':
      attributes = next ? projectItem(next, paths) : undefined;
      break;
  }
  if (attributes && Object.keys(attributes).length > 0) response.Attributes = attributes;
  return finish(response, meter, write.table.name);
}
