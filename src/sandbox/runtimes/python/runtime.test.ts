/**
 * The python3.14 runtime in Node.js (real Pyodide, the replay mode for AWS calls), driven through the in-process
 * host as the Lambda service drives the browser's. Each environment boots its own interpreter (seconds), so each
 * test covers one environment's whole story.
 */
import { describe, expect, it } from 'vitest';
import type { EnvironmentSettings, FunctionLogRecord, InvokeResult } from '../../../sim/lambda/host';
import { createInProcessHost } from '../../testing/inProcessHost';
import { nodePyodideLoader } from '../../testing/nodePyodide';
import { pythonInitRequest, testInitRequest, testInvokeRequest } from '../../testing/fixtures';
import type { PyodideBootRequest, PyodideLoader } from './pyodide';

const BOOT_TIMEOUT_MS = 120_000;

/** One loader for the file: the first environment's memory snapshot is restored by every later one. */
const bootRequests: PyodideBootRequest[] = [];
const sharedLoader = nodePyodideLoader();
const loader: PyodideLoader = Object.assign(
  (request: PyodideBootRequest) => {
    bootRequests.push(request);
    return sharedLoader(request);
  },
  { snapshots: sharedLoader.snapshots },
);

async function environment(
  source: string | Record<string, string>,
  settings: Partial<EnvironmentSettings> = {},
) {
  const host = createInProcessHost({ pyodide: loader });
  const records: FunctionLogRecord[] = [];
  host.onLog((_id, record) => records.push(record));
  const start = await host.start('env-1', 'python3.14');
  const files = typeof source === 'string' ? { 'lambda_function.py': source } : source;
  const init = await host.init(
    'env-1',
    testInitRequest(files, {
      runtime: 'python3.14',
      settings: { handler: 'lambda_function.lambda_handler', ...settings },
    }),
  );
  const invoke = (event: unknown = {}, requestId?: string) =>
    host.invoke('env-1', testInvokeRequest(event, requestId ? { requestId } : {}));
  return { host, start, init, invoke, records, messages: () => records.map((record) => record.message) };
}

