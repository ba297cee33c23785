/**
 * The lab registry. Metadata of every lab (lab.json) is small and loads with the labs index; a lab's files,
 * instructions (step.mdx, compiled by the MDX pipeline) and checks (check.ts) load only when its page opens.
 */
import type { ComponentType } from 'react';
import { labMetaSchema, type LabDefinition, type LabMeta } from '../features/lab/model/labFormat';
import { loadLab } from '../features/lab/model/loadLab';
import type { CheckDefinition } from '../features/lab/checks/api';

const metaFiles = import.meta.glob<string>('/content/labs/*/lab.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});
type StepModule = {
  default: ComponentType<{ components?: Record<string, unknown> }>;
  frontmatter?: Record<string, unknown>;
};
const stepModules = import.meta.glob<StepModule>('/content/labs/*/*/step.mdx');
const checkModules = import.meta.glob<{ default: CheckDefinition[] }>('/content/labs/*/*/check.ts');

export interface LabSummary {
  id: string;
  meta: LabMeta;
}

export const labs: LabSummary[] = Object.entries(metaFiles)
  .map(([path, raw]) => {
    const id = path.split('/')[3]!;
    const parsed = labMetaSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { id, meta: parsed.data } : null;
  })
  .filter((l): l is LabSummary => l !== null)
  .sort(
    (a, b) =>
      (a.meta.order ?? Number.MAX_SAFE_INTEGER) - (b.meta.order ?? Number.MAX_SAFE_INTEGER) ||
      a.id.localeCompare(b.id),
  );

/** A lab's step ids in order, without loading any step (the glob's keys are known at build time). */
export function labStepIds(id: string): string[] {
  const prefix = `/content/labs/${id}/`;
  return Object.keys(stepModules)
    .filter((path) => path.startsWith(prefix))
    .map((path) => path.slice(prefix.length).split('/')[0]!)
    .sort();
}

export interface LoadedLab {
  definition: LabDefinition;
  /** Each step's instructions (an MDX component) by step id. */
  instructions: Record<string, StepModule['default']>;
  checks: Record<string, CheckDefinition[]>;
}

const cache = new Map<string, Promise<LoadedLab>>();

export function loadLabById(id: string): Promise<LoadedLab> {
  let p = cache.get(id);
  if (!p) {
    p = (async () => {
      const prefix = `/content/labs/${id}/`;
      const files: Record<string, string> = {};
      const meta = metaFiles[`${prefix}lab.json`];
      if (meta === undefined) throw new Error(`There is no lab called "${id}".`);
      files['lab.json'] = meta;
      // One chunk for the files of every lab: a chunk per file was a request per file (about a hundred a lab).
      const { rawLabFiles } = await import('./labFiles');
      for (const [path, text] of Object.entries(rawLabFiles))
        if (path.startsWith(prefix)) files[path.slice(prefix.length)] = text;
      const instructions: LoadedLab['instructions'] = {};
      const checks: LoadedLab['checks'] = {};
      await Promise.all(
        Object.entries(stepModules)
          .filter(([path]) => path.startsWith(prefix))
          .map(async ([path, load]) => {
            const step = path.slice(prefix.length).split('/')[0]!;
            const mod = await load();
            instructions[step] = mod.default;
            // The loader reads the step's title from its frontmatter, as in Node.
            const fm = Object.entries(mod.frontmatter ?? {})
              .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
              .join('\n');
            files[`${step}/step.mdx`] = `---\n${fm}\n---\n`;
          }),
      );
      await Promise.all(
        Object.entries(checkModules)
          .filter(([path]) => path.startsWith(prefix))
          .map(async ([path, load]) => {
            const step = path.slice(prefix.length).split('/')[0]!;
            checks[step] = (await load()).default;
            files[`${step}/check.ts`] = '';
          }),
      );
      return { definition: loadLab(id, files), instructions, checks };
    })();
    cache.set(id, p);
    p.catch(() => cache.delete(id));
  }
  return p;
}
