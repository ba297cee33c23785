/**
 * The simulated AWS account in the built site (issue #11, item 10): handlers use the real, bundled AWS SDK over
 * the environment's port, and the AWS resources region shows what they did. One page (one browser context) for
 * the whole file, the playground's workspace reset at the start; waits are on what the page shows, never sleeps.
 */
import { test, expect, type Page } from '@playwright/test';
import type { Workspace } from '../src/app/workspaces';
import type { XRayService } from '../src/sim/aws/xray';
import { runAxe } from './helpers';
import { POWERTOOLS_LAYER } from '../src/sandbox/sdk/powertoolsLayer';

/** What the playground page puts on window for e2e and the bench (PlaygroundPage.tsx). */
type PageLambda = { coldstartLambda: { getWorkspace(id: string): Promise<Workspace> } };

test.describe.configure({ mode: 'serial' });

let page: Page;

interface FunctionOptions {
  tracing?: 'Active' | 'PassThrough';
  layers?: { name: string; unzippedMb: number; content: typeof POWERTOOLS_LAYER }[];
}

/** Creates (or replaces) a function in the playground's workspace and invokes it; the response payload parsed. */
async function run(name: string, code: string, options: FunctionOptions = {}, payload: unknown = {}) {
  return page.evaluate(
    async ({ name, code, options, payload }) => {
      const lambda = (window as unknown as PageLambda).coldstartLambda;
      const workspace = await lambda.getWorkspace('playground');
      await workspace.ready;
      const definition = {
        name,
        runtime: 'nodejs22.x' as const,
        timeoutS: 30,
        code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: code }] },
        ...options,
      };
      const made = workspace.service.hasFunction(name)
        ? workspace.service.updateFunction(name, definition)
        : workspace.service.createFunction(definition);
      if (!made.ok) throw new Error(JSON.stringify(made));
      const invocation = await workspace.service.invoke(name, { payload }).done();
      const response = invocation.response;
      if (response?.functionError) throw new Error(response.payload);
      return JSON.parse(response!.payload) as unknown;
    },
    { name, code, options, payload },
  );
}

const resources = () => page.getByRole('region', { name: 'AWS resources' });
const consoleTab = (name: string) => resources().getByRole('tab', { name, exact: true }).click();

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  await page.goto('./#/playground');
  await expect(resources()).toBeVisible({ timeout: 30_000 });
  await resources().getByRole('button', { name: 'Reset account' }).click();
  await resources().getByRole('button', { name: 'Confirm reset' }).click();
  await expect(resources().getByRole('status').filter({ hasText: 'The account was reset.' })).toBeVisible();
});

test.afterAll(async () => {
  await page.context().close();
});

test('the region shows the fixed region and account id', async () => {
  await expect(resources().getByTestId('aws-region')).toHaveText('us-east-1');
  await expect(resources().getByTestId('aws-account-id')).toHaveText('123456789012');
});

test('a DocumentClient write in one environment is read by another', async () => {
  const written = await run(
    'writer',
    `
import { DynamoDBClient, CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);
export const handler = async () => {
  await client.send(new CreateTableCommand({
    TableName: 'Orders',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await documents.send(new PutCommand({ TableName: 'Orders', Item: { id: 'order-1', customer: 'Ada', total: 42.5 } }));
  return { environment: process.env.AWS_LAMBDA_LOG_STREAM_NAME };
};`,
  );
  const read = await run(
    'reader',
    `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  const { Item } = await documents.send(new GetCommand({ TableName: 'Orders', Key: { id: 'order-1' } }));
  return { item: Item, environment: process.env.AWS_LAMBDA_LOG_STREAM_NAME };
};`,
  );
  expect(read).toMatchObject({ item: { id: 'order-1', customer: 'Ada', total: 42.5 } });
  expect((read as { environment: string }).environment).not.toBe(
    (written as { environment: string }).environment,
  );
});

