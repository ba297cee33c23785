/**
 * The course's demo layers as layer contents (files under /opt). The playground passes the attached ones in
 * `InitRequest.layers`; the runtime mounts them like any layer. (The AWS SDK is the runtime's own: see
 * src/sandbox/sdk; Powertools is a layer built from the real packages: src/sandbox/sdk/powertoolsLayer.ts.)
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
