import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PYTHON_POWERTOOLS_LAYER_NAME } from '../../sandbox/runtimes/python/layers/powertools/pythonPowertoolsLayerInfo';
import { DEFAULT_PLAYGROUND, STARTER_CODE_PY, type PlaygroundSaved } from './playground.store';

// Counts the imports of the Python Powertools layer's module: its sources are a chunk of their own that a page
// must not fetch until a function attaches the layer.
const layerModule = vi.hoisted(() => ({ imports: 0 }));
vi.mock('../../sandbox/runtimes/python/layers/powertools/pythonPowertoolsLayer', async (importOriginal) => {
  layerModule.imports++;
  return importOriginal();
});

// A fresh functionSync (and so an empty layer cache) for every test; the mocked layer module itself is imported
// once per file, by the first test that attaches the layer.
let sync: typeof import('./functionSync');
beforeEach(async () => {
  vi.resetModules();
  sync = await import('./functionSync');
});

function python(layers: string[]): PlaygroundSaved {
  return {
    ...DEFAULT_PLAYGROUND,
    code: STARTER_CODE_PY,
    runtime: 'python3.14',
    config: { ...DEFAULT_PLAYGROUND.config, handler: 'lambda_function.lambda_handler', layers },
  };
}

function layerNames(input: ReturnType<typeof sync.functionInput>): string[] | string {
  return 'error' in input ? input.error : (input.layers ?? []).map((layer) => layer.name);
}

describe('the playground layers', () => {
  it('offers the Python Powertools layer by name and description, without its files', () => {
    const offer = sync.DEMO_LAYERS.find((layer) => layer.name === PYTHON_POWERTOOLS_LAYER_NAME);
    expect(offer?.description).toContain('Powertools for AWS Lambda (Python)');
    expect(sync.DEMO_LAYERS.filter((layer) => !layer.content).map((layer) => layer.name)).toEqual([
      PYTHON_POWERTOOLS_LAYER_NAME,
    ]);
    expect(layerModule.imports).toBe(0);
  });

  it('loads the Python layer only once a definition attaches it, and then mounts its files', async () => {
    await sync.loadAttachedLayers(DEFAULT_PLAYGROUND);
    await sync.loadAttachedLayers(python([]));
    expect(layerModule.imports).toBe(0);

    const attached = python([PYTHON_POWERTOOLS_LAYER_NAME]);
    expect(layerNames(sync.functionInput('orders', attached, attached.async))).toContain('still loading');

    await Promise.all([sync.loadAttachedLayers(attached), sync.loadAttachedLayers(attached)]);
    expect(layerModule.imports).toBe(1);
    const input = sync.functionInput('orders', attached, attached.async);
    expect(layerNames(input)).toEqual([PYTHON_POWERTOOLS_LAYER_NAME]);
    const files = 'error' in input ? [] : (input.layers?.[0]?.content?.files ?? []);
    expect(files.map((file) => file.path)).toContain('python/aws_lambda_powertools/__init__.py');
  });

  it('loads a layer that only a published version attaches', async () => {
    const version = { ...python([PYTHON_POWERTOOLS_LAYER_NAME]), version: '1', publishedAt: 0 };
    const saved: PlaygroundSaved = { ...python([]), versions: [version] };
    expect(layerNames(sync.functionInput('orders', version, saved.async))).toContain('still loading');
    await sync.loadAttachedLayers(saved);
    expect(layerNames(sync.functionInput('orders', version, saved.async))).toEqual([
      PYTHON_POWERTOOLS_LAYER_NAME,
    ]);
  });

  it('keeps the Node.js demo layers at hand, in the order they are offered', () => {
    const input = sync.functionInput('orders', DEFAULT_PLAYGROUND, DEFAULT_PLAYGROUND.async);
    expect(layerNames(input)).toEqual(['powertools-lite', 'shared-utils']);
    const contents = 'error' in input ? [] : (input.layers ?? []).map((layer) => layer.content);
    expect(contents.every((content) => (content?.files.length ?? 0) > 0)).toBe(true);
  });
});
