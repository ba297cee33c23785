/**
 * The simulated SSM Parameter Store (AWS JSON 1.1, `X-Amz-Target: AmazonSSM.<Operation>`): String, StringList and
 * SecureString parameters with versions (up to 100), labels, hierarchies read by path, and AWS's errors. Without
 * WithDecryption a SecureString comes back as its encrypted value, a base64 blob, as Parameter Store returns it;
 * here the blob is derived from the value and the version (a stand-in: no KMS is simulated).
 */
import { sha256 } from '@noble/hashes/sha2.js';
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
import { bytesToBase64 } from '../sqs/digest';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterTier = 'Standard' | 'Advanced';

export interface ParameterVersion {
  version: number;
  value: string;
  type: ParameterType;
  description?: string;
  keyId?: string;
  allowedPattern?: string;
  tier: ParameterTier;
  dataType: string;
  /** Epoch ms. */
  lastModifiedDate: number;
  lastModifiedUser: string;
  labels: string[];
}

export interface Parameter {
  name: string;
  versions: ParameterVersion[];
  tags: Array<{ Key: string; Value: string }>;
}

export const SSM_PROTOCOL: JsonRpcProtocol = { targetPrefix: 'AmazonSSM', version: '1.1' };

const MAX_VERSIONS = 100;
const MAX_HIERARCHY_LEVELS = 15;
const NAME_CHARACTERS = /^[A-Za-z0-9_.\-/]+$/;
const VALUE_LIMITS: Record<ParameterTier, number> = { Standard: 4096, Advanced: 8192 };

function validation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message);
}

/** ParameterNotFound carries no message in Parameter Store's replies. */
function parameterNotFound(): AwsServiceError {
  return new AwsServiceError('ParameterNotFound', '');
}

export function normaliseName(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '')
    throw validation(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  // GetParameter reference: the service removes spaces at the beginning and end of a name.
  return raw.trim();
}

export class SsmService implements AwsService {
  readonly name = 'ssm';
  readonly ctx: AccountContext;
  private parameters = new Map<string, Parameter>();

  constructor(ctx: AccountContext) {
    this.ctx = ctx;
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): Promise<AwsHttpResponse> {
    return handleJsonRpc(SSM_PROTOCOL, operations(this, caller), req);
  }

