import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { AccountChange } from '../service';
import { compareKeys } from './model';
import { createS3, type S3Service } from './service';

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createS3]);
  const changes: AccountChange[] = [];
  account.subscribe((change) => changes.push(change));
  return { clock, account, changes, s3: account.service<S3Service>('s3')! };
}

describe('S3 service model', () => {
  it('survives a JSON snapshot round trip with bytes, metadata, checksums and notification config', () => {
    const { account, s3 } = setup();
    s3.createBucket('keep');
    s3.putObject('keep', 'bin', {
      body: new Uint8Array([0, 255, 10, 13]),
      contentType: 'application/x-thing',
      metadata: { a: 'b' },
    });
    s3.putObject('keep', 'text.txt', {
      body: new TextEncoder().encode('héllo'),
      checksumAlgorithm: 'SHA256',
    });
    s3.putNotificationConfiguration(
      'keep',
      {
        eventBridge: true,
        targets: [
          {
            kind: 'lambda',
            id: 'x',
            arn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            events: ['s3:ObjectCreated:*'],
            rules: [{ name: 'Prefix', value: 'in/' }],
          },
        ],
      },
      undefined,
      { skipDestinationValidation: true },
    );
    const exported = JSON.parse(JSON.stringify(account.snapshot()));
    const other = setup();
    other.account.restore(exported);
    expect(Array.from(other.s3.findObject('keep', 'bin')!.body)).toEqual([0, 255, 10, 13]);
    expect(other.s3.findObject('keep', 'bin')).toMatchObject({
      contentType: 'application/x-thing',
      metadata: { a: 'b' },
      checksumAlgorithm: 'CRC64NVME',
    });
    expect(other.s3.objectText('keep', 'text.txt')).toBe('héllo');
    expect(other.s3.findObject('keep', 'text.txt')!.checksum).toBe(
      s3.findObject('keep', 'text.txt')!.checksum,
    );
    expect(other.s3.getNotificationConfiguration('keep')).toEqual(s3.getNotificationConfiguration('keep'));
    expect(other.account.snapshot()).toEqual(exported);
  });

  it('rejects a malformed snapshot without changing anything', () => {
    const { account, s3 } = setup();
    s3.createBucket('stays');
    const before = account.snapshot();
    const broken = structuredClone(before) as unknown as {
      services: { s3: { buckets: { objects: unknown[] }[] } };
    };
    broken.services.s3.buckets[0]!.objects.push({
      key: 'k',
      body: '%%%not base64',
      etag: '"x"',
      lastModified: 0,
      contentType: 'a',
      metadata: {},
      checksumAlgorithm: 'CRC32',
      checksum: 'x',
      headers: {},
    });
    expect(() => account.restore(broken)).toThrow(/not base64/);
    expect(() => account.restore({ ...before, services: { s3: { buckets: 'nope' } } })).toThrow(
      /Bad S3 snapshot/,
    );
    expect(account.snapshot()).toEqual(before);
  });

  it('announces changes per bucket and object, and reset empties everything', () => {
    const { s3, changes } = setup();
    s3.createBucket('watched');
    s3.putObject('watched', 'k', { body: new Uint8Array([1]) });
    s3.deleteObject('watched', 'k');
    expect(changes.map((change) => change.resource)).toEqual([
      'bucket.watched',
      'bucket.watched.object',
      'bucket.watched.object',
    ]);
    expect(changes[1]!.detail).toEqual({ key: 'k', action: 'put' });
    s3.reset();
    expect(s3.listBuckets()).toEqual([]);
  });

  it('summarises buckets for the console', () => {
    const { s3, clock } = setup();
    clock.advanceBy(2000);
    s3.createBucket('sizes');
    s3.putObject('sizes', 'a', { body: new Uint8Array(10) });
    s3.putObject('sizes', 'b', { body: new Uint8Array(5) });
    expect(s3.listBuckets()).toEqual([
      {
        name: 'sizes',
        createdAt: Date.UTC(2026, 10, 26, 12, 0, 2),
        region: 'us-east-1',
        objectCount: 2,
        totalBytes: 15,
      },
    ]);
  });

  it('compares keys in UTF-8 byte order', () => {
    const sorted = ['\u{10000}', '\uFFFF', 'a', 'A', ''].sort(compareKeys);
    expect(sorted).toEqual(['', 'A', 'a', '\uFFFF', '\u{10000}']);
  });
});
