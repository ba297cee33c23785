/**
 * The runtime oracle: runs a function through AWS's own Node.js runtime interface client (aws-lambda-ric 3.3.0,
 * the client of nodejs22.x) in a separate Node.js process, against a small Runtime API server in this process,
 * and reports what Lambda's runtime would have posted and logged. Differential tests compare it with the
 * sandbox's runtime (oracle.differential.test.ts).
 *
 * - Files are written to a temporary directory that stands for /var/task; paths in traces and messages are
 *   mapped back to /var/task (and the client's own file to /var/runtime/index.mjs) before comparing.
 * - Logs are read the way Lambda reads them: the client writes each console call as one framed event to the
 *   telemetry file descriptor (`_LAMBDA_TELEMETRY_LOG_FD`); raw stdout is read line by line.
 * - aws-lambda-ric 4.x (nodejs24.x) needs Node.js 22; this machine runs Node.js 20, so the oracle covers
 *   nodejs22.x only. Node.js 20 and 22 word a few V8 messages differently (syntax errors): the tests say where.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export interface OracleCase {
  /** Paths under /var/task → source. */
  files: Record<string, string>;
  handler?: string;
  /** One invocation per event, in order, each with its request id. */
  invocations: Array<{ requestId: string; event: unknown }>;
  environment?: Record<string, string>;
  /** Wall-clock limit for the whole case (the child is killed after it). */
  limitMs?: number;
}

export interface OracleLog {
  /** INFO, WARN, … for a console call (read from the telemetry frame's type); null for raw stdout. */
  level: string | null;
  /** The line as CloudWatch shows it (the client's `<time>\t<request id>\t<LEVEL>\t<message>`). */
  line: string;
  /** The request id and message parsed out of a console line. */
  requestId?: string;
  message: string;
}

export interface OracleInvocation {
  requestId: string;
  /** What the client posted: `response` (the body as sent) or `error` (the error body). */
  outcome?: { kind: 'response'; body: string } | { kind: 'error'; body: Record<string, unknown> };
  logs: OracleLog[];
}

export interface OracleRun {
  /** Logs written before the first invocation was handed out (module code). */
  initLogs: OracleLog[];
  /** The body of POST /runtime/init/error, if init failed. */
  initError?: Record<string, unknown>;
  invocations: OracleInvocation[];
  /** How the process ended: exit code, or `idle` when it asked for another invocation and none was left. */
  ended: { kind: 'exit'; code: number | null; signal: string | null } | { kind: 'idle' } | { kind: 'limit' };
}

const here = dirname(fileURLToPath(import.meta.url));
const BOOTSTRAP = join(here, 'bootstrap.mjs');
/** Telemetry frame: 4-byte type (0xa55a0003 | level mask for text), 4-byte length, 8-byte timestamp (µs). */
const FRAME_HEADER_BYTES = 16;
const LEVEL_BY_MASK: Record<number, string> = {
  4: 'TRACE',
  8: 'DEBUG',
  12: 'INFO',
  16: 'WARN',
  20: 'ERROR',
  24: 'FATAL',
};
/**
 * How long the server holds back the next invocation (and the end of the case): the child writes its log frames
 * and records synchronously before asking, but this process may read the request before those pipes.
 */
const SETTLE_MS = 25;

/** The client's own file: its frames are shown as Lambda shows them, /var/runtime/index.mjs. */
const RUNTIME_FILE = createRequire(import.meta.url).resolve('aws-lambda-ric');

function normalise(text: string, taskRoot: string): string {
  const runtimeFile = RUNTIME_FILE;
  return text
    .split(`file://${BOOTSTRAP}`)
    .join('file:///var/runtime/index.mjs')
    .split(`file://${runtimeFile}`)
    .join('file:///var/runtime/index.mjs')
    .split(runtimeFile)
    .join('/var/runtime/index.mjs')
    .split(taskRoot)
    .join('/var/task');
}

function parseConsoleLine(text: string): { requestId: string; message: string } | undefined {
  const match = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t([^\t]*)\t[A-Z]+\t([\s\S]*)$/.exec(text);
  return match ? { requestId: match[1]!, message: match[2]! } : undefined;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
  });
}

