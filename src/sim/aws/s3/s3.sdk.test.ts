/**
 * Conformance through the real, pinned @aws-sdk/client-s3: every response below was parsed (and its checksum
 * validated) by the SDK itself, so a wrong header, XML element or status fails here.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  paginateListObjectsV2,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { AwsCaller } from '../http';
import { testClientConfig } from '../testing/sdkClient';
import { md5Hex } from './checksums';
import { MAX_OBJECT_BYTES } from './model';
import { createS3, type S3Service } from './service';

function setup(caller?: AwsCaller) {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createS3]);
  const s3 = account.service<S3Service>('s3')!;
  const client = new S3Client(testClientConfig(account, caller));
  return { clock, account, s3, client };
}

async function rejection(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('S3 buckets through the SDK', () => {
  it('creates, heads, lists and deletes buckets (virtual-hosted addressing, the SDK default)', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
    await client.send(new CreateBucketCommand({ Bucket: 'alpha-logs' }));
    const head = await client.send(new HeadBucketCommand({ Bucket: 'photos' }));
    expect(head.BucketRegion).toBe('us-east-1');
    const listed = await client.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(['alpha-logs', 'photos']);
    expect(listed.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const location = await client.send(new GetBucketLocationCommand({ Bucket: 'photos' }));
    expect(location.LocationConstraint).toBeUndefined();
    await client.send(new DeleteBucketCommand({ Bucket: 'photos' }));
    const after = await client.send(new ListBucketsCommand({}));
    expect(after.Buckets?.map((bucket) => bucket.Name)).toEqual(['alpha-logs']);
  });

  it('answers 200 to re-creating an owned bucket in us-east-1 (BucketAlreadyOwnedByYou is for other Regions)', async () => {
    const { client, s3 } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
    await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'a.txt', Body: 'x' }));
    await client.send(new CreateBucketCommand({ Bucket: 'photos' }));
    expect(s3.findObject('photos', 'a.txt')).toBeDefined();
  });

  it('rejects invalid names and foreign location constraints with S3’s codes', async () => {
    const { client } = setup();
    for (const name of ['Ab', 'UPPER-case', 'two..dots', '192.168.1.1', '-leading', 'sthree-bucket'])
      expect((await rejection(client.send(new CreateBucketCommand({ Bucket: name })))).name, name).toBe(
        'InvalidBucketName',
      );
    const foreign = await rejection(
      client.send(
        new CreateBucketCommand({
          Bucket: 'elsewhere',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    );
    expect(foreign.name).toBe('IllegalLocationConstraintException');
  });

  it('HEAD on a missing bucket is a bodiless 404 the SDK reports as NotFound; DeleteBucket needs an empty bucket', async () => {
    const { client } = setup();
    const missing = await rejection(client.send(new HeadBucketCommand({ Bucket: 'nope-bucket' })));
    expect(missing).toBeInstanceOf(NotFound);
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const deleteMissing = await rejection(client.send(new DeleteBucketCommand({ Bucket: 'nope-bucket' })));
    expect(deleteMissing).toBeInstanceOf(NoSuchBucket);
    expect(deleteMissing.message).toBe('The specified bucket does not exist');
    await client.send(new CreateBucketCommand({ Bucket: 'full' }));
    await client.send(new PutObjectCommand({ Bucket: 'full', Key: 'k', Body: 'v' }));
    const notEmpty = await rejection(client.send(new DeleteBucketCommand({ Bucket: 'full' })));
    expect(notEmpty.name).toBe('BucketNotEmpty');
    expect(notEmpty.$metadata.httpStatusCode).toBe(409);
    expect(notEmpty.message).toBe('The bucket you tried to delete is not empty');
  });

  it('works with path-style addressing too', async () => {
    const { account } = setup();
    const client = new S3Client({ ...testClientConfig(account), forcePathStyle: true });
    await client.send(new CreateBucketCommand({ Bucket: 'paths' }));
    await client.send(new PutObjectCommand({ Bucket: 'paths', Key: 'dir/a b.txt', Body: 'path style' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'paths', Key: 'dir/a b.txt' }));
    expect(await got.Body!.transformToString()).toBe('path style');
  });
});

describe('S3 objects through the SDK', () => {
  it('stores bytes with Content-Type, user metadata and an MD5 ETag, and returns a verified CRC32', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'docs' }));
    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'docs',
        Key: 'notes/hello ü+.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        Metadata: { Author: 'ada', purpose: 'test' },
        CacheControl: 'max-age=60',
      }),
    );
    const expectedEtag = `"${md5Hex(new TextEncoder().encode('hello world'))}"`;
    expect(put.ETag).toBe(expectedEtag);
    expect(put.ChecksumCRC32).toBe('DUoRhQ==');
    expect(put.ServerSideEncryption).toBe('AES256');
    const got = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'notes/hello ü+.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello world');
    expect(got.ContentType).toBe('text/plain');
    expect(got.ContentLength).toBe(11);
    expect(got.ETag).toBe(expectedEtag);
    expect(got.Metadata).toEqual({ author: 'ada', purpose: 'test' });
    expect(got.CacheControl).toBe('max-age=60');
    expect(got.ChecksumCRC32).toBe('DUoRhQ==');
    expect(got.ChecksumType).toBe('FULL_OBJECT');
    expect(got.LastModified).toBeInstanceOf(Date);
  });

  it('the SDK really validates the returned checksum: a corrupted one fails the read', async () => {
    const { client, s3 } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'docs' }));
    await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'a', Body: 'payload' }));
    s3.findObject('docs', 'a')!.checksum = 'AAAAAA==';
    const got = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'a' }));
    await expect(got.Body!.transformToString()).rejects.toThrow(/Checksum mismatch/);
  });

  it('accepts streamed bodies (aws-chunked with a CRC32 trailer) and binary bodies', async () => {
    const { client, s3 } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'bin' }));
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    await client.send(
      new PutObjectCommand({
        Bucket: 'bin',
        Key: 'streamed',
        Body: Readable.from([Buffer.from(bytes.subarray(0, 30_000)), Buffer.from(bytes.subarray(30_000))]),
        ContentLength: bytes.byteLength,
      }),
    );
    expect(Array.from(s3.findObject('bin', 'streamed')!.body)).toEqual(Array.from(bytes));
    expect(s3.findObject('bin', 'streamed')!.headers['content-encoding']).toBeUndefined();
    await client.send(new PutObjectCommand({ Bucket: 'bin', Key: 'raw', Body: bytes }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'bin', Key: 'raw' }));
    expect(Array.from(await got.Body!.transformToByteArray())).toEqual(Array.from(bytes));
  });

  it('keeps the checksum algorithm the client chose, and adds CRC64NVME when the client sent none', async () => {
    const { account, client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'sums' }));
    for (const algorithm of ['SHA256', 'SHA1', 'CRC32C', 'CRC64NVME'] as const) {
      const put = await client.send(
        new PutObjectCommand({ Bucket: 'sums', Key: algorithm, Body: 'abc', ChecksumAlgorithm: algorithm }),
      );
      const field = `Checksum${algorithm}` as const;
      expect(put[field], algorithm).toBeTruthy();
      const got = await client.send(new GetObjectCommand({ Bucket: 'sums', Key: algorithm }));
      expect(got[field]).toBe(put[field]);
      expect(await got.Body!.transformToString()).toBe('abc');
    }
    const plain = new S3Client({ ...testClientConfig(account), requestChecksumCalculation: 'WHEN_REQUIRED' });
    const put = await plain.send(new PutObjectCommand({ Bucket: 'sums', Key: 'plain', Body: 'abc' }));
    expect(put.ChecksumCRC64NVME).toBeTruthy();
    const got = await client.send(new GetObjectCommand({ Bucket: 'sums', Key: 'plain' }));
    expect(got.ChecksumCRC64NVME).toBe(put.ChecksumCRC64NVME);
    expect(await got.Body!.transformToString()).toBe('abc');
  });

  it('rejects a body whose checksum does not match with BadDigest', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'sums' }));
    const error = await rejection(
      client.send(new PutObjectCommand({ Bucket: 'sums', Key: 'k', Body: 'abc', ChecksumCRC32: 'AAAAAA==' })),
    );
    expect(error.name).toBe('BadDigest');
    expect(error.message).toBe('The CRC32 you specified did not match the calculated checksum.');
    const badMd5 = await rejection(
      client.send(
        new PutObjectCommand({
          Bucket: 'sums',
          Key: 'k',
          Body: 'abc',
          ContentMD5: 'AAAAAAAAAAAAAAAAAAAAAA==',
        }),
      ),
    );
    expect(badMd5.name).toBe('BadDigest');
  });

  it('serves byte ranges with 206 and Content-Range, and InvalidRange past the end', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'ranges' }));
    await client.send(new PutObjectCommand({ Bucket: 'ranges', Key: 'digits', Body: '0123456789' }));
    const middle = await client.send(
      new GetObjectCommand({ Bucket: 'ranges', Key: 'digits', Range: 'bytes=2-4' }),
    );
    expect(await middle.Body!.transformToString()).toBe('234');
    expect(middle.ContentRange).toBe('bytes 2-4/10');
    expect(middle.$metadata.httpStatusCode).toBe(206);
    const tail = await client.send(
      new GetObjectCommand({ Bucket: 'ranges', Key: 'digits', Range: 'bytes=-3' }),
    );
    expect(await tail.Body!.transformToString()).toBe('789');
    const past = await rejection(
      client.send(new GetObjectCommand({ Bucket: 'ranges', Key: 'digits', Range: 'bytes=20-' })),
    );
    expect(past.name).toBe('InvalidRange');
    expect(past.$metadata.httpStatusCode).toBe(416);
  });

  it('reports missing keys as NoSuchKey on GET and NotFound on HEAD, missing buckets as NoSuchBucket', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'bucket-one' }));
    await client.send(
      new PutObjectCommand({ Bucket: 'bucket-one', Key: 'here', Body: 'x', Metadata: { a: '1' } }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: 'bucket-one', Key: 'here' }));
    expect(head.ContentLength).toBe(1);
    expect(head.Metadata).toEqual({ a: '1' });
    const missing = await rejection(
      client.send(new GetObjectCommand({ Bucket: 'bucket-one', Key: 'gone.txt' })),
    );
    expect(missing).toBeInstanceOf(NoSuchKey);
    expect(missing.message).toBe('The specified key does not exist.');
    expect((missing as NoSuchKey & { Key?: string }).Key).toBe('gone.txt');
    const headMissing = await rejection(
      client.send(new HeadObjectCommand({ Bucket: 'bucket-one', Key: 'gone.txt' })),
    );
    expect(headMissing).toBeInstanceOf(NotFound);
    const noBucket = await rejection(client.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'x' })));
    expect(noBucket).toBeInstanceOf(NoSuchBucket);
    const putNoBucket = await rejection(
      client.send(new PutObjectCommand({ Bucket: 'nobucket', Key: 'x', Body: 'y' })),
    );
    expect(putNoBucket).toBeInstanceOf(NoSuchBucket);
  });

  it('deletes one object (missing keys too) and many at once', async () => {
    const { client, s3 } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'deletes' }));
    for (const key of ['a', 'b&c', 'd'])
      await client.send(new PutObjectCommand({ Bucket: 'deletes', Key: key, Body: key }));
    const single = await client.send(new DeleteObjectCommand({ Bucket: 'deletes', Key: 'a' }));
    expect(single.$metadata.httpStatusCode).toBe(204);
    await client.send(new DeleteObjectCommand({ Bucket: 'deletes', Key: 'never-existed' }));
    const many = await client.send(
      new DeleteObjectsCommand({ Bucket: 'deletes', Delete: { Objects: [{ Key: 'b&c' }, { Key: 'zzz' }] } }),
    );
    expect(many.Deleted?.map((entry) => entry.Key)).toEqual(['b&c', 'zzz']);
    expect(s3.listObjects('deletes').contents.map((object) => object.key)).toEqual(['d']);
    const quiet = await client.send(
      new DeleteObjectsCommand({ Bucket: 'deletes', Delete: { Objects: [{ Key: 'd' }], Quiet: true } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(s3.listObjects('deletes').contents).toEqual([]);
  });

  it('copies objects, keeping or replacing metadata, and refuses a no-op copy onto itself', async () => {
    const { client, s3 } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'src' }));
    await client.send(new CreateBucketCommand({ Bucket: 'dst' }));
    await client.send(
      new PutObjectCommand({
        Bucket: 'src',
        Key: 'a b.json',
        Body: '{}',
        ContentType: 'application/json',
        Metadata: { v: '1' },
      }),
    );
    const copied = await client.send(
      new CopyObjectCommand({
        Bucket: 'dst',
        Key: 'copy.json',
        CopySource: `src/${encodeURIComponent('a b.json')}`,
      }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(s3.findObject('src', 'a b.json')!.etag);
    expect(copied.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
    expect(s3.findObject('dst', 'copy.json')).toMatchObject({
      contentType: 'application/json',
      metadata: { v: '1' },
    });
    await client.send(
      new CopyObjectCommand({
        Bucket: 'dst',
        Key: 'copy.json',
        CopySource: 'dst/copy.json',
        MetadataDirective: 'REPLACE',
        ContentType: 'text/plain',
        Metadata: { v: '2' },
      }),
    );
    expect(s3.findObject('dst', 'copy.json')).toMatchObject({
      contentType: 'text/plain',
      metadata: { v: '2' },
    });
    const self = await rejection(
      client.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'copy.json', CopySource: 'dst/copy.json' })),
    );
    expect(self.name).toBe('InvalidRequest');
    const missing = await rejection(
      client.send(new CopyObjectCommand({ Bucket: 'dst', Key: 'x', CopySource: 'src/missing' })),
    );
    expect(missing).toBeInstanceOf(NoSuchKey);
  });

  it('honours conditional writes: If-None-Match * fails once the key exists', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'conditions' }));
    await client.send(
      new PutObjectCommand({ Bucket: 'conditions', Key: 'lock', Body: '1', IfNoneMatch: '*' }),
    );
    const second = await rejection(
      client.send(new PutObjectCommand({ Bucket: 'conditions', Key: 'lock', Body: '2', IfNoneMatch: '*' })),
    );
    expect(second.name).toBe('PreconditionFailed');
    expect(second.$metadata.httpStatusCode).toBe(412);
  });

  it(`rejects objects above the simulation's ${MAX_OBJECT_BYTES / 1024 / 1024} MiB cap with EntityTooLarge`, async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'big' }));
    const error = await rejection(
      client.send(
        new PutObjectCommand({ Bucket: 'big', Key: 'k', Body: new Uint8Array(MAX_OBJECT_BYTES + 1) }),
      ),
    );
    expect(error.name).toBe('EntityTooLarge');
    expect(error.message).toBe('Your proposed upload exceeds the maximum allowed size');
  });

  it('answers features it does not simulate with 501 NotImplemented', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'tags' }));
    await client.send(new PutObjectCommand({ Bucket: 'tags', Key: 'k', Body: 'v' }));
    const error = await rejection(
      client.send(new PutObjectTaggingCommand({ Bucket: 'tags', Key: 'k', Tagging: { TagSet: [] } })),
    );
    expect(error.name).toBe('NotImplemented');
  });
});

describe('S3 listing through the SDK', () => {
  async function filled() {
    const context = setup();
    await context.client.send(new CreateBucketCommand({ Bucket: 'list' }));
    const keys = [
      'a.txt',
      'photos/2024/a.jpg',
      'photos/2024/b.jpg',
      'photos/2025/c.jpg',
      'photos/top.jpg',
      'z.txt',
    ];
    for (const key of keys)
      await context.client.send(new PutObjectCommand({ Bucket: 'list', Key: key, Body: key }));
    return { ...context, keys };
  }

  it('lists in key order with Prefix, Delimiter and CommonPrefixes', async () => {
    const { client } = await filled();
    const top = await client.send(new ListObjectsV2Command({ Bucket: 'list', Delimiter: '/' }));
    expect(top.Contents?.map((object) => object.Key)).toEqual(['a.txt', 'z.txt']);
    expect(top.CommonPrefixes?.map((common) => common.Prefix)).toEqual(['photos/']);
    expect(top.KeyCount).toBe(3);
    expect(top.IsTruncated).toBe(false);
    const photos = await client.send(
      new ListObjectsV2Command({ Bucket: 'list', Prefix: 'photos/', Delimiter: '/' }),
    );
    expect(photos.Contents?.map((object) => object.Key)).toEqual(['photos/top.jpg']);
    expect(photos.CommonPrefixes?.map((common) => common.Prefix)).toEqual(['photos/2024/', 'photos/2025/']);
    const entry = photos.Contents![0]!;
    expect(entry.Size).toBe('photos/top.jpg'.length);
    expect(entry.StorageClass).toBe('STANDARD');
    expect(entry.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(entry.LastModified).toBeInstanceOf(Date);
  });

  it('pages with MaxKeys and ContinuationToken, common prefixes counting as keys', async () => {
    const { client, keys } = await filled();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client }, { Bucket: 'list', MaxKeys: 2 })) {
      pages++;
      seen.push(...(page.Contents ?? []).map((object) => object.Key!));
      expect(page.KeyCount).toBeLessThanOrEqual(2);
    }
    expect(seen).toEqual(keys);
    expect(pages).toBe(3);
    const first = await client.send(
      new ListObjectsV2Command({ Bucket: 'list', MaxKeys: 1, Delimiter: '/', Prefix: 'photos/' }),
    );
    expect(first.CommonPrefixes?.map((common) => common.Prefix)).toEqual(['photos/2024/']);
    expect(first.IsTruncated).toBe(true);
    const second = await client.send(
      new ListObjectsV2Command({
        Bucket: 'list',
        MaxKeys: 1,
        Delimiter: '/',
        Prefix: 'photos/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.CommonPrefixes?.map((common) => common.Prefix)).toEqual(['photos/2025/']);
    const bad = await rejection(
      client.send(new ListObjectsV2Command({ Bucket: 'list', ContinuationToken: 'garbage' })),
    );
    expect(bad.name).toBe('InvalidArgument');
  });

  it('starts after a key, and ListObjects (v1) pages with Marker', async () => {
    const { client } = await filled();
    const after = await client.send(
      new ListObjectsV2Command({ Bucket: 'list', StartAfter: 'photos/2025/c.jpg' }),
    );
    expect(after.Contents?.map((object) => object.Key)).toEqual(['photos/top.jpg', 'z.txt']);
    expect(after.StartAfter).toBe('photos/2025/c.jpg');
    const v1 = await client.send(
      new ListObjectsCommand({ Bucket: 'list', Marker: 'photos/top.jpg', MaxKeys: 5 }),
    );
    expect(v1.Contents?.map((object) => object.Key)).toEqual(['z.txt']);
    expect(v1.IsTruncated).toBe(false);
  });

  it('orders keys by UTF-8 bytes, as S3 does', async () => {
    const { client } = setup();
    await client.send(new CreateBucketCommand({ Bucket: 'utf' }));
    const keys = ['\u{1F600}', '\uFF21', 'B', 'a'];
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: 'utf', Key: key, Body: '.' }));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'utf' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['B', 'a', '\uFF21', '\u{1F600}']);
  });
});