test('a conditional put that fails raises ConditionalCheckFailedException', async () => {
  const outcome = await run(
    'conditional',
    `
import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => {
  try {
    await documents.send(new PutCommand({ TableName: 'Orders', Item: { id: 'order-1' }, ConditionExpression: 'attribute_not_exists(id)' }));
    return { written: true };
  } catch (error) {
    return { name: error.name, isClass: error instanceof ConditionalCheckFailedException, message: error.message };
  }
};`,
  );
  expect(outcome).toEqual({
    name: 'ConditionalCheckFailedException',
    isClass: true,
    message: 'The conditional request failed',
  });
});

test('the item shows in the AWS resources region and survives a reload', async () => {
  await consoleTab('Tables');
  await resources().getByRole('button', { name: 'Orders', exact: true }).click();
  const items = resources().getByRole('table', { name: 'Items in Orders' });
  await expect(items.getByRole('row', { name: /order-1/ })).toContainText('Ada');

  await page.evaluate(async () => {
    const lambda = (window as unknown as PageLambda).coldstartLambda;
    await (await lambda.getWorkspace('playground')).persistence.flush();
  });
  await page.reload();
  await expect(resources()).toBeVisible({ timeout: 30_000 });
  await consoleTab('Tables');
  await resources().getByRole('button', { name: 'Orders', exact: true }).click();
  await expect(
    resources()
      .getByRole('table', { name: 'Items in Orders' })
      .getByRole('row', { name: /order-1/ }),
  ).toContainText('Ada');
});

test('SQS redrive moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
  const outcome = await run(
    'poller',
    `
import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async () => {
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders-dlq' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({
    QueueName: 'orders-queue',
    Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes.QueueArn, maxReceiveCount: 3 }) },
  }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison pill' }));
  const counts = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    // VisibilityTimeout 0: the message is visible again at once, as if every consumer failed.
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    counts.push(Messages.map((message) => message.Attributes.ApproximateReceiveCount));
  }
  const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, VisibilityTimeout: 0 }));
  return { counts, dead: dead.Messages?.map((message) => message.Body) };
};`,
  );
  // Three receives, then the fourth finds it moved to the dead-letter queue.
  expect(outcome).toEqual({ counts: [['1'], ['2'], ['3'], []], dead: ['poison pill'] });

  await consoleTab('Queues');
  const queues = resources().getByRole('table', { name: 'Queues' });
  await expect(queues.getByRole('row', { name: /^orders-queue/ })).toContainText(
    'orders-dlq after 3 receives',
  );
  await queues.getByRole('button', { name: 'orders-dlq' }).click();
  const messages = resources().getByRole('table', { name: 'Messages in orders-dlq' });
  await expect(messages).toContainText('poison pill');
  await expect(messages).toContainText('Moved from orders-queue');
});

test('the Insights cold-start query returns the cold starts of a run', async () => {
  const counted = await page.evaluate(async () => {
    const lambda = (window as unknown as PageLambda).coldstartLambda;
    const workspace = await lambda.getWorkspace('playground');
    const made = workspace.service.createFunction({
      name: 'cold',
      runtime: 'nodejs22.x',
      code: {
        handler: 'index.handler',
        files: [
          {
            path: 'index.mjs',
            content: "export const handler = async () => { console.log('hi'); return 1; };",
          },
        ],
      },
    });
    if (!made.ok) throw new Error(JSON.stringify(made));
    // Two at once need two environments (two cold starts); the third reuses one (warm).
    await Promise.all([workspace.service.invoke('cold').done(), workspace.service.invoke('cold').done()]);
    await workspace.service.invoke('cold').done();
    return workspace.service.functionMetrics('cold').invocations;
  });
  expect(counted).toBe(3);

  await consoleTab('Logs');
  await resources().getByRole('button', { name: '/aws/lambda/cold', exact: true }).click();
  await resources()
    .getByRole('textbox', { name: 'Query' })
    .fill('filter @type = "REPORT" | stats count(*) as invocations, count(@initDuration) as coldStarts');
  await resources().getByRole('button', { name: 'Run query' }).click();
  const results = resources().getByRole('table', { name: 'Query results' });
  await expect(results.getByRole('columnheader')).toHaveText(['invocations', 'coldStarts']);
  await expect(results.getByRole('row').nth(1)).toHaveText(/^\s*3\s*2\s*$/);
});

