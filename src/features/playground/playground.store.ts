/**
 * The playground's function as the learner defines it — code, runtime, test event, configuration, published
 * versions, aliases, concurrency, asynchronous and logging settings — saved automatically (`playground`). The
 * Lambda service mirrors it (usePlaygroundFunction.ts); this store is what survives a reload.
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import { templateText } from './fixtures';

export const PLAYGROUND_STORE_VERSION = 2;

export type PlaygroundRuntime = 'nodejs22.x' | 'nodejs24.x' | 'python3.14';
export const PLAYGROUND_RUNTIMES: readonly PlaygroundRuntime[] = ['nodejs24.x', 'nodejs22.x', 'python3.14'];

export function isPythonRuntime(runtime: PlaygroundRuntime): boolean {
  return runtime.startsWith('python');
}

/** The handler setting a runtime's console proposes (Lambda's defaults for a new function). */
export function defaultHandlerFor(runtime: PlaygroundRuntime): string {
  return isPythonRuntime(runtime) ? 'lambda_function.lambda_handler' : 'index.handler';
}
export type PlaygroundLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface PlaygroundConfig {
  memoryMb: number;
  timeoutS: number;
  ephemeralStorageMb: number;
  handler: string;
  /** KEY=value lines. */
  envText: string;
  layers: string[];
}

export interface LoggingSettings {
  format: 'Text' | 'JSON';
  applicationLogLevel: PlaygroundLevel;
  systemLogLevel: 'DEBUG' | 'INFO' | 'WARN';
}

export interface AsyncSettings {
  /** 0–2. */
  maxRetryAttempts: number;
  /** 60–21,600 s. */
  maxEventAgeS: number;
  onFailure: boolean;
  onSuccess: boolean;
  deadLetterQueue: boolean;
  /** Deliver each Event invocation twice (Lambda's at-least-once delivery made visible). */
  deliverTwice: boolean;
}

/** What "Publish version" froze. */
export interface PublishedVersion {
  version: string;
  code: string;
  language: 'javascript' | 'typescript';
  runtime: PlaygroundRuntime;
  config: PlaygroundConfig;
  logging: LoggingSettings;
  publishedAt: number;
}

export interface AliasSettings {
  name: string;
  version: string;
  /** A second version and the share of traffic it gets (0–1). */
  additional: { version: string; weight: number } | null;
}

export interface PlaygroundSaved {
  code: string;
  language: 'javascript' | 'typescript';
  runtime: PlaygroundRuntime;
  event: string;
  templateId: string;
  config: PlaygroundConfig;
  plainEditor: boolean;
  concurrent: number;
  invocationType: 'RequestResponse' | 'Event';
  /** `$LATEST`, a version number or an alias name. */
  qualifier: string;
  logging: LoggingSettings;
  async: AsyncSettings;
  /** Reserved concurrency, or null for none. */
  reserved: number | null;
  versions: PublishedVersion[];
  aliases: AliasSettings[];
  /** Provisioned concurrency per qualifier (a version or an alias). */
  provisioned: Array<{ qualifier: string; count: number }>;
}

export const STARTER_CODE_JS = `// Runs once per execution environment (Init), not once per request.
let invocations = 0;
const startedAt = new Date().toISOString();

export const handler = async (event, context) => {
  invocations += 1;
  console.log('request', context.awsRequestId, 'invocation', invocations, 'of this environment');
  return {
    statusCode: 200,
    body: JSON.stringify({ invocations, startedAt, remainingMs: context.getRemainingTimeInMillis() }),
  };
};
`;

export const STARTER_CODE_PY = `import json
import logging

# Runs once per execution environment (Init), not once per request.
logger = logging.getLogger()
logger.setLevel(logging.INFO)
invocations = 0


def lambda_handler(event, context):
    global invocations
    invocations += 1
    logger.info("invocation %d in this environment", invocations)
    return {
        "statusCode": 200,
        "body": json.dumps({"invocations": invocations, "requestId": context.aws_request_id}),
    }
`;

/** The starter code of a runtime and language. */
export function starterCodeFor(runtime: PlaygroundRuntime, language: 'javascript' | 'typescript'): string {
  if (isPythonRuntime(runtime)) return STARTER_CODE_PY;
  return language === 'typescript' ? STARTER_CODE_TS : STARTER_CODE_JS;
}

export const STARTER_CODE_TS = `import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

// Runs once per execution environment (Init), not once per request.
let invocations = 0;

export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  invocations += 1;
  console.log('path', event.path, 'invocation', invocations);
  return { statusCode: 200, body: JSON.stringify({ invocations, function: context.functionName }) };
};
`;

