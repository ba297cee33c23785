/**
 * Python bench (part of `npm run bench`), headless Chromium, a fresh profile (empty cache):
 *   - first Python environment ready after opening the playground (wall: start + init + first invoke through the
 *     sandbox host, Pyodide's download and boot included)
 *   - a later environment's cold start (start + init + first invoke; the frame's booted spare takes it)
 *   - the warm invoke round trip (median of 200)
 *   - a boto3 GetItem round trip (median of 100 in one invocation; the page answers as the account would)
 *   - the bytes downloaded for Python (transfer size of Pyodide's files, as the server sent them)
 *   - ten environments started at once (wall; as the lab's provisioned-concurrency check does), and where one
 *     restored worker's start went (its `coldstart-python:*` marks, src/sandbox/runtimes/python/bootMarks.ts)
 * Targets (issue #13): first ready ≤ 4 s, later cold starts ≤ 400 ms, warm ≤ 2 ms, GetItem ≤ 2 ms.
 * Runs alone too: `node scripts/bench/python.mjs http://localhost:4173/coldstart/` against a served build.
 */
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const TARGETS = { firstReadyMs: 4000, laterColdMs: 400, warmMs: 2, getItemMs: 2 };
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];

/** The last Python worker's boot marks, as [step, ms since the worker started] (null if it has none). */
async function restorePhases(page) {
  const workers = page.workers().filter((worker) => worker.url().startsWith('blob:'));
  for (const worker of workers.reverse()) {
    const marks = await worker
      .evaluate(() =>
        performance
          .getEntriesByType('mark')
          .filter((mark) => mark.name.startsWith('coldstart-python:'))
          .map((mark) => [mark.name.slice('coldstart-python:'.length), mark.startTime]),
      )
      .catch(() => []);
    if (marks.some(([step]) => step === 'runtime-ready')) return marks;
  }
  return null;
}

async function measure(page, baseUrl) {
  const opened = Date.now();
  await page.goto(`${baseUrl}#/playground`);
  await page.waitForFunction(() => 'coldstartSandbox' in window, null, { timeout: 30_000 });
  const figures = await page.evaluate(async () => {
    const { createSandboxHost } = window.coldstartSandbox;
    const settings = {
      functionName: 'bench-py',
      functionVersion: '$LATEST',
      region: 'us-east-1',
      accountId: '123456789012',
      memoryMb: 512,
      timeoutS: 30,
      ephemeralStorageMb: 512,
      architecture: 'x86_64',
      handler: 'lambda_function.lambda_handler',
      environment: {},
      initializationType: 'on-demand',
      logGroupName: '/aws/lambda/bench-py',
      logStreamName: '2026/12/01/[$LATEST]bench',
      logFormat: 'Text',
      applicationLogLevel: 'INFO',
      tracing: 'PassThrough',
    };
    const code = [
      'import boto3',
      'table = boto3.resource("dynamodb").Table("bench")',
      'n = 0',
      'def lambda_handler(event, context):',
      '    global n',
      '    n += 1',
      '    if event.get("gets"):',
      '        import time',
      '        times = []',
      '        for _ in range(event["gets"]):',
      '            started = time.perf_counter()',
      '            table.get_item(Key={"pk": "a"})',
      '            times.append((time.perf_counter() - started) * 1000)',
      '        times.sort()',
      '        return {"medianMs": times[len(times) // 2], "meanMs": sum(times) / len(times)}',
      '    return n',
    ].join('\n');
    const initRequest = {
      runtime: 'python3.14',
      files: [{ path: 'lambda_function.py', content: code }],
      layers: [],
      settings,
    };
    let sequence = 0;
    const invokeRequest = (event = {}) => ({
      requestId: `bench-${++sequence}`,
      event: JSON.stringify(event),
      remainingMs: 30_000,
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-py',
      traceId: 'Root=1-00000000-000000000000000000000000;Sampled=0',
    });
    const host = createSandboxHost();
    const body = new TextEncoder().encode(JSON.stringify({ Item: { pk: { S: 'a' }, n: { N: '1' } } }));
    host.setAwsHandler(async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body,
    }));
    const cold = async (id) => {
      const started = performance.now();
      await host.start(id, 'python3.14');
      const booted = performance.now();
      const init = await host.init(id, initRequest);
      const initialised = performance.now();
      const result = await host.invoke(id, invokeRequest());
      if (!init.ok || result.outcome !== 'success') throw new Error(JSON.stringify({ init, result }));
      const ended = performance.now();
      return {
        ms: ended - started,
        endedAt: performance.timeOrigin + ended,
        phases: { startMs: booted - started, initMs: initialised - booted, invokeMs: ended - initialised },
      };
    };
    const pageReadyAt = performance.timeOrigin + performance.now();
    const first = await cold('first');
    // What the first environment waited for on the page's side: each Python file's download (resource timing).
    const downloads = performance
      .getEntriesByType('resource')
      .filter((entry) => /pyodide|python_stdlib|python\.worker/.test(entry.name))
      .map((entry) => ({
        file: entry.name.replace(/^.*\//, '').replace(/[?#].*$/, ''),
        startMs: entry.startTime,
        durationMs: entry.duration,
        bytes: entry.transferSize || entry.encodedBodySize,
      }));
    // Let the frame boot its spare again before the next cold start (a learner edits between cold starts).
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const later = await cold('later');
    const laterMs = later.ms;
    const warm = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await host.invoke('later', invokeRequest());
      warm.push(performance.now() - started);
    }
    warm.sort((a, b) => a - b);
    const gets = await host.invoke('later', invokeRequest({ gets: 100 }));
    // Ten at once, after the spares are back (the frame tops them up one at a time, 3 s after each boot).
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const manyStarted = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, index) => host.start(`many-${index}`, 'python3.14')));
    const manyMs = performance.now() - manyStarted;
    const bytes = performance
      .getEntriesByType('resource')
      .filter((entry) => /pyodide|python_stdlib|python\.worker/.test(entry.name))
      .reduce((sum, entry) => sum + (entry.transferSize || entry.encodedBodySize), 0);
    return {
      firstMs: first.ms,
      firstEndedAt: first.endedAt,
      firstPhases: first.phases,
      pageReadyAt,
      downloads,
      laterMs,
      laterPhases: later.phases,
      warmMs: warm[Math.floor(warm.length / 2)],
      getItemMs: gets.outcome === 'success' ? JSON.parse(gets.payload).medianMs : NaN,
      getItemMeanMs: gets.outcome === 'success' ? JSON.parse(gets.payload).meanMs : NaN,
      bytes,
      manyMs,
    };
  });
  // The first environment's own end, not the end of this whole measurement (the later cold start and the warm
  // invokes after it, and the pause for the spare, are not part of "first environment ready").
  return {
    ...figures,
    phases: await restorePhases(page),
    openedToReadyMs: figures.firstEndedAt - opened,
    openedToPageReadyMs: figures.pageReadyAt - opened,
  };
}