  arnOf(name: string): string {
    return `arn:aws:ssm:${this.ctx.region}:${this.ctx.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  listParameterViews(): Parameter[] {
    return [...this.parameters.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  parameter(name: string): Parameter | undefined {
    return this.parameters.get(this.nameFromArn(name));
  }

  /** The current value in plain text (views and lab checks see through SecureString). */
  currentValue(name: string): string | undefined {
    const versions = this.parameter(name)?.versions;
    return versions?.[versions.length - 1]?.value;
  }

  private nameFromArn(name: string): string {
    const prefix = `arn:aws:ssm:${this.ctx.region}:${this.ctx.accountId}:parameter`;
    if (!name.startsWith(prefix)) return name;
    const rest = name.slice(prefix.length);
    // `parameter/name` for a name without a leading slash, `parameter/a/b` for `/a/b`.
    return this.parameters.has(rest) ? rest : rest.replace(/^\//, '');
  }

  /** `name`, `name:3` (a version) or `name:label`; throws ParameterNotFound / ParameterVersionNotFound. */
  resolve(selectorName: string): { parameter: Parameter; version: ParameterVersion; selector?: string } {
    const name = this.nameFromArn(selectorName);
    const colon = name.lastIndexOf(':');
    const base = colon > 0 ? name.slice(0, colon) : name;
    const selector = colon > 0 ? name.slice(colon + 1) : undefined;
    const parameter = this.parameters.get(base);
    if (!parameter) throw parameterNotFound();
    if (selector === undefined)
      return { parameter, version: parameter.versions[parameter.versions.length - 1]! };
    if (/^\d+$/.test(selector)) {
      const version = parameter.versions.find((item) => item.version === Number(selector));
      if (!version) {
        throw new AwsServiceError(
          'ParameterVersionNotFound',
          `Systems Manager could not find version ${selector} of ${base}. Verify the version and try again.`,
        );
      }
      return { parameter, version, selector: `:${selector}` };
    }
    const labelled = parameter.versions.find((item) => item.labels.includes(selector));
    if (!labelled) throw parameterNotFound();
    return { parameter, version: labelled, selector: `:${selector}` };
  }

  // ---- writing ------------------------------------------------------------------------------------------------

  putParameter(
    input: {
      name?: string;
      value?: string;
      type?: string;
      overwrite?: boolean;
      description?: string;
      keyId?: string;
      allowedPattern?: string;
      tier?: string;
      dataType?: string;
      tags?: Array<{ Key: string; Value: string }>;
    },
    user: string,
  ): { version: number; tier: ParameterTier } {
    const name = normaliseName(input.name);
    validateName(name);
    const value = input.value;
    if (value === undefined || value === '') {
      throw validation(
        `1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
    }
    const existing = this.parameters.get(name);
    const current = existing?.versions[existing.versions.length - 1];
    if (existing && !input.overwrite) {
      throw new AwsServiceError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    if (existing && input.overwrite && input.tags && input.tags.length > 0) {
      throw validation(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    const type = (input.type ?? current?.type) as ParameterType | undefined;
    if (type === undefined) throw validation('A parameter type is required when you create a parameter.');
    if (type !== 'String' && type !== 'StringList' && type !== 'SecureString') {
      throw validation(
        `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
      );
    }
    const requestedTier = input.tier ?? current?.tier ?? 'Standard';
    if (
      requestedTier !== 'Standard' &&
      requestedTier !== 'Advanced' &&
      requestedTier !== 'Intelligent-Tiering'
    ) {
      throw validation(
        `1 validation error detected: Value '${requestedTier}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]`,
      );
    }
    // Intelligent-Tiering picks Advanced only when the parameter needs it.
    const tier: ParameterTier =
      requestedTier === 'Intelligent-Tiering'
        ? value.length > VALUE_LIMITS.Standard
          ? 'Advanced'
          : 'Standard'
        : requestedTier;
    if (current?.tier === 'Advanced' && tier === 'Standard') {
      throw validation(
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
      );
    }
    if (value.length > VALUE_LIMITS[tier]) {
      throw validation(
        tier === 'Standard'
          ? 'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html'
          : 'Advanced tier parameters support a maximum parameter value of 8192 characters.',
      );
    }
    const allowedPattern = input.allowedPattern ?? current?.allowedPattern;
    if (allowedPattern !== undefined) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(allowedPattern);
      } catch {
        throw new AwsServiceError(
          'InvalidAllowedPatternException',
          'The allowed pattern is not a valid regular expression.',
        );
      }
      const whole = value.match(pattern);
      if (!whole || whole[0] !== value) {
        throw new AwsServiceError(
          'ParameterPatternMismatchException',
          `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`,
        );
      }
    }
    const dataType = input.dataType ?? current?.dataType ?? 'text';
    if (dataType !== 'text' && dataType !== 'aws:ec2:image' && dataType !== 'aws:ssm:integration') {
      throw validation(
        `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
      );
    }
    if (dataType === 'aws:ec2:image' && !/^ami-[0-9a-f]{8,17}$/.test(value)) {
      throw validation(`Parameter value is not valid for data type aws:ec2:image: ${value}`);
    }
    const parameter: Parameter = existing ?? { name, versions: [], tags: [...(input.tags ?? [])] };
    if (parameter.versions.length >= MAX_VERSIONS) {
      const oldest = parameter.versions[0]!;
      if (oldest.labels.length > 0) {
        throw new AwsServiceError(
          'ParameterMaxVersionLimitExceeded',
          `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
        );
      }
      parameter.versions.shift();
    }
    const version: ParameterVersion = {
      version: (current?.version ?? 0) + 1,
      value,
      type,
      description: input.description ?? current?.description,
      keyId: type === 'SecureString' ? (input.keyId ?? current?.keyId ?? 'alias/aws/ssm') : undefined,
      allowedPattern,
      tier,
      dataType,
      lastModifiedDate: this.ctx.epochMs + this.ctx.clock.now(),
      lastModifiedUser: user,
      labels: [],
    };
    parameter.versions.push(version);
    this.parameters.set(name, parameter);
    this.ctx.changed({
      service: 'ssm',
      resource: `parameter.${name}`,
      detail: { action: 'put', version: version.version },
    });
    return { version: version.version, tier };
  }

  deleteParameter(rawName: string | undefined): void {
    const name = this.nameFromArn(normaliseName(rawName));
    if (!this.parameters.delete(name)) throw parameterNotFound();
    this.ctx.changed({ service: 'ssm', resource: `parameter.${name}`, detail: { action: 'deleted' } });
  }

  labelParameterVersion(
    rawName: string | undefined,
    versionNumber: number | undefined,
    labels: string[],
  ): { invalid: string[]; version: number } {
    const parameter = this.parameters.get(this.nameFromArn(normaliseName(rawName)));
    if (!parameter) throw parameterNotFound();
    const version =
      versionNumber === undefined
        ? parameter.versions[parameter.versions.length - 1]!
        : parameter.versions.find((item) => item.version === versionNumber);
    if (!version) {
      throw new AwsServiceError(
        'ParameterVersionNotFound',
        `Systems Manager could not find version ${versionNumber} of ${parameter.name}. Verify the version and try again.`,
      );
    }
    const invalid: string[] = [];
    for (const label of labels) {
      // Labels can't be numbers, start with aws/ssm, or contain anything but letters, digits and . - _ (LabelParameterVersion reference).
      if (!/^[A-Za-z0-9_.-]{1,100}$/.test(label) || /^\d/.test(label) || /^(aws|ssm)/i.test(label)) {
        invalid.push(label);
        continue;
      }
      for (const other of parameter.versions) other.labels = other.labels.filter((item) => item !== label);
      version.labels.push(label);
    }
    return { invalid, version: version.version };
  }

  /** Parameters directly under a path, or anywhere below it with `recursive`. */
  byPath(rawPath: string | undefined, recursive: boolean): Parameter[] {
    const path = normaliseName(rawPath);
    if (!path.startsWith('/')) {
      throw validation(
        'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
      );
    }
    const prefix = path.endsWith('/') ? path : `${path}/`;
    return this.listParameterViews().filter((parameter) => {
      if (!parameter.name.startsWith(prefix)) return false;
      return recursive || !parameter.name.slice(prefix.length).includes('/');
    });
  }

  tags(name: string): Array<{ Key: string; Value: string }> {
    const parameter = this.parameters.get(this.nameFromArn(name));
    if (!parameter) throw new AwsServiceError('InvalidResourceId', '');
    return parameter.tags;
  }

  setTags(name: string, tags: Array<{ Key: string; Value: string }>): void {
    const parameter = this.parameters.get(this.nameFromArn(name));
    if (!parameter) throw new AwsServiceError('InvalidResourceId', '');
    parameter.tags = tags;
  }

  /** The value Parameter Store returns for a SecureString read without decryption: an opaque base64 blob. */
  encryptedValue(parameter: Parameter, version: ParameterVersion): string {
    const seed = new TextEncoder().encode(
      `${this.ctx.accountId}|${parameter.name}|${version.version}|${version.value}`,
    );
    const digest = sha256(seed);
    const blob = new Uint8Array(32 + Math.max(version.value.length, 16) + 48);
    // A KMS ciphertext blob starts with a fixed header; the rest is derived so it differs per value and version.
    blob.set([1, 2, 2, 0, 120], 0);
    for (let index = 5; index < blob.length; index++)
      blob[index] = digest[index % digest.length]! ^ (index * 31);
    return bytesToBase64(blob);
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  snapshot(): unknown {
    return {
      version: 1,
      parameters: this.listParameterViews().map((parameter) => ({
        name: parameter.name,
        tags: parameter.tags.map((tag) => ({ ...tag })),
        versions: parameter.versions.map((version) =>
          Object.fromEntries(
            Object.entries({ ...version, labels: [...version.labels] }).filter(
              ([, item]) => item !== undefined,
            ),
          ),
        ),
      })),
    };
  }

  restore(data: unknown): void {
    const parsed = ssmSnapshotSchema.safeParse(data);
    if (!parsed.success)
      throw new Error(`Not a valid SSM snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const parameters = new Map<string, Parameter>();
    for (const saved of parsed.data.parameters) {
      if (saved.versions.length === 0)
        throw new Error(`Not a valid SSM snapshot: parameter ${saved.name} has no versions.`);
      parameters.set(saved.name, {
        name: saved.name,
        tags: saved.tags.map((tag) => ({ ...tag })),
        versions: saved.versions.map((version) => ({ ...version, labels: [...version.labels] })),
      });
    }
    this.parameters = parameters;
    this.ctx.changed({ service: 'ssm', resource: '*' });
  }

  reset(): void {
    this.parameters = new Map();
    this.ctx.changed({ service: 'ssm', resource: '*' });
  }
}

function validateName(name: string): void {
  if (name.length > 2048)
    throw validation(
      "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
  if (/^\/?(aws|ssm)/i.test(name))
    throw validation('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  if (!NAME_CHARACTERS.test(name)) {
    throw validation(
      'Parameter name must contain only the following symbols: letters, numbers, periods (.), hyphens (-), underscores (_), and forward slashes (/).',
    );
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw validation('Parameter name must be a fully qualified name.');
  }
  if (name.split('/').length - 1 > MAX_HIERARCHY_LEVELS) {
    throw new AwsServiceError(
      'HierarchyLevelLimitExceededException',
      `A hierarchy can have a maximum of ${MAX_HIERARCHY_LEVELS} levels.`,
    );
  }
}

const ssmSnapshotSchema = z.object({
  version: z.literal(1),
  parameters: z.array(
    z.object({
      name: z.string().min(1),
      tags: z.array(z.object({ Key: z.string(), Value: z.string() })),
      versions: z.array(
        z.object({
          version: z.number().int().positive(),
          value: z.string(),
          type: z.enum(['String', 'StringList', 'SecureString']),
          description: z.string().optional(),
          keyId: z.string().optional(),
          allowedPattern: z.string().optional(),
          tier: z.enum(['Standard', 'Advanced']),
          dataType: z.string(),
          lastModifiedDate: z.number(),
          lastModifiedUser: z.string(),
          labels: z.array(z.string()),
        }),
      ),
    }),
  ),
});

// ---- the wire protocol ----------------------------------------------------------------------------------------

function reader(input: JsonInput) {
  return inputReader(
    input,
    (name) => validation(`1 validation error detected: Value at '${name}' failed to satisfy constraint.`),
    (name) =>
      validation(
        `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      ),
  );
}