export const DEFAULT_CONFIG: PlaygroundConfig = {
  memoryMb: 128,
  timeoutS: 3,
  ephemeralStorageMb: 512,
  handler: 'index.handler',
  envText: 'STAGE=dev',
  layers: ['powertools-lite', 'shared-utils'],
};

export const DEFAULT_LOGGING: LoggingSettings = {
  format: 'Text',
  applicationLogLevel: 'INFO',
  systemLogLevel: 'INFO',
};

export const DEFAULT_ASYNC: AsyncSettings = {
  maxRetryAttempts: 2,
  maxEventAgeS: 21_600,
  onFailure: true,
  onSuccess: false,
  deadLetterQueue: false,
  deliverTwice: false,
};

export const DEFAULT_PLAYGROUND: PlaygroundSaved = {
  code: STARTER_CODE_JS,
  language: 'javascript',
  runtime: 'nodejs24.x',
  event: templateText('custom'),
  templateId: 'custom',
  config: DEFAULT_CONFIG,
  plainEditor: false,
  concurrent: 3,
  invocationType: 'RequestResponse',
  qualifier: '$LATEST',
  logging: DEFAULT_LOGGING,
  async: DEFAULT_ASYNC,
  reserved: null,
  versions: [],
  aliases: [],
  provisioned: [],
};

const configSchema = z.object({
  memoryMb: z.number(),
  timeoutS: z.number(),
  ephemeralStorageMb: z.number(),
  handler: z.string(),
  envText: z.string(),
  layers: z.array(z.string()),
});

const levelSchema = z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
const loggingSchema = z.object({
  format: z.enum(['Text', 'JSON']),
  applicationLogLevel: levelSchema,
  systemLogLevel: z.enum(['DEBUG', 'INFO', 'WARN']),
});
// Widened for python3.14: everything saved before still parses, so the store version stays.
const runtimeSchema = z.enum(['nodejs22.x', 'nodejs24.x', 'python3.14']);
const languageSchema = z.enum(['javascript', 'typescript']);

export const playgroundSavedSchema = z.object({
  code: z.string(),
  language: languageSchema,
  runtime: runtimeSchema,
  event: z.string(),
  templateId: z.string(),
  config: configSchema,
  plainEditor: z.boolean(),
  concurrent: z.number(),
  invocationType: z.enum(['RequestResponse', 'Event']),
  qualifier: z.string(),
  logging: loggingSchema,
  async: z.object({
    maxRetryAttempts: z.number(),
    maxEventAgeS: z.number(),
    onFailure: z.boolean(),
    onSuccess: z.boolean(),
    deadLetterQueue: z.boolean(),
    deliverTwice: z.boolean(),
  }),
  reserved: z.nullable(z.number()),
  versions: z.array(
    z.object({
      version: z.string(),
      code: z.string(),
      language: languageSchema,
      runtime: runtimeSchema,
      config: configSchema,
      logging: loggingSchema,
      publishedAt: z.number(),
    }),
  ),
  aliases: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      additional: z.nullable(z.object({ version: z.string(), weight: z.number() })),
    }),
  ),
  provisioned: z.array(z.object({ qualifier: z.string(), count: z.number() })),
});

/** What a share link carries (v1 links, made before runtimes could be chosen, are nodejs22.x). */
export const sharedStateSchema = z.object({
  v: z.literal(1),
  code: z.string(),
  runtime: runtimeSchema,
  language: languageSchema,
  event: z.string(),
  config: configSchema,
});
export type SharedState = z.infer<typeof sharedStateSchema>;

const v1Schema = z.object({
  code: z.string(),
  language: languageSchema,
  event: z.string(),
  templateId: z.string(),
  config: configSchema,
  plainEditor: z.boolean(),
  concurrent: z.number(),
});

export function migratePlayground(persisted: unknown, fromVersion: number): PlaygroundSaved {
  if (fromVersion > PLAYGROUND_STORE_VERSION)
    throw new Error(`playground saved by a newer version (${fromVersion})`);
  if (fromVersion <= 1) {
    // Version 1 had one runtime (nodejs22.x) and no versions, aliases, concurrency or logging settings.
    const v1 = v1Schema.safeParse(persisted);
    return v1.success ? { ...DEFAULT_PLAYGROUND, ...v1.data, runtime: 'nodejs22.x' } : DEFAULT_PLAYGROUND;
  }
  const parsed = playgroundSavedSchema.safeParse(persisted);
  return parsed.success ? parsed.data : DEFAULT_PLAYGROUND;
}