function payloadOf(result: InvokeResult): unknown {
  if (result.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return JSON.parse(result.payload);
}

describe('python3.14 runtime', () => {
  it(
    'runs module code once, keeps state warm, gives the context Python names, print raw and the root logger',
    async () => {
      const env = await environment(
        [
          'import logging, os',
          'logger = logging.getLogger()',
          'logger.setLevel(logging.INFO)',
          'count = 0',
          'print("init once")',
          'def lambda_handler(event, context):',
          '    global count',
          '    count += 1',
          '    print("hello", event.get("name"))',
          '    logger.info("count is %d", count)',
          '    logger.warning("careful")',
          '    with open("/tmp/n.txt", "w") as f:',
          '        f.write(str(count))',
          '    return {',
          '        "count": count,',
          '        "name": context.function_name,',
          '        "version": context.function_version,',
          '        "arn": context.invoked_function_arn,',
          '        "memory": context.memory_limit_in_mb,',
          '        "id": context.aws_request_id,',
          '        "group": context.log_group_name,',
          '        "remaining": context.get_remaining_time_in_millis() > 0,',
          '        "stage": os.environ["STAGE"],',
          '        "execution": os.environ["AWS_EXECUTION_ENV"],',
          '        "cwd": os.getcwd(),',
          '    }',
        ].join('\n'),
      );
      expect(env.start.runtimeInitMs).toBeGreaterThan(0);
      expect(env.start.runtimeInitMs).toBeLessThan(400);
      expect(env.init).toMatchObject({ ok: true });
      const first = payloadOf(await env.invoke({ name: 'Ada' }, 'req-1'));
      expect(first).toEqual({
        count: 1,
        name: 'fn',
        version: '$LATEST',
        arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
        memory: '256',
        id: 'req-1',
        group: '/aws/lambda/fn',
        remaining: true,
        stage: 'test',
        execution: 'AWS_Lambda_python3.14',
        cwd: '/var/task',
      });
      expect(payloadOf(await env.invoke({ name: 'Bob' }))).toMatchObject({ count: 2 });
      expect(env.messages().filter((message) => message === 'init once')).toHaveLength(1);
      expect(env.records).toContainEqual(expect.objectContaining({ level: null, message: 'hello Ada' }));
      expect(env.records).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'count is 2' }));
      expect(env.records).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'careful' }));
      expect(await env.host.tmp?.('env-1')).toEqual([{ path: '/tmp/n.txt', size: 1 }]);
      env.host.dispose();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    "answers an exception with Lambda's error shape and stays warm",
    async () => {
      const env = await environment(
        'def lambda_handler(event, context):\n    if event.get("fail"):\n        raise ValueError("bad order")\n    return "ok"\n',
      );
      const failed = await env.invoke({ fail: true });
      expect(failed.outcome).toBe('error');
      if (failed.outcome !== 'error') return;
      expect(failed.error.errorType).toBe('ValueError');
      expect(failed.error.errorMessage).toBe('bad order');
      expect(failed.error.trace.join('')).toContain(
        '/var/task/lambda_function.py", line 3, in lambda_handler',
      );
      expect(env.messages().some((message) => message.startsWith('[ERROR] ValueError: bad order'))).toBe(
        true,
      );
      expect(payloadOf(await env.invoke({}))).toBe('ok');
      env.host.dispose();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'an unreachable host fails as on Lambda: urllib raises URLError (an OSError), not a TLS RuntimeError',
    async () => {
      const env = await environment(
        [
          'import errno, socket, urllib.error, urllib.request',
          '',
          'def outcome(url):',
          '    try:',
          '        urllib.request.urlopen(url, timeout=2)',
          '    except urllib.error.URLError as error:',
          '        return [type(error).__name__, isinstance(error, OSError), error.reason.strerror]',
          '    except Exception as error:',
          '        return [type(error).__name__, isinstance(error, OSError), str(error)]',
          '',
          'def lambda_handler(event, context):',
          '    return [',
          '        outcome("https://quotes.example.com/v1/latest"),',
          '        outcome("http://203.0.113.7/"),',
          '        socket.socket().connect_ex(("203.0.113.7", 80)) == errno.ENETUNREACH,',
          '    ]',
          '',
        ].join('\n'),
      );
      expect(payloadOf(await env.invoke({}))).toEqual([
        ['URLError', true, 'Name or service not known'],
        ['URLError', true, 'Network is unreachable'],
        true,
      ]);
      env.host.dispose();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    "restores later environments from the first one's memory snapshot, each with its own state and randomness",
    async () => {
      const host = createInProcessHost({ pyodide: loader });
      const source = [
        'import random, uuid',
        'count = 0',
        'seed = random.random()',
        'def lambda_handler(event, context):',
        '    global count',
        '    count += 1',
        '    return {"count": count, "seed": seed, "id": str(uuid.uuid4())}',
      ].join('\n');
      const answers = [];
      for (const id of ['env-a', 'env-b']) {
        await host.start(id, 'python3.14');
        const init = await host.init(id, pythonInitRequest(source));
        expect(init).toMatchObject({ ok: true });
        answers.push(payloadOf(await host.invoke(id, testInvokeRequest({}))));
      }
      expect(payloadOf(await host.invoke('env-a', testInvokeRequest({})))).toMatchObject({ count: 2 });
      const [a, b] = answers as Array<{ count: number; seed: number; id: string }>;
      expect([a!.count, b!.count]).toEqual([1, 1]);
      expect(a!.seed).not.toBe(b!.seed);
      expect(a!.id).not.toBe(b!.id);
      // Only the file's first boot was a full one; every later environment restored its snapshot.
      expect(bootRequests[0]).toMatchObject({ makeSnapshot: true });
      expect(bootRequests.slice(1).every((request) => request.snapshot instanceof Uint8Array)).toBe(true);
      expect(bootRequests.length).toBeGreaterThanOrEqual(3);
      host.dispose();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    "imports boto3 from the runtime's bytecode (as Lambda ships it), compiles the learner's module, and parses S3's XML",
    async () => {
      const source = [
        'import builtins, sys',
        'compiled = []',
        'real_compile = builtins.compile',
        'def counting_compile(source, filename, *args, **kwargs):',
        '    compiled.append(filename)',
        '    return real_compile(source, filename, *args, **kwargs)',
        'builtins.compile = counting_compile',
        'import boto3',
        'import boto3.dynamodb.conditions',
        'import helper',
        'builtins.compile = real_compile',
        's3 = boto3.client("s3")',
        'def lambda_handler(event, context):',
        '    listed = s3.list_objects_v2(Bucket="photos")',
        '    return {',
        '        "compiled": compiled,',
        '        "loader": type(sys.modules["botocore.client"].__loader__).__name__,',
        '        "keys": [item["Key"] for item in listed.get("Contents", [])],',
        '    }',
      ].join('\n');
      const env = await environment({ 'lambda_function.py': source, 'helper.py': 'VALUE = 1\n' });
      expect(env.init).toMatchObject({ ok: true });
      // The reply S3 sends for ListObjectsV2 (REST-XML): botocore imports its XML parser on this first use.
      env.host.setAwsHandler(() =>
        Promise.resolve({
          statusCode: 200,
          headers: { 'content-type': 'application/xml' },
          body: new TextEncoder().encode(
            '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
              '<Name>photos</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated>' +
              '<Contents><Key>cat.jpg</Key><Size>3</Size></Contents></ListBucketResult>',
          ),
        }),
      );
      const answer = payloadOf(await env.invoke({})) as {
        compiled: string[];
        loader: string;
        keys: string[];
      };
      // Only the learner's own file was compiled; boto3's modules ran from the snapshot's bytecode.
      expect(answer.compiled).toEqual(['/var/task/helper.py']);
      expect(answer.loader).toBe('_PrecompiledLoader');
      expect(answer.keys).toEqual(['cat.jpg']);
      env.host.dispose();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    "reports Max Memory Used from the interpreter's high-water mark, and past the memory size ends in Runtime.OutOfMemory",
    async () => {
      const env = await environment(
        [
          'held = []',
          'def lambda_handler(event, context):',
          '    if event.get("megabytes"):',
          '        block = bytearray(event["megabytes"] * 1024 * 1024)',
          '        if event.get("keep"):',
          '            held.append(block)',
          '    return len(held)',
        ].join('\n'),
        { memoryMb: 128 },
      );
      expect(env.init).toMatchObject({ ok: true });
      const idle = await env.invoke({});
      const grown = await env.invoke({ megabytes: 40 });
      const after = await env.invoke({});
      // The interpreter alone (static data, stack, stdlib imported) is tens of MB, well under the memory size.
      expect(idle.maxMemoryUsedMb).toBeGreaterThan(15);
      expect(idle.maxMemoryUsedMb).toBeLessThan(100);
      // A 40 MB block raises the mark by about 40 MB, and freeing it does not lower it (Lambda's figure is a peak).
      expect(grown.maxMemoryUsedMb - idle.maxMemoryUsedMb).toBeGreaterThan(39);
      expect(after.maxMemoryUsedMb).toBe(grown.maxMemoryUsedMb);
      expect(after.maxMemoryUsedMb).toBeLessThan(128);
      const killed = await env
        .invoke({ megabytes: 60, keep: true })
        .then(() => env.invoke({ megabytes: 60 }));
      expect(killed.outcome).toBe('crash');
      if (killed.outcome !== 'crash') return;
      expect(killed.error.errorType).toBe('Runtime.OutOfMemory');
      // The host (the page, in the browser) is unharmed: the next environment starts and answers.
      await env.host.start('env-2', 'python3.14');
      const init = await env.host.init(
        'env-2',
        testInitRequest(
          { 'lambda_function.py': 'def lambda_handler(event, context):\n    return "fine"\n' },
          { runtime: 'python3.14', settings: { handler: 'lambda_function.lambda_handler' } },
        ),
      );
      expect(init).toMatchObject({ ok: true });
      expect(payloadOf(await env.host.invoke('env-2', testInvokeRequest({})))).toBe('fine');
      env.host.dispose();
    },
    BOOT_TIMEOUT_MS,
  );
});
