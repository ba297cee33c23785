/**
 * A lesson's code block as a Lambda function: which runtime, which file, which handler. Pure: the page's runner
 * and content:check build the same function from the same block.
 */
import type { FunctionConfigInput, LayerConfig } from '../../sim';
import { POWERTOOLS_LAYER } from '../../sandbox/sdk/powertoolsLayer';
import { PYTHON_POWERTOOLS_LAYER } from '../../sandbox/runtimes/python/layers/powertools/pythonPowertoolsLayer';
import type { RunnableBlock } from './fenceMeta';

export type { RunnableBlock, RunnableLanguage } from './fenceMeta';
export { isRunnableLanguage } from './fenceMeta';

/** The layers a Python block may attach: the course's compatible subset of Powertools for AWS Lambda (Python). */
const PYTHON_LAYERS: Record<string, LayerConfig> = {
  powertools: { name: PYTHON_POWERTOOLS_LAYER.name, unzippedMb: 2, content: PYTHON_POWERTOOLS_LAYER },
};

/** The layers a Node.js block may attach, by the name its fence uses. */
const LAYERS: Record<string, LayerConfig> = {
  // The real Powertools packages (6 MB installed), against the layer limits like any layer.
  powertools: { name: POWERTOOLS_LAYER.name, unzippedMb: 6, content: POWERTOOLS_LAYER },
};

export type BlockFunction = { ok: true; input: FunctionConfigInput } | { ok: false; error: string };

/** The module that runs a script block, named so that it cannot clash with a learner's file. */
const SCRIPT_RUNNER_PY = 'coldstart_script_runner';

/** The file name in the title (`handler.py (Python 3.12+)` → `handler.py`, `src/app.py` → `app.py`). */
function fileNameFrom(title: string | undefined, pattern: RegExp): string | undefined {
  const match = title ? pattern.exec(title) : null;
  return match?.[0].split('/').pop();
}

/** Short and stable: the same block is the same function across runs and reloads (FNV-1a). */
function codeHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** The function's name: the file's stem and a hash of the code (Lambda names: letters, digits, - and _). */
export function blockFunctionName(block: RunnableBlock): string {
  const stem = (block.title ?? block.language)
    .replace(/\s.*$/, '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  return `run-${stem.slice(0, 40)}-${codeHash(`${block.language}\n${block.code}`)}`;
}

function pythonHandlerName(code: string): string | undefined {
  const defined = [...code.matchAll(/^(?:async\s+)?def\s+(\w+)\s*\(\s*event\b/gm)].map((match) => match[1]!);
  return (
    defined.find((name) => name === 'lambda_handler') ??
    defined.find((name) => name === 'handler') ??
    defined[0]
  );
}

function nodeHandlerName(code: string): string | undefined {
  const names = [
    ...[...code.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(\w+)/g)].map(
      (match) => match[1]!,
    ),
    ...[...code.matchAll(/(?:module\.)?exports\.(\w+)\s*=/g)].map((match) => match[1]!),
  ];
  return names.find((name) => name === 'handler') ?? names[0];
}

export function blockFunction(block: RunnableBlock): BlockFunction {
  const layers: LayerConfig[] = [];
  const known = block.language === 'python' ? PYTHON_LAYERS : LAYERS;
  for (const name of block.spec.layers ?? []) {
    const layer = known[name];
    if (!layer)
      return { ok: false, error: `no layer named "${name}" (layers: ${Object.keys(known).join(', ')})` };
    layers.push(layer);
  }
  const common = {
    layers,
    name: blockFunctionName(block),
    memoryMb: 512,
    timeoutS: 10,
    environment: { ...block.spec.environment },
  };
  if (block.language === 'python') {
    const file = fileNameFrom(block.title, /[\w./-]+\.py\b/) ?? 'lambda_function.py';
    const module = file.replace(/\.py$/, '');
    if (block.spec.kind === 'script') {
      // A script runs top to bottom on each Run, as `python reserve.py` would, with __name__ == "__main__".
      const runner = [
        'import runpy',
        '',
        '',
        'def lambda_handler(event, context):',
        `    runpy.run_path("/var/task/${file}", run_name="__main__")`,
        '',
      ].join('\n');
      return {
        ok: true,
        input: {
          ...common,
          runtime: 'python3.14',
          code: {
            handler: `${SCRIPT_RUNNER_PY}.lambda_handler`,
            files: [
              { path: file, content: block.code },
              { path: `${SCRIPT_RUNNER_PY}.py`, content: runner },
            ],
          },
        },
      };
    }
    const handler = block.spec.handler ?? pythonHandlerName(block.code);
    if (!handler) return { ok: false, error: 'no handler function (def name(event, context)) in this block' };
    return {
      ok: true,
      input: {
        ...common,
        runtime: 'python3.14',
        code: { handler: `${module}.${handler}`, files: [{ path: file, content: block.code }] },
      },
    };
  }
  if (block.spec.kind === 'script') return { ok: false, error: 'scripts run in Python blocks only' };
  const typescript = block.language === 'typescript';
  const esm = /(^|[\s;})])(import|export)\s*[\s{*'"]/m.test(block.code);
  const fallback = typescript ? 'index.ts' : esm ? 'index.mjs' : 'index.js';
  const file = fileNameFrom(block.title, /[\w./-]+\.(?:mjs|cjs|js|ts)\b/) ?? fallback;
  const handler = block.spec.handler ?? nodeHandlerName(block.code);
  if (!handler) return { ok: false, error: 'no exported handler (export const handler = …) in this block' };
  return {
    ok: true,
    input: {
      ...common,
      runtime: 'nodejs22.x',
      code: {
        handler: `${file.replace(/\.[^.]*$/, '')}.${handler}`,
        files: [{ path: file, content: block.code }],
      },
    },
  };
}