/** The principal Parameter Store records as LastModifiedUser. */
function userOf(caller: AwsCaller, accountId: string): string {
  return caller.kind === 'function'
    ? `arn:aws:sts::${accountId}:assumed-role/${caller.functionName}-role/${caller.functionName}`
    : `arn:aws:iam::${accountId}:root`;
}

function parameterOutput(
  ssm: SsmService,
  parameter: Parameter,
  version: ParameterVersion,
  decrypt: boolean,
  selector?: string,
) {
  return {
    Name: parameter.name,
    Type: version.type,
    Value:
      version.type === 'SecureString' && !decrypt ? ssm.encryptedValue(parameter, version) : version.value,
    Version: version.version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: version.lastModifiedDate / 1000,
    ARN: ssm.arnOf(parameter.name),
    DataType: version.dataType,
  };
}

function metadataOutput(ssm: SsmService, parameter: Parameter) {
  const version = parameter.versions[parameter.versions.length - 1]!;
  return {
    Name: parameter.name,
    ARN: ssm.arnOf(parameter.name),
    Type: version.type,
    ...(version.keyId ? { KeyId: version.keyId } : {}),
    LastModifiedDate: version.lastModifiedDate / 1000,
    LastModifiedUser: version.lastModifiedUser,
    ...(version.description ? { Description: version.description } : {}),
    ...(version.allowedPattern ? { AllowedPattern: version.allowedPattern } : {}),
    Version: version.version,
    Tier: version.tier,
    Policies: [],
    DataType: version.dataType,
  };
}

