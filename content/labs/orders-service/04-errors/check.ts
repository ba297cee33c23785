import { defineChecks, fail, pass, type CheckContext, type Subsegment } from '@coldstart/lab';

const orderEvent = (quantity: number) => {
  const id = Math.random().toString(36).slice(2, 10);
  return { orderId: `o-${id}`, item: `tea-${id.slice(0, 4)}`, quantity };
};

/** Good order events, one poison order (quantity 0: it can never succeed), and a duplicate delivery. */
async function sendTraffic(ctx: CheckContext) {
  const good = [orderEvent(1), orderEvent(3), orderEvent(2)];
  const poison = { ...orderEvent(1), quantity: 0 };
  // One event at a time, each run through its retries before the next is sent: the events then share one warm
  // environment, so a Python run starts one interpreter instead of one per event (the duplicate still arrives
  // after its original was saved, as a redelivery does).
  for (const event of [good[0], poison, good[1], good[0], good[2]]) {
    const r = await ctx.invoke(event, { type: 'async' });
    if (r.statusCode !== 202) throw new Error(`An Event invoke answered ${r.statusCode}, not 202`);
    await ctx.fastForward();
  }
  return { good, poison };
}

function walk(entity: Subsegment, visit: (s: Subsegment) => void) {
  visit(entity);
  for (const child of entity.subsegments ?? []) walk(child, visit);
}

