/**
 * Model-level figures for the simulated S3, CloudWatch Logs (Insights) and X-Ray. Run: npx tsx scripts/bench/aws-storage.ts
 * Absolute numbers move with machine load; compare runs on one machine.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { VirtualClock } from '../../src/sim/clock';
import { formatAppLog, formatEnd, formatReport, formatStart } from '../../src/sim/logs';
import { AwsAccount } from '../../src/sim/aws/account';
import { createLogs, type LogsService } from '../../src/sim/aws/logs';
import { createS3, type S3Service } from '../../src/sim/aws/s3';
import { testClientConfig } from '../../src/sim/aws/testing/sdkClient';
import { createXRay, type XRayService } from '../../src/sim/aws/xray';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function line(name: string, value: string): void {
  console.log(`${name.padEnd(58)} ${value}`);
}

async function benchS3(): Promise<void> {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createS3]);
  const s3 = account.service<S3Service>('s3')!;
  const client = new S3Client(testClientConfig(account));
  s3.createBucket('bench');
  const body = 'x'.repeat(1024);
  const puts: number[] = [];
  const gets: number[] = [];
  for (let i = 0; i < 600; i++) {
    let start = performance.now();
    await client.send(new PutObjectCommand({ Bucket: 'bench', Key: `k/${i}`, Body: body }));
    puts.push(performance.now() - start);
    start = performance.now();
    const got = await client.send(new GetObjectCommand({ Bucket: 'bench', Key: `k/${i}` }));
    await got.Body!.transformToString();
    gets.push(performance.now() - start);
  }
  line(
    'S3 PutObject 1 KB through the real SDK (median, in-process)',
    `${median(puts.slice(100)).toFixed(3)} ms`,
  );
  line('S3 GetObject 1 KB + body + CRC32 check (median)', `${median(gets.slice(100)).toFixed(3)} ms`);
  const big = new Uint8Array(5 * 1024 * 1024 - 1);
  let start = performance.now();
  await client.send(new PutObjectCommand({ Bucket: 'bench', Key: 'big', Body: big }));
  line(
    'S3 PutObject 5 MiB (SDK CRC32 + service MD5/CRC32 check)',
    `${(performance.now() - start).toFixed(1)} ms`,
  );
  for (let i = 0; i < 10_000; i++)
    s3.putObject('bench', `many/${String(i).padStart(5, '0')}`, { body: new Uint8Array(8) });
  const lists: number[] = [];
  for (let i = 0; i < 30; i++) {
    start = performance.now();
    await client.send(
      new ListObjectsV2Command({ Bucket: 'bench', Prefix: 'many/', StartAfter: `many/0${i}000` }),
    );
    lists.push(performance.now() - start);
  }
  line('S3 ListObjectsV2 page of 1,000 of 10,600 keys (median)', `${median(lists).toFixed(2)} ms`);
  start = performance.now();
  const snapshot = JSON.stringify(account.snapshot());
  line(
    `S3 snapshot to JSON (${(snapshot.length / 1024 / 1024).toFixed(1)} MB)`,
    `${(performance.now() - start).toFixed(0)} ms`,
  );
}

function benchLogs(): void {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createLogs]);
  const logs = account.service<LogsService>('logs')!;
  const epoch = account.epochMs;
  const group = '/aws/lambda/orders';
  let start = performance.now();
  for (let i = 0; i < 2500; i++) {
    const requestId = `6f1c0a52-8d2e-4b1a-9c33-${String(i).padStart(12, '0')}`;
    const at = i * 10;
    const report = {
      requestId,
      durationMs: 3 + (i % 50),
      billedMs: 4 + (i % 50),
      memoryMb: 128,
      maxMemoryUsedMb: 70,
      ...(i % 25 === 0 ? { initDurationMs: 180 } : {}),
    };
    logs.putLogEvents(group, `2026/11/26/[$LATEST]${String(i % 8).padStart(32, '0')}`, [
      { timestamp: epoch + at, message: formatStart(requestId) },
      {
        timestamp: epoch + at + 1,
        message: formatAppLog(at + 1, requestId, 'INFO', `order ${i} stored`, epoch),
      },
      { timestamp: epoch + at + 2, message: formatEnd(requestId) },
      { timestamp: epoch + at + 2, message: formatReport(report) },
    ]);
  }
  line('Logs: 2,500 invocations × 4 lines via putLogEvents', `${(performance.now() - start).toFixed(1)} ms`);
  const query =
    'filter @type = "REPORT" | stats count(*) as invocations, count(@initDuration) as coldStarts, pct(@duration, 99) by bin(1m)';
  const window = { logGroups: [group], startTime: epoch, endTime: epoch + 3_600_000 };
  start = performance.now();
  logs.query(query, window);
  line(
    'Insights cold-start query over 10,000 events (first: discovery)',
    `${(performance.now() - start).toFixed(1)} ms`,
  );
  const runs: number[] = [];
  for (let i = 0; i < 10; i++) {
    start = performance.now();
    logs.query(query, window);
    runs.push(performance.now() - start);
  }
  line('Insights cold-start query over 10,000 events (repeat, median)', `${median(runs).toFixed(1)} ms`);
  start = performance.now();
  logs.getLogEvents(group, { filterPattern: 'REPORT', limit: 100 });
  line('getLogEvents newest 100 matching a filter pattern', `${(performance.now() - start).toFixed(2)} ms`);
  start = performance.now();
  const snapshot = JSON.parse(JSON.stringify(account.snapshot()));
  const other = new AwsAccount({ clock }, [createLogs]);
  other.restore(snapshot);
  line('Logs snapshot + JSON + restore of 10,000 events', `${(performance.now() - start).toFixed(1)} ms`);
}

function benchXRay(): void {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createXRay]);
  const xray = account.service<XRayService>('xray')!;
  const start = performance.now();
  for (let i = 0; i < 1000; i++) {
    const receivedAt = xray.epochNow();
    const trace = xray.beginInvocation({ functionName: 'orders', requestId: String(i), receivedAt });
    for (const table of ['Orders', 'Payments', 'Orders'])
      xray.recordAwsCall({
        traceHeader: trace.header,
        service: 'DynamoDB',
        operation: 'GetItem',
        start: receivedAt + 2,
        end: receivedAt + 3,
        httpStatus: 200,
        resource: { table_name: table },
      });
    xray.endInvocation(trace, {
      invokeStart: receivedAt + 1,
      invokeEnd: receivedAt + 5,
      end: receivedAt + 6,
    });
    clock.advanceBy(100);
  }
  line(
    'X-Ray: 1,000 traced invocations with 3 AWS calls each',
    `${(performance.now() - start).toFixed(1)} ms`,
  );
  let at = performance.now();
  xray.listTraces();
  line('X-Ray listTraces over 1,000 traces', `${(performance.now() - at).toFixed(1)} ms`);
  at = performance.now();
  xray.serviceMap();
  line('X-Ray serviceMap over 1,000 traces', `${(performance.now() - at).toFixed(1)} ms`);
  const id = xray.listTraces()[0]!.id;
  at = performance.now();
  xray.waterfall(id);
  line('X-Ray waterfall of one trace', `${(performance.now() - at).toFixed(2)} ms`);
  at = performance.now();
  const other = new AwsAccount({ clock }, [createXRay]);
  other.restore(JSON.parse(JSON.stringify(account.snapshot())));
  line('X-Ray snapshot + JSON + restore of 1,000 traces', `${(performance.now() - at).toFixed(1)} ms`);
}

await benchS3();
benchLogs();
benchXRay();
