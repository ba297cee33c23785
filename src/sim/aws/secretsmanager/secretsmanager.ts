/**
 * The simulated AWS Secrets Manager (AWS JSON 1.1, `X-Amz-Target: secretsmanager.<Operation>`): secrets with
 * versions and staging labels (a new current version takes AWSCURRENT and hands AWSPREVIOUS to the one before),
 * scheduled deletion with a 7–30 day recovery window or immediate forced deletion, and AWS's errors.
 * Deletion dates are wall-clock (epoch ms from the account's clock); a secret past its date is gone.
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import {
  AwsServiceError,
  handleJsonRpc,
  inputReader,
  type JsonInput,
  type JsonOperation,
  type JsonRpcProtocol,
} from '../jsonRpc';
import type { AccountContext, AwsService } from '../service';
import { base64ToBytes, bytesToBase64 } from '../sqs/digest';

export interface SecretVersion {
  versionId: string;
  secretString?: string;
  secretBinary?: Uint8Array;
  stages: string[];
  /** Epoch ms. */
  createdDate: number;
  lastAccessedDate?: number;
}

export interface Secret {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: Array<{ Key: string; Value: string }>;
  versions: SecretVersion[];
  createdDate: number;
  lastChangedDate: number;
  lastAccessedDate?: number;
  /** When DeleteSecret ran (epoch ms); with `deletionDate`, when the secret goes. */
  deletedDate?: number;
  deletionDate?: number;
}

export const SECRETS_MANAGER_PROTOCOL: JsonRpcProtocol = { targetPrefix: 'secretsmanager', version: '1.1' };

const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const TOKEN = /^.{32,64}$/;
const MAX_SECRET_BYTES = 65_536;
const MAX_DEPRECATED_VERSIONS = 100;
const DAY_MS = 86_400_000;

function notFound(message = "Secrets Manager can't find the specified secret."): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', message);
}

function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message);
}

function invalidRequest(message: string): AwsServiceError {
  return new AwsServiceError('InvalidRequestException', message);
}

const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";

export class SecretsManagerService implements AwsService {
  readonly name = 'secretsmanager';
  readonly ctx: AccountContext;
  private secrets = new Map<string, Secret>();

  constructor(ctx: AccountContext) {
    this.ctx = ctx;
  }

  handle(req: AwsHttpRequest, _caller: AwsCaller): Promise<AwsHttpResponse> {
    return handleJsonRpc(SECRETS_MANAGER_PROTOCOL, operations(this), req);
  }

  private wallNow(): number {
    return this.ctx.epochMs + this.ctx.clock.now();
  }

