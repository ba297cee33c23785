/**
 * The oracle's child process: AWS's Node.js runtime interface client (aws-lambda-ric 3.x, nodejs22.x's
 * semantics) as Lambda starts it, against the Runtime API server of oracle.ts.
 *
 * The client's native module (rapid-client.node, not built: the package is installed without its install
 * scripts) is replaced by a stub: `done` and `error` are what the client calls to post a response or an
 * invocation error, so the stub writes each as one JSON line to fd 3, synchronously (a process.exit right after
 * must not lose it). With AWS_LAMBDA_NODEJS_USE_ALTERNATIVE_CLIENT_1=true the client asks for the next
 * invocation over HTTP itself, and init errors are posted over HTTP too.
 */
import { createRequire } from 'node:module';
import { writeSync } from 'node:fs';

const require = createRequire(import.meta.url);
const Module = require('node:module');

const RECORD_FD = 3;

function record(entry) {
  writeSync(RECORD_FD, JSON.stringify(entry) + '\n');
}

const nativeStub = {
  done(id, body) {
    record({ kind: 'response', id: decodeURIComponent(id), body });
  },
  error(id, body, xray) {
    record({ kind: 'error', id: decodeURIComponent(id), body, xray });
  },
  next() {
    throw new Error('oracle: the native next() is not used (alternative client)');
  },
};

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (typeof request === 'string' && request.endsWith('rapid-client.node')) return nativeStub;
  return originalLoad.call(this, request, parent, isMain);
};

const { run } = await import('aws-lambda-ric');
await run(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER);
