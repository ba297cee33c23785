import { defineChecks, fail, httpApiEvent, httpResultOf, pass } from '@coldstart/lab';

const ALIAS = 'live';
/** The spike the checks send at once: the learner is told "ten at once", so ten must be provisioned. */
const SPIKE = 10;

const order = (i: number) =>
  httpApiEvent('POST', '/orders', {
    body: JSON.stringify({ item: `cup-${i}-${Math.floor(Math.random() * 1e4)}`, quantity: 1 + (i % 3) }),
  });

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
      if (alias.functionVersion === '$LATEST') return fail(`"${ALIAS}" points at $LATEST: point it at a published version`);
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
    title: `A spike of ${SPIKE} requests at once through "${ALIAS}" has no cold start`,
    task: 'provisioned',
    weight: 2,
    hints: [
      'Requests to the alias use the provisioned environments first: they were initialised before the requests came.',
      `Send the spike through the alias, and provision at least ${SPIKE} environments.`,
    ],
    async run(ctx) {
      // Provisioned environments take a moment to be allocated: let virtual time pass first.
      await ctx.advance(120_000);
      const results = await ctx.invokeMany(SPIKE, order, { qualifier: ALIAS });
      const failed = results.filter((r) => httpResultOf(r).statusCode !== 201);
      if (failed.length > 0)
        return fail(`${failed.length} of ${SPIKE} requests through "${ALIAS}" did not get a 201`);
      const cold = results.filter((r) => r.coldStart).length;
      return cold === 0 ? pass() : fail(`${cold} of ${SPIKE} requests through "${ALIAS}" were cold starts`);
    },
  },
]);
