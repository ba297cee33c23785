/**
 * S3 in the console: buckets, a bucket's objects a page at a time (ListObjectsV2 pages with a continuation
 * token, as the service lists them) and a text preview of one object.
 */
import { useId, useState } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import type { BucketSummary, S3Service, StoredObject } from '../../sim/aws/s3';
import { DataTable, PAGE_SIZE } from './DataTable';
import { formatBytes, formatTime } from './format';

const PREVIEW_BYTES = 4096;

export function BucketsPanel({ account }: { account: AwsAccount }) {
  const s3 = account.service<S3Service>('s3');
  const [selected, setSelected] = useState<string | null>(null);
  if (!s3) return <p className="aws-console__empty">S3 is not part of this account.</p>;
  const buckets = s3.listBuckets();
  const current = buckets.some((bucket) => bucket.name === selected) ? selected : null;
  return (
    <div className="aws-console__panel">
      <DataTable<BucketSummary>
        caption="Buckets"
        rows={buckets}
        rowKey={(bucket) => bucket.name}
        empty="No buckets yet. Create one with CreateBucket from a handler."
        columns={[
          {
            header: 'Name',
            rowHeader: true,
            cell: (bucket) => (
              <button
                type="button"
                className="aws-console__link"
                aria-pressed={current === bucket.name}
                onClick={() => setSelected(bucket.name)}
              >
                {bucket.name}
              </button>
            ),
          },
          { header: 'Objects', cell: (bucket) => bucket.objectCount },
          { header: 'Size', cell: (bucket) => formatBytes(bucket.totalBytes) },
          { header: 'Created', cell: (bucket) => formatTime(bucket.createdAt) },
        ]}
      />
      {current && <BucketObjects key={current} s3={s3} bucket={current} />}
    </div>
  );
}

function BucketObjects({ s3, bucket }: { s3: S3Service; bucket: string }) {
  const ids = useId();
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const [open, setOpen] = useState<string | null>(null);
  const token = tokens[tokens.length - 1];
  const page = s3.listObjects(bucket, { maxKeys: PAGE_SIZE, ...(token ? { continuationToken: token } : {}) });
  const preview = open ? s3.findObject(bucket, open) : undefined;
  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>Objects in {bucket}</h4>
      <DataTable<StoredObject>
        caption={`Objects in ${bucket}`}
        rows={page.contents}
        rowKey={(object) => object.key}
        empty="This bucket is empty."
        columns={[
          {
            header: 'Key',
            rowHeader: true,
            cell: (object) => (
              <button
                type="button"
                className="aws-console__link"
                aria-pressed={open === object.key}
                onClick={() => setOpen(object.key)}
              >
                {object.key}
              </button>
            ),
          },
          { header: 'Size', cell: (object) => formatBytes(object.body.byteLength) },
          { header: 'Type', cell: (object) => object.contentType },
          { header: 'Last modified', cell: (object) => formatTime(object.lastModified) },
        ]}
      />
      {(tokens.length > 1 || page.isTruncated) && (
        <nav className="aws-console__pager" aria-label={`Pages of ${bucket}`}>
          <button type="button" disabled={tokens.length === 1} onClick={() => setTokens(tokens.slice(0, -1))}>
            Previous page
          </button>
          <span aria-live="polite">Page {tokens.length}</span>
          <button
            type="button"
            disabled={!page.isTruncated}
            onClick={() => setTokens([...tokens, page.nextContinuationToken])}
          >
            Next page
          </button>
        </nav>
      )}
      {preview && (
        <figure className="aws-console__preview">
          <figcaption>
            {preview.key} <span className="aws-console__muted">({preview.etag})</span>
          </figcaption>
          <pre>{previewText(preview)}</pre>
        </figure>
      )}
    </section>
  );
}

function previewText(object: StoredObject): string {
  if (!/^(text\/|application\/(json|xml|javascript))/.test(object.contentType) && object.contentType !== '')
    return `Binary object of type ${object.contentType}, ${formatBytes(object.body.byteLength)}.`;
  const text = new TextDecoder().decode(object.body.subarray(0, PREVIEW_BYTES));
  return object.body.byteLength > PREVIEW_BYTES ? `${text}…` : text;
}
