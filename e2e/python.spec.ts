import { test, expect, type Page } from '@playwright/test';
import { openPlayground } from './helpers';

/**
 * Python in the built site. One page for the whole file (serial): Pyodide boots once, the first time, and every
 * later environment restores that boot's memory snapshot, so only the first test waits for a full boot.
 */
test.describe.configure({ mode: 'serial' });

/** Python boots Pyodide the first time (seconds on a loaded machine): generous waits for the first result. */
const BOOT_MS = 90_000;

let page: Page;
/** Requests to any origin but the site's own (none may leave: no CDN, not even by accident). */
const foreign: string[] = [];

async function openPythonPlayground() {
  await openPlayground(page);
  await page.getByRole('combobox', { name: 'Runtime' }).selectOption('python3.14');
}

const logs = () => page.getByRole('log', { name: 'Logs' });
const result = () => page.getByRole('region', { name: 'Result' });
const invokeButton = () => page.getByRole('button', { name: 'Invoke', exact: true });
const code = () => page.getByRole('textbox', { name: 'Handler code' });
const testEvent = () => page.getByRole('textbox', { name: 'Test event' });

test.beforeAll(async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  page.on('request', (request) => {
    const url = request.url();
    if (
      !url.startsWith(origin) &&
      !url.startsWith('blob:') &&
      !url.startsWith('data:') &&
      !url.startsWith('about:')
    )
      foreign.push(url);
  });
  await openPythonPlayground();
});

test.afterAll(async () => {
  await page.context().close();
});

test("python3.14 gives lambda_function.py with lambda_handler, runs cold then warm, logs in Lambda's format, and no request leaves the site", async () => {
  test.setTimeout(BOOT_MS * 2);
  await expect(page.getByText('(lambda_function.py)')).toBeVisible();
  await code().fill(
    [
      'import logging',
      'logger = logging.getLogger()',
      'logger.setLevel(logging.INFO)',
      'count = 0',
      'print("module loaded")',
      'def lambda_handler(event, context):',
      '    global count',
      '    count += 1',
      '    logger.info("count %d", count)',
      '    return {"count": count, "name": context.function_name}',
      '',
    ].join('\n'),
  );
  await invokeButton().click();
  await expect(result()).toContainText('Succeeded', { timeout: BOOT_MS });
  await expect(result()).toContainText('Cold start');
  await expect(result()).toContainText('"count": 1');
  const first = await logs().innerText();
  expect(first).toMatch(/^INIT_START Runtime Version: python:3\.14/m);
  expect(first).toMatch(/^module loaded$/m);
  expect(first).toMatch(/^\[INFO\]\t\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tcount 1$/m);
  await invokeButton().click();
  await expect(result()).toContainText('"count": 2', { timeout: 30_000 });
  await expect(result()).not.toContainText('Cold start');
  expect(foreign).toEqual([]);
});

test("a Python exception answers Lambda's error shape; a syntax error is an init error with its line", async () => {
  test.setTimeout(BOOT_MS * 2);
  await code().fill('def lambda_handler(event, context):\n    raise ValueError("no such order")\n');
  await invokeButton().click();
  await expect(result()).toContainText('ValueError', { timeout: BOOT_MS });
  await expect(result()).toContainText('no such order');
  await expect(result()).toContainText('stackTrace');
  await expect(logs()).toContainText('[ERROR] ValueError: no such order');
  await code().fill('def lambda_handler(event, context)\n    return 1\n');
  await invokeButton().click();
  await expect(result()).toContainText('Runtime.UserCodeSyntaxError', { timeout: BOOT_MS });
  await expect(result()).toContainText('line 1');
});

test('"Make Python available offline" fetches Python\'s runtime files from the site into the cache, with progress', async () => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (/pyodide|python_stdlib/.test(r.url())) fetched.push(new URL(r.url()).origin);
  });
  await page.getByRole('button', { name: 'Make Python available offline' }).click();
  await expect(page.getByText('Python is available offline.')).toBeVisible({ timeout: BOOT_MS });
  // Every file came from the site's own origin, and it is in Cache Storage now.
  // (This page booted Python already, so some files may come from the HTTP cache without a request.)
  expect(fetched.filter((origin) => origin !== new URL(page.url()).origin)).toEqual([]);
  const cached = await page.evaluate(async () => {
    let n = 0;
    for (const name of await caches.keys())
      n += (await (await caches.open(name)).keys()).filter((r) =>
        /python_stdlib|pyodide\.asm/.test(r.url),
      ).length;
    return n;
  });
  expect(cached).toBeGreaterThanOrEqual(2);
});