function pageToken(token: string | undefined): number {
  if (!token) return 0;
  const start = Number.parseInt(atob(token), 10);
  if (!Number.isInteger(start) || start < 0)
    throw new AwsServiceError('InvalidNextToken', "The specified token isn't valid.");
  return start;
}

function paged<T>(items: T[], token: string | undefined, max: number) {
  const start = pageToken(token);
  return {
    items: items.slice(start, start + max),
    next: start + max < items.length ? btoa(String(start + max)) : undefined,
  };
}

interface ParameterFilter {
  Key?: string;
  Option?: string;
  Values?: string[];
}

function matchesFilters(parameter: Parameter, filters: ParameterFilter[]): boolean {
  const version = parameter.versions[parameter.versions.length - 1]!;
  for (const filter of filters) {
    const option = filter.Option ?? 'Equals';
    const values = filter.Values ?? [];
    const key = filter.Key ?? '';
    const test = (candidate: string | undefined) =>
      candidate !== undefined &&
      values.some((value) =>
        option === 'BeginsWith'
          ? candidate.startsWith(value)
          : option === 'Contains'
            ? candidate.includes(value)
            : candidate === value,
      );
    let ok: boolean;
    if (key === 'Name') ok = test(parameter.name);
    else if (key === 'Type') ok = test(version.type);
    else if (key === 'KeyId') ok = test(version.keyId);
    else if (key === 'Tier') ok = test(version.tier);
    else if (key === 'DataType') ok = test(version.dataType);
    else if (key === 'Label')
      ok = parameter.versions.some((item) => item.labels.some((label) => values.includes(label)));
    else if (key === 'Path') {
      ok = values.some((path) => {
        const prefix = path.endsWith('/') ? path : `${path}/`;
        if (!parameter.name.startsWith(prefix)) return false;
        return option === 'Recursive' || !parameter.name.slice(prefix.length).includes('/');
      });
    } else if (key.startsWith('tag:')) {
      const tag = parameter.tags.find((item) => item.Key === key.slice(4));
      ok = tag !== undefined && (values.length === 0 || values.includes(tag.Value));
    } else {
      throw new AwsServiceError('InvalidFilterKey', `The following filter key is not valid: ${key}`);
    }
    if (!ok) return false;
  }
  return true;
}

