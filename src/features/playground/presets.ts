/** Starter code for the compact sandboxes embedded in lessons (`<Sandbox preset="…" />`). */
export type SandboxPresetId = 'counter' | 'client-reuse' | 'cold-start';

export interface SandboxPreset {
  id: SandboxPresetId;
  title: string;
  intro: string;
  code: string;
  event: unknown;
  /** Offer "Invoke 3 at once" (several environments). */
  concurrent?: number;
}

export const SANDBOX_PRESETS: Record<SandboxPresetId, SandboxPreset> = {
  counter: {
    id: 'counter',
    title: 'Module scope survives warm invokes',
    intro:
      'The counter lives outside the handler, so it is created once per execution environment. Invoke twice: the second call is warm (no Init Duration in REPORT) and the counter keeps going. Shut the environments down and the next call starts again from 1.',
    code: `// Module scope: runs once, during Init.
let count = 0;
console.log('Init: module loaded');

export const handler = async (event, context) => {
  count += 1; // kept between warm invocations of this environment
  console.log('count is now', count);
  return { count, requestId: context.awsRequestId };
};
`,
    event: {},
  },
  'client-reuse': {
    id: 'client-reuse',
    title: 'Create clients once, outside the handler',
    intro:
      'Both calls read the same item. The shared client was created during Init and keeps its connection between invocations; the other is created inside the handler and pays the connection set-up every time. Each is timed three times and the fastest kept. (This is the real AWS SDK for JavaScript v3 talking to the course’s simulated DynamoDB; there is no network, so a new connection’s set-up is modelled as 50 ms.)',
    code: `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const shared = new DynamoDBClient({}); // once per environment

// Time one call; the fastest of three hides the odd slow moment (a GC pause, a busy machine).
async function fastest(call) {
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const t = Date.now();
    await call();
    best = Math.min(best, Date.now() - t);
  }
  return best;
}

export const handler = async (event) => {
  const get = new GetItemCommand({ TableName: 'orders', Key: { id: { S: 'order-1' } } });

  const reusedMs = await fastest(() => shared.send(get));
  const newClientMs = await fastest(() => new DynamoDBClient({}).send(get)); // a client per request

  console.log(\`shared client: \${reusedMs} ms, new client: \${newClientMs} ms (fastest of 3)\`);
  return { reusedMs, newClientMs };
};
`,
    event: {},
  },
  'cold-start': {
    id: 'cold-start',
    title: 'Where cold-start time goes',
    intro:
      'The module builds a large lookup table during Init. The first invoke of each environment reports it as Init Duration; warm invokes do not. "Invoke 3 at once" needs three environments, so each of them starts cold.',
    code: `import { buildLookupTable } from 'shared-utils'; // from a layer

const t0 = Date.now();
const table = buildLookupTable(300000); // expensive work in Init
console.log('lookup table built in', Date.now() - t0, 'ms');

export const handler = async (event) => {
  return { size: table.size, sqrt42: table.get('k42') };
};
`,
    event: {},
    concurrent: 3,
  },
};
