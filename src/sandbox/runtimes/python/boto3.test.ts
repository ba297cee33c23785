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
import { testInitRequest, testInvokeRequest } from '../../testing/fixtures';

function payloadOf(result: InvokeResult): unknown {
  if (result.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return JSON.parse(result.payload);
}

describe('boto3 against the simulated account', () => {
  it('creates a table, puts, gets, queries with Key conditions, maps numbers to Decimal and raises ClientError', async () => {
    const account = new AwsAccount(
      { clock: new VirtualClock(), epochMs: Date.UTC(2026, 11, 1), seed: 1 },
      ALL_SERVICES,
    );
    const requests: string[] = [];
    const host = createInProcessHost({ pyodide: nodePyodideLoader() });
    host.setAwsHandler((_environmentId, request) => {
      requests.push(
        `${request.method} ${request.hostname} ${request.headers['x-amz-target'] ?? request.path}`,
      );
      return account.handle(request, { kind: 'function', functionName: 'fn', requestId: 'r' });
    });
    await host.start('env-1', 'python3.14');
    const source = [
      'import boto3',
      'from decimal import Decimal',
      'from boto3.dynamodb.conditions import Key',
      'from botocore.exceptions import ClientError',
      'client = boto3.client("dynamodb")',
      'client.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",',
      '    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],',
      '    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])',
      'table = boto3.resource("dynamodb").Table("orders")',
      'def lambda_handler(event, context):',
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
    const init = await host.init(
      'env-1',
      testInitRequest(
        { 'lambda_function.py': source },
        {
          runtime: 'python3.14',
          settings: { handler: 'lambda_function.lambda_handler', region: 'us-east-1' },
        },
      ),
    );
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
    host.dispose();
  }, 120_000);
});
