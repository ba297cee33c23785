/**
 * The port path of issue #11's "10,000 PutItems" in Node.js, for profiling without a browser: the real bundled
 * SDK inside the sandbox's own worker host and Node.js runtime (createInProcessHost), the environment's port as an
 * in-memory channel (a structured clone per message, as a MessagePort), the page's EnvironmentLink validating
 * every request, and the workspace's account answering it. It leaves out the browser's part: the two
 * cross-process hops per call (the sandbox frame is an out-of-process iframe) and the worker's own JIT.
 *   npx vitest run --config scripts/bench/vitest.bench.config.ts   (CALLS=3000 for fewer calls)
 * (vitest, as the workspace needs Vite's module graph; not a `*.test.ts`, so `npm test` leaves it out). Prints wall and CPU µs per call for PutItem and
 * GetItem (CPU: user + system of the whole process, steadier than wall time on a shared machine).
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../src/app/workspaces';
import { createMemoryAccountStore } from '../../src/platform/accountStore';
import { testBundleSource } from '../../src/sandbox/sdk/testing/testBundles';
import { createInProcessHost } from '../../src/sandbox/testing/inProcessHost';

const CALLS = Number(process.env.CALLS ?? 10_000);

const HANDLER = `
import { DynamoDBClient, CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async (event) => {
  if (event.step === 'setup') {
    await client.send(new CreateTableCommand({
      TableName: 'Bench',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    return {};
  }
  for (let i = 0; i < event.calls; i++) {
    if (event.step === 'put')
      await client.send(new PutItemCommand({ TableName: 'Bench', Item: { pk: { S: 'many' }, sk: { N: String(i) }, v: { S: 'item ' + i } } }));
    else await client.send(new GetItemCommand({ TableName: 'Bench', Key: { pk: { S: 'many' }, sk: { N: '1' } } }));
  }
  return {};
};`;

let workspace: Workspace;

async function step(payload: Record<string, unknown>): Promise<void> {
  const invocation = await workspace.service.invoke('bench', { payload }).done();
  if (invocation.response?.functionError) throw new Error(invocation.response.payload);
}

async function timed(name: 'put' | 'get'): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await step({ step: name, calls: CALLS });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stderr.write(
    `port path, ${CALLS.toLocaleString('en-US')} ${name === 'put' ? 'PutItems' : 'GetItems'}: ${wall.toFixed(0)} ms; ` +
      `${((wall / CALLS) * 1000).toFixed(0)} µs/call wall, ${((cpuMs / CALLS) * 1000).toFixed(0)} µs/call CPU ` +
      `(load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs)\n`,
  );
}

describe('AWS calls over the environment port, in process', () => {
  beforeAll(async () => {
    workspace = createWorkspace('bench', {
      host: createInProcessHost({ bundles: testBundleSource() }),
      accountStore: createMemoryAccountStore(),
      seed: 1,
    });
    await workspace.ready;
    const made = workspace.service.createFunction({
      name: 'bench',
      runtime: 'nodejs22.x',
      timeoutS: 900,
      memoryMb: 1024,
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: HANDLER }] },
    });
    if (!made.ok) throw new Error(JSON.stringify(made));
    await step({ step: 'setup' });
    await step({ step: 'put', calls: 500 }); // warm-up: JIT and the modelled connection set-up
  }, 120_000);
  afterAll(async () => {
    await workspace.dispose();
  });

  it(`${CALLS} PutItems`, () => timed('put'), 600_000);
  it(`${CALLS} GetItems`, () => timed('get'), 600_000);
});
