/**
 * The runnable-block checker (scripts/runnableBlocks.ts): a block that runs passes, one that does not is reported
 * with its lesson, line and error, and a block that declares the error it demonstrates passes only with that error.
 * One Python interpreter serves every Python block, so this test boots Pyodide once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRunnableBlocks, runnableBlocksOf } from './runnableBlocks';

const LESSON = [
  '# A lesson',
  '',
  '```python title="good.py" runnable event=\'{"name": "Ada"}\' env="GREETING=Hello"',
  'import os',
  'COUNT = 0',
  '',
  'def handler(event, context):',
  '    return {"message": f"{os.environ[\'GREETING\']}, {event[\'name\']}"}',
  '```',
  '',
  '```python title="broken.py" runnable',
  'import os',
  'TABLE = os.environ["TABLE_NAME"]',
  '',
  'def handler(event, context):',
  '    return TABLE',
  '```',
  '',
  '```python title="fails.py" runnable error="ValueError"',
  'def handler(event, context):',
  '    raise ValueError("order without sku")',
  '```',
  '',
  '```python title="missing.py" runnable',
  'import requests',
  '',
  'def handler(event, context):',
  '    return None',
  '```',
  '',
  '```python title="reserve.py" runnable="script" seed="order-processor"',
  'import boto3',
  'client = boto3.client("lambda")',
  'if __name__ == "__main__":',
  '    client.put_function_concurrency(FunctionName="order-processor", ReservedConcurrentExecutions=5)',
  '    print(client.get_function_concurrency(FunctionName="order-processor"))',
  '```',
  '',
  '```javascript title="index.mjs" runnable event="sqs-orders"',
  'export const handler = async (event) => ({ count: event.Records.length });',
  '```',
  '',
  '```javascript title="bad.mjs" runnable',
  'export const handler = async (event) => event.missing.value;',
  '```',
  '',
  '```bash runnable',
  'echo no',
  '```',
  '',
  '```python title="not-marked.py"',
  'this is not python',
  '```',
].join('\n');

describe('runnable code blocks in content:check', () => {
  it('finds marked blocks with their line and runs them: good ones pass, broken ones are reported', async () => {
    const { blocks, problems } = runnableBlocksOf('content/lessons/x.mdx', LESSON);
    expect(blocks.map((found) => `${found.line} ${found.block.title}`)).toEqual([
      '3 good.py',
      '11 broken.py',
      '19 fails.py',
      '24 missing.py',
      '31 reserve.py',
      '39 index.mjs',
      '43 bad.mjs',
    ]);
    expect(problems).toEqual([
      'content/lessons/x.mdx:47: a bash block cannot be runnable (python, javascript, typescript)',
    ]);

    const result = await checkRunnableBlocks(blocks);
    expect(result.ran).toEqual({ python: 5, node: 2 });
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^content\/lessons\/x\.mdx:43: runnable javascript block "bad\.mjs" does not run: TypeError: Cannot read properties of undefined/,
      ),
      'content/lessons/x.mdx:11: runnable python block "broken.py" does not run: KeyError: \'TABLE_NAME\'',
      expect.stringMatching(
        /^content\/lessons\/x\.mdx:24: runnable python block "missing\.py" does not run: Runtime\.ImportModuleError: .*requests/,
      ),
    ]);
  }, 180_000);
});

describe("the module's own examples do what the lesson says", () => {
  it('the idempotent payment (payments.mjs): Run again answers from the idempotency record without charging', async () => {
    const { createWorkspace } = await import('../src/app/workspaces');
    const { createInProcessHost } = await import('../src/sandbox/testing/inProcessHost');
    const { testBundleSource } = await import('../src/sandbox/sdk/testing/testBundles');
    const { runBlock } = await import('../src/features/runnable/runBlock');
    const lesson = fs.readFileSync(
      path.join(import.meta.dirname, '../content/lessons/powertools.mdx'),
      'utf8',
    );
    const payments = runnableBlocksOf('content/lessons/powertools.mdx', lesson).blocks.find(
      (found) => found.block.title === 'payments.mjs',
    );
    expect(payments).toBeDefined();
    const workspace = createWorkspace('payments-test', {
      host: createInProcessHost({ bundles: testBundleSource() }),
      accountStore: null,
      seed: 5,
    });
    try {
      const first = await runBlock(workspace, payments!.block);
      const second = await runBlock(workspace, payments!.block);
      if (!first.ok || !second.ok) throw new Error('setup failed');
      expect(first.run.error).toBeUndefined();
      expect(JSON.parse(first.run.payload)).toEqual({ paymentId: 'pay-1001', receipt: 'receipt-pay-1001' });
      expect(
        first.run.logLines.filter((line) => line.includes('charging 4250 cents for pay-1001')),
      ).toHaveLength(1);
      expect(JSON.parse(second.run.payload)).toEqual(JSON.parse(first.run.payload));
      expect(second.run.logLines.some((line) => line.includes('charging'))).toBe(false);
    } finally {
      await workspace.dispose();
    }
  }, 120_000);
});
