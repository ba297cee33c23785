/**
 * The course's Powertools for AWS Lambda (Python) subset, attached as a layer to a python3.14 function in a
 * workspace (real Pyodide in Node.js, the replay mode for AWS calls), so its output goes where Lambda's would:
 * log lines to CloudWatch Logs, EMF to CloudWatch metrics, subsegments to X-Ray, records to DynamoDB. One function
 * (one interpreter) serves every case: its handler picks the utility by `event.case`.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAccountStore } from '../../../../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../../../../app/workspaces';
import type { DynamoDb } from '../../../../../sim/aws/dynamodb';
import type { LogsService } from '../../../../../sim/aws/logs';
import type { XRayService } from '../../../../../sim/aws/xray';
import { functionInputOf } from '../../../../../features/lab/checks/world';
import { functionConfigSchema } from '../../../../../features/lab/model/labFormat';
import { DEMO_LAYERS } from '../../../../../features/playground/functionSync';
import { createInProcessHost } from '../../../../testing/inProcessHost';
import { nodePyodideLoader } from '../../../../testing/nodePyodide';
import { PYTHON_POWERTOOLS_LAYER, PYTHON_POWERTOOLS_LAYER_NAME } from './pythonPowertoolsLayer';

const HANDLER = String.raw`
import json
import os
import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError, IdempotencyKeyError
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.utilities.validation import SchemaValidationError, validate
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger()
metrics = Metrics()
tracer = Tracer()
persistence = DynamoDBPersistenceLayer(table_name="Idempotency")
charges = []


payments = IdempotencyConfig(event_key_jmespath="paymentId", expires_after_seconds=3600)


@idempotent_function(data_keyword_argument="payment", persistence_store=persistence, config=payments)
def charge(payment):
    charges.append(payment["paymentId"])
    return {"paymentId": payment["paymentId"], "receipt": "r-%d" % len(charges)}


strict = IdempotencyConfig(event_key_jmespath="paymentId", raise_on_no_idempotency_key=True)


# A persistence layer takes its settings from the first config it serves, so a second config gets its own.
@idempotent_function(data_keyword_argument="payment", persistence_store=DynamoDBPersistenceLayer(table_name="Idempotency"), config=strict)
def charge_strictly(payment):
    return "charged"


@idempotent(
    config=IdempotencyConfig(event_key_jmespath="powertools_json(body).paymentId"),
    persistence_store=DynamoDBPersistenceLayer(table_name="Idempotency"),
)
def pay(event, context):
    payment = json.loads(event["body"])
    if payment.get("fail"):
        raise RuntimeError("card declined")
    charges.append(payment["paymentId"])
    return {"statusCode": 200, "body": json.dumps({"receipt": "r-%d" % len(charges)})}


rest = APIGatewayRestResolver()
http = APIGatewayHttpResolver()


@rest.get("/carts/<cart_id>")
def get_cart(cart_id):
    if cart_id == "missing":
        raise NotFoundError("no cart " + cart_id)
    return {"cartId": cart_id, "sort": rest.current_event.get_query_string_value("sort", "none")}


@rest.post("/carts")
def create_cart():
    return Response(status_code=201, content_type="application/json", body={"created": rest.current_event.json_body})


@http.get("/orders/<order_id>/lines/<line>")
def get_line(order_id, line):
    return {"order": order_id, "line": line}


ORDER = {
    "type": "object",
    "required": ["orderId", "items"],
    "properties": {
        "orderId": {"type": "string", "pattern": "^o-[0-9]+$"},
        "items": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["sku"],
                  "properties": {"quantity": {"type": "integer", "minimum": 1}, "size": {"enum": ["S", "M"]}}}},
        "note": {"type": "string", "minLength": 2},
        "total": {"type": "number", "maximum": 100},
    },
}


def record_handler(record):
    if record.json_body.get("poison"):
        raise ValueError("cannot process " + record.message_id)


@tracer.capture_method
def load_cart(cart_id):
    tracer.put_annotation(key="cart_id", value=cart_id)
    return {"cartId": cart_id}


@tracer.capture_lambda_handler
@logger.inject_lambda_context(log_event=True, clear_state=True)
@metrics.log_metrics(capture_cold_start_metric=True)
def observed(event, context):
    logger.append_keys(order_id=event["orderId"])
    logger.info("order received", extra={"items": 2})
    try:
        raise ValueError("out of stock")
    except ValueError:
        logger.exception("stock reservation failed")
    metrics.add_dimension(name="channel", value="web")
    metrics.add_metric(name="OrdersPlaced", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="OrderValue", unit=MetricUnit.NoUnit, value=12.5)
    return load_cart("c-" + event["orderId"])


def lambda_handler(event, context: LambdaContext):
    case = event["case"]
    if case == "setup":
        boto3.client("ssm").put_parameter(Name="/shop/currency", Value="EUR", Type="String", Overwrite=True)
        boto3.client("ssm").put_parameter(Name="/shop/flags", Value='{"newCheckout": true}', Type="String")
        boto3.client("ssm").put_parameter(Name="/shop/db/host", Value="db.internal", Type="String")
        boto3.client("secretsmanager").create_secret(Name="shop/api-key", SecretString="s3cret")
        boto3.client("dynamodb").create_table(TableName="Idempotency", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        return "ready"
    if case == "observe":
        return observed(event, context)
    if case == "levels":
        Logger(service="levels").debug("hidden at the default level")
        Logger(service="levels").info("shown at the environment's level")
        Logger(service="verbose", level="DEBUG").debug("shown at the constructor's level")
        return "logged"
    if case == "rotate":
        boto3.client("ssm").put_parameter(Name="/shop/currency", Value=event["value"], Type="String", Overwrite=True)
        return "rotated"
    if case == "parameters":
        return {
            "currency": parameters.get_parameter("/shop/currency"),
            "forced": parameters.get_parameter("/shop/currency", force_fetch=True) if event.get("force") else None,
            "flags": parameters.get_parameter("/shop/flags", transform="json"),
            "secret": parameters.get_secret("shop/api-key"),
            "tree": parameters.get_parameters("/shop/db"),
        }
    if case == "charge":
        # idempotent_function needs the context to set the record's in-progress expiry (as documented).
        payments.register_lambda_context(context)
        try:
            return {"result": charge(payment=event["payment"]), "charges": len(charges)}
        except IdempotencyAlreadyInProgressError as error:
            return {"error": type(error).__name__, "message": str(error)}
    if case == "pay":
        try:
            return pay(event, context)
        except RuntimeError as error:
            return {"error": str(error)}
    if case == "charge_strictly":
        try:
            return charge_strictly(payment=event["payment"])
        except IdempotencyKeyError as error:
            return {"error": type(error).__name__, "message": str(error)}
    if case == "rest":
        return rest.resolve(event["request"], context)
    if case == "http":
        return http.resolve(event["request"], context)
    if case == "validate":
        try:
            validate(event=event["order"], schema=ORDER)
            return {"valid": True}
        except SchemaValidationError as error:
            return {"valid": False, "message": error.message, "name": error.name, "rule": error.rule, "path": error.path}
    if case == "batch":
        return process_partial_response(event=event["batch"], record_handler=record_handler,
                                        processor=BatchProcessor(event_type=EventType.SQS), context=context)
    raise ValueError("unknown case " + case)
`;

function lineOf(text: string): number {
  return HANDLER.split('\n').findIndex((line) => line.includes(text)) + 1;
}

// Python's clock (time.time, datetime.now) reads Date.now through Emscripten: the test moves it with a virtual
// offset, so the parameters cache's 5 seconds pass without waiting.
let clockOffsetMs = 0;
const realDateNow = Date.now.bind(Date);
let ws: Workspace;

async function invoke(payload: Record<string, unknown>): Promise<unknown> {
  const done = await ws.service.invoke('orders', { payload }).done();
  expect(done.response?.functionError, done.response?.payload).toBeUndefined();
  return JSON.parse(done.response!.payload);
}

function logMessages(): string[] {
  return ws.account
    .service<LogsService>('logs')!
    .getLogEvents('/aws/lambda/orders', { order: 'oldestFirst' })
    .map((event) => event.message.trim());
}

beforeAll(async () => {
  // A plain replacement, not a vi spy: the suite's restoreMocks would undo a spy before each test.
  Date.now = () => realDateNow() + clockOffsetMs;
  ws = createWorkspace('python-powertools', {
    host: createInProcessHost({ pyodide: nodePyodideLoader() }),
    accountStore: createMemoryAccountStore(),
    seed: 5,
  });
  await ws.ready;
  const created = ws.service.createFunction({
    name: 'orders',
    runtime: 'python3.14',
    timeoutS: 30,
    tracing: 'Active',
    environment: {
      POWERTOOLS_SERVICE_NAME: 'orders',
      POWERTOOLS_METRICS_NAMESPACE: 'Shop',
      // POWERTOOLS_LOG_LEVEL wins over the older LOG_LEVEL.
      POWERTOOLS_LOG_LEVEL: 'INFO',
      LOG_LEVEL: 'ERROR',
    },
    layers: [{ name: PYTHON_POWERTOOLS_LAYER.name, unzippedMb: 0.2, content: PYTHON_POWERTOOLS_LAYER }],
    code: {
      handler: 'lambda_function.lambda_handler',
      files: [{ path: 'lambda_function.py', content: HANDLER }],
    },
  });
  expect(created.ok, JSON.stringify(created)).toBe(true);
  expect(await invoke({ case: 'setup' })).toBe('ready');
}, 180_000);

afterAll(async () => {
  await ws?.dispose();
  Date.now = realDateNow;
});

describe('the Powertools for AWS Lambda (Python) layer', () => {
  it('is laid out under /opt/python and says it is the course subset', () => {
    expect(PYTHON_POWERTOOLS_LAYER.name).toBe(PYTHON_POWERTOOLS_LAYER_NAME);
    expect(PYTHON_POWERTOOLS_LAYER.description).toContain(
      "course's compatible subset of Powertools for AWS Lambda (Python)",
    );
    const paths = PYTHON_POWERTOOLS_LAYER.files.map((file) => file.path);
    expect(paths).toContain('python/aws_lambda_powertools/__init__.py');
    expect(paths).toContain('python/aws_lambda_powertools/utilities/idempotency/persistence/dynamodb.py');
    expect(
      paths.every((path) => path.startsWith('python/aws_lambda_powertools/') && path.endsWith('.py')),
    ).toBe(true);
  });

  it('is offered in the playground (its files loaded on demand) and, by its name, to a lab function.json', async () => {
    const offer = DEMO_LAYERS.find((layer) => layer.name === PYTHON_POWERTOOLS_LAYER_NAME);
    expect(offer?.description).toBe(PYTHON_POWERTOOLS_LAYER.description);
    expect(await offer?.loadContent?.()).toBe(PYTHON_POWERTOOLS_LAYER);
    const config = functionConfigSchema.parse({
      handler: 'lambda_function.lambda_handler',
      layers: [PYTHON_POWERTOOLS_LAYER_NAME],
    });
    const input = functionInputOf('python3.14', {
      files: { 'lambda_function.py': 'def lambda_handler(event, context):\n    return 1\n' },
      config,
      configText: '',
    });
    expect(input.layers).toEqual([
      expect.objectContaining({ name: PYTHON_POWERTOOLS_LAYER_NAME, content: PYTHON_POWERTOOLS_LAYER }),
    ]);
  });

  it('Logger writes the documented JSON keys, Metrics EMF becomes metrics, Tracer sends subsegments to X-Ray', async () => {
    expect(await invoke({ case: 'observe', orderId: 'o-1' })).toEqual({ cartId: 'c-o-1' });
    await invoke({ case: 'observe', orderId: 'o-2' });
    const lines = logMessages()
      .filter((message) => message.startsWith('{') && message.includes('"service":"orders"'))
      .map((message) => JSON.parse(message) as Record<string, unknown>);
    const received = lines.filter((line) => line.message === 'order received');
    expect(received).toHaveLength(2);
    expect(Object.keys(received[0]!)).toEqual([
      'level',
      'location',
      'message',
      'timestamp',
      'service',
      'cold_start',
      'function_name',
      'function_memory_size',
      'function_arn',
      'function_request_id',
      'order_id',
      'items',
      'xray_trace_id',
    ]);
    expect(received[0]).toMatchObject({
      level: 'INFO',
      location: `observed:${lineOf('logger.info("order received"')}`,
      service: 'orders',
      cold_start: true,
      function_name: 'orders',
      order_id: 'o-1',
      items: 2,
    });
    expect(received[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\+0000$/);
    expect(received[0]!.xray_trace_id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    // clear_state: the second invocation starts without the first one's keys, and is warm.
    expect(received[1]).toMatchObject({ cold_start: false, order_id: 'o-2' });
    const failed = lines.find((line) => line.message === 'stock reservation failed')!;
    expect(failed).toMatchObject({ level: 'ERROR', exception_name: 'ValueError' });
    expect(failed.exception).toContain('ValueError: out of stock');
    // log_event: the event itself is a line of its own.
    expect(
      lines.some(
        (line) => JSON.stringify(line.message) === JSON.stringify({ case: 'observe', orderId: 'o-1' }),
      ),
    ).toBe(true);

    const emf = logMessages()
      .filter((message) => message.startsWith('{"_aws"'))
      .map((message) => JSON.parse(message) as Record<string, unknown>);
    // The cold start's own object once, then one object per invocation.
    expect(emf).toHaveLength(3);
    expect(emf[0]).toMatchObject({ function_name: 'orders', service: 'orders', ColdStart: [1] });
    expect(emf[1]).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'Shop',
            Dimensions: [['channel', 'service']],
            Metrics: [
              { Name: 'OrdersPlaced', Unit: 'Count' },
              { Name: 'OrderValue', Unit: 'None' },
            ],
          },
        ],
      },
      channel: 'web',
      service: 'orders',
      OrdersPlaced: [1],
      OrderValue: [12.5],
    });
    const metrics = ws.account.service<LogsService>('logs')!.metrics;
    expect(
      metrics
        .listMetrics({ namespace: 'Shop' })
        .map((metric) => metric.metricName)
        .sort(),
    ).toEqual(['ColdStart', 'OrderValue', 'OrdersPlaced']);

    const xray = ws.account.service<XRayService>('xray')!;
    const [latest, first] = xray
      .listTraces({ functionName: 'orders' })
      .filter((summary) => summary.annotations);
    expect(first?.annotations).toMatchObject({ ColdStart: true, Service: 'orders', cart_id: 'c-o-1' });
    expect(latest?.annotations).toMatchObject({ ColdStart: false });
    const rows = xray.waterfall(first!.id).map((row) => row.name);
    expect(rows).toContain('## observed');
    expect(rows).toContain('## lambda_function.load_cart');
  }, 60_000);

  it('Logger levels: POWERTOOLS_LOG_LEVEL over LOG_LEVEL, the constructor over both', async () => {
    expect(await invoke({ case: 'levels' })).toBe('logged');
    const messages = logMessages()
      .filter((message) => message.startsWith('{"level"'))
      .map((message) => JSON.parse(message) as { level: string; message: string; service: string });
    expect(messages.filter((line) => line.service !== 'orders')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'levels',
        message: "shown at the environment's level",
      }),
      expect.objectContaining({
        level: 'DEBUG',
        service: 'verbose',
        message: "shown at the constructor's level",
      }),
    ]);
  }, 60_000);

  it('parameters: SSM and Secrets Manager through boto3, json transform, path trees, the 5 second cache', async () => {
    expect(await invoke({ case: 'parameters' })).toEqual({
      currency: 'EUR',
      forced: null,
      flags: { newCheckout: true },
      secret: 's3cret',
      tree: { host: 'db.internal' },
    });
    await invoke({ case: 'rotate', value: 'USD' });
    clockOffsetMs += 3_000;
    // Within max_age (5 s by default) the cached value is returned without asking SSM.
    expect(await invoke({ case: 'parameters' })).toMatchObject({ currency: 'EUR' });
    clockOffsetMs += 2_500;
    expect(await invoke({ case: 'parameters' })).toMatchObject({ currency: 'USD' });
    // force_fetch reads SSM at once (and refreshes the cache).
    await invoke({ case: 'rotate', value: 'GBP' });
    expect(await invoke({ case: 'parameters', force: true })).toMatchObject({
      currency: 'USD',
      forced: 'GBP',
    });
    expect(await invoke({ case: 'parameters' })).toMatchObject({ currency: 'GBP' });
  }, 60_000);

  it('idempotency: a duplicate returns the first result from one COMPLETED record; INPROGRESS refuses; no key raises', async () => {
    const first = await invoke({ case: 'charge', payment: { paymentId: 'p-1', amountCents: 500 } });
    expect(first).toEqual({ result: { paymentId: 'p-1', receipt: 'r-1' }, charges: 1 });
    // Same paymentId, other fields differ: event_key_jmespath makes it the same request.
    const again = await invoke({ case: 'charge', payment: { paymentId: 'p-1', amountCents: 999 } });
    expect(again).toEqual({ result: { paymentId: 'p-1', receipt: 'r-1' }, charges: 1 });
    const table = ws.account.service<DynamoDb>('dynamodb')!.table('Idempotency')!;
    expect(table.count()).toBe(1);
    type Item = Record<string, { S?: string; N?: string }>;
    const [record] = table.items().items as Item[];
    // The documented key: <function>.<module>.<qualified name>#<md5 of the selected data as sorted JSON>.
    const hash = (data: unknown) => createHash('md5').update(JSON.stringify(data)).digest('hex');
    expect(record!.id!.S).toBe(`orders.lambda_function.charge#${hash('p-1')}`);
    expect(record!.status!.S).toBe('COMPLETED');
    expect(JSON.parse(record!.data!.S!)).toEqual({ paymentId: 'p-1', receipt: 'r-1' });
    expect(Number(record!.expiration!.N) - Date.now() / 1000).toBeGreaterThan(3500);
    expect(Number(record!.in_progress_expiration!.N)).toBeGreaterThan(Date.now());

    // Another execution with p-2 is still running (its record INPROGRESS, not timed out): a duplicate is refused.
    table.put({
      id: { S: `orders.lambda_function.charge#${hash('p-2')}` },
      status: { S: 'INPROGRESS' },
      expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
      in_progress_expiration: { N: String(Date.now() + 60_000) },
    });
    expect(await invoke({ case: 'charge', payment: { paymentId: 'p-2' } })).toEqual({
      error: 'IdempotencyAlreadyInProgressError',
      message: `Execution already in progress with idempotency key: paymentId=orders.lambda_function.charge#${hash('p-2')}`,
    });
    // Once its in-progress expiry has passed (the execution timed out), the payment runs.
    clockOffsetMs += 61_000;
    expect(await invoke({ case: 'charge', payment: { paymentId: 'p-2' } })).toEqual({
      result: { paymentId: 'p-2', receipt: 'r-2' },
      charges: 2,
    });

    expect(await invoke({ case: 'charge_strictly', payment: { amountCents: 1 } })).toEqual({
      error: 'IdempotencyKeyError',
      message: 'No data found to create a hashed idempotency_key',
    });
  }, 60_000);

  it('idempotent handler: the key from powertools_json(body); a failed run leaves no record, so a retry runs', async () => {
    const table = ws.account.service<DynamoDb>('dynamodb')!.table('Idempotency')!;
    const before = table.count();
    const pay = (body: unknown) => invoke({ case: 'pay', body: JSON.stringify(body) });
    expect(await pay({ paymentId: 'p-9', fail: true })).toEqual({ error: 'card declined' });
    expect(table.count()).toBe(before);
    const paid = (await pay({ paymentId: 'p-9' })) as { body: string };
    expect(table.count()).toBe(before + 1);
    // The retry with the same paymentId (another attempt field) answers from the record.
    expect(await pay({ paymentId: 'p-9', attempt: 2 })).toEqual(paid);
    const keys = (table.items().items as Array<Record<string, { S?: string }>>).map((item) => item.id!.S!);
    expect(keys).toContain(`orders.lambda_function.pay#${createHash('md5').update('"p-9"').digest('hex')}`);
  }, 60_000);

  it('event handler: REST and HTTP API routes with path parameters, Response, and the documented 404', async () => {
    const found = (await invoke({
      case: 'rest',
      request: { httpMethod: 'GET', path: '/carts/c-7', queryStringParameters: { sort: 'asc' }, headers: {} },
    })) as Record<string, unknown>;
    expect(found).toEqual({
      statusCode: 200,
      body: '{"cartId":"c-7","sort":"asc"}',
      isBase64Encoded: false,
      multiValueHeaders: { 'Content-Type': ['application/json'] },
    });
    expect(
      await invoke({ case: 'rest', request: { httpMethod: 'POST', path: '/carts', body: '{"lines":[]}' } }),
    ).toMatchObject({ statusCode: 201, body: '{"created":{"lines":[]}}' });
    expect(
      await invoke({ case: 'rest', request: { httpMethod: 'GET', path: '/carts/missing' } }),
    ).toMatchObject({
      statusCode: 404,
      body: '{"statusCode":404,"message":"no cart missing"}',
    });
    for (const request of [
      { httpMethod: 'GET', path: '/nowhere' },
      { httpMethod: 'DELETE', path: '/carts/c-7' },
    ])
      expect(await invoke({ case: 'rest', request })).toMatchObject({
        statusCode: 404,
        body: '{"statusCode":404,"message":"Not found"}',
      });
    expect(
      await invoke({
        case: 'http',
        request: {
          rawPath: '/prod/orders/o-1/lines/2',
          requestContext: { stage: 'prod', http: { method: 'GET' } },
        },
      }),
    ).toEqual({
      statusCode: 200,
      body: '{"order":"o-1","line":"2"}',
      isBase64Encoded: false,
      headers: { 'Content-Type': 'application/json' },
      cookies: [],
    });
  }, 60_000);

  it('validation: SchemaValidationError names the failing rule and path', async () => {
    const check = (order: unknown) => invoke({ case: 'validate', order });
    expect(await check({ orderId: 'o-1', items: [{ sku: 'a', quantity: 1, size: 'S' }] })).toEqual({
      valid: true,
    });
    expect(await check({ orderId: 'x-1', items: [{ sku: 'a' }] })).toEqual({
      valid: false,
      message:
        "Failed schema validation. Error: data.orderId must match pattern ^o-[0-9]+$, Path: ['data', 'orderId'], Data: x-1",
      name: 'data.orderId',
      rule: 'pattern',
      path: ['data', 'orderId'],
    });
    expect(await check({ orderId: 'o-1' })).toMatchObject({ name: 'data', rule: 'required' });
    expect(await check({ orderId: 'o-1', items: [] })).toMatchObject({
      name: 'data.items',
      rule: 'minItems',
    });
    expect(await check({ orderId: 'o-1', items: [{ sku: 'a', quantity: 0 }] })).toMatchObject({
      name: 'data.items[0].quantity',
      rule: 'minimum',
    });
    expect(await check({ orderId: 'o-1', items: [{ sku: 'a', size: 'XL' }] })).toMatchObject({
      rule: 'enum',
    });
    expect(await check({ orderId: 'o-1', items: [{ sku: 'a' }], note: 'x' })).toMatchObject({
      rule: 'minLength',
    });
    expect(await check({ orderId: 'o-1', items: [{ sku: 'a' }], total: 101 })).toMatchObject({
      rule: 'maximum',
    });
    expect(await check({ orderId: 1, items: [{ sku: 'a' }] })).toMatchObject({ rule: 'type' });
  }, 60_000);

  it('batch: only the failed records are reported back', async () => {
    const record = (id: string, body: unknown) => ({
      messageId: id,
      receiptHandle: id,
      body: JSON.stringify(body),
    });
    expect(
      await invoke({
        case: 'batch',
        batch: { Records: [record('m-1', {}), record('m-2', { poison: true }), record('m-3', {})] },
      }),
    ).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    const failed = await ws.service
      .invoke('orders', { payload: { case: 'batch', batch: { Records: [record('m-4', { poison: true })] } } })
      .done();
    expect(JSON.parse(failed.response!.payload)).toMatchObject({ errorType: 'BatchProcessingError' });
  }, 60_000);
});
