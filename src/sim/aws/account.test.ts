import { describe, expect, it } from 'vitest';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { VirtualClock } from '../clock';
import { AwsAccount } from './account';
import { jsonResponse, text, type AwsHttpRequest } from './http';
import type { AwsService } from './service';
import { testClientConfig } from './testing/sdkClient';

function stubDynamo(seen: AwsHttpRequest[]): AwsService {
  let tables: string[] = ['Orders'];
  return {
    name: 'dynamodb',
    handle(req) {
      seen.push(req);
      return jsonResponse(200, { TableNames: tables }, 'application/x-amz-json-1.0');
    },
    snapshot: () => ({ tables }),
    restore(data) {
      const t = (data as { tables?: unknown }).tables;
      if (!Array.isArray(t)) throw new Error('bad dynamodb snapshot');
      tables = t as string[];
    },
    reset: () => void (tables = []),
  };
}

describe('AwsAccount', () => {
  it('routes a real SDK request to its service by endpoint, with the JSON 1.0 target header', async () => {
    const seen: AwsHttpRequest[] = [];
    const account = new AwsAccount({ clock: new VirtualClock() }, [() => stubDynamo(seen)]);
    const client = new DynamoDBClient(testClientConfig(account));
    const out = await client.send(new ListTablesCommand({}));
    expect(out.TableNames).toEqual(['Orders']);
    expect(seen[0]!.hostname).toBe('dynamodb.us-east-1.amazonaws.com');
    expect(seen[0]!.headers['x-amz-target']).toBe('DynamoDB_20120810.ListTables');
    expect(JSON.parse(text(seen[0]!.body))).toEqual({});
  });

  it('names S3 endpoints in both addressing styles', () => {
    expect(AwsAccount.serviceOf('my-bucket.s3.us-east-1.amazonaws.com')).toBe('s3');
    expect(AwsAccount.serviceOf('s3.us-east-1.amazonaws.com')).toBe('s3');
    expect(AwsAccount.serviceOf('sqs.us-east-1.amazonaws.com')).toBe('sqs');
    expect(AwsAccount.serviceOf('example.com')).toBeNull();
    expect(AwsAccount.serviceOf('123456789012.ddb.us-east-1.amazonaws.com')).toBe('dynamodb');
  });

  it('restores all or nothing: a snapshot one service rejects changes nothing', () => {
    const account = new AwsAccount({ clock: new VirtualClock() }, [() => stubDynamo([])]);
    const good = account.snapshot();
    expect(() => account.restore({ ...good, services: { dynamodb: { tables: 'not a list' } } })).toThrow(
      /bad dynamodb snapshot/,
    );
    expect(account.snapshot()).toEqual(good);
    expect(() => account.restore({ format: 'something-else' })).toThrow(/Not a Coldstart account export/);
  });
});
