/**
 * S3's REST-XML protocol, as the pinned `@aws-sdk/client-s3` sends it: virtual-hosted (`<bucket>.s3.<region>…`,
 * the SDK default) and path-style addressing, the flexible checksums the SDK adds to every upload (CRC32 by
 * default, also in an `aws-chunked` trailer when the body is a stream), and S3's XML error documents so the SDK
 * raises its own exceptions (`NoSuchKey`, `NoSuchBucket`, `NotFound` for a HEAD without a body, …).
 */
import { utf8, type AwsCaller, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import {
  base64ToBytes,
  checksumBase64,
  checksumBytes,
  checksumHeader,
  CHECKSUM_ALGORITHMS,
  md5Base64,
  type ChecksumAlgorithm,
} from './checksums';
import { MAX_LIST_KEYS, S3Error, STORED_HEADERS, type StoredHeader, type StoredObject } from './model';
import type { NotificationConfiguration, NotificationTarget } from './notifications';
import type { S3Requester, S3Service } from './service';
import { child, childText, childrenNamed, parseXml, xmlDocument, XmlSyntaxError, type XmlNode } from './xml';

/** Canonical user id of the simulated account (S3 shows owners by canonical id). */
export const CANONICAL_USER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const MAX_DELETE_KEYS = 1000;

const VIRTUAL_HOST = /^(.+)\.s3(?:\.dualstack)?(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/;

/** Subresources S3 has that this simulation does not implement: answered 501 NotImplemented. */
const UNSUPPORTED_SUBRESOURCES = [
  'acl',
  'accelerate',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataTable',
  'metrics',
  'object-lock',
  'ownershipControls',
  'partNumber',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versions',
  'website',
];

function malformedXml(): S3Error {
  return new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );
}

function notImplemented(): S3Error {
  // S3's code and message, plus a sentence so a learner knows the gap is the simulation's, not their code's.
  return new S3Error(
    'NotImplemented',
    "A header you provided implies functionality that is not implemented. (Coldstart's simulated S3 does not implement this operation.)",
    501,
  );
}

function queryValue(query: AwsHttpRequest['query'], name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function has(query: AwsHttpRequest['query'], name: string): boolean {
  return Object.prototype.hasOwnProperty.call(query, name);
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

interface Target {
  bucket: string | null;
  /** null when the request names the bucket only. */
  key: string | null;
}

export function targetOf(req: AwsHttpRequest): Target {
  const virtual = VIRTUAL_HOST.exec(req.hostname.toLowerCase());
  const path = req.path || '/';
  if (virtual) {
    const rest = path.startsWith('/') ? path.slice(1) : path;
    return { bucket: virtual[1]!, key: rest === '' ? null : decodePath(rest) };
  }
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  if (trimmed === '') return { bucket: null, key: null };
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { bucket: decodePath(trimmed), key: null };
  const key = trimmed.slice(slash + 1);
  return { bucket: decodePath(trimmed.slice(0, slash)), key: key === '' ? null : decodePath(key) };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

function baseHeaders(requester: S3Requester): Record<string, string> {
  return { 'x-amz-request-id': requester.requestId, 'x-amz-id-2': requester.hostId };
}

function xmlResponse(
  requester: S3Requester,
  rootName: string,
  body: XmlNode,
  statusCode = 200,
): AwsHttpResponse {
  return {
    statusCode,
    headers: { ...baseHeaders(requester), 'content-type': 'application/xml' },
    body: utf8(xmlDocument(rootName, body)),
  };
}

function emptyResponse(
  requester: S3Requester,
  statusCode: number,
  headers: Record<string, string> = {},
): AwsHttpResponse {
  return { statusCode, headers: { ...baseHeaders(requester), ...headers }, body: new Uint8Array() };
}

function errorResponse(error: S3Error, requester: S3Requester, method: string): AwsHttpResponse {
  // HEAD responses carry no body, so the SDK names the error from the status code (404 → NotFound).
  if (method === 'HEAD') return emptyResponse(requester, error.statusCode);
  const body: XmlNode = { Code: error.code, Message: error.message };
  for (const [name, value] of Object.entries(error.fields)) body[name] = value;
  body.RequestId = requester.requestId;
  body.HostId = requester.hostId;
  return {
    statusCode: error.statusCode,
    headers: { ...baseHeaders(requester), 'content-type': 'application/xml' },
    body: utf8(xmlDocument('Error', body, null)),
  };
}

export function handleS3Request(service: S3Service, req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse {
  const requester = service.requester(caller);
  try {
    return route(service, req, requester);
  } catch (error) {
    if (error instanceof S3Error) return errorResponse(error, requester, req.method);
    if (error instanceof XmlSyntaxError) return errorResponse(malformedXml(), requester, req.method);
    throw error;
  }
}

function route(service: S3Service, req: AwsHttpRequest, requester: S3Requester): AwsHttpResponse {
  const { bucket, key } = targetOf(req);
  const method = req.method.toUpperCase();
  const expectedOwner = req.headers['x-amz-expected-bucket-owner'];
  if (expectedOwner !== undefined && expectedOwner !== service.ctx.accountId)
    throw new S3Error('AccessDenied', 'Access Denied', 403);

  if (bucket === null) {
    if (method === 'GET') return listBuckets(service, req, requester);
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  }
  for (const name of UNSUPPORTED_SUBRESOURCES) if (has(req.query, name)) throw notImplemented();

  if (key === null) {
    switch (method) {
      case 'PUT':
        if (has(req.query, 'notification')) return putNotification(service, bucket, req, requester);
        if (has(req.query, 'versioning')) throw notImplemented();
        return createBucket(service, bucket, req, requester);
      case 'GET':
        if (has(req.query, 'notification')) return getNotification(service, bucket, requester);
        if (has(req.query, 'location')) {
          service.store.requireBucket(bucket);
          // us-east-1 buckets have an empty location constraint.
          return xmlResponse(requester, 'LocationConstraint', {});
        }
        if (has(req.query, 'versioning')) {
          service.store.requireBucket(bucket);
          return xmlResponse(requester, 'VersioningConfiguration', {});
        }
        if (queryValue(req.query, 'list-type') === '2') return listObjectsV2(service, bucket, req, requester);
        return listObjectsV1(service, bucket, req, requester);
      case 'HEAD':
        service.store.requireBucket(bucket);
        return emptyResponse(requester, 200, {
          'x-amz-bucket-region': service.store.requireBucket(bucket).region,
          'x-amz-access-point-alias': 'false',
        });
      case 'DELETE':
        service.deleteBucket(bucket);
        return emptyResponse(requester, 204);
      case 'POST':
        if (has(req.query, 'delete')) return deleteObjects(service, bucket, req, requester);
        break;
    }
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  }

  if (utf8(key).byteLength > MAX_KEY_BYTES)
    throw new S3Error('KeyTooLongError', 'Your key is too long', 400, {
      Size: String(utf8(key).byteLength),
      MaxSizeAllowed: String(MAX_KEY_BYTES),
    });
  switch (method) {
    case 'PUT':
      if (req.headers['x-amz-copy-source'] !== undefined)
        return copyObject(service, bucket, key, req, requester);
      return putObject(service, bucket, key, req, requester);
    case 'GET':
      return getObject(service, bucket, key, req, requester, true);
    case 'HEAD':
      return getObject(service, bucket, key, req, requester, false);
    case 'DELETE':
      service.store.requireBucket(bucket);
      service.deleteObject(bucket, key, requester);
      return emptyResponse(requester, 204);
  }
  throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
}

// --- buckets -------------------------------------------------------------------------------------------

function listBuckets(service: S3Service, req: AwsHttpRequest, requester: S3Requester): AwsHttpResponse {
  const prefix = queryValue(req.query, 'prefix') ?? '';
  const maxRaw = queryValue(req.query, 'max-buckets');
  const max = maxRaw === undefined ? 10_000 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 10_000)
    throw new S3Error(
      'InvalidArgument',
      'Argument max-buckets must be an integer between 1 and 10000.',
      400,
      {
        ArgumentName: 'max-buckets',
        ArgumentValue: String(maxRaw),
      },
    );
  const token = queryValue(req.query, 'continuation-token');
  let after = '';
  if (token !== undefined) {
    try {
      after = atob(token);
    } catch {
      throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
        ArgumentName: 'continuation-token',
        ArgumentValue: token,
      });
    }
  }
  const all = service.listBuckets().filter((bucket) => bucket.name.startsWith(prefix) && bucket.name > after);
  const page = all.slice(0, max);
  const body: XmlNode = {
    Buckets: {
      Bucket: page.map((bucket) => ({
        Name: bucket.name,
        CreationDate: iso(bucket.createdAt),
        BucketRegion: bucket.region,
      })),
    },
    Owner: { ID: CANONICAL_USER_ID },
  };
  if (all.length > page.length) body.ContinuationToken = btoa(page[page.length - 1]!.name);
  if (prefix) body.Prefix = prefix;
  return xmlResponse(requester, 'ListAllMyBucketsResult', body);
}

function createBucket(
  service: S3Service,
  bucket: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  if (req.body.byteLength > 0) {
    const root = parseXml(new TextDecoder().decode(req.body));
    if (root.name !== 'CreateBucketConfiguration') throw malformedXml();
    const constraint = childText(root, 'LocationConstraint');
    if (constraint !== undefined && constraint !== '') {
      if (constraint === service.ctx.region)
        throw new S3Error(
          'InvalidLocationConstraint',
          'The specified location-constraint is not valid',
          400,
          {
            LocationConstraint: constraint,
          },
        );
      throw new S3Error(
        'IllegalLocationConstraintException',
        `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        400,
      );
    }
  }
  // Re-creating a bucket you own answers 200 in us-east-1 (BucketAlreadyOwnedByYou elsewhere): see README.
  service.createBucket(bucket);
  return emptyResponse(requester, 200, { location: `/${bucket}` });
}

// --- objects -------------------------------------------------------------------------------------------

/** Decode an `aws-chunked` body: `<hex>[;ext]\r\n<data>\r\n … 0\r\n<trailers>\r\n\r\n`. */
function decodeAwsChunked(body: Uint8Array): { data: Uint8Array; trailers: Record<string, string> } {
  const chunks: Uint8Array[] = [];
  let at = 0;
  let total = 0;
  const incomplete = () =>
    new S3Error(
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
      400,
    );
  const readLine = (): string => {
    for (let i = at; i + 1 < body.length; i++) {
      if (body[i] === 13 && body[i + 1] === 10) {
        const line = new TextDecoder().decode(body.subarray(at, i));
        at = i + 2;
        return line;
      }
    }
    throw incomplete();
  };
  for (;;) {
    const header = readLine();
    const size = parseInt(header.split(';')[0]!, 16);
    if (!Number.isFinite(size) || size < 0) throw incomplete();
    if (size === 0) break;
    if (at + size + 2 > body.length) throw incomplete();
    chunks.push(body.subarray(at, at + size));
    total += size;
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  while (at < body.length) {
    const line = readLine();
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { data, trailers };
}

interface UploadBody {
  data: Uint8Array;
  /** Verified checksum algorithm, when the client sent one. */
  checksumAlgorithm?: ChecksumAlgorithm;
  contentEncoding?: string;
}

/**
 * The body as S3 stores it, after de-chunking and checking every digest the client sent: Content-MD5
 * (InvalidDigest/BadDigest) and one `x-amz-checksum-*` value, as a header or an aws-chunked trailer.
 */
function readUploadBody(req: AwsHttpRequest, requireDigest: boolean): UploadBody {
  const encoding = req.headers['content-encoding'];
  const chunked =
    (encoding !== undefined && encoding.split(',').some((part) => part.trim() === 'aws-chunked')) ||
    (req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  let data = req.body;
  let trailers: Record<string, string> = {};
  if (chunked) {
    ({ data, trailers } = decodeAwsChunked(req.body));
    const declared = req.headers['x-amz-decoded-content-length'];
    if (declared !== undefined && Number(declared) !== data.byteLength)
      throw new S3Error(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
  }
  const result: UploadBody = { data };
  if (encoding !== undefined) {
    const rest = encoding
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '' && part !== 'aws-chunked');
    if (rest.length > 0) result.contentEncoding = rest.join(',');
  }

  const md5 = req.headers['content-md5'];
  if (md5 !== undefined) {
    let decoded: Uint8Array | null = null;
    try {
      decoded = base64ToBytes(md5);
    } catch {
      decoded = null;
    }
    if (!decoded || decoded.byteLength !== 16)
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
        'Content-MD5': md5,
      });
    if (md5Base64(data) !== md5)
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
        ExpectedDigest: md5,
      });
  }

  const present: { algorithm: ChecksumAlgorithm; value: string }[] = [];
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = checksumHeader(algorithm);
    const value = req.headers[name] ?? trailers[name];
    if (value !== undefined) present.push({ algorithm, value });
  }
  if (present.length > 1)
    throw new S3Error(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
      400,
    );
  const declaredAlgorithm = req.headers['x-amz-sdk-checksum-algorithm']?.toUpperCase();
  if (present.length === 0) {
    if (declaredAlgorithm !== undefined)
      throw new S3Error(
        'InvalidRequest',
        'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
        400,
      );
    if (requireDigest && md5 === undefined)
      throw new S3Error(
        'InvalidRequest',
        'Missing required header for this request: Content-MD5 OR x-amz-checksum-*',
        400,
      );
    return result;
  }
  const { algorithm, value } = present[0]!;
  if (declaredAlgorithm !== undefined && declaredAlgorithm !== algorithm)
    throw new S3Error('InvalidRequest', `Value for x-amz-sdk-checksum-algorithm header is invalid.`, 400);
  let expected: Uint8Array;
  try {
    expected = base64ToBytes(value);
  } catch {
    expected = new Uint8Array();
  }
  if (expected.byteLength !== checksumBytes(algorithm, new Uint8Array()).byteLength)
    throw new S3Error('InvalidRequest', `Value for ${checksumHeader(algorithm)} header is invalid.`, 400);
  if (checksumBase64(algorithm, data) !== value)
    throw new S3Error(
      'BadDigest',
      `The ${algorithm} you specified did not match the calculated checksum.`,
      400,
    );
  result.checksumAlgorithm = algorithm;
  return result;
}

function userMetadata(req: AwsHttpRequest): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const short = name.slice('x-amz-meta-'.length);
    metadata[short] = value;
    size += utf8(short).byteLength + utf8(value).byteLength;
  }
  // User-defined metadata is limited to 2 KB ("Working with object metadata", S3 User Guide).
  if (size > MAX_METADATA_BYTES)
    throw new S3Error(
      'MetadataTooLarge',
      'Your metadata headers exceed the maximum allowed metadata size.',
      400,
      {
        Size: String(size),
        MaxSizeAllowed: String(MAX_METADATA_BYTES),
      },
    );
  return metadata;
}

function storedHeaders(req: AwsHttpRequest, contentEncoding?: string): Partial<Record<StoredHeader, string>> {
  const headers: Partial<Record<StoredHeader, string>> = {};
  for (const name of STORED_HEADERS) {
    const value = name === 'content-encoding' ? contentEncoding : req.headers[name];
    if (value !== undefined && value !== '') headers[name] = value;
  }
  return headers;
}

function etagList(header: string): string[] {
  return header.split(',').map((part) => part.trim());
}

function checkWritePreconditions(service: S3Service, bucket: string, key: string, req: AwsHttpRequest): void {
  const existing = service.findObject(bucket, key);
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() === '*' && existing)
    throw new S3Error(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        Condition: 'If-None-Match',
      },
    );
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined) {
    if (!existing) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    if (!etagList(ifMatch).includes(existing.etag) && ifMatch.trim() !== '*')
      throw new S3Error(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        412,
        {
          Condition: 'If-Match',
        },
      );
  }
}

function checksumResponseHeaders(object: StoredObject): Record<string, string> {
  return {
    [checksumHeader(object.checksumAlgorithm)]: object.checksum,
    'x-amz-checksum-type': 'FULL_OBJECT',
  };
}

function putObject(
  service: S3Service,
  bucket: string,
  key: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  service.store.requireBucket(bucket);
  const upload = readUploadBody(req, false);
  const metadata = userMetadata(req);
  checkWritePreconditions(service, bucket, key, req);
  const input: Parameters<S3Service['putObject']>[2] = {
    body: upload.data,
    metadata,
    headers: storedHeaders(req, upload.contentEncoding),
  };
  if (req.headers['content-type'] !== undefined) input.contentType = req.headers['content-type'];
  if (upload.checksumAlgorithm) input.checksumAlgorithm = upload.checksumAlgorithm;
  const object = service.putObject(bucket, key, input, requester);
  return emptyResponse(requester, 200, {
    etag: object.etag,
    'x-amz-server-side-encryption': 'AES256',
    ...checksumResponseHeaders(object),
  });
}

function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return null;
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}

function getObject(
  service: S3Service,
  bucket: string,
  key: string,
  req: AwsHttpRequest,
  requester: S3Requester,
  withBody: boolean,
): AwsHttpResponse {
  const object = service.getObject(bucket, key);
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': httpDate(object.lastModified),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
  for (const [name, value] of Object.entries(object.headers)) headers[name] = value;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;

  // Preconditions in the order RFC 7232 and S3 evaluate them.
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  const ifUnmodifiedSince = req.headers['if-unmodified-since'];
  const lastModifiedSecond = Math.floor(object.lastModified / 1000) * 1000;
  if (ifMatch !== undefined && ifMatch.trim() !== '*' && !etagList(ifMatch).includes(object.etag))
    throw new S3Error(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        Condition: 'If-Match',
      },
    );
  if (ifMatch === undefined && ifUnmodifiedSince !== undefined) {
    const since = Date.parse(ifUnmodifiedSince);
    if (Number.isFinite(since) && lastModifiedSecond > since)
      throw new S3Error(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        412,
        {
          Condition: 'If-Unmodified-Since',
        },
      );
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*' || etagList(ifNoneMatch).includes(object.etag))
      return emptyResponse(requester, 304, { etag: object.etag, 'last-modified': headers['last-modified']! });
  } else if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    if (Number.isFinite(since) && lastModifiedSecond <= since)
      return emptyResponse(requester, 304, { etag: object.etag, 'last-modified': headers['last-modified']! });
  }

  const size = object.body.byteLength;
  const rangeHeader = req.headers['range'];
  const range = rangeHeader !== undefined ? parseRange(rangeHeader, size) : null;
  if (range === 'unsatisfiable')
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
      RangeRequested: rangeHeader!,
      ActualObjectSize: String(size),
    });
  let body = object.body;
  let statusCode = 200;
  if (range) {
    body = object.body.subarray(range.start, range.end + 1);
    statusCode = 206;
    headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  } else if (req.headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED') {
    // A whole-object checksum only describes the whole object, so ranged reads do not carry it.
    Object.assign(headers, checksumResponseHeaders(object));
  }
  headers['content-length'] = String(body.byteLength);
  return {
    statusCode,
    headers: { ...baseHeaders(requester), ...headers },
    body: withBody ? body : new Uint8Array(),
  };
}

function parseCopySource(header: string): { bucket: string; key: string } {
  let source = header;
  const query = source.indexOf('?');
  if (query >= 0) source = source.slice(0, query);
  if (source.startsWith('/')) source = source.slice(1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(source);
  } catch {
    decoded = source;
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw new S3Error(
      'InvalidArgument',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      400,
      {
        ArgumentName: 'x-amz-copy-source',
        ArgumentValue: header,
      },
    );
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

function copyObject(
  service: S3Service,
  bucket: string,
  key: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  const source = parseCopySource(req.headers['x-amz-copy-source']!);
  service.store.requireBucket(source.bucket);
  service.store.requireBucket(bucket);
  const directive = (req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw new S3Error('InvalidArgument', 'Unknown metadata directive.', 400, {
      ArgumentName: 'x-amz-metadata-directive',
      ArgumentValue: directive,
    });
  const algorithmHeader = req.headers['x-amz-checksum-algorithm']?.toUpperCase();
  let checksumAlgorithm: ChecksumAlgorithm | undefined;
  if (algorithmHeader !== undefined) {
    if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithmHeader))
      throw new S3Error('InvalidRequest', 'Checksum algorithm provided is unsupported.', 400);
    checksumAlgorithm = algorithmHeader as ChecksumAlgorithm;
  }
  checkWritePreconditions(service, bucket, key, req);
  const replace =
    directive === 'REPLACE'
      ? {
          contentType: req.headers['content-type'] ?? 'application/octet-stream',
          metadata: userMetadata(req),
          headers: storedHeaders(req, req.headers['content-encoding']),
        }
      : null;
  const object = service.copyObject(source, { bucket, key }, replace, requester, checksumAlgorithm);
  const body: XmlNode = {
    ETag: object.etag,
    LastModified: iso(object.lastModified),
    ChecksumType: 'FULL_OBJECT',
  };
  body[`Checksum${object.checksumAlgorithm}`] = object.checksum;
  const response = xmlResponse(requester, 'CopyObjectResult', body);
  response.headers['x-amz-server-side-encryption'] = 'AES256';
  return response;
}

function deleteObjects(
  service: S3Service,
  bucket: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  service.store.requireBucket(bucket);
  const upload = readUploadBody(req, true);
  const root = parseXml(new TextDecoder().decode(upload.data));
  if (root.name !== 'Delete') throw malformedXml();
  const objects = childrenNamed(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  const quiet = childText(root, 'Quiet') === 'true';
  const deleted: XmlNode[] = [];
  for (const entry of objects) {
    const key = childText(entry, 'Key');
    if (key === undefined) throw malformedXml();
    service.deleteObject(bucket, key, requester);
    if (!quiet) deleted.push({ Key: key });
  }
  return xmlResponse(requester, 'DeleteResult', { Deleted: deleted });
}

function parseMaxKeys(req: AwsHttpRequest): number {
  const raw = queryValue(req.query, 'max-keys');
  if (raw === undefined) return MAX_LIST_KEYS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value))
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  return Math.min(value, MAX_LIST_KEYS);
}

function listEncoder(req: AwsHttpRequest): (value: string) => string {
  const encoding = queryValue(req.query, 'encoding-type');
  if (encoding === undefined) return (value) => value;
  if (encoding !== 'url')
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, {
      ArgumentName: 'encoding-type',
      ArgumentValue: encoding,
    });
  return (value) => encodeURIComponent(value).replace(/%2F/g, '/');
}

function contentsEntry(object: StoredObject, encode: (value: string) => string, withOwner: boolean): XmlNode {
  const entry: XmlNode = {
    Key: encode(object.key),
    LastModified: iso(object.lastModified),
    ETag: object.etag,
    ChecksumAlgorithm: object.checksumAlgorithm,
    ChecksumType: 'FULL_OBJECT',
    Size: object.body.byteLength,
    StorageClass: 'STANDARD',
  };
  if (withOwner) entry.Owner = { ID: CANONICAL_USER_ID };
  return entry;
}

function listObjectsV2(
  service: S3Service,
  bucket: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  const encode = listEncoder(req);
  const maxKeys = parseMaxKeys(req);
  const prefix = queryValue(req.query, 'prefix') ?? '';
  const delimiter = queryValue(req.query, 'delimiter');
  const continuationToken = queryValue(req.query, 'continuation-token');
  const startAfter = queryValue(req.query, 'start-after');
  const input: Parameters<S3Service['listObjects']>[1] = { prefix, maxKeys };
  if (delimiter) input.delimiter = delimiter;
  if (continuationToken !== undefined) {
    if (continuationToken === '')
      throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
        ArgumentName: 'continuation-token',
        ArgumentValue: continuationToken,
      });
    input.continuationToken = continuationToken;
  }
  if (startAfter) input.startAfter = startAfter;
  const page = service.listObjects(bucket, input);
  const body: XmlNode = {
    Name: bucket,
    Prefix: encode(prefix),
    Delimiter: delimiter ? encode(delimiter) : undefined,
    MaxKeys: maxKeys,
    EncodingType: queryValue(req.query, 'encoding-type'),
    KeyCount: page.contents.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    ContinuationToken: continuationToken,
    NextContinuationToken: page.nextContinuationToken,
    StartAfter: startAfter ? encode(startAfter) : undefined,
    Contents: page.contents.map((object) =>
      contentsEntry(object, encode, queryValue(req.query, 'fetch-owner') === 'true'),
    ),
    CommonPrefixes: page.commonPrefixes.map((common) => ({ Prefix: encode(common) })),
  };
  return xmlResponse(requester, 'ListBucketResult', body);
}

function listObjectsV1(
  service: S3Service,
  bucket: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  const encode = listEncoder(req);
  const maxKeys = parseMaxKeys(req);
  const prefix = queryValue(req.query, 'prefix') ?? '';
  const delimiter = queryValue(req.query, 'delimiter');
  const marker = queryValue(req.query, 'marker') ?? '';
  const input: Parameters<S3Service['listObjects']>[1] = { prefix, maxKeys };
  if (delimiter) input.delimiter = delimiter;
  if (marker) input.startAfter = marker;
  const page = service.listObjects(bucket, input);
  const body: XmlNode = {
    Name: bucket,
    Prefix: encode(prefix),
    Marker: encode(marker),
    MaxKeys: maxKeys,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    EncodingType: queryValue(req.query, 'encoding-type'),
    IsTruncated: page.isTruncated,
    // S3 returns NextMarker only when a delimiter was given ("ListObjects", S3 API Reference).
    NextMarker: page.isTruncated && delimiter && page.lastEntry ? encode(page.lastEntry) : undefined,
    Contents: page.contents.map((object) => contentsEntry(object, encode, true)),
    CommonPrefixes: page.commonPrefixes.map((common) => ({ Prefix: encode(common) })),
  };
  return xmlResponse(requester, 'ListBucketResult', body);
}

// --- notifications -------------------------------------------------------------------------------------

const DESTINATION_ELEMENTS: { element: string; arnElement: string; kind: NotificationTarget['kind'] }[] = [
  { element: 'TopicConfiguration', arnElement: 'Topic', kind: 'topic' },
  { element: 'QueueConfiguration', arnElement: 'Queue', kind: 'queue' },
  { element: 'CloudFunctionConfiguration', arnElement: 'CloudFunction', kind: 'lambda' },
];

function parseNotification(source: string): NotificationConfiguration {
  const root = parseXml(source);
  if (root.name !== 'NotificationConfiguration') throw malformedXml();
  const configuration: NotificationConfiguration = { targets: [], eventBridge: false };
  for (const element of root.children) {
    if (element.name === 'EventBridgeConfiguration') {
      configuration.eventBridge = true;
      continue;
    }
    const kind = DESTINATION_ELEMENTS.find((entry) => entry.element === element.name);
    if (!kind) throw malformedXml();
    const arn = childText(element, kind.arnElement);
    if (!arn) throw malformedXml();
    const target: NotificationTarget = {
      kind: kind.kind,
      id: childText(element, 'Id') ?? '',
      arn,
      events: childrenNamed(element, 'Event').map((event) => event.text),
      rules: [],
    };
    const filter = child(element, 'Filter');
    const keyFilter = filter ? child(filter, 'S3Key') : undefined;
    for (const rule of keyFilter ? childrenNamed(keyFilter, 'FilterRule') : []) {
      const name = (childText(rule, 'Name') ?? '').toLowerCase();
      if (name !== 'prefix' && name !== 'suffix')
        throw new S3Error('InvalidArgument', 'filter rule name must be either prefix or suffix', 400, {
          ArgumentName: 'FilterRule.Name',
          ArgumentValue: childText(rule, 'Name') ?? '',
        });
      const normalized = name === 'prefix' ? 'Prefix' : 'Suffix';
      if (target.rules.some((existing) => existing.name === normalized))
        throw new S3Error('InvalidArgument', `Cannot specify more than one ${name} rule in a filter.`, 400, {
          ArgumentName: 'FilterRule.Name',
          ArgumentValue: name,
        });
      target.rules.push({ name: normalized, value: childText(rule, 'Value') ?? '' });
    }
    configuration.targets.push(target);
  }
  return configuration;
}

function putNotification(
  service: S3Service,
  bucket: string,
  req: AwsHttpRequest,
  requester: S3Requester,
): AwsHttpResponse {
  service.store.requireBucket(bucket);
  const configuration = parseNotification(new TextDecoder().decode(req.body));
  service.putNotificationConfiguration(bucket, configuration, requester, {
    skipDestinationValidation: req.headers['x-amz-skip-destination-validation'] === 'true',
  });
  return emptyResponse(requester, 200);
}

function getNotification(service: S3Service, bucket: string, requester: S3Requester): AwsHttpResponse {
  const configuration = service.getNotificationConfiguration(bucket);
  const body: XmlNode = {};
  for (const { element, arnElement, kind } of DESTINATION_ELEMENTS) {
    const entries = configuration.targets
      .filter((target) => target.kind === kind)
      .map((target) => {
        const entry: XmlNode = { Id: target.id, [arnElement]: target.arn, Event: target.events };
        if (target.rules.length > 0)
          entry.Filter = {
            S3Key: { FilterRule: target.rules.map((rule) => ({ Name: rule.name, Value: rule.value })) },
          };
        return entry;
      });
    if (entries.length > 0) body[element] = entries;
  }
  if (configuration.eventBridge) body.EventBridgeConfiguration = {};
  return xmlResponse(requester, 'NotificationConfiguration', body);
}
