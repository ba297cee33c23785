/**
 * TransactWriteItems and TransactGetItems ("Amazon DynamoDB Transactions: how it works"): up to 100 actions on
 * distinct items, all or nothing. Every condition is evaluated and every new item computed against the state
 * before the transaction; if any fails, nothing is written and TransactionCanceledException lists a reason per
 * action, in order (`None` for those that would have succeeded). A ClientRequestToken makes a repeat within
 * 10 minutes a no-op that succeeds again; the same token with other parameters is rejected.
 */
import { CapacityMeter, capacityMode, readUnits } from './capacity';
import type { Database } from './database';
import { CONDITIONAL_CHECK_FAILED, DynamoDbError, validationError } from './errors';
import { parseExpressions } from './expressions';
import { primaryKeyString, validateKey } from './keys';
import { projectItem } from './paths';
import { attributeMapParameter, Constraints, isRecord, type Request } from './requests';
import { itemSize, type AttributeMap } from './values';
import {
  checkWrite,
  computeWrite,
  prepareConditionCheck,
  prepareDelete,
  preparePut,
  prepareUpdate,
  type PreparedWrite,
} from './writes';

export const TRANSACTION_LIMIT = 100;
const TOKEN_WINDOW_MS = 10 * 60 * 1000;

const WRITE_KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

function checkTransactItems(request: Request): unknown[] {
  new Constraints()
    .notNull(request.TransactItems, 'transactItems')
    .lengthBetween(request.TransactItems, 1, TRANSACTION_LIMIT, 'transactItems')
    .oneOf(request.ReturnConsumedCapacity, ['INDEXES', 'TOTAL', 'NONE'], 'returnConsumedCapacity')
    .check();
  if (!Array.isArray(request.TransactItems)) throw validationError('TransactItems must be a list');
  return request.TransactItems;
}

export function transactWriteItems(database: Database, request: Request): Record<string, unknown> {
  const items = checkTransactItems(request);
  new Constraints()
    .lengthBetween(request.ClientRequestToken, 1, 36, 'clientRequestToken')
    .oneOf(request.ReturnItemCollectionMetrics, ['SIZE', 'NONE'], 'returnItemCollectionMetrics')
    .check();

  const writes: PreparedWrite[] = items.map((entry) => {
    if (!isRecord(entry)) throw validationError('Invalid TransactWriteItem');
    const kinds = WRITE_KINDS.filter((kind) => entry[kind] !== undefined && entry[kind] !== null);
    if (kinds.length !== 1) {
      throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const kind = kinds[0]!;
    const body = entry[kind] as Request;
    switch (kind) {
      case 'Put':
        return preparePut(database, body);
      case 'Delete':
        return prepareDelete(database, body);
      case 'Update':
        return prepareUpdate(database, body);
      case 'ConditionCheck':
        return prepareConditionCheck(database, body);
    }
  });
  const targets = new Set<string>();
  for (const write of writes) {
    const target = `${write.table.name}\u0000${write.keyString}`;
    if (targets.has(target))
      throw validationError('Transaction request cannot include multiple operations on one item');
    targets.add(target);
  }

  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity), 2);
  const token = typeof request.ClientRequestToken === 'string' ? request.ClientRequestToken : undefined;
  if (token !== undefined) {
    pruneTokens(database);
    const fingerprint = JSON.stringify(request.TransactItems);
    const seen = database.transactionTokens.get(token);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw new DynamoDbError(
          'IdempotentParameterMismatchException',
          'The request uses the same client token as a previous, but non-identical request.',
        );
      }
      // A repeat of a transaction that already succeeded: nothing is written again.
      for (const write of writes)
        meter.conditionWrite(write.table.name, write.table.items.get(write.keyString));
      return respond(meter);
    }
  }

  const reasons: Array<Record<string, unknown>> = [];
  const results: Array<{
    write: PreparedWrite;
    existing: AttributeMap | undefined;
    next: AttributeMap | undefined;
  }> = [];
  let cancelled = false;
  for (const write of writes) {
    const existing = write.table.items.get(write.keyString);
    if (!checkWrite(write, existing)) {
      cancelled = true;
      const reason: Record<string, unknown> = {
        Code: 'ConditionalCheckFailed',
        Message: CONDITIONAL_CHECK_FAILED,
      };
      if (write.returnOldOnFailure && existing) reason.Item = existing;
      reasons.push(reason);
      continue;
    }
    try {
      results.push({ write, existing, next: computeWrite(write, existing) });
      reasons.push({ Code: 'None' });
    } catch (error) {
      if (!(error instanceof DynamoDbError) || error.type !== 'ValidationException') throw error;
      cancelled = true;
      reasons.push({ Code: 'ValidationError', Message: error.message });
    }
  }
  if (cancelled) {
    throw new DynamoDbError(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
      { CancellationReasons: reasons },
    );
  }
  for (const { write, existing, next } of results) {
    if (write.kind === 'ConditionCheck') {
      meter.conditionWrite(write.table.name, existing);
      continue;
    }
    meter.write(write.table, existing, next);
    if (existing === undefined && next === undefined) continue;
    write.table.write(write.key, next);
    database.changed(`table.${write.table.name}.item`, {
      key: write.key,
      eventName: existing === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY',
    });
  }
  if (token !== undefined) {
    database.transactionTokens.set(token, {
      fingerprint: JSON.stringify(request.TransactItems),
      at: database.now(),
    });
  }
  return respond(meter);
}

function respond(meter: CapacityMeter): Record<string, unknown> {
  const response: Record<string, unknown> = {};
  if (meter.enabled) response.ConsumedCapacity = meter.entries();
  return response;
}

function pruneTokens(database: Database): void {
  const cutoff = database.now() - TOKEN_WINDOW_MS;
  for (const [token, record] of database.transactionTokens) {
    if (record.at < cutoff) database.transactionTokens.delete(token);
  }
}

export function transactGetItems(database: Database, request: Request): Record<string, unknown> {
  const items = checkTransactItems(request);
  const gets = items.map((entry) => {
    if (!isRecord(entry) || !isRecord(entry.Get)) {
      throw validationError('TransactItems can only contain Get');
    }
    const body = entry.Get;
    new Constraints().name(body.TableName, 'tableName', { arn: true }).notNull(body.Key, 'key').check();
    const key = attributeMapParameter(body.Key);
    const parsed = parseExpressions(body, ['ProjectionExpression']);
    const table = database.table(body.TableName);
    validateKey(key, table.schema);
    return { table, key, projection: parsed.projection, keyString: primaryKeyString(key, table.schema) };
  });
  const targets = new Set<string>();
  for (const get of gets) {
    const target = `${get.table.name}\u0000${get.keyString}`;
    if (targets.has(target))
      throw validationError('Transaction request cannot include multiple operations on one item');
    targets.add(target);
  }
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity), 2);
  const responses = gets.map(({ table, keyString, projection }) => {
    const item = table.items.get(keyString);
    meter.read(table.name, readUnits(item ? itemSize(item) : 0, true));
    if (!item) return {};
    return { Item: projection ? projectItem(item, projection) : item };
  });
  const response: Record<string, unknown> = { Responses: responses };
  if (meter.enabled) response.ConsumedCapacity = meter.entries();
  return response;
}