export default defineChecks([
  {
    id: 'async-orders',
    title: 'Order events invoked asynchronously are saved',
    task: 'async',
    hints: [
      'An asynchronous order event has no requestContext: it is the order itself, { orderId, item, quantity }.',
      'Save it under its own orderId (the producer chose it), with the same validation as POST /orders.',
    ],
    async run(ctx) {
      const { good } = await sendTraffic(ctx);
      for (const order of good) {
        const saved = ctx.dynamodb.get('Orders', { orderId: order.orderId });
        if (!saved) return fail(`Order event ${order.orderId} was not saved in the Orders table`);
        if (saved.quantity !== order.quantity)
          return fail(
            `Order ${order.orderId} was saved with quantity ${String(saved.quantity)}, not ${order.quantity}`,
          );
      }
      return pass();
    },
  },
  {
    id: 'poison-to-destination',
    title:
      'After the retries, the on-failure destination holds exactly the poison order, with RetriesExhausted and 3 attempts',
    task: 'destination',
    weight: 2,
    hints: [
      'A poison order (quantity 0) must make the function fail: throw, so that Lambda retries it.',
      'In function.json, set "async": { "maxRetryAttempts": 2, "onFailure": "orders-failed" } and add the queue under resources.queues.',
      'Lambda tries once and retries twice: the record in the queue says approximateInvokeCount 3 and condition RetriesExhausted.',
    ],
    async run(ctx) {
      const { poison } = await sendTraffic(ctx);
      const queue = ctx.config.async?.onFailure ?? ctx.config.async?.deadLetterQueue;
      if (!queue) return fail('No on-failure destination (or DLQ) is configured in "async"');
      const bodies = ctx.sqs.bodies(queue) as Array<{
        requestContext?: { condition?: string; approximateInvokeCount?: number };
        requestPayload?: { orderId?: string };
        orderId?: string;
      }>;
      if (bodies.length !== 1)
        return fail(
          `The queue ${queue} holds ${bodies.length} records after the retries: expected exactly one, the poison order`,
        );
      const record = bodies[0]!;
      const orderId = record.requestPayload?.orderId ?? record.orderId;
      if (orderId !== poison.orderId)
        return fail(
          `The record in ${queue} is for ${String(orderId)}, not the poison order ${poison.orderId}`,
        );
      if (!record.requestContext)
        return fail(
          `${queue} is a DLQ: it receives only the event. Use an on-failure destination to get the record with requestContext`,
        );
      if (record.requestContext.condition !== 'RetriesExhausted')
        return fail(
          `The record's condition is ${String(record.requestContext.condition)}, not RetriesExhausted`,
        );
      return record.requestContext.approximateInvokeCount === 3
        ? pass()
        : fail(
            `approximateInvokeCount is ${String(record.requestContext.approximateInvokeCount)}: expected 3 (one attempt and two retries)`,
          );
    },
  },
  {
    id: 'idempotent',
    title: 'A duplicate delivery does not create a second order; the poison order is never saved',
    task: 'idempotency',
    hints: [
      'Asynchronous invocation can deliver an event more than once. Put the order with ConditionExpression "attribute_not_exists(orderId)".',
      'Treat ConditionalCheckFailedException as "already saved": return normally, do not throw (a throw means retries).',
    ],
    async run(ctx) {
      const { good, poison } = await sendTraffic(ctx);
      const items = ctx.dynamodb.items('Orders');
      if (items.some((i) => i.orderId === poison.orderId))
        return fail('The poison order (quantity 0) was saved');
      if (items.length !== good.length)
        return fail(
          `The Orders table holds ${items.length} orders after ${good.length} distinct ones (one delivered twice)`,
        );
      // The duplicate must not have failed either: a failing duplicate would be retried and land in the destination.
      const failed = ctx
        .records()
        .filter((r) => r.type === 'platform.report' && r.status !== 'success').length;
      return failed === 3
        ? pass()
        : fail(
            `${failed} attempts failed: expected 3 (the poison order's attempt and two retries), so the duplicate failed too`,
          );
    },
  },
  {
    id: 'json-logs',
    title: 'Logs are JSON, with the level and the request id on every line the function writes',
    task: 'observe',
    hints: [
      'Set "logging": { "format": "JSON", "applicationLogLevel": "INFO" } in function.json.',
      'Log something for every order you save (console.info / logger.info): each line becomes a JSON object with requestId.',
    ],
    async run(ctx) {
      await sendTraffic(ctx);
      const appLines = ctx.records().filter((r) => r.type === 'function');
      if (appLines.length === 0) return fail('The function logged nothing: log each order it saves');
      const requestIds = new Set(
        ctx.records().flatMap((r) => (r.type === 'platform.start' ? [r.requestId] : [])),
      );
      for (const line of ctx.logs()) {
        if (!line.startsWith('{')) return fail(`This log line is not JSON: ${line.slice(0, 120)}`);
        const entry = JSON.parse(line) as { type?: string; level?: string; requestId?: string };
        if (entry.type) continue; // platform events (platform.start, platform.report…)
        if (!entry.level) return fail(`A log line has no level: ${line.slice(0, 120)}`);
        if (!entry.requestId || !requestIds.has(entry.requestId))
          return fail(`A log line has no request id of an invocation: ${line.slice(0, 120)}`);
      }
      return pass();
    },
  },
  {
    id: 'tracing',
    title: 'Active tracing: a trace of a saved order shows the DynamoDB call as a subsegment',
    task: 'observe',
    hints: [
      'Set "tracing": "Active" in function.json.',
      'Every AWS call the function makes during a traced invocation becomes a subsegment of Invocation.',
    ],
    async run(ctx) {
      if (ctx.functionConfig()?.tracing !== 'Active') return fail('Tracing is not Active on the function');
      await sendTraffic(ctx);
      const traces = ctx.traces();
      if (traces.length === 0) return fail('No traces were recorded');
      const names: string[] = [];
      for (const trace of traces)
        for (const segment of trace.segments)
          walk(segment, (s) => {
            if (s.namespace === 'aws') names.push(s.name);
          });
      return names.includes('DynamoDB')
        ? pass()
        : fail(
            `The traces show ${names.length ? `AWS calls to ${[...new Set(names)].join(', ')}` : 'no AWS calls'}, but no DynamoDB subsegment`,
          );
    },
  },
]);