  /** Secrets whose recovery window has passed are removed before anything looks at them. */
  private purgeExpired(): void {
    const now = this.wallNow();
    for (const [name, secret] of this.secrets) {
      if (secret.deletionDate !== undefined && secret.deletionDate <= now) {
        this.secrets.delete(name);
        this.ctx.changed({
          service: 'secretsmanager',
          resource: `secret.${name}`,
          detail: { action: 'deleted' },
        });
      }
    }
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  listSecretViews(): Secret[] {
    this.purgeExpired();
    return [...this.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A secret by name, full ARN or partial ARN (without the six-character suffix). */
  secret(id: string): Secret | undefined {
    this.purgeExpired();
    const byName = this.secrets.get(id);
    if (byName) return byName;
    if (!id.startsWith('arn:')) return undefined;
    for (const secret of this.secrets.values()) {
      if (secret.arn === id || secret.arn.slice(0, -7) === id) return secret;
    }
    return undefined;
  }

  /** The AWSCURRENT value, for views and lab checks (no LastAccessedDate change). */
  currentValue(id: string): string | Uint8Array | undefined {
    const version = this.secret(id)?.versions.find((item) => item.stages.includes('AWSCURRENT'));
    return version?.secretString ?? version?.secretBinary;
  }

  requireSecret(id: string | undefined): Secret {
    if (!id) throw invalidParameter('You must provide a value for SecretId.');
    const secret = this.secret(id);
    if (!secret) throw notFound();
    return secret;
  }

  private requireLive(id: string | undefined): Secret {
    const secret = this.requireSecret(id);
    if (secret.deletedDate !== undefined) throw invalidRequest(MARKED_FOR_DELETION);
    return secret;
  }

  // ---- operations ---------------------------------------------------------------------------------------------

  createSecret(input: {
    name?: string;
    secretString?: string;
    secretBinary?: Uint8Array;
    description?: string;
    kmsKeyId?: string;
    tags?: Array<{ Key: string; Value: string }>;
    clientRequestToken?: string;
  }): { secret: Secret; versionId?: string } {
    this.purgeExpired();
    const { name } = input;
    if (!name || !NAME.test(name)) {
      throw invalidParameter(
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      );
    }
    const existing = this.secrets.get(name);
    if (existing) {
      if (existing.deletedDate !== undefined) {
        throw invalidRequest(
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
        );
      }
      throw new AwsServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    checkValue(input.secretString, input.secretBinary);
    const now = this.wallNow();
    const suffix = this.ctx.uuid().replace(/-/g, '').slice(-6);
    const secret: Secret = {
      name,
      arn: `arn:aws:secretsmanager:${this.ctx.region}:${this.ctx.accountId}:secret:${name}-${suffix}`,
      description: input.description,
      kmsKeyId: input.kmsKeyId,
      tags: [...(input.tags ?? [])],
      versions: [],
      createdDate: now,
      lastChangedDate: now,
    };
    let versionId: string | undefined;
    if (input.secretString !== undefined || input.secretBinary !== undefined) {
      versionId = this.addVersion(secret, input.clientRequestToken, input.secretString, input.secretBinary, [
        'AWSCURRENT',
      ]).versionId;
    }
    this.secrets.set(name, secret);
    this.ctx.changed({
      service: 'secretsmanager',
      resource: `secret.${name}`,
      detail: { action: 'created' },
    });
    return { secret, versionId };
  }

  getSecretValue(
    id: string | undefined,
    versionId?: string,
    versionStage?: string,
  ): { secret: Secret; version: SecretVersion } {
    const secret = this.requireLive(id);
    let version: SecretVersion | undefined;
    if (versionId !== undefined) {
      version = secret.versions.find((item) => item.versionId === versionId);
      if (!version)
        throw notFound(`Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
      if (versionStage !== undefined && !version.stages.includes(versionStage)) {
        throw invalidRequest(`You provided a VersionStage that is not associated to the provided VersionId.`);
      }
    } else {
      const stage = versionStage ?? 'AWSCURRENT';
      version = secret.versions.find((item) => item.stages.includes(stage));
      if (!version)
        throw notFound(`Secrets Manager can't find the specified secret value for staging label: ${stage}`);
    }
    // LastAccessedDate is kept to the day, as Secrets Manager reports it.
    const today = Math.floor(this.wallNow() / DAY_MS) * DAY_MS;
    secret.lastAccessedDate = today;
    version.lastAccessedDate = today;
    return { secret, version };
  }

  putSecretValue(input: {
    secretId?: string;
    secretString?: string;
    secretBinary?: Uint8Array;
    versionStages?: string[];
    clientRequestToken?: string;
  }): { secret: Secret; version: SecretVersion } {
    const secret = this.requireLive(input.secretId);
    if (input.secretString === undefined && input.secretBinary === undefined) {
      throw invalidParameter('You must provide either SecretString or SecretBinary.');
    }
    checkValue(input.secretString, input.secretBinary);
    const existing = input.clientRequestToken
      ? secret.versions.find((item) => item.versionId === input.clientRequestToken)
      : undefined;
    if (existing) {
      const same =
        existing.secretString === input.secretString && bytesEqual(existing.secretBinary, input.secretBinary);
      if (!same) {
        throw new AwsServiceError(
          'ResourceExistsException',
          "You can't modify an existing version, you can only create a new version.",
        );
      }
      return { secret, version: existing };
    }
    const version = this.addVersion(
      secret,
      input.clientRequestToken,
      input.secretString,
      input.secretBinary,
      input.versionStages ?? ['AWSCURRENT'],
    );
    this.ctx.changed({
      service: 'secretsmanager',
      resource: `secret.${secret.name}`,
      detail: { action: 'value', versionId: version.versionId },
    });
    return { secret, version };
  }

  updateSecret(input: {
    secretId?: string;
    description?: string;
    kmsKeyId?: string;
    secretString?: string;
    secretBinary?: Uint8Array;
    clientRequestToken?: string;
  }): { secret: Secret; versionId?: string } {
    const secret = this.requireLive(input.secretId);
    checkValue(input.secretString, input.secretBinary);
    if (input.description !== undefined) secret.description = input.description;
    if (input.kmsKeyId !== undefined) secret.kmsKeyId = input.kmsKeyId;
    secret.lastChangedDate = this.wallNow();
    let versionId: string | undefined;
    if (input.secretString !== undefined || input.secretBinary !== undefined) {
      versionId = this.addVersion(secret, input.clientRequestToken, input.secretString, input.secretBinary, [
        'AWSCURRENT',
      ]).versionId;
    }
    this.ctx.changed({
      service: 'secretsmanager',
      resource: `secret.${secret.name}`,
      detail: { action: 'updated' },
    });
    return { secret, versionId };
  }

  deleteSecret(
    id: string | undefined,
    options: { recoveryWindowInDays?: number; force?: boolean },
  ): Secret & { deletionDate: number } {
    const secret = this.requireSecret(id);
    if (options.force && options.recoveryWindowInDays !== undefined) {
      throw invalidParameter(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    }
    const now = this.wallNow();
    if (options.force) {
      this.secrets.delete(secret.name);
      this.ctx.changed({
        service: 'secretsmanager',
        resource: `secret.${secret.name}`,
        detail: { action: 'deleted' },
      });
      return { ...secret, deletionDate: now };
    }
    if (secret.deletedDate !== undefined) throw invalidRequest(MARKED_FOR_DELETION);
    const days = options.recoveryWindowInDays ?? 30;
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      throw invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    secret.deletedDate = now;
    secret.deletionDate = now + days * DAY_MS;
    this.ctx.changed({
      service: 'secretsmanager',
      resource: `secret.${secret.name}`,
      detail: { action: 'scheduledForDeletion' },
    });
    return secret as Secret & { deletionDate: number };
  }

  restoreSecret(id: string | undefined): Secret {
    const secret = this.requireSecret(id);
    secret.deletedDate = undefined;
    secret.deletionDate = undefined;
    this.ctx.changed({
      service: 'secretsmanager',
      resource: `secret.${secret.name}`,
      detail: { action: 'restored' },
    });
    return secret;
  }

  listSecrets(options: {
    includePlannedDeletion?: boolean;
    filters?: Array<{ Key?: string; Values?: string[] }>;
    sortOrder?: string;
  }): Secret[] {
    this.purgeExpired();
    // Creation order (the map keeps it), which sorting by CreatedDate preserves for ties.
    let list = [...this.secrets.values()].filter(
      (secret) => options.includePlannedDeletion || secret.deletedDate === undefined,
    );
    for (const filter of options.filters ?? []) {
      const values = filter.Values ?? [];
      const test = (candidates: Array<string | undefined>) =>
        values.some((raw) => {
          const negate = raw.startsWith('!');
          const value = negate ? raw.slice(1) : raw;
          const hit = candidates.some((candidate) => candidate !== undefined && candidate.startsWith(value));
          return negate ? !hit : hit;
        });
      switch (filter.Key) {
        case 'name':
          list = list.filter((secret) => test([secret.name]));
          break;
        case 'description':
          list = list.filter((secret) => test([secret.description]));
          break;
        case 'tag-key':
          list = list.filter((secret) => test(secret.tags.map((tag) => tag.Key)));
          break;
        case 'tag-value':
          list = list.filter((secret) => test(secret.tags.map((tag) => tag.Value)));
          break;
        case 'all':
          list = list.filter((secret) =>
            test([secret.name, secret.description, ...secret.tags.flatMap((tag) => [tag.Key, tag.Value])]),
          );
          break;
        default:
          throw invalidParameter(`Invalid filter key: ${filter.Key ?? ''}`);
      }
    }
    list.sort((a, b) => a.createdDate - b.createdDate);
    if (options.sortOrder === 'desc') list.reverse();
    return list;
  }

  tagResource(id: string | undefined, tags: Array<{ Key: string; Value: string }>): void {
    const secret = this.requireSecret(id);
    for (const tag of tags) {
      const existing = secret.tags.find((item) => item.Key === tag.Key);
      if (existing) existing.Value = tag.Value;
      else secret.tags.push({ ...tag });
    }
  }

  untagResource(id: string | undefined, keys: string[]): void {
    const secret = this.requireSecret(id);
    secret.tags = secret.tags.filter((tag) => !keys.includes(tag.Key));
  }

  /** A version id no version of this secret has (the account's ids start over on a new page). */
  private freshVersionId(secret: Secret): string {
    let id = this.ctx.uuid();
    while (secret.versions.some((version) => version.versionId === id)) id = this.ctx.uuid();
    return id;
  }

  /** A new version; `stages` move to it from whichever versions held them, AWSCURRENT's holder becomes AWSPREVIOUS. */
  private addVersion(
    secret: Secret,
    token: string | undefined,
    secretString: string | undefined,
    secretBinary: Uint8Array | undefined,
    stages: string[],
  ): SecretVersion {
    if (token !== undefined && !TOKEN.test(token)) {
      throw invalidParameter('ClientRequestToken must be 32-64 characters long.');
    }
    const version: SecretVersion = {
      versionId: token ?? this.freshVersionId(secret),
      ...(secretString !== undefined ? { secretString } : {}),
      ...(secretBinary !== undefined ? { secretBinary: secretBinary.slice() } : {}),
      stages: [],
      createdDate: this.wallNow(),
    };
    for (const stage of stages) {
      for (const other of secret.versions) {
        if (!other.stages.includes(stage)) continue;
        other.stages = other.stages.filter((item) => item !== stage);
        if (stage === 'AWSCURRENT') {
          for (const holder of secret.versions)
            holder.stages = holder.stages.filter((item) => item !== 'AWSPREVIOUS');
          other.stages.push('AWSPREVIOUS');
        }
      }
      version.stages.push(stage);
    }
    secret.versions.push(version);
    secret.lastChangedDate = version.createdDate;
    // Versions without labels are deprecated; Secrets Manager removes the oldest beyond its limit.
    const deprecated = secret.versions.filter((item) => item.stages.length === 0);
    if (deprecated.length > MAX_DEPRECATED_VERSIONS) {
      const drop = new Set(deprecated.slice(0, deprecated.length - MAX_DEPRECATED_VERSIONS));
      secret.versions = secret.versions.filter((item) => !drop.has(item));
    }
    return version;
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  snapshot(): unknown {
    return {
      version: 1,
      secrets: this.listSecretViews().map((secret) =>
        withoutUndefined({
          ...secret,
          tags: secret.tags.map((tag) => ({ ...tag })),
          versions: secret.versions.map((version) =>
            withoutUndefined({
              versionId: version.versionId,
              secretString: version.secretString,
              secretBinary: version.secretBinary ? bytesToBase64(version.secretBinary) : undefined,
              stages: [...version.stages],
              createdDate: version.createdDate,
              lastAccessedDate: version.lastAccessedDate,
            }),
          ),
        }),
      ),
    };
  }

  restore(data: unknown): void {
    const parsed = secretsSnapshotSchema.safeParse(data);
    if (!parsed.success)
      throw new Error(
        `Not a valid Secrets Manager snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    const secrets = new Map<string, Secret>();
    for (const saved of parsed.data.secrets) {
      secrets.set(saved.name, {
        ...saved,
        tags: saved.tags.map((tag) => ({ ...tag })),
        versions: saved.versions.map((version) => ({
          ...version,
          secretBinary: version.secretBinary !== undefined ? base64ToBytes(version.secretBinary) : undefined,
          stages: [...version.stages],
        })),
      });
    }
    this.secrets = secrets;
    this.ctx.changed({ service: 'secretsmanager', resource: '*' });
  }

  reset(): void {
    this.secrets = new Map();
    this.ctx.changed({ service: 'secretsmanager', resource: '*' });
  }
}

function checkValue(secretString: string | undefined, secretBinary: Uint8Array | undefined): void {
  if (secretString !== undefined && secretBinary !== undefined) {
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  const size =
    secretString !== undefined
      ? new TextEncoder().encode(secretString).byteLength
      : (secretBinary?.byteLength ?? 0);
  if (size > MAX_SECRET_BYTES)
    throw invalidParameter(`The secret value must be at most ${MAX_SECRET_BYTES} bytes.`);
}

function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

const secretsSnapshotSchema = z.object({
  version: z.literal(1),
  secrets: z.array(
    z.object({
      name: z.string().min(1),
      arn: z.string(),
      description: z.string().optional(),
      kmsKeyId: z.string().optional(),
      tags: z.array(z.object({ Key: z.string(), Value: z.string() })),
      versions: z.array(
        z.object({
          versionId: z.string(),
          secretString: z.string().optional(),
          secretBinary: z.string().optional(),
          stages: z.array(z.string()),
          createdDate: z.number(),
          lastAccessedDate: z.number().optional(),
        }),
      ),
      createdDate: z.number(),
      lastChangedDate: z.number(),
      lastAccessedDate: z.number().optional(),
      deletedDate: z.number().optional(),
      deletionDate: z.number().optional(),
    }),
  ),
});

// ---- the wire protocol ----------------------------------------------------------------------------------------

const seconds = (epochMs: number | undefined) => (epochMs === undefined ? undefined : epochMs / 1000);

function reader(input: JsonInput) {
  return inputReader(
    input,
    (name) => invalidParameter(`Invalid parameter ${name}.`),
    (name) => invalidParameter(`You must provide a value for ${name}.`),
  );
}

function binary(input: JsonInput): Uint8Array | undefined {
  const value = input.SecretBinary;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter('Invalid parameter SecretBinary.');
  return base64ToBytes(value);
}

function tagsOf(input: JsonInput, member = 'Tags'): Array<{ Key: string; Value: string }> {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (tag): tag is { Key: string; Value?: string } =>
        typeof tag === 'object' && tag !== null && typeof tag.Key === 'string',
    )
    .map((tag) => ({ Key: tag.Key, Value: String(tag.Value ?? '') }));
}

function versionIdsToStages(secret: Secret): Record<string, string[]> {
  return Object.fromEntries(
    secret.versions
      .filter((version) => version.stages.length > 0)
      .map((version) => [version.versionId, [...version.stages]]),
  );
}

function describe(secret: Secret) {
  return withoutUndefined({
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    KmsKeyId: secret.kmsKeyId,
    RotationEnabled: false,
    LastChangedDate: seconds(secret.lastChangedDate),
    LastAccessedDate: seconds(secret.lastAccessedDate),
    DeletedDate: seconds(secret.deletedDate),
    Tags: secret.tags.length ? secret.tags.map((tag) => ({ ...tag })) : undefined,
    CreatedDate: seconds(secret.createdDate),
  });
}

function operations(service: SecretsManagerService): Record<string, JsonOperation> {
  return {
    CreateSecret(input) {
      const read = reader(input);
      const { secret, versionId } = service.createSecret({
        name: read.string('Name'),
        secretString: read.string('SecretString'),
        secretBinary: binary(input),
        description: read.string('Description'),
        kmsKeyId: read.string('KmsKeyId'),
        tags: tagsOf(input),
        clientRequestToken: read.string('ClientRequestToken'),
      });
      return withoutUndefined({ ARN: secret.arn, Name: secret.name, VersionId: versionId });
    },
    GetSecretValue(input) {
      const read = reader(input);
      const { secret, version } = service.getSecretValue(
        read.string('SecretId'),
        read.string('VersionId'),
        read.string('VersionStage'),
      );
      return withoutUndefined({
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        SecretBinary: version.secretBinary ? bytesToBase64(version.secretBinary) : undefined,
        VersionStages: [...version.stages],
        CreatedDate: seconds(version.createdDate),
      });
    },
    PutSecretValue(input) {
      const read = reader(input);
      const { secret, version } = service.putSecretValue({
        secretId: read.string('SecretId'),
        secretString: read.string('SecretString'),
        secretBinary: binary(input),
        versionStages: read.stringList('VersionStages'),
        clientRequestToken: read.string('ClientRequestToken'),
      });
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        VersionStages: [...version.stages],
      };
    },
    UpdateSecret(input) {
      const read = reader(input);
      const { secret, versionId } = service.updateSecret({
        secretId: read.string('SecretId'),
        description: read.string('Description'),
        kmsKeyId: read.string('KmsKeyId'),
        secretString: read.string('SecretString'),
        secretBinary: binary(input),
        clientRequestToken: read.string('ClientRequestToken'),
      });
      return withoutUndefined({ ARN: secret.arn, Name: secret.name, VersionId: versionId });
    },
    DescribeSecret(input) {
      const secret = service.requireSecret(reader(input).string('SecretId'));
      return { ...describe(secret), VersionIdsToStages: versionIdsToStages(secret) };
    },
    ListSecrets(input) {
      const read = reader(input);
      const max = read.integer('MaxResults') ?? 100;
      if (max < 1 || max > 100) throw invalidParameter('MaxResults must be between 1 and 100.');
      const all = service.listSecrets({
        includePlannedDeletion: read.boolean('IncludePlannedDeletion'),
        filters: Array.isArray(input.Filters)
          ? (input.Filters as Array<{ Key?: string; Values?: string[] }>)
          : [],
        sortOrder: read.string('SortOrder'),
      });
      const token = read.string('NextToken');
      const start = token ? Number.parseInt(atob(token), 10) : 0;
      if (!Number.isInteger(start) || start < 0)
        throw new AwsServiceError('InvalidNextTokenException', 'The NextToken value is invalid.');
      const page = all.slice(start, start + max);
      return {
        SecretList: page.map((secret) => ({
          ...describe(secret),
          SecretVersionsToStages: versionIdsToStages(secret),
        })),
        ...(start + max < all.length ? { NextToken: btoa(String(start + max)) } : {}),
      };
    },
    ListSecretVersionIds(input) {
      const read = reader(input);
      const secret = service.requireSecret(read.string('SecretId'));
      const includeDeprecated = read.boolean('IncludeDeprecated') ?? false;
      return {
        ARN: secret.arn,
        Name: secret.name,
        Versions: secret.versions
          .filter((version) => includeDeprecated || version.stages.length > 0)
          .map((version) =>
            withoutUndefined({
              VersionId: version.versionId,
              VersionStages: [...version.stages],
              CreatedDate: seconds(version.createdDate),
              LastAccessedDate: seconds(version.lastAccessedDate),
            }),
          ),
      };
    },
    DeleteSecret(input) {
      const read = reader(input);
      const deleted = service.deleteSecret(read.string('SecretId'), {
        recoveryWindowInDays: read.integer('RecoveryWindowInDays'),
        force: read.boolean('ForceDeleteWithoutRecovery'),
      });
      return { ARN: deleted.arn, Name: deleted.name, DeletionDate: deleted.deletionDate / 1000 };
    },
    RestoreSecret(input) {
      const secret = service.restoreSecret(reader(input).string('SecretId'));
      return { ARN: secret.arn, Name: secret.name };
    },
    TagResource(input) {
      service.tagResource(reader(input).string('SecretId'), tagsOf(input));
      return {};
    },
    UntagResource(input) {
      const read = reader(input);
      service.untagResource(read.string('SecretId'), read.stringList('TagKeys') ?? []);
      return {};
    },
  };
}

export function createSecretsManager(ctx: AccountContext): SecretsManagerService {
  return new SecretsManagerService(ctx);
}