test('a traced invocation shows a DynamoDB subsegment, and Powertools Tracer its own, in the waterfall', async () => {
  // One plain client (the course records its call) and one instrumented by Tracer, inside Tracer's handler and
  // method subsegments (the decorators applied by hand, as TypeScript compiles @tracer.captureLambdaHandler()).
  const found = await run(
    'traced',
    `
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const tracer = new Tracer({ serviceName: 'orders' });
const client = new DynamoDBClient({});
const traced = tracer.captureAWSv3Client(new DynamoDBClient({}));
const get = (from) => from.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'order-1' } } }));
class Lambda {
  async readOrder() {
    tracer.putAnnotation('orderId', 'order-1');
    return (await get(traced)).Item !== undefined;
  }
  async handler() {
    const { Item } = await get(client);
    const again = await this.readOrder();
    return { found: Item !== undefined && again, trace: process.env._X_AMZN_TRACE_ID };
  }
}
for (const [name, decorator] of [['readOrder', tracer.captureMethod()], ['handler', tracer.captureLambdaHandler()]]) {
  const descriptor = Object.getOwnPropertyDescriptor(Lambda.prototype, name);
  decorator(Lambda.prototype, name, descriptor);
  Object.defineProperty(Lambda.prototype, name, descriptor);
}
const lambda = new Lambda();
export const handler = lambda.handler.bind(lambda);`,
    {
      tracing: 'Active',
      layers: [{ name: POWERTOOLS_LAYER.name, unzippedMb: 6, content: POWERTOOLS_LAYER }],
    },
  );
  expect(found).toMatchObject({ found: true, trace: expect.stringMatching(/Sampled=1/) });
  const traceId = /Root=([^;]+)/.exec((found as { trace: string }).trace)![1]!;

  await consoleTab('Traces');
  await resources().getByRole('button', { name: traceId }).click();
  const waterfall = resources().getByRole('list', { name: 'Segments and subsegments' });
  await expect(waterfall).toContainText('Invocation');
  const rows = waterfall.getByRole('listitem');
  await expect(rows.filter({ hasText: /^DynamoDB/ })).toHaveCount(2);
  await expect(rows.filter({ hasText: /^DynamoDB/ }).first()).toContainText('GetItem');
  // Tracer's subsegments, in order: the handler, its method, and the instrumented client's call inside it.
  const names = (await rows.locator('.aws-console__span-name').allInnerTexts()).map((name) => name.trim());
  const handlerRow = names.indexOf('## index.handler');
  expect(handlerRow).toBeGreaterThan(names.indexOf('Invocation'));
  expect(names.slice(handlerRow + 1, handlerRow + 3)).toEqual(['### readOrder', 'DynamoDB GetItem']);
  const annotations = await page.evaluate(async (id) => {
    const workspace = await (window as unknown as PageLambda).coldstartLambda.getWorkspace('playground');
    const rows = workspace.account.service<XRayService>('xray')!.waterfall(id);
    return rows.filter((row) => row.name.startsWith('#')).map((row) => [row.name, row.annotations]);
  }, traceId);
  expect(annotations).toEqual([
    ['## index.handler', { ColdStart: true, Service: 'orders' }],
    ['### readOrder', { orderId: 'order-1' }],
  ]);
  await expect(resources().getByRole('table', { name: 'Service map: calls between services' })).toContainText(
    'Orders',
  );
});

test('the region is axe clean with a table, its items and the item editor open, and reachable by keyboard', async () => {
  await consoleTab('Tables');
  await resources().getByRole('button', { name: 'Orders', exact: true }).click();
  await resources().getByRole('button', { name: 'Edit item order-1' }).click();
  await expect(resources().getByRole('textbox', { name: 'Item (DynamoDB JSON)' })).toBeVisible();
  expect(await runAxe(page)).toEqual([]);
  // The tab list moves with the arrow keys (WAI-ARIA tabs).
  await resources().getByRole('tab', { name: 'Tables' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(resources().getByRole('tab', { name: 'Queues' })).toBeFocused();
  await expect(resources().getByRole('tab', { name: 'Queues' })).toHaveAttribute('aria-selected', 'true');
});
