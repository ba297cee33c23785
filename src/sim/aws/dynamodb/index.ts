/** Public API of the simulated DynamoDB (see README.md). */
export { createDynamoDb, DynamoDb } from './dynamodb';
export type { DynamoDbOperation, ItemPage, TableView } from './dynamodb';
export { DynamoDbError } from './errors';
export { STREAM_RETENTION_MS, STREAM_VIEW_TYPES, TableStream } from './streams';
export type { ShardDescription, StreamListener, StreamRecord, StreamViewType } from './streams';
export type { KeySchema, KeyType } from './keys';
export { itemSize } from './values';
export type { AttributeMap, AttributeValue } from './values';
export type { DynamoDbSnapshot } from './snapshot';
export { MAX_ITEM_SIZE } from './writes';
export { PAGE_LIMIT_BYTES } from './queryScan';
