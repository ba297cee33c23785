import { defineChecks, fail, httpApiEvent, httpResultOf, pass, type CheckContext } from '@coldstart/lab';

/** The names the instructions give the layer's package (Node.js) and module (Python). */
const NODE_PACKAGE = 'orders-shared';
const PYTHON_MODULE = 'orders_shared';

const hiddenOrder = () => ({
  item: `mug-${1000 + Math.floor(Math.random() * 9000)}`,
  quantity: 1 + Math.floor(Math.random() * 6),
});

const handlerFileOf = (ctx: CheckContext) =>
  ctx.family === 'python'
    ? `${ctx.config.handler.split('.')[0]}.py`
    : `${ctx.config.handler.split('.')[0]}.mjs`;

/** The learner's own layers: folders under layers/ that function.json attaches. */
function ownLayers(ctx: CheckContext): string[] {
  const folders = new Set(Object.keys(ctx.files).flatMap((p) => /^layers\/([^/]+)\//.exec(p)?.[1] ?? []));
  return ctx.config.layers.filter((name) => folders.has(name));
}

function importErrorOf(body: unknown): string | undefined {
  const error = body as { errorType?: string; errorMessage?: string } | null;
  return error?.errorType ? `${error.errorType}: ${error.errorMessage ?? ''}` : undefined;
}

export default defineChecks([
  {
    id: 'still-works',
    title: 'The service still answers: GET /hello, a new order, a bad order',
    task: 'move',
    hints: [
      'Run the function from the event panel: an import error appears in the log during init.',
      "The handler must import respond and the order validation from the layer's package, by name.",
    ],
    async run(ctx) {
      const hello = httpResultOf(await ctx.invoke(httpApiEvent('GET', '/hello')));
      if (hello.statusCode !== 200) return fail(`GET /hello answered ${hello.statusCode}`);
      const order = hiddenOrder();
      const created = await ctx.invoke(httpApiEvent('POST', '/orders', { body: JSON.stringify(order) }));
      const http = httpResultOf(created);
      if (http.functionFailed)
        return fail(`POST /orders failed: ${importErrorOf(created.body) ?? 'the client saw a 500'}`);
      if (http.statusCode !== 201)
        return fail(`POST /orders with a valid order answered ${http.statusCode}, not 201`);
      const orderId = (http.body as { orderId?: string }).orderId ?? '';
      if (ctx.dynamodb.get('Orders', { orderId })?.item !== order.item)
        return fail(`Order ${orderId} is not in the Orders table`);
      const bad = httpResultOf(
        await ctx.invoke(httpApiEvent('POST', '/orders', { body: JSON.stringify({ item: order.item }) })),
      );
      const message = (bad.body as { message?: string } | null)?.message ?? '';
      return bad.statusCode === 400 && message.includes('quantity')
        ? pass()
        : fail(
            `An order without quantity answered ${bad.statusCode} ${bad.rawBody}: expected 400 naming "quantity"`,
          );
    },
  },
  {
    id: 'layer-attached',
    title: 'Your layer is published and attached to the function',
    task: 'layer',
    hints: [
      "Put the layer's files in a folder under layers/, for example layers/orders-shared/.",
      'Add the folder\'s name to "layers" in function.json: that publishes a version and attaches it.',
    ],
    async run(ctx) {
      const own = ownLayers(ctx);
      if (own.length === 0)
        return fail(
          'function.json attaches none of the layers under layers/: add the folder name to "layers"',
        );
      const attached = ctx.functionConfig()?.layers.map((l) => l.name) ?? [];
      const missing = own.filter((name) => !attached.includes(name));
      return missing.length === 0
        ? pass()
        : fail(`The deployed function does not have the layer ${missing.join(', ')}`);
    },
  },
  {
    id: 'imports-from-layer',
    title: "The handler uses the layer's code from /opt (without the layer, init fails)",
    task: 'move',
    hints: [
      "Delete the helper code from the function's own files and import it from the layer's package instead.",
      'Checked by deploying your code without its layers: it must fail to import, as it would on Lambda.',
    ],
    async run(ctx) {
      const bare = await ctx.deployVariant('orders-without-layers', {
        config: (c) => ({ ...c, layers: [] }),
      });
      if (bare.errors.length > 0) return fail(bare.errors.join(' '));
      const r = await bare.invoke(httpApiEvent('POST', '/orders', { body: JSON.stringify(hiddenOrder()) }));
      const error = importErrorOf(r.body);
      // CommonJS and Python report Runtime.ImportModuleError; an ES module's failed import is Node's own
      // "Cannot find package/module" error (errorType Error), as on Lambda.
      if (
        r.functionError &&
        (error?.startsWith('Runtime.ImportModuleError') ||
          /Cannot find (package|module)|No module named/.test(error ?? ''))
      )
        return pass();
      return fail(
        r.functionError
          ? `Without its layers the function failed, but not on an import: ${error}`
          : 'Without its layers the function still works: the handler does not import anything from the layer',
      );
    },
  },
  {
    id: 'package-shrank',
    title: 'The function package holds only the handler; the shared code lives in the layer',
    task: 'move',
    hints: [
      'Files under layers/ go into the layer; every other file goes into the function package.',
      'Remove the copy of the helpers from the package: keep one copy, in the layer.',
    ],
    async run(ctx) {
      const handlerFile = handlerFileOf(ctx);
      const extra = Object.keys(ctx.files).filter((p) => !p.startsWith('layers/') && p !== handlerFile);
      if (extra.length > 0)
        return fail(`The function package still holds ${extra.join(', ')}: move shared code into the layer`);
      const packageBytes = (ctx.functionConfig()?.packageMb ?? 0) * 1024 * 1024;
      const layerBytes = Object.entries(ctx.files)
        .filter(([p]) => p.startsWith('layers/'))
        .reduce((n, [, text]) => n + new TextEncoder().encode(text).byteLength, 0);
      return packageBytes < layerBytes + packageBytes && layerBytes > 0
        ? pass(`Package: ${Math.round(packageBytes)} bytes; layer: ${layerBytes} bytes`)
        : fail('The layer is empty: the shared code must be in it');
    },
  },
  {
    id: 'layer-layout',
    title: 'The layer has the layout the runtime expects, so its package imports by name',
    task: 'layer',
    hints: [
      'Lambda extracts a layer into /opt. Node.js looks in /opt/nodejs/node_modules; Python in /opt/python.',
      `Node.js: layers/<layer>/nodejs/node_modules/${NODE_PACKAGE}/index.mjs. Python: layers/<layer>/python/${PYTHON_MODULE}.py.`,
    ],
    async run(ctx) {
      // A probe function with only the learner's layers imports the package by name, as any function would.
      const probe: Record<string, string> =
        ctx.family === 'python'
          ? {
              'lambda_function.py': `import ${PYTHON_MODULE}\n\n\ndef lambda_handler(event, context):\n    return {"ok": callable(${PYTHON_MODULE}.parse_order) and callable(${PYTHON_MODULE}.respond)}\n`,
            }
          : {
              'index.mjs': `import * as shared from '${NODE_PACKAGE}';\nexport const handler = async () => ({ ok: typeof shared.parseOrder === 'function' && typeof shared.respond === 'function' });\n`,
            };
      const variant = await ctx.deployVariant('layer-probe', {
        files: (files) => ({
          ...Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('layers/'))),
          ...probe,
        }),
        config: (c) => ({
          ...c,
          handler: ctx.family === 'python' ? 'lambda_function.lambda_handler' : 'index.handler',
        }),
      });
      if (variant.errors.length > 0) return fail(variant.errors.join(' '));
      const r = await variant.invoke({});
      if (r.functionError)
        return fail(
          `A function with your layer cannot import ${ctx.family === 'python' ? PYTHON_MODULE : NODE_PACKAGE}: ${importErrorOf(r.body)}`,
        );
      return (r.body as { ok?: boolean } | null)?.ok === true
        ? pass()
        : fail(
            `The layer's ${ctx.family === 'python' ? 'module' : 'package'} imports, but has no ${ctx.family === 'python' ? 'parse_order and respond' : 'parseOrder and respond'}`,
          );
    },
  },
]);
