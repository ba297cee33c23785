/**
 * BatchGetItem (up to 100 keys, 16 MB per response; keys left over come back in UnprocessedKeys) and
 * BatchWriteItem (up to 25 puts and deletes, no conditions; the whole request is validated before anything is
 * written). The simulated service never throttles, so UnprocessedItems is always empty.
 */
import { CapacityMeter, capacityMode, readUnits } from './capacity';
import type { Database } from './database';
import { DynamoDbError, validationError } from './errors';
import { readExpressions } from './requestExpressions';
import { validateKey } from './keys';
import { projectItem } from './paths';
import { attributeMapParameter, Constraints, isRecord, type Request } from './requests';
import { itemSize, type AttributeMap } from './values';
import { computeWrite, preparePut, prepareDelete, type PreparedWrite } from './writes';

export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;
/** BatchGetItem returns at most 16 MB. */
const BATCH_GET_BYTES = 16 * 1024 * 1024;

export function batchGetItem(database: Database, request: Request): Record<string, unknown> {
  new Constraints()
    .notNull(request.RequestItems, 'requestItems')
    .oneOf(request.ReturnConsumedCapacity, ['INDEXES', 'TOTAL', 'NONE'], 'returnConsumedCapacity')
    .check();
  if (!isRecord(request.RequestItems)) throw validationError('RequestItems must be a map');
  const requestItems = request.RequestItems;
  const constraints = new Constraints().lengthBetween(requestItems, 1, 100, 'requestItems');
  for (const [name, keysAndAttributes] of Object.entries(requestItems)) {
    constraints.name(name, 'requestItems.member.key', { arn: true });
    if (isRecord(keysAndAttributes)) {
      constraints.notNull(keysAndAttributes.Keys, `requestItems.${name}.member.keys`);
      constraints.lengthBetween(keysAndAttributes.Keys, 1, 100, `requestItems.${name}.member.keys`);
    }
  }
  constraints.check();

  let total = 0;
  const plans: Array<{
    name: string;
    keys: AttributeMap[];
    spec: Request;
    projection?: ReturnType<typeof readExpressions>['projection'];
  }> = [];
  for (const [name, value] of Object.entries(requestItems)) {
    const spec = value as Request;
    const parsed = readExpressions(spec, 'GetItem');
    const keys = (spec.Keys as unknown[]).map((key) => attributeMapParameter(key));
    const seen = new Set<string>();
    for (const key of keys) {
      const text = JSON.stringify(
        Object.keys(key)
          .sort()
          .map((attribute) => [attribute, key[attribute]]),
      );
      if (seen.has(text)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(text);
      total++;
      if (total > BATCH_GET_LIMIT)
        throw validationError('Too many items requested for the BatchGetItem call');
    }
    plans.push({ name, keys, spec, projection: parsed.projection });
  }

  const tables = plans.map((plan) => {
    const table = database.table(plan.name);
    for (const key of plan.keys) validateKey(key, table.schema);
    return table;
  });

  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  const responses: Record<string, AttributeMap[]> = {};
  const unprocessed: Record<string, Request> = {};
  let bytes = 0;
  plans.forEach((plan, position) => {
    const table = tables[position]!;
    const found: AttributeMap[] = [];
    responses[plan.name] = found;
    meter.touch(table.name);
    const consistent = plan.spec.ConsistentRead === true;
    plan.keys.forEach((key) => {
      if (bytes >= BATCH_GET_BYTES) {
        const left = (unprocessed[plan.name] ??= { ...plan.spec, Keys: [] });
        (left.Keys as AttributeMap[]).push(key);
        return;
      }
      const item = table.get(key);
      meter.read(table.name, readUnits(item ? itemSize(item) : 0, consistent));
      if (!item) return;
      const result = plan.projection ? projectItem(item, plan.projection) : item;
      bytes += itemSize(result);
      found.push(result);
    });
  });
  const response: Record<string, unknown> = { Responses: responses, UnprocessedKeys: unprocessed };
  if (meter.enabled) response.ConsumedCapacity = meter.entries();
  return response;
}

export function batchWriteItem(database: Database, request: Request): Record<string, unknown> {
  new Constraints()
    .notNull(request.RequestItems, 'requestItems')
    .oneOf(request.ReturnConsumedCapacity, ['INDEXES', 'TOTAL', 'NONE'], 'returnConsumedCapacity')
    .oneOf(request.ReturnItemCollectionMetrics, ['SIZE', 'NONE'], 'returnItemCollectionMetrics')
    .check();
  if (!isRecord(request.RequestItems)) throw validationError('RequestItems must be a map');
  const requestItems = request.RequestItems;
  const constraints = new Constraints().lengthBetween(requestItems, 1, 25, 'requestItems');
  const oversized = Object.values(requestItems).some(
    (list) => !Array.isArray(list) || list.length < 1 || list.length > BATCH_WRITE_LIMIT,
  );
  constraints.custom(
    mapForMessage(requestItems),
    'requestItems',
    oversized,
    'Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]',
  );
  for (const name of Object.keys(requestItems))
    constraints.name(name, 'requestItems.member.key', { arn: true });
  constraints.check();
  const count = Object.values(requestItems).reduce<number>(
    (sum, list) => sum + (list as unknown[]).length,
    0,
  );
  if (count > BATCH_WRITE_LIMIT)
    throw validationError('Too many items requested for the BatchWriteItem call');

  const writes: PreparedWrite[] = [];
  for (const [name, list] of Object.entries(requestItems)) {
    const seen = new Set<string>();
    for (const entry of list as unknown[]) {
      if (!isRecord(entry)) throw validationError('Invalid WriteRequest');
      const put = entry.PutRequest;
      const remove = entry.DeleteRequest;
      if ((put === undefined) === (remove === undefined)) {
        throw validationError(
          'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
        );
      }
      let write: PreparedWrite;
      try {
        write = isRecord(put)
          ? preparePut(database, { TableName: name, Item: put.Item })
          : prepareDelete(database, { TableName: name, Key: (remove as Request).Key });
      } catch (error) {
        // A batch reports key problems of its puts as a key/schema mismatch.
        if (error instanceof DynamoDbError && /Missing the key|Type mismatch for key/.test(error.message)) {
          throw validationError('The provided key element does not match the schema');
        }
        throw error;
      }
      if (seen.has(write.keyString)) throw validationError('Provided list of item keys contains duplicates');
      seen.add(write.keyString);
      writes.push(write);
    }
  }

  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  for (const write of writes) {
    const existing = write.table.items.get(write.keyString);
    const next = computeWrite(write, existing);
    meter.write(write.table, existing, next);
    if (existing === undefined && next === undefined) continue;
    write.table.write(write.key, next);
    database.changed(`table.${write.table.name}.item`, {
      key: write.key,
      eventName: existing === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY',
    });
  }
  const response: Record<string, unknown> = { UnprocessedItems: {} };
  if (meter.enabled) response.ConsumedCapacity = meter.entries();
  return response;
}

/** DynamoDB renders the map in the message as Java would (`{Orders=[…]}`); a compact stand-in keeps it readable. */
function mapForMessage(requestItems: Record<string, unknown>): string {
  return `{${Object.entries(requestItems)
    .map(([name, list]) => `${name}=[${Array.isArray(list) ? `${list.length} write requests` : ''}]`)
    .join(', ')}}`;
}
