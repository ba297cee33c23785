import { cheapestSizes, defineChecks, fail, httpApiEvent, pass, type InvokeOutcome } from '@coldstart/lab';

const ALIAS = 'live';
/** The spike the checks send at once: the learner is told "ten at once", so ten must be provisioned. */
const SPIKE = 10;

const orderBody = (i: number) =>
  JSON.stringify({ item: `cup-${i}-${Math.floor(Math.random() * 1e4)}`, quantity: 1 + (i % 3) });
const order = (i: number) => httpApiEvent('POST', '/orders', { body: orderBody(i) });

/** Durations as the log lines print them (two decimals), so the truth matches what Insights reads. */
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Nearest rank, as this course's Insights `pct` computes it. */
function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(0.99 * sorted.length)) - 1] ?? 0;
}

/** What a run's REPORT lines say: how many were cold starts, and the p99 of Duration. */
function truthOf(outcomes: InvokeOutcome[]) {
  return {
    cold: outcomes.filter((o) => o.coldStart).length,
    p99: p99(outcomes.map((o) => round2(o.invocation.durationMs))),
  };
}

/** Every number in the query's first row (Insights may answer in any column order). */
function numbersOf(rows: Array<Record<string, unknown>>): number[] {
  const first = rows[0];
  if (!first) return [];
  return Object.values(first)
    .map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN))
    .filter((n) => Number.isFinite(n));
}

function judge(numbers: number[], truth: { cold: number; p99: number }): string | null {
  if (numbers.length === 0) return 'Your query returned no numbers: end it with a stats command';
  if (!numbers.includes(truth.cold))
    return `Your query returned ${numbers.join(', ')}; the run had ${truth.cold} cold starts (REPORT lines with an Init Duration)`;
  const rest = numbers.filter((_, i) => i !== numbers.indexOf(truth.cold));
  if (!rest.some((n) => Math.abs(n - truth.p99) <= 0.011))
    return `Your query counts the cold starts, but no column is the p99 of Duration (${truth.p99} ms in this run): add pct(…, 99)`;
  return null;
}

