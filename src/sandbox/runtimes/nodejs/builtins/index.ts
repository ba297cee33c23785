/**
 * The built-in modules a handler can require (with or without `node:`), and the ones the browser cannot offer,
 * which fail with a clear message instead of Node's "Cannot find module".
 */
import type { AwsCallRequest, AwsCallResponse } from '../../../../sim/lambda/host';
import type { TmpFs } from '../../../tmp/tmpFs';
import type { FreezableScheduler } from '../../../worker/scheduler';
import { Buffer, createCrypto, createEvents, createPath, createUtil } from './core';
import { createFsModule } from './fs';
import { createStreamModules } from './stream';
import { createTimers } from './timers';

/** Not in a browser: no sockets, no child processes, no threads. */
export const UNAVAILABLE_BUILTINS = new Set([
  'http',
  'https',
  'net',
  'tls',
  'dgram',
  'dns',
  'http2',
  'child_process',
  'worker_threads',
  'cluster',
]);

/**
 * The seam for the AWS SDK (issue #11): `send` posts the request on the environment's port (`aws.call`) and
 * resolves with the simulated account's reply. The real SDK bundle's request handler will require it.
 */
export const AWS_TRANSPORT_MODULE = 'coldstart:aws';

export interface BuiltinOptions {
  getFs(): TmpFs;
  scheduler: FreezableScheduler;
  crypto: Crypto;
  cwd(): string;
  process: object;
  os: object;
  aws(request: AwsCallRequest): Promise<AwsCallResponse>;
}

export function createBuiltins(options: BuiltinOptions) {
  const path = createPath(options.cwd);
  const { fs, fsPromises } = createFsModule(options.getFs, path.join, (target) => path.resolve(target));
  const timers = createTimers(options.scheduler);
  const streams = createStreamModules();
  const modules: Record<string, unknown> = {
    fs,
    'fs/promises': fsPromises,
    path,
    'path/posix': path,
    util: createUtil(),
    events: createEvents(),
    crypto: createCrypto(options.crypto),
    buffer: { Buffer, default: { Buffer } },
    process: Object.assign(options.process, { default: options.process }),
    timers: timers.timers,
    'timers/promises': timers.promises,
    os: options.os,
    stream: streams.stream,
    'stream/promises': streams.promises,
    [AWS_TRANSPORT_MODULE]: { send: options.aws },
  };
  return { modules, timers, path };
}
