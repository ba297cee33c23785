/**
 * The runnable-block checker (scripts/runnableBlocks.ts): a block that runs passes, one that does not is reported
 * with its lesson, line and error, and a block that declares the error it demonstrates passes only with that error.
 * One Python interpreter serves every Python block, so this test boots Pyodide once.
 */
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