export default defineChecks([
  {
    id: 'alias',
    title: `An alias "${ALIAS}" points at a published version, not $LATEST`,
    task: 'alias',
    hints: [
      'Provisioned concurrency needs a version or an alias: publish a version first ("publish": true).',
      `Add "aliases": [{ "name": "${ALIAS}", "version": "1" }] to function.json.`,
    ],
    async run(ctx) {
      const alias = ctx.service.listAliases('orders').find((a) => a.name === ALIAS);
      if (!alias) return fail(`The function has no alias "${ALIAS}"`);
      if (alias.functionVersion === '$LATEST')
        return fail(`"${ALIAS}" points at $LATEST: point it at a published version`);
      return pass();
    },
  },
  {
    id: 'provisioned-on-alias',
    title: 'Provisioned concurrency is configured on the alias',
    task: 'provisioned',
    hints: [
      `Add "provisioned": [{ "qualifier": "${ALIAS}", "count": ${SPIKE} }] to function.json.`,
      'Lambda refuses provisioned concurrency on $LATEST: use the alias (or a version).',
    ],
    async run(ctx) {
      const refused = ctx.deployErrors.find((e) => e.startsWith('Provisioned concurrency'));
      if (refused) return fail(refused);
      const own = ctx.config.provisioned.find((p) => p.qualifier === ALIAS);
      if (!own) return fail(`No provisioned concurrency on "${ALIAS}"`);
      return pass(`"${ALIAS}" has ${own.count} provisioned environments`);
    },
  },
  {
    id: 'no-cold-starts',
    title: `A load test through "${ALIAS}" with a spike of ${SPIKE} at once has no cold start`,
    task: 'provisioned',
    weight: 2,
    hints: [
      'Requests to the alias use the provisioned environments first: they were initialised before the requests came.',
      `Send the load test through the alias, and provision at least ${SPIKE} environments.`,
    ],
    async run(ctx) {
      // Provisioned environments take a moment to be allocated: let virtual time pass first.
      await ctx.advance(120_000);
      const run = await ctx.loadTest({
        // Ten steady requests and the spike: enough to see warm reuse, few enough to stay quick in the page.
        requests: 20,
        durationMs: 60_000,
        spike: SPIKE,
        qualifier: ALIAS,
        request: (i) => ({ method: 'POST', path: '/orders', body: orderBody(i) }),
      });
      const failed = run.requests.filter((r) => r.statusCode !== 201);
      if (failed.length > 0)
        return fail(
          `${failed.length} of ${run.requests.length} requests through "${ALIAS}" did not get a 201 (first: ${String(failed[0]!.statusCode)})`,
        );
      return run.coldStarts === 0
        ? pass(`p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, no cold start`)
        : fail(`${run.coldStarts} of ${run.requests.length} requests through "${ALIAS}" were cold starts`);
    },
  },
  {
    id: 'cold-start-query',
    title: 'Your Logs Insights query counts the cold starts and the p99 duration of a run',
    task: 'query',
    weight: 2,
    hints: [
      'A cold start is a REPORT line with an Init Duration: count that field, and take pct(duration, 99).',
      'Step 4 switched your logs to JSON: the REPORT line is an event with type "platform.report" and its figures under record.metrics.',
      'filter type = "platform.report" | stats count(record.metrics.initDurationMs) as coldStarts, pct(record.metrics.durationMs, 99) as p99',
    ],
    async run(ctx) {
      const query = (ctx.answers['cold-start-query'] ?? '').trim();
      if (!query) return fail('Write your query in the Logs Insights box of this step');
      // A run with a cold-start count the learner cannot know in advance: a burst at once, then warm requests.
      const burst = 2 + Math.floor(Math.random() * 3);
      const runOn = async (
        invokeMany: (n: number, p: (i: number) => unknown) => Promise<InvokeOutcome[]>,
        invoke: (p: unknown) => Promise<InvokeOutcome>,
      ) => {
        const outcomes = await invokeMany(burst, order);
        for (let i = 0; i < 3; i++) outcomes.push(await invoke(order(burst + i)));
        return outcomes;
      };
      const ask = (functionName?: string) => {
        try {
          return { rows: ctx.insights(query, functionName ? { functionName } : {}).rows };
        } catch (e) {
          return { error: (e as Error).message };
        }
      };
      const own = await runOn(
        (n, p) => ctx.invokeMany(n, p),
        (p) => ctx.invoke(p),
      );
      const answer = ask();
      if ('error' in answer) return fail(`Logs Insights refused the query: ${answer.error}`);
      const problem = judge(numbersOf(answer.rows), truthOf(own));
      if (problem === null) return pass();
      // The text-format query is right too, for a function that logs text: try it on a copy that does.
      if (ctx.config.logging.format === 'JSON') {
        const text = await ctx.deployVariant('orders-text-logs', {
          config: (c) => ({ ...c, logging: { ...c.logging, format: 'Text' } }),
        });
        if (text.errors.length === 0) {
          const outcomes = await runOn(
            (n, p) => text.invokeMany(n, p),
            (p) => text.invoke(p),
          );
          const onText = ask(text.name);
          if (!('error' in onText) && judge(numbersOf(onText.rows), truthOf(outcomes)) === null)
            return pass(
              'Right for text-format logs. Your function logs JSON since step 4: there the same query reads type = "platform.report" and record.metrics.initDurationMs',
            );
        }
      }
      return fail(problem);
    },
  },
  {
    id: 'memory-choice',
    title: 'The memory size is one of the two cheapest in your power-tuning run',
    task: 'memory',
    weight: 2,
    hints: [
      'Run the power tuning on this page, read the cost column, and set "memoryMb" in function.json.',
      'Lambda Power Tuning prices each size as billed ms × price per GB-second × memory: pick one of the two lowest costs.',
    ],
    async run(ctx) {
      const raw = ctx.answers['power-tuning'];
      if (!raw)
        return fail(
          'Run the power tuning on this page first: the check compares your choice with your measurements',
        );
      let measured: Array<{ memoryMb: number; billedMs: number; costUsd: number }>;
      try {
        measured = JSON.parse(raw);
      } catch {
        return fail('The power-tuning results could not be read: run the power tuning again');
      }
      if (!Array.isArray(measured) || measured.length < 2)
        return fail('Measure at least two memory sizes in the power tuning');
      const chosen = ctx.functionConfig()?.memoryMb ?? ctx.config.memoryMb;
      if (!measured.some((m) => m.memoryMb === chosen))
        return fail(
          `You set ${chosen} MB, which your power tuning did not measure (${measured.map((m) => m.memoryMb).join(', ')} MB)`,
        );
      const cheapest = cheapestSizes(measured);
      return cheapest.includes(chosen)
        ? pass(`${chosen} MB is among your two cheapest (${cheapest.join(' and ')} MB)`)
        : fail(
            `${chosen} MB is not among the two cheapest of your measurements: ${cheapest.join(' MB and ')} MB`,
          );
    },
  },
]);
