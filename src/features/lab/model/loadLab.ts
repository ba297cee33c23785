/**
 * Builds a LabDefinition from a lab folder's files (path → text), the same way in the browser (Vite's
 * import.meta.glob with `?raw`) and in Node (`npm run lab:check`, content:check). Pure: no fs, no DOM.
 */
import {
  RUNTIME_FAMILIES,
  badMetaSchema,
  describeZodErrors,
  functionConfigSchema,
  labMetaSchema,
  stepMetaSchema,
  type BadVariant,
  type LabDefinition,
  type LabFiles,
  type LabStepDefinition,
  type RuntimeFamily,
} from './labFormat';

/** Flat `key: value` YAML frontmatter (what step.mdx needs): strings, numbers, booleans. */
export function parseFrontmatter(text: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { data: {}, body: text };
  const data: Record<string, unknown> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value: unknown = kv[2]!.trim();
    const v = value as string;
    if (/^-?\d+(\.\d+)?$/.test(v)) value = Number(v);
    else if (v === 'true' || v === 'false') value = v === 'true';
    else if (/^(['"]).*\1$/.test(v)) value = v.slice(1, -1);
    data[kv[1]!] = value;
  }
  return { data, body: text.slice(m[0].length) };
}

export class LabFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LabFormatError';
  }
}

function filesUnder(all: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(all)) if (path.startsWith(prefix)) out[path.slice(prefix.length)] = text;
  return out;
}

function readFamily(
  all: Record<string, string>,
  prefix: string,
  where: string,
  problems: string[],
): LabFiles | undefined {
  const files = filesUnder(all, prefix);
  if (Object.keys(files).length === 0) return undefined;
  const raw = files['function.json'];
  if (raw === undefined) {
    problems.push(`${where}/function.json: missing (every starter, solution and bad variant needs one)`);
    return undefined;
  }
  delete files['function.json'];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    problems.push(`${where}/function.json: not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  const parsed = functionConfigSchema.safeParse(json);
  if (!parsed.success) {
    problems.push(...describeZodErrors(`${where}/function.json`, parsed.error));
    return undefined;
  }
  return { files, config: parsed.data, configText: raw };
}

function byFamily(all: Record<string, string>, prefix: string, where: string, problems: string[]) {
  const out: Partial<Record<RuntimeFamily, LabFiles>> = {};
  for (const family of RUNTIME_FAMILIES) {
    const f = readFamily(all, `${prefix}${family}/`, `${where}/${family}`, problems);
    if (f) out[family] = f;
  }
  return out;
}

/** `files` holds every file of one lab, keyed by path relative to content/labs/<id>/. */
export function loadLab(id: string, files: Record<string, string>): LabDefinition {
  const problems: string[] = [];
  const at = (p: string) => `content/labs/${id}/${p}`;
  let meta: LabDefinition['meta'] | undefined;
  const rawMeta = files['lab.json'];
  if (rawMeta === undefined) problems.push(`${at('lab.json')}: missing`);
  else {
    try {
      const parsed = labMetaSchema.safeParse(JSON.parse(rawMeta));
      if (parsed.success) meta = parsed.data;
      else problems.push(...describeZodErrors(at('lab.json'), parsed.error));
    } catch (e) {
      problems.push(`${at('lab.json')}: not valid JSON: ${(e as Error).message}`);
    }
  }
  const stepIds = [
    ...new Set(
      Object.keys(files)
        .map((p) => /^(\d\d-[a-z0-9-]+)\//.exec(p)?.[1])
        .filter((s): s is string => s !== undefined),
    ),
  ].sort();
  if (stepIds.length === 0) problems.push(`content/labs/${id}/: no step folders (01-name/, 02-name/, …)`);

  const steps: LabStepDefinition[] = [];
  for (const stepId of stepIds) {
    const where = at(stepId);
    const mdx = files[`${stepId}/step.mdx`];
    if (mdx === undefined) problems.push(`${where}/step.mdx: missing`);
    if (files[`${stepId}/check.ts`] === undefined) problems.push(`${where}/check.ts: missing`);
    const fm = stepMetaSchema.safeParse(parseFrontmatter(mdx ?? '').data);
    if (!fm.success) problems.push(...describeZodErrors(`${where}/step.mdx (frontmatter)`, fm.error));
    const stepMeta = fm.success ? fm.data : { title: stepId, starter: 'previous' as const };
    const solution = byFamily(files, `${stepId}/solution/`, `${where}/solution`, problems);
    let starter = byFamily(files, `${stepId}/starter/`, `${where}/starter`, problems);
    const previous = steps[steps.length - 1];
    if (stepMeta.starter === 'previous' && previous) {
      // A step starts from the previous step's solution, unless it brings its own files.
      starter = { ...previous.solution, ...starter };
    } else if (Object.keys(starter).length === 0) {
      problems.push(`${where}/starter: missing (the first step, or a step with "starter: own", needs one)`);
    }
    if (Object.keys(solution).length === 0) problems.push(`${where}/solution: missing`);
    for (const family of Object.keys(solution) as RuntimeFamily[])
      if (!starter[family]) problems.push(`${where}: a ${family} solution but no ${family} starter`);

    const bad: BadVariant[] = [];
    const badNames = [
      ...new Set(
        Object.keys(files)
          .filter((p) => p.startsWith(`${stepId}/bad/`))
          .map((p) => p.split('/')[2]!),
      ),
    ].sort();
    for (const name of badNames) {
      const rawBad = files[`${stepId}/bad/${name}/bad.json`];
      if (rawBad === undefined) {
        problems.push(`${where}/bad/${name}/bad.json: missing (name the check this variant must fail)`);
        continue;
      }
      let badMeta;
      try {
        const parsed = badMetaSchema.safeParse(JSON.parse(rawBad));
        if (!parsed.success) {
          problems.push(...describeZodErrors(`${where}/bad/${name}/bad.json`, parsed.error));
          continue;
        }
        badMeta = parsed.data;
      } catch (e) {
        problems.push(`${where}/bad/${name}/bad.json: not valid JSON: ${(e as Error).message}`);
        continue;
      }
      const variants = byFamily(files, `${stepId}/bad/${name}/`, `${where}/bad/${name}`, problems);
      if (Object.keys(variants).length === 0) problems.push(`${where}/bad/${name}: no nodejs/ or python/ files`);
      bad.push({ name, meta: badMeta, byFamily: variants });
    }
    const event = files[`${stepId}/event.json`];
    if (event !== undefined) {
      try {
        JSON.parse(event);
      } catch (e) {
        problems.push(`${where}/event.json: not valid JSON: ${(e as Error).message}`);
      }
    }
    steps.push({ id: stepId, meta: stepMeta, starter, solution, bad, ...(event !== undefined ? { event } : {}) });
  }
  if (problems.length > 0 || !meta) throw new LabFormatError(problems);
  return { id, meta, intro: files['intro.md'] ?? '', steps };
}