function filtersOf(input: JsonInput, member = 'ParameterFilters'): ParameterFilter[] {
  const value = input[member];
  return Array.isArray(value) ? (value as ParameterFilter[]) : [];
}

function operations(ssm: SsmService, caller: AwsCaller): Record<string, JsonOperation> {
  return {
    PutParameter(input) {
      const read = reader(input);
      const tags = Array.isArray(input.Tags)
        ? (input.Tags as Array<{ Key: string; Value: string }>)
        : undefined;
      const result = ssm.putParameter(
        {
          name: read.string('Name'),
          value: read.string('Value'),
          type: read.string('Type'),
          overwrite: read.boolean('Overwrite'),
          description: read.string('Description'),
          keyId: read.string('KeyId'),
          allowedPattern: read.string('AllowedPattern'),
          tier: read.string('Tier'),
          dataType: read.string('DataType'),
          tags,
        },
        userOf(caller, ssm.ctx.accountId),
      );
      return { Version: result.version, Tier: result.tier };
    },
    GetParameter(input) {
      const read = reader(input);
      const { parameter, version, selector } = ssm.resolve(normaliseName(read.string('Name')));
      return {
        Parameter: parameterOutput(
          ssm,
          parameter,
          version,
          read.boolean('WithDecryption') ?? false,
          selector,
        ),
      };
    },
    GetParameters(input) {
      const read = reader(input);
      const names = read.stringList('Names') ?? [];
      if (names.length < 1 || names.length > 10) {
        throw validation(
          `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length ${
            names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'
          }`,
        );
      }
      const decrypt = read.boolean('WithDecryption') ?? false;
      const parameters: unknown[] = [];
      const invalid: string[] = [];
      for (const name of names) {
        try {
          const { parameter, version, selector } = ssm.resolve(name.trim());
          parameters.push(parameterOutput(ssm, parameter, version, decrypt, selector));
        } catch (error) {
          if (!(error instanceof AwsServiceError)) throw error;
          invalid.push(name);
        }
      }
      return { Parameters: parameters, InvalidParameters: invalid };
    },
    GetParametersByPath(input) {
      const read = reader(input);
      const max = read.integer('MaxResults') ?? 10;
      if (max < 1 || max > 10) {
        throw validation(
          `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10`,
        );
      }
      const decrypt = read.boolean('WithDecryption') ?? false;
      const matched = ssm
        .byPath(read.string('Path'), read.boolean('Recursive') ?? false)
        .filter((parameter) => matchesFilters(parameter, filtersOf(input)));
      const page = paged(matched, read.string('NextToken'), max);
      return {
        Parameters: page.items.map((parameter) =>
          parameterOutput(ssm, parameter, parameter.versions[parameter.versions.length - 1]!, decrypt),
        ),
        ...(page.next ? { NextToken: page.next } : {}),
      };
    },
    GetParameterHistory(input) {
      const read = reader(input);
      const parameter = ssm.parameter(normaliseName(read.string('Name')));
      if (!parameter) throw parameterNotFound();
      const decrypt = read.boolean('WithDecryption') ?? false;
      const page = paged(
        parameter.versions,
        read.string('NextToken'),
        Math.min(read.integer('MaxResults') ?? 50, 50),
      );
      return {
        Parameters: page.items.map((version) => ({
          Name: parameter.name,
          Type: version.type,
          ...(version.keyId ? { KeyId: version.keyId } : {}),
          LastModifiedDate: version.lastModifiedDate / 1000,
          LastModifiedUser: version.lastModifiedUser,
          ...(version.description ? { Description: version.description } : {}),
          Value:
            version.type === 'SecureString' && !decrypt
              ? ssm.encryptedValue(parameter, version)
              : version.value,
          ...(version.allowedPattern ? { AllowedPattern: version.allowedPattern } : {}),
          Version: version.version,
          Labels: [...version.labels],
          Tier: version.tier,
          Policies: [],
          DataType: version.dataType,
        })),
        ...(page.next ? { NextToken: page.next } : {}),
      };
    },
    DeleteParameter(input) {
      ssm.deleteParameter(reader(input).string('Name'));
      return {};
    },
    DeleteParameters(input) {
      const names = reader(input).stringList('Names') ?? [];
      if (names.length < 1 || names.length > 10) {
        throw validation(
          `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10`,
        );
      }
      const deleted: string[] = [];
      const invalid: string[] = [];
      for (const name of names) {
        try {
          ssm.deleteParameter(name);
          deleted.push(name);
        } catch (error) {
          if (!(error instanceof AwsServiceError)) throw error;
          invalid.push(name);
        }
      }
      return { DeletedParameters: deleted, InvalidParameters: invalid };
    },
    DescribeParameters(input) {
      const read = reader(input);
      const max = read.integer('MaxResults') ?? 50;
      if (max < 1 || max > 50) {
        throw validation(
          `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50`,
        );
      }
      // The older `Filters` (Key Name/Type/KeyId, Values matched as prefixes for Name) still work.
      const legacy = filtersOf(input, 'Filters').map((filter) => ({
        Key: filter.Key,
        Option: filter.Key === 'Name' ? 'BeginsWith' : 'Equals',
        Values: filter.Values,
      }));
      const filters = [...filtersOf(input), ...legacy];
      const matched = ssm.listParameterViews().filter((parameter) => matchesFilters(parameter, filters));
      const page = paged(matched, read.string('NextToken'), max);
      return {
        Parameters: page.items.map((parameter) => metadataOutput(ssm, parameter)),
        ...(page.next ? { NextToken: page.next } : {}),
      };
    },
    LabelParameterVersion(input) {
      const read = reader(input);
      const result = ssm.labelParameterVersion(
        read.string('Name'),
        read.integer('ParameterVersion'),
        read.stringList('Labels') ?? [],
      );
      return { InvalidLabels: result.invalid, ParameterVersion: result.version };
    },
    AddTagsToResource(input) {
      const read = reader(input);
      const id = read.string('ResourceId', true)!;
      const tags = [...ssm.tags(id)];
      for (const tag of (Array.isArray(input.Tags) ? input.Tags : []) as Array<{
        Key: string;
        Value: string;
      }>) {
        const existing = tags.find((item) => item.Key === tag.Key);
        if (existing) existing.Value = tag.Value;
        else tags.push({ Key: tag.Key, Value: tag.Value });
      }
      ssm.setTags(id, tags);
      return {};
    },
    RemoveTagsFromResource(input) {
      const read = reader(input);
      const id = read.string('ResourceId', true)!;
      const keys = read.stringList('TagKeys') ?? [];
      ssm.setTags(
        id,
        ssm.tags(id).filter((tag) => !keys.includes(tag.Key)),
      );
      return {};
    },
    ListTagsForResource(input) {
      return { TagList: ssm.tags(reader(input).string('ResourceId', true)!).map((tag) => ({ ...tag })) };
    },
  };
}

export function createSsm(ctx: AccountContext): SsmService {
  return new SsmService(ctx);
}
