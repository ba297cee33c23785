import { test, expect, type Page } from '@playwright/test';
import { runAxe, openPlayground } from './helpers';

/**
 * The playground's "HTTP request" tab in the built site: real handler code in the sandbox behind an HTTP API, a
 * REST API or a function URL, and API Gateway's own answers per API type ("Handling Lambda errors with an API
 * Gateway API", the HTTP API troubleshooting page); and S3 → function through the account's notifications.
 */

const setCode = (page: Page, code: string) => page.getByRole('textbox', { name: 'Handler code' }).fill(code);
const curl = (page: Page) => page.getByLabel('curl output');
const response = (page: Page) => page.getByRole('region', { name: 'HTTP response' });
const send = (page: Page) => page.getByRole('button', { name: 'Send request' });
const apiType = (page: Page) => page.getByRole('combobox', { name: 'API type' });

const HANDLER = `export const handler = async (event) => {
  const body = event.body ?? '';
  if (body.includes('boom')) throw new Error('boom in handler');
  if (body.includes('object')) return { statusCode: 200, body: { not: 'a string' } };
  if (body.includes('slow')) await new Promise((resolve) => setTimeout(resolve, 3000));
  console.log('handled', event.routeKey ?? event.resource);
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json', 'x-handled-by': 'my-function' },
    body: JSON.stringify({ received: JSON.parse(body || '{}') }),
  };
};
`;

async function openHttpTab(page: Page) {
  await openPlayground(page);
  await setCode(page, HANDLER);
  await page.getByRole('tab', { name: 'HTTP request' }).click();
}

async function sendBody(page: Page, body: string) {
  await page.getByRole('textbox', { name: 'Request body' }).fill(body);
  await send(page).click();
  await expect(send(page)).toBeEnabled({ timeout: 30_000 });
}

test('a POST through the HTTP API reaches the handler; curl shows status, headers and body; the event is inspectable', async ({
  page,
}) => {
  await openHttpTab(page);
  await expect(apiType(page)).toHaveValue('http');
  await page.getByRole('combobox', { name: 'Method' }).selectOption('POST');
  await page.getByRole('textbox', { name: 'Path' }).fill('/items?color=red');
  await page.getByRole('textbox', { name: 'Headers' }).fill('content-type: application/json\nx-trace: abc');
  await sendBody(page, '{"name": "widget"}');
  await expect(curl(page)).toContainText(/^\$ curl -i /);
  await expect(curl(page)).toContainText('HTTP/2 201');
  await expect(curl(page)).toContainText('x-handled-by: my-function');
  await expect(curl(page)).toContainText(/apigw-requestid: \S+/);
  await expect(curl(page)).toContainText('{"received":{"name":"widget"}}');
  await expect(response(page)).toContainText('Route POST /items');

  await page.getByText('Event the function received').click();
  const event = page.getByLabel('Event the function received');
  await expect(event).toContainText('"version": "2.0"');
  await expect(event).toContainText('"routeKey": "POST /items"');
  await expect(event).toContainText('"rawQueryString": "color=red"');
  await expect(event).toContainText('"x-trace": "abc"');
  await expect(page.getByRole('log', { name: 'Logs' })).toContainText('handled POST /items');
  // The tab with a response and the event open passes axe (WCAG 2.1 AA).
  expect(await runAxe(page)).toEqual([]);
});

test('a function error: 500 Internal Server Error from an HTTP API, 502 Internal server error from a REST API', async ({
  page,
}) => {
  await openHttpTab(page);
  await sendBody(page, '{"boom": true}');
  await expect(curl(page)).toContainText('HTTP/2 500');
  await expect(curl(page)).toContainText('{"message":"Internal Server Error"}');

  await apiType(page).selectOption('rest');
  await expect(
    page.getByText(/Endpoint https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod/),
  ).toBeVisible();
  await sendBody(page, '{"boom": true}');
  await expect(curl(page)).toContainText('HTTP/2 502');
  await expect(curl(page)).toContainText('{"message": "Internal server error"}');
  await expect(curl(page)).toContainText('x-amzn-errortype: InternalServerErrorException');
  await expect(response(page)).toContainText('an HTTP API would answer 500');
});

test('a malformed response (body not a string): 500 from an HTTP API, 502 from a REST API', async ({
  page,
}) => {
  await openHttpTab(page);
  await sendBody(page, '{"object": true}');
  await expect(curl(page)).toContainText('HTTP/2 500');
  await expect(response(page)).toContainText('not a valid');

  await apiType(page).selectOption('rest');
  await sendBody(page, '{"object": true}');
  await expect(curl(page)).toContainText('HTTP/2 502');
  await expect(curl(page)).toContainText('{"message": "Internal server error"}');
});