/** Runs one function through the runtime interface client and collects what it posted and logged. */
export async function runOracle(oracleCase: OracleCase): Promise<OracleRun> {
  const root = mkdtempSync(join(tmpdir(), 'coldstart-oracle-'));
  const taskRoot = join(root, 'task');
  mkdirSync(taskRoot);
  for (const [path, content] of Object.entries(oracleCase.files)) {
    mkdirSync(dirname(join(taskRoot, path)), { recursive: true });
    writeFileSync(join(taskRoot, path), content);
  }
  const result: OracleRun = { initLogs: [], invocations: [], ended: { kind: 'idle' } };
  const pending = [...oracleCase.invocations];
  let current: OracleInvocation | null = null;
  const logsNow = () => (current ? current.logs : result.initLogs);

  let finish!: (ended: OracleRun['ended']) => void;
  const finished = new Promise<OracleRun['ended']>((resolve) => (finish = resolve));

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '';
    if (request.method === 'GET' && url === '/2018-06-01/runtime/invocation/next') {
      setTimeout(() => {
        const next = pending.shift();
        if (!next) {
          finish({ kind: 'idle' });
          return; // never answered: the child is killed
        }
        current = { requestId: next.requestId, logs: [] };
        result.invocations.push(current);
        response.writeHead(200, {
          'Content-Type': 'application/json',
          'Lambda-Runtime-Aws-Request-Id': next.requestId,
          'Lambda-Runtime-Deadline-Ms': String(Date.now() + 3000),
          'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
          'Lambda-Runtime-Trace-Id': 'Root=1-67890abc-0123456789abcdef01234567;Sampled=0',
        });
        response.end(JSON.stringify(next.event));
      }, SETTLE_MS);
      return;
    }
    void readBody(request).then((body) => {
      if (url === '/2018-06-01/runtime/init/error') result.initError = JSON.parse(normalise(body, taskRoot));
      response.writeHead(202).end('{"status":"OK"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const child = spawn(process.execPath, [BOOTSTRAP], {
    cwd: taskRoot,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: '/var/runtime',
      _HANDLER: oracleCase.handler ?? 'index.handler',
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
      AWS_LAMBDA_NODEJS_USE_ALTERNATIVE_CLIENT_1: 'true',
      _LAMBDA_TELEMETRY_LOG_FD: '4',
      AWS_LAMBDA_FUNCTION_NAME: 'fn',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef',
      AWS_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      ...oracleCase.environment,
    },
  });
  const [, stdout, stderr, records, telemetry] = child.stdio as unknown as NodeJS.ReadableStream[];

  let stdoutRest = '';
  stdout!.setEncoding('utf8');
  stdout!.on('data', (chunk: string) => {
    const lines = (stdoutRest + chunk).split('\n');
    stdoutRest = lines.pop()!;
    for (const line of lines) {
      const text = normalise(line, taskRoot);
      logsNow().push({ level: null, line: text, message: text });
    }
  });
  let stderrText = '';
  stderr!.setEncoding('utf8');
  stderr!.on('data', (chunk: string) => (stderrText += chunk));

  let recordRest = '';
  records!.setEncoding('utf8');
  records!.on('data', (chunk: string) => {
    const lines = (recordRest + chunk).split('\n');
    recordRest = lines.pop()!;
    for (const line of lines) {
      const entry = JSON.parse(line) as { kind: string; id: string; body: string };
      const target = result.invocations.find((invocation) => invocation.requestId === entry.id);
      if (!target) continue;
      target.outcome =
        entry.kind === 'response'
          ? { kind: 'response', body: entry.body }
          : { kind: 'error', body: JSON.parse(normalise(entry.body, taskRoot)) };
    }
  });

  let frames = Buffer.alloc(0);
  telemetry!.on('data', (chunk: Buffer) => {
    frames = Buffer.concat([frames, chunk]);
    while (frames.length >= FRAME_HEADER_BYTES) {
      const length = frames.readInt32BE(4);
      if (frames.length < FRAME_HEADER_BYTES + length) break;
      const type = frames.readUInt32BE(0);
      const text = normalise(
        frames.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length).toString('utf8'),
        taskRoot,
      ).replace(/\n$/, '');
      frames = frames.subarray(FRAME_HEADER_BYTES + length);
      const parsed = parseConsoleLine(text);
      logsNow().push({
        level: LEVEL_BY_MASK[type & 0x1c] ?? null,
        line: text,
        message: parsed?.message ?? text,
        ...(parsed ? { requestId: parsed.requestId } : {}),
      });
    }
  });

  child.on('exit', (code, signal) => {
    // Let the pipes drain before reporting.
    setTimeout(() => finish({ kind: 'exit', code, signal }), SETTLE_MS);
  });
  const limit = setTimeout(() => finish({ kind: 'limit' }), oracleCase.limitMs ?? 5000);

  result.ended = await finished;
  clearTimeout(limit);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  server.closeAllConnections();
  server.close();
  rmSync(root, { recursive: true, force: true });
  if (stderrText.trim()) result.initLogs.push({ level: null, line: stderrText, message: stderrText });
  return result;
}
