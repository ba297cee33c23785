/**
 * Modules the sandbox can load besides the handler file:
 *  - demo Lambda layers, mounted under /opt/nodejs/node_modules/<name> when attached to the function;
 *  - simulated AWS SDK v3 clients (the real nodejs22.x runtime ships the SDK under /var/runtime), which
 *    need no network: their first request pays a modelled connection set-up, later ones reuse it.
 * Sources are plain CommonJS evaluated by the same loader as learner code.
 */

export interface LayerInfo {
  name: string;
  description: string;
  /** module name → CommonJS source */
  modules: Record<string, string>;
}

export const DEMO_LAYERS: Record<string, LayerInfo> = {
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

/** Simulated AWS SDK v3 clients (no network). */
export const RUNTIME_MODULES: Record<string, string> = {
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
