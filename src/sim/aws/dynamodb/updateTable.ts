/**
 * UpdateTable: billing mode, throughput, one GSI create or delete per call (backfilled at once), GSI throughput,
 * the stream, deletion protection and table class. The response says UPDATING (a new GSI: CREATING with
 * Backfilling), as AWS's does; the change is complete when the call returns.
 */
import type { Database } from './database';
import { limitExceeded, resourceNotFound, validationError } from './errors';
import type { KeyType } from './keys';
import { Constraints, isRecord, type Request } from './requests';
import type { BillingMode, IndexDefinition, Table, TableClass, Throughput } from './table';
import { describe } from './tableDescription';
import {
  BILLING_MODES,
  checkKeySchemaShape,
  checkProjectionShape,
  checkThroughputShape,
  indexDefinition,
  keyNamesOf,
  MAX_GLOBAL_INDEXES,
  namedTable,
  streamSpecification,
  TABLE_CLASSES,
  throughputOf,
  type KeySchemaElement,
} from './tableSpecification';

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
