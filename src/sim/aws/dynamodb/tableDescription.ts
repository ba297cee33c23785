/** DescribeTable's TableDescription of a table, as CreateTable, UpdateTable, DeleteTable and the console show it. */
import type { Database } from './database';
import type { KeySchema } from './keys';
import type { IndexDefinition, Table, Throughput } from './table';

export type Status = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

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
