/**
 * Code the Node.js runtime can load besides the function's own files.
 *
 * - DEMO_LAYER_CONTENTS: the course's demo layers as layer contents (files under /opt). The playground passes
 *   the attached ones in `InitRequest.layers`; the runtime mounts them like any layer.
 * - RUNTIME_MODULE_FILES: TOY AWS SDK v3 clients (DynamoDB, S3) under /var/runtime/node_modules, where the real
 *   nodejs runtimes ship the SDK. They keep their data inside the environment and model a connection set-up
 *   time. TEMPORARY: they go away when the real, pinned SDK talks to the simulated account over `aws.call`
 *   (issue #11). Nothing else should depend on them.
 */
import type { LayerContent } from '../../../sim/lambda/host';

interface DemoLayer {
  name: string;
  description: string;
  /** package name → its index.js (CommonJS) */
  modules: Record<string, string>;
}

const DEMO_LAYERS: Record<string, DemoLayer> = {
  'powertools-lite': {
    name: 'powertools-lite',
    description: 'A tiny structured logger (JSON lines), in the spirit of Powertools for AWS Lambda',
    modules: {
      'powertools-lite': `
'use strict';
class Logger {
  constructor(options = {}) {
    this.serviceName = options.serviceName || process.env.POWERTOOLS_SERVICE_NAME || 'service_undefined';
    this.persistent = {};
  }
  appendKeys(keys) { Object.assign(this.persistent, keys); }
  addContext(context) { this.persistent.function_request_id = context.awsRequestId; this.persistent.cold_start = Logger._cold; Logger._cold = false; }
  _log(level, message, extra) {
    const line = Object.assign({ level, message, service: this.serviceName, timestamp: new Date().toISOString() }, this.persistent, extra || {});
    (level === 'ERROR' ? console.error : level === 'WARN' ? console.warn : console.info)(JSON.stringify(line));
  }
  info(m, e) { this._log('INFO', m, e); }
  warn(m, e) { this._log('WARN', m, e); }
  error(m, e) { this._log('ERROR', m, e); }
  debug(m, e) { this._log('DEBUG', m, e); }
}
Logger._cold = true;
module.exports = { Logger };
`,
    },
  },
  'shared-utils': {
    name: 'shared-utils',
    description: 'Helpers shared by several functions: HTTP responses and a slow-to-build lookup table',
    modules: {
      'shared-utils': `
'use strict';
function json(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
function buildLookupTable(size) {
  const table = new Map();
  for (let i = 0; i < size; i++) table.set('k' + i, Math.sqrt(i));
  return table;
}
module.exports = { json, buildLookupTable };
`,
    },
  },
};

/** TOY SDK clients, package name → index.js (see the top of this file: replaced by the real SDK, issue #11). */
const TOY_SDK_MODULES: Record<string, string> = {
  '@aws-sdk/client-dynamodb': `
'use strict';
const tables = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let clients = 0;
class DynamoDBClient {
  constructor(config = {}) {
    this.config = Object.assign({ region: process.env.AWS_REGION }, config);
    this.connected = false;
    this.id = ++clients;
  }
  async send(command) {
    // Modelled: a new client opens a TLS connection on its first request; a reused one does not.
    if (!this.connected) { await sleep(45); this.connected = true; }
    await sleep(4);
    return command.run(tables);
  }
  destroy() { this.connected = false; }
}
function table(tables, name) { if (!tables.has(name)) tables.set(name, new Map()); return tables.get(name); }
function keyOf(key) { return JSON.stringify(key); }
class PutItemCommand { constructor(input) { this.input = input; } run(t) { table(t, this.input.TableName).set(keyOf(this.input.Key || { id: this.input.Item.id }), this.input.Item); return { $metadata: { httpStatusCode: 200 } }; } }
class GetItemCommand { constructor(input) { this.input = input; } run(t) { const item = table(t, this.input.TableName).get(keyOf(this.input.Key)); return item ? { Item: item, $metadata: { httpStatusCode: 200 } } : { $metadata: { httpStatusCode: 200 } }; } }
class ScanCommand { constructor(input) { this.input = input; } run(t) { const items = [...table(t, this.input.TableName).values()]; return { Items: items, Count: items.length, $metadata: { httpStatusCode: 200 } }; } }
module.exports = { DynamoDBClient, PutItemCommand, GetItemCommand, ScanCommand };
`,
  '@aws-sdk/client-s3': `
'use strict';
const buckets = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
class S3Client {
  constructor(config = {}) { this.config = Object.assign({ region: process.env.AWS_REGION }, config); this.connected = false; }
  async send(command) {
    if (!this.connected) { await sleep(50); this.connected = true; }
    await sleep(6);
    return command.run(buckets);
  }
  destroy() { this.connected = false; }
}
function bucket(b, name) { if (!b.has(name)) b.set(name, new Map()); return b.get(name); }
class PutObjectCommand { constructor(input) { this.input = input; } run(b) { bucket(b, this.input.Bucket).set(this.input.Key, String(this.input.Body)); return { ETag: '"' + this.input.Key.length.toString(16) + '"', $metadata: { httpStatusCode: 200 } }; } }
class GetObjectCommand { constructor(input) { this.input = input; } run(b) {
  const body = bucket(b, this.input.Bucket).get(this.input.Key);
  if (body === undefined) { const e = new Error('The specified key does not exist.'); e.name = 'NoSuchKey'; e.$metadata = { httpStatusCode: 404 }; throw e; }
  return { Body: { transformToString: async () => body }, $metadata: { httpStatusCode: 200 } };
} }
module.exports = { S3Client, PutObjectCommand, GetObjectCommand };
`,
};

/** The demo layers as Lambda layer versions (ARN, name, version, files relative to /opt). */
export const DEMO_LAYER_CONTENTS: readonly (LayerContent & { description: string })[] = Object.values(
  DEMO_LAYERS,
).map((layer) => ({
  arn: `arn:aws:lambda:us-east-1:123456789012:layer:${layer.name}:1`,
  name: layer.name,
  version: 1,
  description: layer.description,
  files: Object.entries(layer.modules).map(([name, content]) => ({
    path: `nodejs/node_modules/${name}/index.js`,
    content,
  })),
}));

/** The runtime's own modules, by absolute path (TOY SDK clients, issue #11). */
export const RUNTIME_MODULE_FILES: ReadonlyMap<string, string> = new Map(
  Object.entries(TOY_SDK_MODULES).map(([name, content]) => [
    `/var/runtime/node_modules/${name}/index.js`,
    content,
  ]),
);
