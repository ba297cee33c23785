/** SSM Parameter Store through the real SDK client. */
import { describe, expect, it } from 'vitest';
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterPatternMismatchException,
  ParameterVersionNotFound,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { testClientConfig } from '../testing/sdkClient';
import { createSsm, type SsmService } from './ssm';

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock, epochMs: Date.UTC(2026, 11, 1) }, [createSsm]);
  const client = new SSMClient(
    testClientConfig(account, { kind: 'function', functionName: 'orders', requestId: 'r-1' }),
  );
  const ssm = account.service<SsmService>('ssm')!;
  return { clock, account, client, ssm };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('SSM Parameter Store', () => {
  it('puts and gets String and StringList parameters with versions', async () => {
    const { client } = setup();
    expect(
      await client.send(new PutParameterCommand({ Name: '/app/url', Value: 'https://a', Type: 'String' })),
    ).toMatchObject({
      Version: 1,
      Tier: 'Standard',
    });
    const { Parameter } = await client.send(new GetParameterCommand({ Name: '/app/url' }));
    expect(Parameter).toMatchObject({
      Name: '/app/url',
      Type: 'String',
      Value: 'https://a',
      Version: 1,
      ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/url',
      DataType: 'text',
    });
    expect(Parameter?.LastModifiedDate).toEqual(new Date(Date.UTC(2026, 11, 1)));
    await client.send(new PutParameterCommand({ Name: 'hosts', Value: 'a,b,c', Type: 'StringList' }));
    expect((await client.send(new GetParameterCommand({ Name: 'hosts' }))).Parameter).toMatchObject({
      Value: 'a,b,c',
      Type: 'StringList',
      ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/hosts',
    });
  });

  it('refuses to overwrite without Overwrite, then versions on overwrite and reads old versions', async () => {
    const { client } = setup();
    await client.send(new PutParameterCommand({ Name: '/app/limit', Value: '10', Type: 'String' }));
    const exists = await failure(
      client.send(new PutParameterCommand({ Name: '/app/limit', Value: '20', Type: 'String' })),
    );
    expect(exists).toBeInstanceOf(ParameterAlreadyExists);
    expect(exists.message).toBe(
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
    expect(
      (await client.send(new PutParameterCommand({ Name: '/app/limit', Value: '20', Overwrite: true })))
        .Version,
    ).toBe(2);
    expect((await client.send(new GetParameterCommand({ Name: '/app/limit' }))).Parameter?.Value).toBe('20');
    const old = await client.send(new GetParameterCommand({ Name: '/app/limit:1' }));
    expect(old.Parameter).toMatchObject({ Value: '10', Version: 1, Selector: ':1' });
    await expect(client.send(new GetParameterCommand({ Name: '/app/limit:7' }))).rejects.toBeInstanceOf(
      ParameterVersionNotFound,
    );
    const history = await client.send(new GetParameterHistoryCommand({ Name: '/app/limit' }));
    expect(history.Parameters?.map((version) => version.Value)).toEqual(['10', '20']);
    expect(history.Parameters?.[0]?.LastModifiedUser).toBe(
      'arn:aws:sts::123456789012:assumed-role/orders-role/orders',
    );
  });

  it('returns an encrypted value for SecureString unless WithDecryption', async () => {
    const { client } = setup();
    await client.send(
      new PutParameterCommand({ Name: '/app/db-password', Value: 'hunter2', Type: 'SecureString' }),
    );
    const hidden = await client.send(new GetParameterCommand({ Name: '/app/db-password' }));
    expect(hidden.Parameter?.Type).toBe('SecureString');
    expect(hidden.Parameter?.Value).not.toContain('hunter2');
    expect(hidden.Parameter?.Value).toMatch(/^AQICA[A-Za-z0-9+/]+=*$/);
    const shown = await client.send(
      new GetParameterCommand({ Name: '/app/db-password', WithDecryption: true }),
    );
    expect(shown.Parameter?.Value).toBe('hunter2');
    const described = await client.send(new DescribeParametersCommand({}));
    expect(described.Parameters?.[0]).toMatchObject({
      Name: '/app/db-password',
      Type: 'SecureString',
      KeyId: 'alias/aws/ssm',
    });
  });

  it('raises ParameterNotFound for a missing parameter', async () => {
    const { client } = setup();
    const error = await failure(client.send(new GetParameterCommand({ Name: '/nope' })));
    expect(error).toBeInstanceOf(ParameterNotFound);
    await expect(client.send(new DeleteParameterCommand({ Name: '/nope' }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
  });

  it('gets several parameters and reports the missing ones', async () => {
    const { client } = setup();
    await client.send(new PutParameterCommand({ Name: '/a', Value: '1', Type: 'String' }));
    await client.send(new PutParameterCommand({ Name: '/b', Value: 's', Type: 'SecureString' }));
    const out = await client.send(
      new GetParametersCommand({ Names: ['/a', '/b', '/c'], WithDecryption: true }),
    );
    expect(out.Parameters?.map((parameter) => [parameter.Name, parameter.Value])).toEqual([
      ['/a', '1'],
      ['/b', 's'],
    ]);
    expect(out.InvalidParameters).toEqual(['/c']);
    const many = await failure(
      client.send(
        new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, index) => `/p${index}`) }),
      ),
    );
    expect(many).toBeInstanceOf(SSMServiceException);
    expect(many.name).toBe('ValidationException');
  });

  it('reads a hierarchy by path, one level or recursively, with pagination', async () => {
    const { client } = setup();
    for (const name of ['/app/a', '/app/b', '/app/db/user', '/app/db/password', '/application/x', '/app']) {
      await client.send(
        new PutParameterCommand({
          Name: name,
          Value: name,
          Type: name.endsWith('password') ? 'SecureString' : 'String',
        }),
      );
    }
    const oneLevel = await client.send(new GetParametersByPathCommand({ Path: '/app' }));
    expect(oneLevel.Parameters?.map((parameter) => parameter.Name)).toEqual(['/app/a', '/app/b']);
    const recursive = await client.send(
      new GetParametersByPathCommand({ Path: '/app/', Recursive: true, WithDecryption: true }),
    );
    expect(recursive.Parameters?.map((parameter) => parameter.Name)).toEqual([
      '/app/a',
      '/app/b',
      '/app/db/password',
      '/app/db/user',
    ]);
    expect(recursive.Parameters?.find((parameter) => parameter.Name === '/app/db/password')?.Value).toBe(
      '/app/db/password',
    );
    const page = await client.send(
      new GetParametersByPathCommand({ Path: '/app', Recursive: true, MaxResults: 3 }),
    );
    expect(page.Parameters).toHaveLength(3);
    const rest = await client.send(
      new GetParametersByPathCommand({
        Path: '/app',
        Recursive: true,
        MaxResults: 3,
        NextToken: page.NextToken,
      }),
    );
    expect(rest.Parameters?.map((parameter) => parameter.Name)).toEqual(['/app/db/user']);
    const onlySecure = await client.send(
      new GetParametersByPathCommand({
        Path: '/app',
        Recursive: true,
        ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
      }),
    );
    expect(onlySecure.Parameters?.map((parameter) => parameter.Name)).toEqual(['/app/db/password']);
  });

  it('deletes parameters singly and in batches', async () => {
    const { client } = setup();
    for (const name of ['/x', '/y'])
      await client.send(new PutParameterCommand({ Name: name, Value: '1', Type: 'String' }));
    await client.send(new DeleteParameterCommand({ Name: '/x' }));
    const out = await client.send(new DeleteParametersCommand({ Names: ['/x', '/y'] }));
    expect(out).toMatchObject({ DeletedParameters: ['/y'], InvalidParameters: ['/x'] });
  });

  it('describes parameters with filters', async () => {
    const { client } = setup();
    await client.send(
      new PutParameterCommand({ Name: '/svc/a', Value: '1', Type: 'String', Description: 'first' }),
    );
    await client.send(new PutParameterCommand({ Name: '/svc/b', Value: '1', Type: 'StringList' }));
    await client.send(new PutParameterCommand({ Name: '/other', Value: '1', Type: 'String' }));
    const byPrefix = await client.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/svc/'] }],
      }),
    );
    expect(byPrefix.Parameters?.map((parameter) => parameter.Name)).toEqual(['/svc/a', '/svc/b']);
    expect(byPrefix.Parameters?.[0]).toMatchObject({
      Description: 'first',
      Version: 1,
      Tier: 'Standard',
      DataType: 'text',
    });
    const byType = await client.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['StringList'] }] }),
    );
    expect(byType.Parameters?.map((parameter) => parameter.Name)).toEqual(['/svc/b']);
  });

  it('validates names, types, sizes and allowed patterns', async () => {
    const { client } = setup();
    const reserved = await failure(
      client.send(new PutParameterCommand({ Name: '/aws/thing', Value: '1', Type: 'String' })),
    );
    expect(reserved.name).toBe('ValidationException');
    expect(reserved.message).toBe(
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
    const noType = await failure(client.send(new PutParameterCommand({ Name: '/t', Value: '1' })));
    expect(noType.message).toBe('A parameter type is required when you create a parameter.');
    const big = await failure(
      client.send(new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(4097), Type: 'String' })),
    );
    expect(big.message).toMatch(
      /^Standard tier parameters support a maximum parameter value of 4096 characters\./,
    );
    await client.send(
      new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(4097), Type: 'String', Tier: 'Advanced' }),
    );
    await expect(
      client.send(
        new PutParameterCommand({ Name: '/port', Value: 'eighty', Type: 'String', AllowedPattern: '^\\d+$' }),
      ),
    ).rejects.toBeInstanceOf(ParameterPatternMismatchException);
    const relative = await failure(
      client.send(new PutParameterCommand({ Name: 'a/b', Value: '1', Type: 'String' })),
    );
    expect(relative.message).toBe('Parameter name must be a fully qualified name.');
  });

  it('labels versions and reads by label', async () => {
    const { client } = setup();
    await client.send(new PutParameterCommand({ Name: '/flag', Value: 'off', Type: 'String' }));
    await client.send(
      new PutParameterCommand({ Name: '/flag', Value: 'on', Type: 'String', Overwrite: true }),
    );
    const labelled = await client.send(
      new LabelParameterVersionCommand({ Name: '/flag', ParameterVersion: 1, Labels: ['stable', '1bad'] }),
    );
    expect(labelled).toMatchObject({ ParameterVersion: 1, InvalidLabels: ['1bad'] });
    expect((await client.send(new GetParameterCommand({ Name: '/flag:stable' }))).Parameter?.Value).toBe(
      'off',
    );
  });

  it('round-trips through a snapshot and rejects a malformed one', async () => {
    const { client, ssm } = setup();
    await client.send(new PutParameterCommand({ Name: '/keep', Value: 'v1', Type: 'SecureString' }));
    await client.send(new PutParameterCommand({ Name: '/keep', Value: 'v2', Overwrite: true }));
    const snapshot = JSON.parse(JSON.stringify(ssm.snapshot()));
    const later = setup();
    later.ssm.restore(snapshot);
    const { Parameter } = await later.client.send(
      new GetParameterCommand({ Name: '/keep', WithDecryption: true }),
    );
    expect(Parameter).toMatchObject({ Value: 'v2', Version: 2, Type: 'SecureString' });
    expect(() =>
      later.ssm.restore({ version: 1, parameters: [{ name: '/x', tags: [], versions: [] }] }),
    ).toThrow(/Not a valid SSM snapshot/);
    expect(later.ssm.currentValue('/keep')).toBe('v2');
  });
});
