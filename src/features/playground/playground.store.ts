/** The playground's code, event and configuration, saved automatically (`coldstart:playground`). */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import { templateText } from './fixtures';

export const PLAYGROUND_STORE_VERSION = 1;

export interface PlaygroundConfig {
  memoryMb: number;
  timeoutS: number;
  ephemeralStorageMb: number;
  handler: string;
  /** KEY=value lines. */
  envText: string;
  layers: string[];
}

export interface PlaygroundSaved {
  code: string;
  language: 'javascript' | 'typescript';
  event: string;
  templateId: string;
  config: PlaygroundConfig;
  plainEditor: boolean;
  concurrent: number;
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

export const STARTER_CODE_TS = `import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

// Runs once per execution environment (Init), not once per request.
let invocations = 0;

export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  invocations += 1;
  console.log('path', event.path, 'invocation', invocations);
  return { statusCode: 200, body: JSON.stringify({ invocations, function: context.functionName }) };
};
`;

export const DEFAULT_PLAYGROUND: PlaygroundSaved = {
  code: STARTER_CODE_JS,
  language: 'javascript',
  event: templateText('custom'),
  templateId: 'custom',
  config: {
    memoryMb: 128,
    timeoutS: 3,
    ephemeralStorageMb: 512,
    handler: 'index.handler',
    envText: 'STAGE=dev',
    layers: ['powertools-lite', 'shared-utils'],
  },
  plainEditor: false,
  concurrent: 3,
};

const configSchema = z.object({
  memoryMb: z.number(),
  timeoutS: z.number(),
  ephemeralStorageMb: z.number(),
  handler: z.string(),
  envText: z.string(),
  layers: z.array(z.string()),
});

export const playgroundSavedSchema = z.object({
  code: z.string(),
  language: z.enum(['javascript', 'typescript']),
  event: z.string(),
  templateId: z.string(),
  config: configSchema,
  plainEditor: z.boolean(),
  concurrent: z.number(),
});

/** What a share link carries. */
export const sharedStateSchema = z.object({
  v: z.literal(1),
  code: z.string(),
  runtime: z.literal('nodejs22.x'),
  language: z.enum(['javascript', 'typescript']),
  event: z.string(),
  config: configSchema,
});
export type SharedState = z.infer<typeof sharedStateSchema>;

export function migratePlayground(persisted: unknown, fromVersion: number): PlaygroundSaved {
  if (fromVersion > PLAYGROUND_STORE_VERSION)
    throw new Error(`playground saved by a newer version (${fromVersion})`);
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
  restore(shared: SharedState): void;
}

export function createPlaygroundStore(options: { storage?: KeyValueStorage } = {}) {
  return createPersistedStore<PlaygroundState, PlaygroundSaved>(
    {
      name: 'playground',
      version: PLAYGROUND_STORE_VERSION,
      schema: playgroundSavedSchema,
      migrate: migratePlayground,
      partialize: (s) => ({
        code: s.code,
        language: s.language,
        event: s.event,
        templateId: s.templateId,
        config: s.config,
        plainEditor: s.plainEditor,
        concurrent: s.concurrent,
      }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      ...DEFAULT_PLAYGROUND,
      set: (patch) => set(patch),
      setConfig: (patch) => set((s) => ({ config: { ...s.config, ...patch } })),
      restore: (shared) =>
        set({
          code: shared.code,
          language: shared.language,
          event: shared.event,
          config: shared.config,
          templateId: 'custom',
        }),
    }),
  );
}

export const usePlaygroundStore = createPlaygroundStore();
