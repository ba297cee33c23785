/**
 * runBlock on a real workspace with the in-process host (Node.js blocks: Python's path is the same service call,
 * covered by content:check's test and the e2e run): the seeds it needs, cold then warm reuse, the run's own log
 * lines, and a declared error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { testBundleSource } from '../../sandbox/sdk/testing/testBundles';
import type { RunnableBlock } from './blockFunction';
import { parseFenceMeta } from './fenceMeta';
import { runBlock, runProblem } from './runBlock';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

function workspace(): Workspace {
  const created = createWorkspace('runnable-test', {
    host: createInProcessHost({ bundles: testBundleSource() }),
    accountStore: null,
    seed: 3,
  });
  open.push(created);
  return created;
}

function block(meta: string, code: string): RunnableBlock {
  const parsed = parseFenceMeta(meta);
  return {
    language: 'javascript',
    code,
    spec: parsed.runnable!,
    ...(parsed.title ? { title: parsed.title } : {}),
  };
}

describe('runBlock', () => {
  it('seeds the account, runs cold then warm, and returns only that run’s log lines', async () => {
    const ws = workspace();
    const reader = block(
      'title="get-product.mjs" runnable event="product-get" seed="products" env="TABLE_NAME=products"',
      [
        "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'let invocations = 0;',
        'export const handler = async (event) => {',
        '  invocations += 1;',
        '  const { Item } = await client.send(new GetItemCommand({',
        '    TableName: process.env.TABLE_NAME, Key: { product_id: { S: event.pathParameters.id } } }));',
        '  console.log("found", Item.name.S);',
        '  return { name: Item.name.S, invocations };',
        '};',
      ].join('\n'),
    );
    const first = await runBlock(ws, reader);
    expect(runProblem(reader, first)).toBeNull();
    if (!first.ok) throw new Error(first.setupError);
    expect(JSON.parse(first.run.payload)).toEqual({ name: 'Espresso beans, 1 kg', invocations: 1 });
    expect(first.run.invocation.coldStart).toBe(true);
    expect(first.run.logLines[0]).toMatch(/^INIT_START Runtime Version: nodejs:22/);
    expect(first.run.logLines.some((line) => /\tINFO\tfound Espresso beans, 1 kg/.test(line))).toBe(true);
    expect(first.run.logLines.at(-1)).toMatch(/^REPORT RequestId: .*Init Duration: /);

    const second = await runBlock(ws, reader);
    if (!second.ok) throw new Error(second.setupError);
    expect(second.run.invocation.coldStart).toBe(false);
    expect(second.run.invocation.environmentId).toBe(first.run.invocation.environmentId);
    expect(JSON.parse(second.run.payload)).toEqual({ name: 'Espresso beans, 1 kg', invocations: 2 });
    expect(second.run.logLines[0]).toMatch(/^START RequestId: /);
    expect(second.run.logLines.at(-1)).not.toMatch(/Init Duration/);
  }, 60_000);

  it('a block passes with the error it declares and fails with any other outcome', async () => {
    const ws = workspace();
    const code =
      'export const handler = async (event) => { if (!event.sku) throw new TypeError("sku is required"); return 1; };';
    const declared = block('title="check.mjs" runnable error="TypeError"', code);
    expect(runProblem(declared, await runBlock(ws, declared))).toBeNull();
    const wrong = block('title="check.mjs" runnable error="RangeError"', code);
    expect(runProblem(wrong, await runBlock(ws, wrong))).toBe(
      'expected the error RangeError, got TypeError: sku is required',
    );
    const succeeds = block(`title="check.mjs" runnable error="TypeError" event='{"sku": "A-1"}'`, code);
    expect(runProblem(succeeds, await runBlock(ws, succeeds))).toBe(
      'expected the error TypeError, but the run succeeded',
    );
    const unknown = block('title="check.mjs" runnable event="nope"', code);
    expect(runProblem(unknown, await runBlock(ws, unknown))).toMatch(/^no test event named "nope"/);
  }, 60_000);
});
