/**
 * The lab format, as data (content/labs/<lab>/). An instructor writes a lab without touching TypeScript outside
 * the lab's folder:
 *
 *   content/labs/<lab>/lab.json                    title, description, minutes, objectives, runtimes, lesson;
 *   content/labs/<lab>/intro.md                    optional: the introduction (Markdown)
 *   content/labs/<lab>/<NN-step>/step.mdx          frontmatter: title, (starter: previous | own); body: the
 *                                                  instructions with <Task id>, <Hint>, <Question id>
 *   content/labs/<lab>/<NN-step>/starter/<family>/ the learner's files at the start (family: nodejs | python),
 *                                                  with function.json (the function's configuration, below)
 *   content/labs/<lab>/<NN-step>/solution/<family>/ a solution that passes every check
 *   content/labs/<lab>/<NN-step>/bad/<name>/<family>/ a known-wrong variant, with bad/<name>/bad.json naming the
 *                                                  check it must fail
 *   content/labs/<lab>/<NN-step>/check.ts          the checks (see ../checks/api.ts)
 *   content/labs/<lab>/<NN-step>/event.json        optional: the test event "Try it" starts with
 *   content/labs/<lab>/<NN-step>/answers.json      optional: the answers the CI proof gives the step's questions
 *
 * A step's starter is the previous step's solution unless its frontmatter says `starter: own` (or it is the
 * first step). The schemas here validate every file; errors name the file and the field.
 */
import { z } from 'zod';
import { vpcBlockSchema } from '../../../sim/vpc/labConfig';
import { eventSourceBlockSchema } from '../../../sim/lambda/eventSources/labConfig';

export const RUNTIME_FAMILIES = ['nodejs', 'python'] as const;
export type RuntimeFamily = (typeof RUNTIME_FAMILIES)[number];

export const labMetaSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  minutes: z.number().int().positive(),
  objectives: z.array(z.string().min(1)).min(1),
  /** Runtimes a learner can pick, e.g. nodejs24.x, nodejs22.x, python3.14. */
  runtimes: z.array(z.enum(['nodejs24.x', 'nodejs22.x', 'python3.14'])).min(1),
  /** The lesson that introduces the lab (linked from the lab page). */
  lesson: z.string().optional(),
  /** Where the lab sits on the Labs page: lower first; labs without one follow, by folder name. */
  order: z.number().int().positive().optional(),
});
export type LabMeta = z.infer<typeof labMetaSchema>;

export const stepMetaSchema = z.object({
  title: z.string().min(1),
  /** `previous` (default): the starter is the previous step's solution. `own`: the step's starter/ folder. */
  starter: z.enum(['previous', 'own']).default('previous'),
  /** Minutes this step takes (shown to the learner). */
  minutes: z.number().int().positive().optional(),
});
export type StepMeta = z.infer<typeof stepMetaSchema>;

const tableSchema = z.object({
  name: z.string().min(3),
  partitionKey: z.string().min(1),
  sortKey: z.string().min(1).optional(),
  /** Items to put when the step starts (plain JSON values; numbers become N). */
  items: z.array(z.record(z.string(), z.unknown())).default([]),
});

const queueSchema = z.object({
  name: z.string().min(1),
  /** The queue's dead-letter queue and how many receives move a message there. */
  deadLetter: z.object({ queue: z.string(), maxReceiveCount: z.number().int().min(1) }).optional(),
  visibilityTimeoutS: z.number().int().min(0).max(43_200).optional(),
});