/** What the playground page puts on window for e2e and the bench (PlaygroundPage.tsx). */
type PageLambda = {
  coldstartLambda: {
    getWorkspace(id: string): Promise<{
      ready: Promise<unknown>;
      service: {
        hasFunction(name: string): boolean;
        createFunction(definition: unknown): { ok: boolean };
        updateFunction(name: string, definition: unknown): { ok: boolean };
        invoke(
          name: string,
          options: { payload: unknown },
        ): { done(): Promise<{ response?: { payload: string; functionError?: string } }> };
      };
    }>;
  };
};

test('a boto3 put_item is read by a Node.js function from the same table; a failed condition raises ClientError', async () => {
  test.setTimeout(BOOT_MS);
  await code().fill(
    [
      'import boto3',
      'from botocore.exceptions import ClientError',
      'client = boto3.client("dynamodb")',
      'def lambda_handler(event, context):',
      '    try:',
      '        client.create_table(TableName="Shared", BillingMode="PAY_PER_REQUEST",',
      '            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],',
      '            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])',
      '    except ClientError as error:',
      '        if error.response["Error"]["Code"] != "ResourceInUseException":',
      '            raise',
      '    table = boto3.resource("dynamodb").Table("Shared")',
      '    table.put_item(Item={"pk": "from-python", "total": 7})',
      '    try:',
      '        table.put_item(Item={"pk": "from-python"}, ConditionExpression="attribute_not_exists(pk)")',
      '        return {"code": None}',
      '    except ClientError as error:',
      '        return {"code": error.response["Error"]["Code"], "kind": type(error).__name__}',
      '',
    ].join('\n'),
  );
  await invokeButton().click();
  await expect(result()).toContainText('"code": "ConditionalCheckFailedException"', { timeout: BOOT_MS });
  // As in boto3, the modelled exception class is a ClientError subclass named after the error code.
  await expect(result()).toContainText('"kind": "ConditionalCheckFailedException"');
  // A Node.js function in the same workspace (the same simulated account) reads what Python wrote.
  const read = await page.evaluate(async () => {
    const lambda = (window as unknown as PageLambda).coldstartLambda;
    const workspace = await lambda.getWorkspace('playground');
    await workspace.ready;
    const definition = {
      name: 'node-reader',
      runtime: 'nodejs24.x',
      timeoutS: 30,
      code: {
        handler: 'index.handler',
        files: [
          {
            path: 'index.mjs',
            content: [
              "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
              'const client = new DynamoDBClient({});',
              'export const handler = async () =>',
              "  (await client.send(new GetItemCommand({ TableName: 'Shared', Key: { pk: { S: 'from-python' } } }))).Item;",
            ].join('\n'),
          },
        ],
      },
    };
    const made = workspace.service.hasFunction('node-reader')
      ? workspace.service.updateFunction('node-reader', definition)
      : workspace.service.createFunction(definition);
    if (!made.ok) throw new Error(JSON.stringify(made));
    const invocation = await workspace.service.invoke('node-reader', { payload: {} }).done();
    if (!invocation.response || invocation.response.functionError)
      throw new Error(invocation.response?.payload);
    return JSON.parse(invocation.response.payload) as unknown;
  });
  expect(read).toEqual({ pk: { S: 'from-python' }, total: { N: '7' } });
});

test('a Python timeout stops even `while True: pass`, resets the environment and keeps /tmp', async () => {
  test.setTimeout(BOOT_MS);
  await code().fill(
    [
      'import os',
      'count = 0',
      'def lambda_handler(event, context):',
      '    global count',
      '    count += 1',
      '    if event.get("spin"):',
      '        with open("/tmp/kept.txt", "w") as file:',
      '            file.write("kept")',
      '        while True:',
      '            pass',
      '    return {"count": count, "kept": os.path.exists("/tmp/kept.txt")}',
      '',
    ].join('\n'),
  );
  await testEvent().fill('{}');
  await invokeButton().click();
  await expect(result()).toContainText('"count": 1', { timeout: BOOT_MS });
  await testEvent().fill('{"spin": true}');
  await invokeButton().click();
  // The default timeout is 3 s: Lambda's own wording, in the log and in the error response.
  await expect(result()).toContainText('Sandbox.Timedout', { timeout: 30_000 });
  await expect(logs()).toContainText('Task timed out after 3.00 seconds');
  await testEvent().fill('{}');
  await invokeButton().click();
  // A reset: init runs again (the module counter starts over), and /tmp is what the environment left there.
  await expect(result()).toContainText('"kept": true', { timeout: 30_000 });
  await expect(result()).toContainText('"count": 1');
  await expect(result()).toContainText('Cold start');
});
