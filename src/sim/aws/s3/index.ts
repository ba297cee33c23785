export { createS3, S3Service } from './service';
export type {
  BucketSummary,
  NotificationDelivery,
  S3Options,
  S3QueueTarget,
  S3Requester,
  S3TopicTarget,
} from './service';
export { MAX_OBJECT_BYTES, MAX_LIST_KEYS, S3Error } from './model';
export type { ListInput, ListPage, ObjectInput, StoredBucket, StoredObject } from './model';
export { encodeEventKey } from './notifications';
export type { NotificationConfiguration, NotificationTarget, S3EventRecord } from './notifications';