/** The function's configuration in function.json, beside the code (what SAM or the console would set). */
export const functionConfigSchema = z.object({
  handler: z.string().min(1),
  memoryMb: z.number().int().default(128),
  timeoutS: z.number().int().default(3),
  environment: z.record(z.string(), z.string()).default({}),
  /** Layers: folders under the step's files (`layers/<name>/…`, mounted at /opt), or demo layer names. */
  layers: z.array(z.string()).default([]),
  logging: z
    .object({
      format: z.enum(['Text', 'JSON']).default('Text'),
      applicationLogLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).default('INFO'),
      systemLogLevel: z.enum(['DEBUG', 'INFO', 'WARN']).default('INFO'),
    })
    .default({ format: 'Text', applicationLogLevel: 'INFO', systemLogLevel: 'INFO' }),
  tracing: z.enum(['Active', 'PassThrough']).default('PassThrough'),
  async: z
    .object({
      maxRetryAttempts: z.number().int().min(0).max(2).default(2),
      maxEventAgeS: z.number().int().min(60).max(21_600).default(21_600),
      /** Queue names in the account. */
      onFailure: z.string().optional(),
      onSuccess: z.string().optional(),
      deadLetterQueue: z.string().optional(),
    })
    .optional(),
  reservedConcurrency: z.number().int().min(0).optional(),
  /** Publish $LATEST as version 1 (and later versions as configured) before aliases apply. */
  publish: z.boolean().default(false),
  aliases: z.array(z.object({ name: z.string(), version: z.string() })).default([]),
  provisioned: z.array(z.object({ qualifier: z.string(), count: z.number().int().min(1) })).default([]),
  /** Account resources this step needs. */
  resources: z
    .object({
      tables: z.array(tableSchema).default([]),
      queues: z.array(queueSchema).default([]),
    })
    .default({ tables: [], queues: [] }),
  /** The API in front of the function: an HTTP API (payload 2.0), a REST API (proxy, 1.0) or a function URL. */
  api: z
    .object({
      type: z.enum(['http', 'rest', 'url']).default('http'),
      /** Route keys (`GET /hello`, `POST /orders`, `$default`; REST: `ANY /{proxy+}`). Not for a function URL. */
      routes: z.array(z.string().min(1)).default([]),
      qualifier: z.string().optional(),
    })
    .optional(),
  /**
   * VPC access: the lab VPC (two AZs, public and private subnets), which subnets the function uses, a NAT gateway,
   * endpoints, a database in the private subnets (src/sim/vpc/labConfig.ts).
   */
  vpc: vpcBlockSchema.optional(),
  /** Event source mappings: SQS queues, DynamoDB streams, Kinesis streams (src/sim/lambda/eventSources/labConfig.ts). */
  eventSources: z.array(eventSourceBlockSchema).default([]),
});
export type LabFunctionConfig = z.infer<typeof functionConfigSchema>;

export const badMetaSchema = z.object({
  /** The check id this variant must fail (and it must pass every other required check). */
  fails: z.string().min(1),
  /** What is wrong with it, for the instructor. */
  note: z.string().min(1),
  /** Answers the learner gives in this variant (a wrong Logs Insights query…), over the step's answers.json. */
  answers: z.record(z.string(), z.string()).optional(),
});
export type BadMeta = z.infer<typeof badMetaSchema>;

/** One runtime family's files of a starter, solution or bad variant. */
export interface LabFiles {
  /** Paths relative to the family folder (`index.mjs`, `lib/helpers.mjs`, `layers/shared/nodejs/…`). */
  files: Record<string, string>;
  config: LabFunctionConfig;
  /** function.json as written (what the learner sees and edits). */
  configText: string;
}

/** The learner's editable files: the code and function.json, as text. */
export function editableFiles(lab: LabFiles): Record<string, string> {
  return { ...lab.files, 'function.json': lab.configText };
}

/**
 * The learner's files back to LabFiles: function.json parsed and validated. Errors name the field, as the
 * Lambda console would refuse a bad setting, and nothing is changed.
 */
export function parseEditableFiles(
  files: Record<string, string>,
): { ok: true; lab: LabFiles } | { ok: false; errors: string[] } {
  const { 'function.json': configText, ...code } = files;
  if (configText === undefined)
    return { ok: false, errors: ['function.json: missing (the function needs its configuration)'] };
  let json: unknown;
  try {
    json = JSON.parse(configText);
  } catch (e) {
    return { ok: false, errors: [`function.json is not valid JSON: ${(e as Error).message}`] };
  }
  const parsed = functionConfigSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: describeZodErrors('function.json', parsed.error) };
  return { ok: true, lab: { files: code, config: parsed.data, configText } };
}

export interface BadVariant {
  name: string;
  meta: BadMeta;
  byFamily: Partial<Record<RuntimeFamily, LabFiles>>;
}

export interface LabStepDefinition {
  /** Folder name, e.g. `01-api`. */
  id: string;
  meta: StepMeta;
  starter: Partial<Record<RuntimeFamily, LabFiles>>;
  solution: Partial<Record<RuntimeFamily, LabFiles>>;
  bad: BadVariant[];
  /** The step's suggested test event (event.json), shown in "Try it". */
  event?: string;
}

export interface LabDefinition {
  id: string;
  meta: LabMeta;
  /** Markdown of intro.md (empty when there is none). */
  intro: string;
  steps: LabStepDefinition[];
}

export function familyOf(runtime: string): RuntimeFamily {
  return runtime.startsWith('python') ? 'python' : 'nodejs';
}

export function describeZodErrors(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: field "${i.path.join('.') || '(root)'}": ${i.message}`);
}