export default async function run({ baseUrl, chromiumPath }) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const figures = await measure(page, baseUrl);
    const line = (label, value, target) =>
      console.log(`${label}: ${value.toFixed(value < 10 ? 3 : 0)} ms (target ≤ ${target} ms)`);
    line(
      'python: first environment ready after opening the playground (wall)',
      figures.openedToReadyMs,
      TARGETS.firstReadyMs,
    );
    const phases = figures.firstPhases;
    console.log(
      `python: first environment's phases: page ready ${figures.openedToPageReadyMs.toFixed(0)} ms after opening, ` +
        `then start (download + boot) ${phases.startMs.toFixed(0)} ms, init ${phases.initMs.toFixed(0)} ms, ` +
        `first invoke ${phases.invokeMs.toFixed(0)} ms`,
    );
    for (const download of figures.downloads)
      console.log(
        `python:   ${download.file}: ${(download.bytes / 1024).toFixed(0)} KB, fetched ` +
          `${download.startMs.toFixed(0)}–${(download.startMs + download.durationMs).toFixed(0)} ms after opening`,
      );
    line("python: a later environment's cold start", figures.laterMs, TARGETS.laterColdMs);
    const laterPhases = figures.laterPhases;
    console.log(
      `python: that cold start's phases: start (a booted spare) ${laterPhases.startMs.toFixed(0)} ms, ` +
        `init (boto3's import and the handler's module) ${laterPhases.initMs.toFixed(0)} ms, ` +
        `first invoke ${laterPhases.invokeMs.toFixed(0)} ms`,
    );
    line('python: warm invoke round trip (median of 200)', figures.warmMs, TARGETS.warmMs);
    line(
      `python: boto3 GetItem round trip (median of 100; mean ${figures.getItemMeanMs.toFixed(3)} ms)`,
      figures.getItemMs,
      TARGETS.getItemMs,
    );
    console.log(
      `python: bytes downloaded for Python: ${(figures.bytes / 1024 / 1024).toFixed(2)} MB (as served)`,
    );
    console.log(`python: ten environments started at once (wall): ${figures.manyMs.toFixed(0)} ms`);
    if (figures.phases) {
      let previous = 0;
      const steps = figures.phases.map(([step, at]) => {
        const text = `${step} +${(at - previous).toFixed(0)}`;
        previous = at;
        return text;
      });
      console.log(`python: one of them, from the worker's start (ms): ${steps.join(', ')}`);
    }
    return figures;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run({
    baseUrl: process.argv[2] ?? 'http://localhost:4173/coldstart/',
    chromiumPath: '/usr/bin/chromium',
  });
}
