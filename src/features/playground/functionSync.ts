/**
 * Keeps the Lambda service's function in step with what the learner defined (playground.store.ts): $LATEST's code
 * and configuration, published versions, aliases, reserved and provisioned concurrency. The store is the source
 * of truth (it survives reloads); the service is told only what changed, as the Lambda API would be.
 */
import type { FunctionConfigInput, LambdaService, LayerConfig, LayerContent } from '../../sim';
import { DEMO_LAYER_CONTENTS } from '../../sandbox/runtimes/nodejs/layers';
import { POWERTOOLS_LAYER } from '../../sandbox/sdk/powertoolsLayer';
import {
  PYTHON_POWERTOOLS_LAYER_DESCRIPTION,
  PYTHON_POWERTOOLS_LAYER_NAME,
} from '../../sandbox/runtimes/python/layers/powertools/pythonPowertoolsLayerInfo';
import { parseEnvText, type PlaygroundSaved, type PublishedVersion } from './playground.store';

/** The function's one file: TypeScript as index.ts; ES module syntax as index.mjs; CommonJS as index.js. */
export function handlerFileName(
  code: string,
  language: 'javascript' | 'typescript',
  runtime?: string,
  handler?: string,
): string {
  // Python: the handler's module is the file (`lambda_function.lambda_handler` → lambda_function.py).
  if (runtime?.startsWith('python')) {
    const module = (handler ?? '').trim().replace(/\.[^.]*$/, '') || 'lambda_function';
    return `${module.replace(/\./g, '/')}.py`;
  }
  if (language === 'typescript') return 'index.ts';
  return /(^|[\s;})])(import|export)\s*[\s{*'"]/m.test(code) ? 'index.mjs' : 'index.js';
}

/** A layer the playground offers: its files at hand, or loaded (a chunk of its own) once a function attaches it. */
export interface DemoLayerOffer {
  name: string;
  unzippedMb: number;
  description: string;
  content?: LayerContent;
  loadContent?: () => Promise<LayerContent>;
}

export const DEMO_LAYERS: readonly DemoLayerOffer[] = [
  ...DEMO_LAYER_CONTENTS.map((content) => ({
    name: content.name,
    unzippedMb: 0.1,
    description: content.description,
    content,
  })),
  // The real Powertools packages (6 MB installed), against the layer limits like any layer. Its files are stubs
  // of a few hundred bytes (the packages arrive with the runtime's bundle), so they are at hand.
  {
    name: POWERTOOLS_LAYER.name,
    unzippedMb: 6,
    description: POWERTOOLS_LAYER.description,
    content: POWERTOOLS_LAYER,
  },
  // The course's Python Powertools subset (/opt/python), for python3.14 functions: the package's sources are
  // most of a lesson sandbox's bytes, so they load only when a function attaches the layer.
  {
    name: PYTHON_POWERTOOLS_LAYER_NAME,
    unzippedMb: 0.2,
    description: PYTHON_POWERTOOLS_LAYER_DESCRIPTION,
    loadContent: async () =>
      (await import('../../sandbox/runtimes/python/layers/powertools/pythonPowertoolsLayer'))
        .PYTHON_POWERTOOLS_LAYER,
  },
];

const loadedContents = new Map<string, Promise<LayerContent>>();
const contents = new Map<string, LayerContent>();

/**
 * Loads the files of every layer the definition (or one of its published versions) attaches that are not at hand
 * yet; `functionInput` needs them before the function is created or updated.
 */
export async function loadAttachedLayers(saved: Pick<PlaygroundSaved, 'config' | 'versions'>): Promise<void> {
  const attached = new Set(
    [saved.config.layers, ...saved.versions.map((version) => version.config.layers)].flat(),
  );
  await Promise.all(
    DEMO_LAYERS.filter((offer) => offer.loadContent && attached.has(offer.name)).map((offer) => {
      let loading = loadedContents.get(offer.name);
      if (!loading) {
        loading = offer.loadContent!().then((content) => {
          contents.set(offer.name, content);
          return content;
        });
        // A failed load (the page went offline) is tried again on the next apply.
        loading.catch(() => loadedContents.delete(offer.name));
        loadedContents.set(offer.name, loading);
      }
      return loading;
    }),
  );
}

function attachedLayers(names: readonly string[]): LayerConfig[] | { error: string } {
  const layers: LayerConfig[] = [];
  for (const offer of DEMO_LAYERS) {
    if (!names.includes(offer.name)) continue;
    const content = offer.content ?? contents.get(offer.name);
    if (!content) return { error: `Layer ${offer.name}: its files are still loading; try again.` };
    layers.push({ name: offer.name, unzippedMb: offer.unzippedMb, content });
  }
  return layers;
}

type Definition = Pick<PublishedVersion, 'code' | 'language' | 'runtime' | 'config' | 'logging'>;

export function functionInput(
  name: string,
  def: Definition,
  async: PlaygroundSaved['async'],
): FunctionConfigInput | { error: string } {
  const env = parseEnvText(def.config.envText);
  if (!env.ok) return { error: `Environment variables: ${env.error}` };
  const layers = attachedLayers(def.config.layers);
  if ('error' in layers) return layers;
  return {
    name,
    runtime: def.runtime,
    memoryMb: def.config.memoryMb,
    timeoutS: def.config.timeoutS,
    ephemeralStorageMb: def.config.ephemeralStorageMb,
    environment: env.vars,
    layers,
    code: {
      handler: def.config.handler.trim(),
      files: [
        { path: handlerFileName(def.code, def.language, def.runtime, def.config.handler), content: def.code },
      ],
    },
    logging: {
      logFormat: def.logging.format,
      applicationLogLevel: def.logging.applicationLogLevel,
      systemLogLevel: def.logging.systemLogLevel,
    },
    async: {
      maxRetryAttempts: async.maxRetryAttempts,
      maxEventAgeS: async.maxEventAgeS,
      onFailure: async.onFailure ? 'arn:aws:sqs:us-east-1:123456789012:my-function-failures' : false,
      onSuccess: async.onSuccess ? 'arn:aws:sqs:us-east-1:123456789012:my-function-successes' : false,
      dlq: async.deadLetterQueue ? 'arn:aws:sqs:us-east-1:123456789012:my-function-dlq' : false,
    },
  };
}

/** The service's function for one playground definition; `apply` reconciles and reports what AWS refused. */
export class FunctionSync {
  private appliedLatest = '';
  private publishedCount = 0;

  constructor(
    private readonly service: LambdaService,
    readonly name: string,
  ) {}

  apply(saved: PlaygroundSaved): string[] {
    const errors: string[] = [];
    const svc = this.service;
    if (!svc.hasFunction(this.name)) {
      this.appliedLatest = '';
      this.publishedCount = 0;
    }
    // Published versions first: each is $LATEST as it was, then published (on a reload, rebuilt in order).
    while (this.publishedCount < saved.versions.length) {
      const v = saved.versions[this.publishedCount]!;
      const err = this.setLatest(functionInput(this.name, v, saved.async));
      if (err) {
        errors.push(`Version ${v.version}: ${err}`);
        break;
      }
      const published = svc.publishVersion(this.name);
      if (!published.ok) {
        errors.push(published.message);
        break;
      }
      this.publishedCount++;
    }
    const latestErr = this.setLatest(functionInput(this.name, saved, saved.async));
    if (latestErr) errors.push(latestErr);
    if (!svc.hasFunction(this.name)) return errors;

    // Aliases.
    const existing = new Map(svc.listAliases(this.name).map((a) => [a.name, a]));
    for (const a of saved.aliases) {
      const current = existing.get(a.name);
      existing.delete(a.name);
      const weights = a.additional ? { [a.additional.version]: a.additional.weight } : {};
      if (
        current &&
        current.functionVersion === a.version &&
        JSON.stringify(current.additionalVersionWeights) === JSON.stringify(weights)
      )
        continue;
      const r = current
        ? svc.updateAlias(this.name, a.name, a.version, a.additional ?? undefined)
        : svc.createAlias(this.name, a.name, a.version, a.additional ?? undefined);
      if (!r.ok) errors.push(`Alias ${a.name}: ${r.message}`);
    }
    for (const name of existing.keys()) svc.deleteAlias(this.name, name);

    // Reserved, then provisioned concurrency (provisioned may not exceed reserved).
    if (svc.getFunctionConcurrency(this.name) !== saved.reserved) {
      const r = svc.putFunctionConcurrency(this.name, saved.reserved);
      if (!r.ok) errors.push(`Reserved concurrency: ${r.error}`);
    }
    const wanted = new Map(saved.provisioned.map((p) => [p.qualifier, p.count]));
    for (const [qualifier, count] of wanted) {
      const now = svc.getProvisionedConcurrency(this.name, qualifier);
      if (now.ok && now.status.requested === count) continue;
      const r = svc.putProvisionedConcurrency(this.name, qualifier, count);
      if (!r.ok) errors.push(`Provisioned concurrency on ${qualifier}: ${r.message}`);
    }
    for (const q of svc.provisionedQualifiers(this.name))
      if (!wanted.has(q)) svc.deleteProvisionedConcurrency(this.name, q);
    return errors;
  }

  private setLatest(input: FunctionConfigInput | { error: string }): string | null {
    if ('error' in input) return input.error;
    const key = JSON.stringify(input);
    if (key === this.appliedLatest && this.service.hasFunction(this.name)) return null;
    const svc = this.service;
    const { name: _name, ...patch } = input;
    const res = svc.hasFunction(this.name) ? svc.updateFunction(this.name, patch) : svc.createFunction(input);
    if (!res.ok) return res.message;
    this.appliedLatest = key;
    return null;
  }
}
