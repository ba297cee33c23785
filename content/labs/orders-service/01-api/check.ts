import { defineChecks, fail, httpApiEvent, httpResultOf, pass, type CheckContext } from '@coldstart/lab';

async function request(ctx: CheckContext, method: string, path: string, body?: string) {
  const outcome = await ctx.invoke(httpApiEvent(method, path, body === undefined ? {} : { body }));
  return { outcome, http: httpResultOf(outcome) };
}

/** An order the instructions never show, so a handler cannot special-case it. */
function hiddenOrder(seed: number) {
  const items = ['teapot', 'kettle', 'grinder', 'french-press', 'scale'];
  return {
    item: `${items[seed % items.length]}-${1000 + Math.floor(Math.random() * 9000)}`,
    quantity: 2 + (seed % 5),
  };
}

const messageOf = (body: unknown) =>
  body !== null && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
    ? (body as { message: string }).message
    : undefined;

export default defineChecks([
  {
    id: 'hello',
    title: 'GET /hello answers 200 with a JSON message',
    task: 'hello',
    hints: [
      'Return an object with statusCode and body: API Gateway turns it into the HTTP response.',
      'The body must be a string: JSON.stringify({ message: "…" }) (json.dumps in Python).',
    ],
    async run(ctx) {
      const { http } = await request(ctx, 'GET', '/hello');
      if (http.functionFailed) return fail('GET /hello made the function fail: the client saw a 500');
      if (http.statusCode !== 200) return fail(`GET /hello answered ${http.statusCode}, not 200`);
      return messageOf(http.body)
        ? pass()
        : fail(
            `GET /hello answered ${http.rawBody || 'an empty body'}: expected a JSON object with a "message" string`,
          );
    },
  },
  {
    id: 'creates-order',
    title: 'POST /orders answers 201 with an orderId and saves the order in the Orders table',
    task: 'orders',
    weight: 2,
    hints: [
      'Parse event.body (a string) as JSON, put an item in the Orders table, and answer 201.',
      'The table\'s key is orderId: generate one (crypto.randomUUID() or uuid.uuid4()) and return it as { "orderId": "…" }.',
      'Save the item and quantity you were sent, unchanged, with the orderId.',
    ],
    async run(ctx) {
      const orders = [hiddenOrder(1), hiddenOrder(2), hiddenOrder(3)];
      const ids = new Set<string>();
      for (const order of orders) {
        const { http } = await request(ctx, 'POST', '/orders', JSON.stringify(order));
        if (http.functionFailed)
          return fail(
            `POST /orders with ${JSON.stringify(order)} made the function fail: the client saw a 500`,
          );
        if (http.statusCode !== 201)
          return fail(`POST /orders with a valid order answered ${http.statusCode}, not 201`);
        const orderId = (http.body as { orderId?: unknown } | null)?.orderId;
        if (typeof orderId !== 'string' || orderId === '')
          return fail(`The 201 body was ${http.rawBody}: it needs an "orderId" string`);
        ids.add(orderId);
        const saved = ctx.dynamodb.get('Orders', { orderId });
        if (!saved)
          return fail(
            `The answer named order ${orderId}, but the Orders table has no item with that orderId`,
          );
        if (saved.item !== order.item || saved.quantity !== order.quantity)
          return fail(
            `Order ${orderId} was saved as item ${JSON.stringify(saved.item)}, quantity ${JSON.stringify(saved.quantity)}; it was sent as ${order.item}, ${order.quantity}`,
          );
      }
      return ids.size === orders.length
        ? pass()
        : fail('Three different orders got the same orderId: generate a new id for each order');
    },
  },
  {
    id: 'bad-json',
    title: 'A body that is not JSON gets a 400 with a clear message, never a 500',
    task: 'validate',
    hints: [
      'JSON.parse (json.loads) throws on bad input; an exception that leaves the handler becomes a 500.',
      'Catch the parse error and return statusCode 400 with a body such as { "message": "The request body is not valid JSON" }.',
    ],
    async run(ctx) {
      for (const body of ['{"item": "teapot", ', 'quantity=3', '']) {
        const { http } = await request(ctx, 'POST', '/orders', body);
        if (http.functionFailed)
          return fail(
            `POST /orders with the body ${JSON.stringify(body)} made the function fail: the client saw a 500`,
          );
        if (http.statusCode !== 400)
          return fail(
            `POST /orders with the body ${JSON.stringify(body)} answered ${http.statusCode}, not 400`,
          );
        if (!messageOf(http.body))
          return fail('The 400 needs a JSON body with a "message" saying what is wrong');
      }
      return ctx.dynamodb.items('Orders').length === 0
        ? pass()
        : fail('A request with a bad body saved an order');
    },
  },
  {
    id: 'missing-field',
    title: 'An order without item or quantity gets a 400 that names the field',
    task: 'validate',
    hints: [
      'Check both fields after parsing: item (a non-empty string) and quantity (a whole number, at least 1).',
      'Put the missing field\'s name in the message, e.g. "Missing field: quantity".',
    ],
    async run(ctx) {
      const cases: Array<[string, unknown]> = [
        ['quantity', { item: 'teapot' }],
        ['item', { quantity: 4 }],
        ['quantity', { item: 'kettle', quantity: 'two' }],
        ['item', {}],
      ];
      for (const [field, order] of cases) {
        const { http } = await request(ctx, 'POST', '/orders', JSON.stringify(order));
        if (http.functionFailed)
          return fail(
            `POST /orders with ${JSON.stringify(order)} made the function fail: the client saw a 500`,
          );
        if (http.statusCode !== 400)
          return fail(`POST /orders with ${JSON.stringify(order)} answered ${http.statusCode}, not 400`);
        const message = messageOf(http.body) ?? '';
        if (!message.includes(field))
          return fail(
            `For ${JSON.stringify(order)} the message was ${JSON.stringify(message)}: it should name the field "${field}"`,
          );
      }
      return ctx.dynamodb.items('Orders').length === 0 ? pass() : fail('An invalid order was saved');
    },
  },
  {
    id: 'client-in-init',
    // Counting SDK clients per environment needs a hook in the runtime's SDK bundle host; until then this checks
    // that init runs once and warm invokes reuse the environment without failing.
    required: false,
    title: 'Four orders in a row: one cold start, then warm invokes that keep working',
    task: 'orders',
    hints: [
      'Create the DynamoDB client at the top of the file, outside the handler: that code runs once, during init.',
      'Warm invokes must not fail or start over: keep the handler free of work that only needs doing once.',
    ],
    async run(ctx) {
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(await request(ctx, 'POST', '/orders', JSON.stringify(hiddenOrder(i))));
      const cold = results.filter((r) => r.outcome.coldStart).length;
      if (results.some((r) => r.http.statusCode !== 201))
        return fail('One of four orders in a row did not get a 201');
      if (cold !== 1)
        return fail(`Four requests in a row had ${cold} cold starts: expected exactly one (the first)`);
      const init = ctx
        .records()
        .filter((r) => r.type === 'platform.report' && r.initDurationMs !== undefined);
      return init.length === 1 ? pass() : fail(`Init ran ${init.length} times for four requests`);
    },
  },
  {
    id: 'cold-start-answer',
    title: 'You read the REPORT line correctly',
    task: 'report',
    hints: [
      'Look at the end of the REPORT line: which fields does it have?',
      'Init Duration appears only when the request had to start a new execution environment.',
    ],
    async run(ctx) {
      const answer = (ctx.answers['cold-start'] ?? '').trim().toLowerCase();
      if (answer === '') return fail('Answer the question about the REPORT line');
      return answer === 'yes' ? pass() : fail('Not quite: look for a field that only a cold start has');
    },
  },
]);
