/**
 * boto3 (the runtime's own Python module) against the simulated account, in Node with real Pyodide and the
 * replay mode: the wire requests reach AwsAccount.handle as the JavaScript SDK's do, so a table written from
 * Python reads the same from the SDK's side.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../sim/clock';
import { AwsAccount } from '../../../sim/aws/account';
import { ALL_SERVICES } from '../../../sim/aws/services';
import type { InvokeResult } from '../../../sim/lambda/host';
import { createInProcessHost } from '../../testing/inProcessHost';
import { nodePyodideLoader } from '../../testing/nodePyodide';
import { pythonInitRequest, testInvokeRequest } from '../../testing/fixtures';

function payloadOf(result: InvokeResult): unknown {
  if (result.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return JSON.parse(result.payload);
}

/** GetItem on the account's own wire, as the JavaScript SDK sends it: the item in plain values, or undefined. */
async function storedItem(
  account: AwsAccount,
  tableName: string,
  orderId: string,
): Promise<Record<string, string> | undefined> {
  const response = await account.handle(
    {
      method: 'POST',
      hostname: 'dynamodb.us-east-1.amazonaws.com',
      path: '/',
      query: {},
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
      },
      body: new TextEncoder().encode(
        JSON.stringify({ TableName: tableName, Key: { orderId: { S: orderId } } }),
      ),
    },
    { kind: 'function', functionName: 'test', requestId: 'check' },
  );
  const parsed = JSON.parse(new TextDecoder().decode(response.body)) as {
    Item?: Record<string, Record<string, string>>;
  };
  if (!parsed.Item) return undefined;
  return Object.fromEntries(
    Object.entries(parsed.Item).map(([name, value]) => [name, Object.values(value)[0]!]),
  );
}

