/**
 * The S3 data model: buckets and objects as bytes, listing in S3's order, and S3's errors as values the
 * REST-XML layer turns into its error documents. No HTTP here, so the console and lab checks can use it
 * directly and the protocol layer stays thin.
 */
import { checksumBase64, md5Hex, type ChecksumAlgorithm } from './checksums';
import { emptyNotificationConfiguration, type NotificationConfiguration } from './notifications';

/**
 * Largest object this simulation stores. S3 takes 5 GB in one PUT; the course keeps the whole account in the
 * browser (IndexedDB, JSON export), so objects are capped at 5 MiB and bigger uploads get S3's own
 * EntityTooLarge error.
 */
export const MAX_OBJECT_BYTES = 5 * 1024 * 1024;

/** S3 lists at most 1,000 keys per page ("ListObjectsV2", S3 API Reference). */
export const MAX_LIST_KEYS = 1000;

export class S3Error extends Error {
  readonly code: string;
  readonly statusCode: number;
  /** Extra elements of the error document (`Key`, `BucketName`, `Condition`…), in order. */
  readonly fields: Record<string, string>;

  constructor(code: string, message: string, statusCode: number, fields: Record<string, string> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
    this.fields = fields;
  }
}

export function noSuchBucket(bucket: string): S3Error {
  return new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
}

export function noSuchKey(key: string): S3Error {
  return new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
}

/** System metadata S3 stores with an object and returns on GET/HEAD. */
export type StoredHeader =
  'cache-control' | 'content-disposition' | 'content-encoding' | 'content-language' | 'expires';
export const STORED_HEADERS: readonly StoredHeader[] = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];

export interface StoredObject {
  key: string;
  body: Uint8Array;
  /** With the quotes, as S3 sends it: `"5d41402abc4b2a76b9719d911017c592"`. */
  etag: string;
  /** Epoch ms. */
  lastModified: number;
  contentType: string;
  /** User metadata (`x-amz-meta-*`), names in lower case without the prefix. */
  metadata: Record<string, string>;
  checksumAlgorithm: ChecksumAlgorithm;
  /** Base64, as in `x-amz-checksum-*`. */
  checksum: string;
  headers: Partial<Record<StoredHeader, string>>;
}

export interface StoredBucket {
  name: string;
  /** Epoch ms. */
  createdAt: number;
  region: string;
  objects: Map<string, StoredObject>;
  notification: NotificationConfiguration;
}

export interface ObjectInput {
  body: Uint8Array;
  contentType?: string;
  metadata?: Record<string, string>;
  /** A checksum the client sent and S3 has verified; otherwise S3 adds CRC64NVME. */
  checksumAlgorithm?: ChecksumAlgorithm;
  headers?: Partial<Record<StoredHeader, string>>;
}

/** Compare strings in UTF-8 byte order (= code point order), the order S3 lists keys in. */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP character in UTF-8, unlike in UTF-16.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** General purpose bucket naming rules ("Bucket naming rules", S3 User Guide). */
export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return 'must be between 3 and 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, numbers, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must begin and end with a letter or number';
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (IP_ADDRESS.test(name)) return 'must not be formatted as an IP address';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-'])
    if (name.startsWith(prefix)) return `must not start with ${prefix}`;
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'])
    if (name.endsWith(suffix)) return `must not end with ${suffix}`;
  return null;
}

export interface ListInput {
  prefix?: string;
  delimiter?: string;
  maxKeys?: number;
  /** Opaque token from a previous page. */
  continuationToken?: string;
  startAfter?: string;
}

export interface ListPage {
  contents: StoredObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
  /** The last key or common prefix returned (ListObjects v1 NextMarker). */
  lastEntry?: string;
}

interface ResumePoint {
  after: string;
  /** The page ended on a common prefix: skip every key under it. */
  skipPrefix: boolean;
}

function encodeToken(point: ResumePoint): string {
  const json = JSON.stringify([point.after, point.skipPrefix ? 1 : 0]);
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeToken(token: string): ResumePoint {
  try {
    const binary = atob(token);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(value) && typeof value[0] === 'string' && (value[1] === 0 || value[1] === 1))
      return { after: value[0], skipPrefix: value[1] === 1 };
  } catch {
    // fall through to S3's error
  }
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
    ArgumentName: 'continuation-token',
    ArgumentValue: token,
  });
}

export class S3Store {
  private readonly buckets = new Map<string, StoredBucket>();
  /** Sorted keys per bucket, rebuilt lazily after a key is added or removed. */
  private readonly sortedKeys = new Map<string, string[]>();

  constructor(private readonly now: () => number) {}

  bucketNames(): string[] {
    return [...this.buckets.keys()].sort(compareKeys);
  }

  bucket(name: string): StoredBucket | undefined {
    return this.buckets.get(name);
  }

  requireBucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  /** Returns false when the bucket already existed (S3 in us-east-1 answers 200 and changes nothing). */
  createBucket(name: string, region: string): boolean {
    const problem = bucketNameProblem(name);
    if (problem)
      throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
    if (this.buckets.has(name)) return false;
    this.buckets.set(name, {
      name,
      createdAt: this.now(),
      region,
      objects: new Map(),
      notification: emptyNotificationConfiguration(),
    });
    return true;
  }

  deleteBucket(name: string): void {
    const bucket = this.requireBucket(name);
    if (bucket.objects.size > 0)
      throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, {
        BucketName: name,
      });
    this.buckets.delete(name);
    this.sortedKeys.delete(name);
  }

  getObject(bucketName: string, key: string): StoredObject {
    const object = this.requireBucket(bucketName).objects.get(key);
    if (!object) throw noSuchKey(key);
    return object;
  }

  putObject(bucketName: string, key: string, input: ObjectInput): StoredObject {
    const bucket = this.requireBucket(bucketName);
    if (input.body.byteLength > MAX_OBJECT_BYTES)
      throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
        ProposedSize: String(input.body.byteLength),
        MaxSizeAllowed: String(MAX_OBJECT_BYTES),
      });
    const algorithm = input.checksumAlgorithm ?? 'CRC64NVME';
    const object: StoredObject = {
      key,
      body: input.body,
      etag: `"${md5Hex(input.body)}"`,
      lastModified: this.now(),
      contentType: input.contentType ?? 'application/octet-stream',
      metadata: { ...(input.metadata ?? {}) },
      checksumAlgorithm: algorithm,
      checksum: checksumBase64(algorithm, input.body),
      headers: { ...(input.headers ?? {}) },
    };
    if (!bucket.objects.has(key)) this.sortedKeys.delete(bucketName);
    bucket.objects.set(key, object);
    return object;
  }

  /** Returns the object that was deleted, if any (deleting a missing key succeeds in S3). */
  deleteObject(bucketName: string, key: string): StoredObject | undefined {
    const bucket = this.requireBucket(bucketName);
    const existing = bucket.objects.get(key);
    if (existing) {
      bucket.objects.delete(key);
      this.sortedKeys.delete(bucketName);
    }
    return existing;
  }

  private keysOf(bucket: StoredBucket): string[] {
    let keys = this.sortedKeys.get(bucket.name);
    if (!keys) {
      keys = [...bucket.objects.keys()].sort(compareKeys);
      this.sortedKeys.set(bucket.name, keys);
    }
    return keys;
  }

  list(bucketName: string, input: ListInput = {}): ListPage {
    const bucket = this.requireBucket(bucketName);
    const keys = this.keysOf(bucket);
    const prefix = input.prefix ?? '';
    const delimiter = input.delimiter ?? '';
    const maxKeys = Math.min(input.maxKeys ?? MAX_LIST_KEYS, MAX_LIST_KEYS);
    let resume: ResumePoint | null = input.continuationToken ? decodeToken(input.continuationToken) : null;
    if (!resume && input.startAfter) resume = { after: input.startAfter, skipPrefix: false };

    // Binary search for the first key ≥ max(prefix, resume point).
    let floor = prefix;
    if (resume && compareKeys(resume.after, floor) > 0) floor = resume.after;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareKeys(keys[middle]!, floor) < 0) low = middle + 1;
      else high = middle;
    }

    const contents: StoredObject[] = [];
    const commonPrefixes: string[] = [];
    let last: ResumePoint | null = null;
    let isTruncated = false;
    for (let i = low; i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.startsWith(prefix)) {
        if (compareKeys(key, prefix) > 0) break;
        continue;
      }
      if (resume) {
        if (compareKeys(key, resume.after) <= 0) continue;
        if (resume.skipPrefix && key.startsWith(resume.after)) continue;
      }
      let commonPrefix: string | null = null;
      if (delimiter) {
        const at = key.indexOf(delimiter, prefix.length);
        if (at >= 0) commonPrefix = key.slice(0, at + delimiter.length);
      }
      if (commonPrefix !== null && last?.skipPrefix && last.after === commonPrefix) continue;
      if (contents.length + commonPrefixes.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      if (commonPrefix !== null) {
        commonPrefixes.push(commonPrefix);
        last = { after: commonPrefix, skipPrefix: true };
      } else {
        contents.push(bucket.objects.get(key)!);
        last = { after: key, skipPrefix: false };
      }
    }
    const page: ListPage = { contents, commonPrefixes, isTruncated };
    if (last) page.lastEntry = last.after;
    if (isTruncated && last) page.nextContinuationToken = encodeToken(last);
    return page;
  }

  /** Every bucket and object, for snapshots and the console. */
  allBuckets(): StoredBucket[] {
    return this.bucketNames().map((name) => this.buckets.get(name)!);
  }

  replaceAll(buckets: StoredBucket[]): void {
    this.buckets.clear();
    this.sortedKeys.clear();
    for (const bucket of buckets) this.buckets.set(bucket.name, bucket);
  }
}
