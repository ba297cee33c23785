/** Secrets Manager through the real SDK client: values, versions and stages, listing, deletion and errors. */
import { describe, expect, it } from 'vitest';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { testClientConfig } from '../testing/sdkClient';
import { createSecretsManager, type SecretsManagerService } from './secretsmanager';

const DAY = 86_400_000;

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock, epochMs: Date.UTC(2026, 11, 1) }, [createSecretsManager]);
  const client = new SecretsManagerClient(testClientConfig(account));
  const secrets = account.service<SecretsManagerService>('secretsmanager')!;
  return { clock, account, client, secrets };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('Secrets Manager', () => {
  it('creates a secret and reads it back by name, ARN and partial ARN', async () => {
    const { client } = setup();
    const created = await client.send(
      new CreateSecretCommand({
        Name: 'prod/db',
        SecretString: '{"password":"s3cret"}',
        Description: 'database',
      }),
    );
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[0-9a-f]{6}$/,
    );
    expect(created.VersionId).toBeTruthy();
    for (const id of ['prod/db', created.ARN!, created.ARN!.slice(0, -7)]) {
      const value = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(value).toMatchObject({
        Name: 'prod/db',
        ARN: created.ARN,
        SecretString: '{"password":"s3cret"}',
        VersionId: created.VersionId,
        VersionStages: ['AWSCURRENT'],
      });
      expect(value.CreatedDate).toEqual(new Date(Date.UTC(2026, 11, 1)));
    }
  });

  it('keeps binary secrets as bytes', async () => {
    const { client } = setup();
    await client.send(new CreateSecretCommand({ Name: 'key', SecretBinary: Uint8Array.of(0, 1, 254, 255) }));
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'key' }));
    expect(Array.from(value.SecretBinary!)).toEqual([0, 1, 254, 255]);
    expect(value.SecretString).toBeUndefined();
  });

  it("raises ResourceNotFoundException with Secrets Manager's message", async () => {
    const { client } = setup();
    const error = await failure(client.send(new GetSecretValueCommand({ SecretId: 'missing' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe("Secrets Manager can't find the specified secret.");
  });

  it('refuses a second secret of the same name', async () => {
    const { client } = setup();
    await client.send(new CreateSecretCommand({ Name: 'api-key', SecretString: 'a' }));
    const error = await failure(client.send(new CreateSecretCommand({ Name: 'api-key', SecretString: 'b' })));
    expect(error).toBeInstanceOf(ResourceExistsException);
    expect(error.message).toBe('The operation failed because the secret api-key already exists.');
    const both = await failure(
      client.send(new CreateSecretCommand({ Name: 'x', SecretString: 'a', SecretBinary: Uint8Array.of(1) })),
    );
    expect(both).toBeInstanceOf(InvalidParameterException);
  });

  it('moves AWSCURRENT to a new version and AWSPREVIOUS to the one before', async () => {
    const { client } = setup();
    const first = await client.send(new CreateSecretCommand({ Name: 'token', SecretString: 'v1' }));
    const second = await client.send(new PutSecretValueCommand({ SecretId: 'token', SecretString: 'v2' }));
    expect(second.VersionStages).toEqual(['AWSCURRENT']);
    const third = await client.send(new PutSecretValueCommand({ SecretId: 'token', SecretString: 'v3' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'token' }))).SecretString).toBe('v3');
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'token', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous).toMatchObject({
      SecretString: 'v2',
      VersionId: second.VersionId,
      VersionStages: ['AWSPREVIOUS'],
    });
    const byId = await client.send(
      new GetSecretValueCommand({ SecretId: 'token', VersionId: first.VersionId }),
    );
    expect(byId).toMatchObject({ SecretString: 'v1', VersionStages: [] });
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'token' }));
    expect(described.VersionIdsToStages).toEqual({
      [second.VersionId!]: ['AWSPREVIOUS'],
      [third.VersionId!]: ['AWSCURRENT'],
    });
    const versions = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 'token', IncludeDeprecated: true }),
    );
    expect(versions.Versions).toHaveLength(3);
    const pending = await failure(
      client.send(new GetSecretValueCommand({ SecretId: 'token', VersionStage: 'AWSPENDING' })),
    );
    expect(pending).toBeInstanceOf(ResourceNotFoundException);
    expect(pending.message).toBe(
      "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    );
  });

  it('treats a repeated ClientRequestToken as the same version, and a changed value under it as an error', async () => {
    const { client } = setup();
    await client.send(new CreateSecretCommand({ Name: 'token', SecretString: 'v1' }));
    const token = 'a'.repeat(32);
    const put = await client.send(
      new PutSecretValueCommand({ SecretId: 'token', SecretString: 'v2', ClientRequestToken: token }),
    );
    expect(put.VersionId).toBe(token);
    const again = await client.send(
      new PutSecretValueCommand({ SecretId: 'token', SecretString: 'v2', ClientRequestToken: token }),
    );
    expect(again.VersionId).toBe(token);
    const changed = await failure(
      client.send(
        new PutSecretValueCommand({ SecretId: 'token', SecretString: 'v3', ClientRequestToken: token }),
      ),
    );
    expect(changed).toBeInstanceOf(ResourceExistsException);
  });

  it('updates description and value', async () => {
    const { client } = setup();
    await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v1' }));
    await client.send(new UpdateSecretCommand({ SecretId: 's', Description: 'new', SecretString: 'v2' }));
    expect((await client.send(new DescribeSecretCommand({ SecretId: 's' }))).Description).toBe('new');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString).toBe('v2');
  });

  it('lists secrets with name filters and pagination', async () => {
    const { client } = setup();
    for (const name of ['prod/a', 'prod/b', 'dev/a'])
      await client.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const prod = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['prod/'] }] }));
    expect(prod.SecretList?.map((secret) => secret.Name)).toEqual(['prod/a', 'prod/b']);
    const first = await client.send(new ListSecretsCommand({ MaxResults: 2 }));
    expect(first.SecretList).toHaveLength(2);
    const rest = await client.send(new ListSecretsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(rest.SecretList?.map((secret) => secret.Name)).toEqual(['dev/a']);
  });

  it('schedules deletion with a recovery window, blocks reads meanwhile, restores, and forgets after the window', async () => {
    const { client, clock } = setup();
    await client.send(new CreateSecretCommand({ Name: 'old', SecretString: 'x' }));
    const deleted = await client.send(new DeleteSecretCommand({ SecretId: 'old', RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate).toEqual(new Date(Date.UTC(2026, 11, 8)));
    const read = await failure(client.send(new GetSecretValueCommand({ SecretId: 'old' })));
    expect(read).toBeInstanceOf(InvalidRequestException);
    expect(read.message).toBe(
      "You can't perform this operation on the secret because it was marked for deletion.",
    );
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'old' }))).DeletedDate).toBeInstanceOf(
      Date,
    );
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    expect(
      (await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList,
    ).toHaveLength(1);
    const recreate = await failure(client.send(new CreateSecretCommand({ Name: 'old', SecretString: 'y' })));
    expect(recreate.message).toBe(
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
    await client.send(new RestoreSecretCommand({ SecretId: 'old' }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'old' }))).SecretString).toBe('x');
    await client.send(new DeleteSecretCommand({ SecretId: 'old' }));
    clock.advanceBy(30 * DAY);
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'old' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('deletes at once with ForceDeleteWithoutRecovery and validates the window', async () => {
    const { client } = setup();
    await client.send(new CreateSecretCommand({ Name: 'tmp', SecretString: 'x' }));
    const window = await failure(
      client.send(new DeleteSecretCommand({ SecretId: 'tmp', RecoveryWindowInDays: 3 })),
    );
    expect(window).toBeInstanceOf(InvalidParameterException);
    const both = await failure(
      client.send(
        new DeleteSecretCommand({
          SecretId: 'tmp',
          RecoveryWindowInDays: 7,
          ForceDeleteWithoutRecovery: true,
        }),
      ),
    );
    expect(both.message).toBe(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    await client.send(new DeleteSecretCommand({ SecretId: 'tmp', ForceDeleteWithoutRecovery: true }));
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'tmp' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await client.send(new CreateSecretCommand({ Name: 'tmp', SecretString: 'again' }));
  });

  it('round-trips through a snapshot and rejects a malformed one', async () => {
    const { client, secrets } = setup();
    await client.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: Uint8Array.of(9, 8) }));
    await client.send(new PutSecretValueCommand({ SecretId: 'bin', SecretBinary: Uint8Array.of(7) }));
    const snapshot = JSON.parse(JSON.stringify(secrets.snapshot()));
    const later = setup();
    later.secrets.restore(snapshot);
    const previous = await later.client.send(
      new GetSecretValueCommand({ SecretId: 'bin', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(Array.from(previous.SecretBinary!)).toEqual([9, 8]);
    expect(Array.from(later.secrets.currentValue('bin') as Uint8Array)).toEqual([7]);
    expect(() => later.secrets.restore({ version: 1, secrets: [{ name: 'x' }] })).toThrow(
      /Not a valid Secrets Manager snapshot/,
    );
    expect(later.secrets.listSecretViews().map((secret) => secret.name)).toEqual(['bin']);
  });
});