describe('boto3 against the simulated account', () => {
  it('creates a table, puts, gets, queries with Key conditions, maps numbers to Decimal and raises ClientError', async () => {
    const account = new AwsAccount(
      { clock: new VirtualClock(), epochMs: Date.UTC(2026, 11, 1), seed: 1 },
      ALL_SERVICES,
    );
    const requests: string[] = [];
    const headers: Array<Record<string, string>> = [];
    const host = createInProcessHost({ pyodide: nodePyodideLoader() });
    host.setAwsHandler((_environmentId, request) => {
      headers.push(request.headers);
      requests.push(
        `${request.method} ${request.hostname} ${request.headers['x-amz-target'] ?? request.path}`,
      );
      return account.handle(request, { kind: 'function', functionName: 'fn', requestId: 'r' });
    });
    await host.start('env-1', 'python3.14');
    const source = [
      'import boto3, copy',
      'from decimal import Decimal',
      'from boto3.dynamodb.conditions import Attr, Key',
      'from botocore.exceptions import ClientError',
      'client = boto3.client("dynamodb")',
      'client.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",',
      '    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],',
      '    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])',
      'table = boto3.resource("dynamodb").Table("orders")',
      'def unchanged_requests():',
      "    # The transformation must leave the caller's dicts as they were, condition objects mixed with their names.",
      '    put = {"Item": {"pk": "o#2", "sk": 1, "CreationDateTime": 5, "nested": {"StartTime": 7}},',
      '           "ConditionExpression": "attribute_not_exists(pk) OR #s = :x",',
      '           "ExpressionAttributeNames": {"#s": "state"}, "ExpressionAttributeValues": {":x": "open"}}',
      '    update = {"Key": {"pk": "o#2", "sk": 1}, "UpdateExpression": "SET #n = :n",',
      '              "ExpressionAttributeNames": {"#n": "count"}, "ExpressionAttributeValues": {":n": 2}}',
      '    query = {"KeyConditionExpression": Key("pk").eq("o#2"), "ExpressionAttributeNames": {"#x": "nested"},',
      '             "ProjectionExpression": "pk, sk, #x, CreationDateTime"}',
      '    before = copy.deepcopy([put, update])',
      '    table.put_item(**put)',
      '    table.update_item(ConditionExpression=Attr("pk").exists(), **update)',
      '    found = table.query(**query)["Items"][0]',
      '    described = client.describe_table(TableName="orders")["Table"]',
      '    return {"unchanged": [put, update] == before, "queryNames": query["ExpressionAttributeNames"],',
      '            "itemTypes": [type(found["CreationDateTime"]).__name__, type(found["nested"]["StartTime"]).__name__],',
      '            "created": type(described["CreationDateTime"]).__name__}',
      'def lambda_handler(event, context):',
      '    if event.get("unchanged"):',
      '        return unchanged_requests()',
      '    table.put_item(Item={"pk": "o#1", "sk": 1, "total": Decimal("12.50"), "tags": ["a"]})',
      '    table.put_item(Item={"pk": "o#1", "sk": 2, "total": 3})',
      '    item = table.get_item(Key={"pk": "o#1", "sk": 1})["Item"]',
      '    found = table.query(KeyConditionExpression=Key("pk").eq("o#1") & Key("sk").gt(1))["Items"]',
      '    try:',
      '        table.put_item(Item={"pk": "o#1", "sk": 1}, ConditionExpression="attribute_not_exists(pk)")',
      '        code = None',
      '    except ClientError as error:',
      '        code = error.response["Error"]["Code"]',
      '    return {"total": str(item["total"]), "decimal": type(item["total"]).__name__,',
      '            "found": [int(i["sk"]) for i in found], "code": code}',
    ].join('\n');
    const init = await host.init('env-1', pythonInitRequest(source, { region: 'us-east-1' }));
    expect(init.ok ? 'ok' : JSON.stringify(init)).toBe('ok');
    const result = await host.invoke('env-1', testInvokeRequest({}));
    expect(payloadOf(result)).toEqual({
      // DynamoDB keeps numbers normalised (trailing zeros dropped): Decimal('12.50') comes back as 12.5.
      total: '12.5',
      decimal: 'Decimal',
      found: [2],
      code: 'ConditionalCheckFailedException',
    });
    // Each request reached the account once, in order (the replay answers repeats from its record).
    expect(requests).toEqual([
      'POST dynamodb.us-east-1.amazonaws.com DynamoDB_20120810.CreateTable',
      'POST dynamodb.us-east-1.amazonaws.com DynamoDB_20120810.PutItem',
      'POST dynamodb.us-east-1.amazonaws.com DynamoDB_20120810.PutItem',
      'POST dynamodb.us-east-1.amazonaws.com DynamoDB_20120810.GetItem',
      'POST dynamodb.us-east-1.amazonaws.com DynamoDB_20120810.Query',
      'POST dynamodb.us-east-1.amazonaws.com DynamoDB_20120810.PutItem',
    ]);
    expect(payloadOf(await host.invoke('env-1', testInvokeRequest({ unchanged: true })))).toEqual({
      unchanged: true,
      queryNames: { '#x': 'nested' },
      // Item attributes named like timestamp members stay numbers (Decimal); DescribeTable's become datetimes.
      itemTypes: ['Decimal', 'Decimal'],
      created: 'datetime',
    });
    // botocore's headers on every request: a fresh UUID v4 invocation id and the request's x-amz-date.
    const ids = headers.map((entry) => entry['amz-sdk-invocation-id']);
    expect(ids).toHaveLength(10);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of headers) expect(entry['x-amz-date']).toMatch(/^2026\d{4}T\d{6}Z$/);
    host.dispose();
  }, 120_000);

  it('replays random bytes and clock readings, so the item the account stored is the one the handler names', async () => {
    const account = new AwsAccount(
      { clock: new VirtualClock(), epochMs: Date.UTC(2026, 11, 1), seed: 2 },
      ALL_SERVICES,
    );
    const host = createInProcessHost({ pyodide: nodePyodideLoader() });
    let calls = 0;
    host.setAwsHandler((_environmentId, request) => {
      calls++;
      return account.handle(request, { kind: 'function', functionName: 'fn', requestId: 'r' });
    });
    await host.start('env-1', 'python3.14');
    const source = [
      'import boto3, random, time, uuid',
      'from decimal import Decimal',
      'client = boto3.client("dynamodb")',
      'client.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",',
      '    AttributeDefinitions=[{"AttributeName": "orderId", "AttributeType": "S"}],',
      '    KeySchema=[{"AttributeName": "orderId", "KeyType": "HASH"}])',
      'table = boto3.resource("dynamodb").Table("orders")',
      'def lambda_handler(event, context):',
      '    order_id = str(uuid.uuid4())',
      '    stamp = Decimal(str(time.time()))',
      '    lucky = random.randint(1, 10**9)',
      '    table.put_item(Item={"orderId": order_id, "at": stamp, "lucky": lucky})',
      '    later = str(uuid.uuid4())',
      '    table.put_item(Item={"orderId": later, "at": stamp, "lucky": lucky})',
      '    return {"ids": [order_id, later], "at": str(stamp), "lucky": lucky}',
    ].join('\n');
    const init = await host.init('env-1', pythonInitRequest(source, { region: 'us-east-1' }));
    expect(init.ok ? 'ok' : JSON.stringify(init)).toBe('ok');
    for (let round = 0; round < 2; round++) {
      const answer = payloadOf(await host.invoke('env-1', testInvokeRequest({}))) as {
        ids: string[];
        at: string;
        lucky: number;
      };
      for (const orderId of answer.ids) {
        const stored = await storedItem(account, 'orders', orderId);
        expect(stored).toEqual({ orderId, at: answer.at, lucky: String(answer.lucky) });
      }
    }
    // One CreateTable, then two puts per invocation: each request reached the account once.
    expect(calls).toBe(5);
    host.dispose();
  }, 120_000);
});