test('a throttled function: a function URL answers 429, an HTTP API 500', async ({ page }) => {
  await openHttpTab(page);
  await page.getByRole('tab', { name: 'Concurrency' }).click();
  await page.getByRole('checkbox', { name: /Reserve concurrency/ }).check();
  const reserved = page.getByRole('spinbutton', { name: 'Reserved concurrency' });
  await reserved.fill('0');
  await reserved.press('Enter');
  await page.getByRole('tab', { name: 'HTTP request' }).click();
  await apiType(page).selectOption('url');
  await expect(
    page.getByText(/Endpoint https:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws\//),
  ).toBeVisible();
  await sendBody(page, '{}');
  await expect(curl(page)).toContainText('HTTP/2 429');
  await expect(curl(page)).toContainText('x-amzn-errortype: TooManyRequestsException');

  await apiType(page).selectOption('http');
  await sendBody(page, '{}');
  await expect(curl(page)).toContainText('HTTP/2 500');
  await expect(response(page)).toContainText("does not pass Lambda's 429 on");
});

test('the integration timeout: an HTTP API answers 503 while the function runs on', async ({ page }) => {
  await openHttpTab(page);
  const timeout = page.getByRole('spinbutton', { name: 'Integration timeout (ms)' });
  await timeout.fill('500');
  await sendBody(page, '{"slow": true}');
  await expect(curl(page)).toContainText('HTTP/2 503');
  await expect(curl(page)).toContainText('{"message":"Service Unavailable"}');
});

const STREAMING_HANDLER = `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'content-type': 'text/plain', 'x-streamed-by': 'my-function' },
  });
  // A second between the first two writes: the panel shows "alpha" alone before "beta" arrives.
  for (const [word, pauseMs] of [['alpha', 1000], ['beta', 40], ['gamma', 40]]) {
    stream.write(word + '\\n');
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  stream.end();
});
`;

test('a function URL: RESPONSE_STREAM delivers a streamifyResponse handler chunk by chunk, BUFFERED waits for the whole result', async ({
  page,
}) => {
  await openPlayground(page);
  await setCode(page, STREAMING_HANDLER);
  await page.getByRole('tab', { name: 'HTTP request' }).click();
  await apiType(page).selectOption('url');
  const mode = page.getByRole('combobox', { name: 'Invoke mode' });
  await mode.selectOption('RESPONSE_STREAM');
  // The live list as the page renders it, sampled on every DOM change inside the page (no waits on wall time):
  // its chunk count and the polite summary, while the response is still on its way.
  await page.evaluate(() => {
    const samples: Array<{ count: number; summary: string; waiting: boolean }> = [];
    (window as unknown as { liveSamples: typeof samples }).liveSamples = samples;
    new MutationObserver(() => {
      const list = document.querySelector<HTMLElement>('ol[data-chunks]');
      if (!list) return;
      const count = Number(list.dataset.chunks);
      if (samples.at(-1)?.count === count) return;
      samples.push({
        count,
        summary: list.parentElement?.querySelector('[role="status"]')?.textContent ?? '',
        // "Send request" is busy until the exchange has ended.
        waiting: [...document.querySelectorAll('button[aria-busy="true"]')].some(
          (button) => button.textContent === 'Send request',
        ),
      });
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-chunks'],
    });
  });
  await sendBody(page, '');
  const samples = await page.evaluate(
    () =>
      (window as unknown as { liveSamples: Array<{ count: number; summary: string; waiting: boolean }> })
        .liveSamples,
  );
  // "alpha" was on screen, alone, while the response was on its way (a second before "beta" was written).
  expect(samples.find((sample) => sample.count > 0)).toEqual({
    count: 1,
    summary: 'Streaming: 1 chunk, 6 B so far',
    waiting: true,
  });
  const counts = samples.map((sample) => sample.count);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  // The prelude of HttpResponseStream.from sets the status and headers; the size is unknown, so chunked.
  await expect(curl(page)).toContainText('HTTP/2 200');
  await expect(curl(page)).toContainText('x-streamed-by: my-function');
  await expect(curl(page)).toContainText('transfer-encoding: chunked');
  await expect(curl(page)).toContainText('alpha\nbeta\ngamma\n');
  const chunks = page.getByRole('list', { name: 'Response chunks' }).getByRole('listitem');
  await expect(chunks).toHaveText([/"alpha\\n"$/, /"beta\\n"$/, /"gamma\\n"$/]);
  // Each chunk's arrival time since the request, read in one page task: they arrive in order, apart in time.
  const arrivals = await chunks.evaluateAll((items) =>
    items.map((item) => Number(/\+([\d.]+) ms/.exec(item.textContent ?? '')?.[1] ?? NaN)),
  );
  expect(arrivals[1]).toBeGreaterThan(arrivals[0]!);
  expect(arrivals[2]).toBeGreaterThan(arrivals[1]!);
  await expect(response(page)).toContainText('Time to first byte');

  // BUFFERED: Lambda uses Invoke and answers when the payload is complete ("Invoking a response streaming
  // enabled function using Lambda function URLs"): no chunks; the buffered payload begins with the prelude's
  // JSON and its 8 null bytes, which is not a function URL response, so the URL answers 502.
  await mode.selectOption('BUFFERED');
  await sendBody(page, '');
  await expect(curl(page)).toContainText('HTTP/2 502');
  await expect(page.getByRole('list', { name: 'Response chunks' })).toHaveCount(0);
});

test('putting an S3 object triggers the function through the bucket notification (prefix and suffix)', async ({
  page,
}) => {
  await openPlayground(page);
  await setCode(
    page,
    `import {
  S3Client, CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  if (event.Records) {
    for (const record of event.Records) console.log('S3 event', record.eventName, record.s3.object.key);
    return 'handled';
  }
  await s3.send(new CreateBucketCommand({ Bucket: 'photos-e2e' }));
  await s3.send(new PutBucketNotificationConfigurationCommand({
    Bucket: 'photos-e2e',
    NotificationConfiguration: {
      LambdaFunctionConfigurations: [{
        LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:my-function',
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }, { Name: 'suffix', Value: '.jpg' }] } },
      }],
    },
  }));
  await s3.send(new PutObjectCommand({ Bucket: 'photos-e2e', Key: 'uploads/cat.jpg', Body: 'meow' }));
  await s3.send(new PutObjectCommand({ Bucket: 'photos-e2e', Key: 'uploads/notes.txt', Body: 'no' }));
  return 'set up';
};
`,
  );
  await page.getByRole('textbox', { name: 'Test event' }).fill('{"setup": true}');
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('"set up"', { timeout: 30_000 });
  const logs = page.getByRole('log', { name: 'Logs' });
  await expect(logs).toContainText('S3 event ObjectCreated:Put uploads/cat.jpg', { timeout: 20_000 });
  await expect(logs).not.toContainText('uploads/notes.txt');
});

test('S3 → function → S3: recursive loop detection stops the chain after 16 invocations', async ({
  page,
}) => {
  await openPlayground(page);
  await setCode(
    page,
    `import { S3Client, CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  if (!event.Records) {
    await s3.send(new CreateBucketCommand({ Bucket: 'loop-e2e' }));
    await s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: 'loop-e2e',
      NotificationConfiguration: { LambdaFunctionConfigurations: [{
        LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:my-function',
        Events: ['s3:ObjectCreated:*'],
      }] },
    }));
  } else console.log('loop event', event.Records[0].s3.object.key);
  // Writing into the bucket that triggered it: the loop Lambda stops.
  await s3.send(new PutObjectCommand({ Bucket: 'loop-e2e', Key: 'out/' + Date.now() + Math.random(), Body: 'again' }));
  return 'wrote';
};
`,
  );
  await page.getByRole('button', { name: 'Invoke', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('"wrote"', { timeout: 30_000 });
  // The playground's invoke is the chain's first invocation; S3 events bring the 2nd to the 16th; the 17th is
  // stopped. Read from the page's workspace: the events S3 queued and Lambda's RecursiveInvocationsDropped.
  const chain = () =>
    page.evaluate(async () => {
      const lambda = (
        window as unknown as { coldstartLambda: { getWorkspace(id: string): Promise<unknown> } }
      ).coldstartLambda;
      const ws = (await lambda.getWorkspace('playground')) as {
        asyncSources: { recent(name: string): Array<{ source: string; invocation: { lineage: number } }> };
        service: { recursiveInvocationsDropped(name: string): number };
      };
      return {
        lineages: ws.asyncSources.recent('my-function').map((d) => d.invocation.lineage),
        dropped: ws.service.recursiveInvocationsDropped('my-function'),
      };
    });
  await expect.poll(async () => (await chain()).dropped, { timeout: 30_000 }).toBe(1);
  const { lineages } = await chain();
  expect(lineages).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
  await page.waitForTimeout(2_000);
  expect((await chain()).lineages).toHaveLength(16);
  await expect(page.getByRole('log', { name: 'Logs' })).toContainText('loop event');
});