/** Environment variables from KEY=value lines; reports the first bad line. */
export function parseEnvText(
  text: string,
): { ok: true; vars: Record<string, string> } | { ok: false; error: string } {
  const vars: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq).trim();
    if (eq < 0 || !/^[a-zA-Z]\w*$/.test(key))
      return {
        ok: false,
        error: `Line ${i + 1}: write KEY=value, where KEY starts with a letter and has only letters, digits and _`,
      };
    if (/^AWS_|^_HANDLER$|^LAMBDA_TASK_ROOT$|^LAMBDA_RUNTIME_DIR$/.test(key))
      return { ok: false, error: `Line ${i + 1}: ${key} is a reserved key that Lambda sets itself` };
    vars[key] = line.slice(eq + 1).trim();
  }
  return { ok: true, vars };
}

export interface PlaygroundState extends PlaygroundSaved {
  set(patch: Partial<PlaygroundSaved>): void;
  setConfig(patch: Partial<PlaygroundConfig>): void;
  setLogging(patch: Partial<LoggingSettings>): void;
  setAsync(patch: Partial<AsyncSettings>): void;
  restore(shared: SharedState): void;
  /** Freeze the current code and configuration as the next numbered version; returns its number. */
  publish(at: number): string;
  setAlias(alias: AliasSettings): void;
  removeAlias(name: string): void;
  setProvisioned(qualifier: string, count: number | null): void;
  /** Back to the starter code of the current language (configuration kept). */
  resetCode(): void;
}

export function partializePlayground(s: PlaygroundSaved): PlaygroundSaved {
  return {
    code: s.code,
    language: s.language,
    runtime: s.runtime,
    event: s.event,
    templateId: s.templateId,
    config: s.config,
    plainEditor: s.plainEditor,
    concurrent: s.concurrent,
    invocationType: s.invocationType,
    qualifier: s.qualifier,
    logging: s.logging,
    async: s.async,
    reserved: s.reserved,
    versions: s.versions,
    aliases: s.aliases,
    provisioned: s.provisioned,
  };
}

export function createPlaygroundStore(options: { storage?: KeyValueStorage } = {}) {
  return createPersistedStore<PlaygroundState, PlaygroundSaved>(
    {
      name: 'playground',
      version: PLAYGROUND_STORE_VERSION,
      schema: playgroundSavedSchema,
      migrate: migratePlayground,
      partialize: partializePlayground,
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set, get) => ({
      ...DEFAULT_PLAYGROUND,
      set: (patch) => set(patch),
      setConfig: (patch) => set((s) => ({ config: { ...s.config, ...patch } })),
      setLogging: (patch) => set((s) => ({ logging: { ...s.logging, ...patch } })),
      setAsync: (patch) => set((s) => ({ async: { ...s.async, ...patch } })),
      restore: (shared) =>
        set({
          code: shared.code,
          language: shared.language,
          runtime: shared.runtime,
          event: shared.event,
          config: shared.config,
          templateId: 'custom',
        }),
      publish: (at) => {
        const s = get();
        const last = s.versions[s.versions.length - 1];
        // As PublishVersion does: nothing changed since the last version, so that version is returned.
        if (
          last &&
          last.code === s.code &&
          last.language === s.language &&
          last.runtime === s.runtime &&
          JSON.stringify(last.config) === JSON.stringify(s.config) &&
          JSON.stringify(last.logging) === JSON.stringify(s.logging)
        )
          return last.version;
        const version = String(s.versions.length + 1);
        set({
          versions: [
            ...s.versions,
            {
              version,
              code: s.code,
              language: s.language,
              runtime: s.runtime,
              config: s.config,
              logging: s.logging,
              publishedAt: at,
            },
          ],
        });
        return version;
      },
      setAlias: (alias) =>
        set((s) => ({ aliases: [...s.aliases.filter((a) => a.name !== alias.name), alias] })),
      removeAlias: (name) =>
        set((s) => ({
          aliases: s.aliases.filter((a) => a.name !== name),
          provisioned: s.provisioned.filter((p) => p.qualifier !== name),
          qualifier: s.qualifier === name ? '$LATEST' : s.qualifier,
        })),
      setProvisioned: (qualifier, count) =>
        set((s) => ({
          provisioned: [
            ...s.provisioned.filter((p) => p.qualifier !== qualifier),
            ...(count === null ? [] : [{ qualifier, count }]),
          ],
        })),
      resetCode: () => set((s) => ({ code: starterCodeFor(s.runtime, s.language) })),
    }),
  );
}

export const usePlaygroundStore = createPlaygroundStore();
