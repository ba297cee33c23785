/**
 * content:check's "a runnable code block that does not run" (issues #13 item 6, #16 item 7): every fenced block
 * marked `runnable` in content/lessons is run headless in Node through the in-process host (the sandbox's own
 * worker host and runtimes; Python is Pyodide in Node) on a workspace like the page's, and must succeed, or fail
 * with exactly the error its fence declares. A failing block is reported with its lesson, line and error.
 *
 * Node.js blocks run as their own functions through runBlock(), as the page runs them. Python blocks share one
 * interpreter, because booting Pyodide takes seconds per environment: one function holds every Python block in
 * its own folder, and a small dispatcher imports the block's module fresh (or runs the script) in each invoke,
 * with the block's environment variables set, and reports Lambda's error types (Runtime.ImportModuleError,
 * Runtime.HandlerNotFound, Runtime.UserCodeSyntaxError, Runtime.MarshalError, or the exception's own type).
 *
 * Loaded through Vite's module runner (the runtimes import Vite's import.meta.glob): content-check.ts does that.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Code } from 'mdast';
import type { FunctionConfigInput } from '../src/sim/index.ts';
import { createWorkspace, type Workspace } from '../src/app/workspaces.ts';
import { createInProcessHost } from '../src/sandbox/testing/inProcessHost.ts';
// Imported here, while Vite's runner can still load modules (see InProcessHostOptions.pythonRuntime).
import * as pythonRuntime from '../src/sandbox/runtimes/python/runtime.ts';
import { nodePyodideLoader, pyodidePackageFolder } from '../src/sandbox/testing/nodePyodide.ts';
import {
  STDLIB_ONLY_LOCK,
  UNREACHABLE_PACKAGE_URL,
  instrumentedFactory,
  type PyodideLoader,
  type PyodideRuntimeApi,
} from '../src/sandbox/runtimes/python/pyodide.ts';
import { pathToFileURL } from 'node:url';
import { testBundleSource } from '../src/sandbox/sdk/testing/testBundles.ts';
import { parseFenceMeta } from '../src/features/runnable/fenceMeta.ts';
import {
  blockFunction,
  isRunnableLanguage,
  type RunnableBlock,
} from '../src/features/runnable/blockFunction.ts';
import { resolveEvent } from '../src/features/runnable/events.ts';
import { applySeeds } from '../src/features/runnable/seeds.ts';
import { runBlock, runProblem, type BlockRunResult } from '../src/features/runnable/runBlock.ts';

process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING = '1';

export interface FoundBlock {
  /** Relative to the project root, with forward slashes. */
  file: string;
  line: number;
  block: RunnableBlock;
}

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMdx);

/** The runnable blocks of one MDX text; a fence marked runnable in a language that cannot run is a problem. */
export function runnableBlocksOf(file: string, text: string): { blocks: FoundBlock[]; problems: string[] } {
  const blocks: FoundBlock[] = [];
  const problems: string[] = [];
  visit(parser.parse(text), 'code', (node: Code) => {
    const meta = parseFenceMeta(node.meta);
    if (!meta.runnable) return;
    const line = node.position?.start.line ?? 0;
    if (!isRunnableLanguage(node.lang ?? undefined)) {
      problems.push(
        `${file}:${line}: a ${node.lang ?? 'plain'} block cannot be runnable (python, javascript, typescript)`,
      );
      return;
    }
    blocks.push({
      file,
      line,
      block: {
        language: node.lang as RunnableBlock['language'],
        code: node.value,
        spec: meta.runnable,
        ...(meta.title ? { title: meta.title } : {}),
      },
    });
  });
  return { blocks, problems };
}

export function findRunnableBlocks(root: string): { blocks: FoundBlock[]; problems: string[] } {
  const lessonDir = path.join(root, 'content', 'lessons');
  const blocks: FoundBlock[] = [];
  const problems: string[] = [];
  if (!fs.existsSync(lessonDir)) return { blocks, problems };
  for (const name of fs
    .readdirSync(lessonDir)
    .filter((entry) => entry.endsWith('.mdx'))
    .sort()) {
    const found = runnableBlocksOf(
      `content/lessons/${name}`,
      fs.readFileSync(path.join(lessonDir, name), 'utf8'),
    );
    blocks.push(...found.blocks);
    problems.push(...found.problems);
  }
  return { blocks, problems };
}

/**
 * testing/nodePyodide.ts's loader, with Node's own import(): under Vite's module runner (content-check.ts) a
 * dynamic import would go through the runner, which transforms Pyodide's 1 MB module and stalls its boot.
 * Under vitest (this module's test) the testing loader is the one that works.
 */
const nativeImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

function pyodideLoader(): PyodideLoader {
  return async (request) => {
    const folder = pyodidePackageFolder();
    const loader = (await nativeImport(pathToFileURL(`${folder}pyodide.mjs`).href)) as {
      loadPyodide: (options: Record<string, unknown>) => Promise<PyodideRuntimeApi>;
    };
    const factory = (await nativeImport(pathToFileURL(`${folder}pyodide.asm.mjs`).href)) as {
      default: (settings: Record<string, unknown>) => Promise<unknown>;
    };
    return loader.loadPyodide({
      indexURL: folder,
      packageBaseUrl: UNREACHABLE_PACKAGE_URL,
      lockFileContents: STDLIB_ONLY_LOCK,
      createPyodideModule: instrumentedFactory(factory.default, request.wrapImports),
      env: { HOME: '/home/sbx_user1051' },
      stdout: request.stdout,
      stderr: request.stderr,
    });
  };
}

/** The one interpreter's dispatcher: imports (or runs) block N fresh in each invoke. */
const DISPATCHER = `import importlib
import json
import os
import runpy
import sys


def _error(error_type, message):
    return {"ok": False, "errorType": error_type, "errorMessage": message}


def lambda_handler(request, context):
    folder = "/var/task/blocks/" + request["folder"]
    module_name = request["module"]
    saved_environment = dict(os.environ)
    os.environ.update(request["environment"])
    sys.path.insert(0, folder)
    # One function has the layer for every block: a block that does not attach it must not see it.
    hidden_layer = not request["powertools"] and "/opt/python" in sys.path
    if hidden_layer:
        sys.path.remove("/opt/python")
    sys.modules.pop(module_name, None)
    try:
        if request["script"]:
            try:
                runpy.run_path(folder + "/" + request["file"], run_name="__main__")
            except SyntaxError as error:
                return _error("Runtime.UserCodeSyntaxError", f"{error.msg} (line {error.lineno})")
            except Exception as error:
                return _error(type(error).__name__, str(error))
            return {"ok": True, "response": None}
        try:
            module = importlib.import_module(module_name)
        except SyntaxError as error:
            return _error("Runtime.UserCodeSyntaxError", f"{error.msg} (line {error.lineno})")
        except ImportError as error:
            return _error("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}")
        except Exception as error:
            return _error(type(error).__name__, str(error))
        handler = getattr(module, request["handler"], None)
        if handler is None:
            return _error("Runtime.HandlerNotFound", f"Handler '{request['handler']}' missing on module '{module_name}'")
        try:
            response = handler(request["event"], context)
        except Exception as error:
            return _error(type(error).__name__, str(error))
        try:
            json.dumps(response)
        except TypeError as error:
            return _error("Runtime.MarshalError", f"Unable to marshal response: {error}")
        return {"ok": True, "response": response}
    finally:
        sys.path.remove(folder)
        if hidden_layer:
            sys.path.append("/opt/python")
        sys.modules.pop(module_name, None)
        os.environ.clear()
        os.environ.update(saved_environment)
`;

interface DispatchResult {
  ok: boolean;
  errorType?: string;
  errorMessage?: string;
}

export interface RunnableCheckResult {
  problems: string[];
  /** Blocks run, by language family. */
  ran: { python: number; node: number };
  /** Wall time, ms. */
  ms: number;
}

/** RUNNABLE_VERBOSE=1 prints each block as it starts and ends (which one hangs, how long each takes). */
/**
 * A block gets this long in wall time (its own timeout is virtual): content:check must fail and name the block
 * rather than hang CI (a dynamic import under Vite's closed runner once never settled).
 */
const BLOCK_WALL_LIMIT_MS = 120_000;

class BlockStuck extends Error {}

async function withinWallLimit<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BlockStuck(`did not finish within ${BLOCK_WALL_LIMIT_MS / 1000} s of wall time`)),
      BLOCK_WALL_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

function progress(found: FoundBlock, note: string): void {
  if (process.env.RUNNABLE_VERBOSE) console.error(`runnable: ${found.file}:${found.line} ${note}`);
}

function describe(found: FoundBlock): string {
  return `${found.file}:${found.line}: runnable ${found.block.language} block${found.block.title ? ` "${found.block.title}"` : ''} does not run`;
}

async function runPythonBlocks(workspace: Workspace, found: FoundBlock[], problems: string[]): Promise<void> {
  if (found.length === 0) return;
  const files = [{ path: 'coldstart_dispatch.py', content: DISPATCHER }];
  const requests: Array<{ found: FoundBlock; request: Record<string, unknown> } | null> = [];
  const built: FunctionConfigInput[] = [];
  for (const [index, entry] of found.entries()) {
    const builtBlock = blockFunction(entry.block);
    const resolved = resolveEvent(entry.block.spec.event);
    if (!builtBlock.ok || !resolved.ok) {
      problems.push(
        `${describe(entry)}: ${builtBlock.ok ? (resolved as { error: string }).error : builtBlock.error}`,
      );
      requests.push(null);
      continue;
    }
    built.push(builtBlock.input);
    const code = builtBlock.input.code!;
    const file = code.files[0]!.path;
    const folder = `b${index}`;
    files.push({ path: `blocks/${folder}/${file}`, content: entry.block.code });
    requests.push({
      found: entry,
      request: {
        folder,
        file,
        module: file.replace(/\.py$/, ''),
        handler: code.handler.slice(code.handler.lastIndexOf('.') + 1),
        script: entry.block.spec.kind === 'script',
        powertools: entry.block.spec.layers.includes('powertools'),
        environment: entry.block.spec.environment,
        event: resolved.event,
      },
    });
  }
  const created = workspace.service.createFunction({
    name: 'content-check-python',
    runtime: 'python3.14',
    memoryMb: 1024,
    timeoutS: 30,
    code: { handler: 'coldstart_dispatch.lambda_handler', files },
    layers: [
      ...new Map(built.flatMap((input) => input.layers ?? []).map((layer) => [layer.name, layer])).values(),
    ],
  });
  if (!created.ok) {
    problems.push(`content:check could not create its Python function: ${created.message}`);
    return;
  }
  for (const entry of requests) {
    if (!entry) continue;
    try {
      await applySeeds(entry.found.block.spec.seeds, workspace);
    } catch (error) {
      problems.push(`${describe(entry.found)}: ${(error as Error).message}`);
      continue;
    }
    progress(entry.found, 'runs');
    const started = performance.now();
    let invocation;
    try {
      invocation = await withinWallLimit(
        workspace.service.invoke('content-check-python', { type: 'sync', payload: entry.request }).done(),
      );
    } catch (error) {
      // The interpreter is stuck: the blocks after this one cannot run either.
      problems.push(`${describe(entry.found)}: ${(error as Error).message}`);
      return;
    }
    progress(
      entry.found,
      `ended in ${Math.round(performance.now() - started)} ms: ${invocation.response?.payload.slice(0, 300)}`,
    );
    let outcome: DispatchResult;
    try {
      outcome = JSON.parse(invocation.response?.payload ?? '{}') as DispatchResult;
    } catch {
      outcome = { ok: false, errorType: 'Unknown', errorMessage: String(invocation.response?.payload) };
    }
    if (invocation.response?.functionError) {
      // The dispatcher itself failed (a timeout, memory): the block's run did.
      outcome = {
        ok: false,
        errorType: outcome.errorType ?? 'Unknown',
        errorMessage: outcome.errorMessage ?? '',
      };
    }
    const expected = entry.found.block.spec.expectedError;
    const problem =
      expected === undefined
        ? outcome.ok
          ? null
          : `${outcome.errorType}: ${outcome.errorMessage}`
        : outcome.ok
          ? `expected the error ${expected}, but the run succeeded`
          : outcome.errorType === expected
            ? null
            : `expected the error ${expected}, got ${outcome.errorType}: ${outcome.errorMessage}`;
    if (problem) problems.push(`${describe(entry.found)}: ${problem}`);
  }
}

async function runNodeBlocks(workspace: Workspace, found: FoundBlock[], problems: string[]): Promise<void> {
  for (const entry of found) {
    let result: BlockRunResult;
    progress(entry, 'runs');
    try {
      result = await withinWallLimit(runBlock(workspace, entry.block));
    } catch (error) {
      result = { ok: false, setupError: (error as Error).message };
      if (error instanceof BlockStuck) {
        problems.push(`${describe(entry)}: ${result.setupError}`);
        return;
      }
    }
    const problem = runProblem(entry.block, result);
    if (problem) problems.push(`${describe(entry)}: ${problem}`);
  }
}

/** Runs every given block; one workspace (and one Python interpreter) for all of them. */
export async function checkRunnableBlocks(found: FoundBlock[]): Promise<RunnableCheckResult> {
  const started = performance.now();
  const problems: string[] = [];
  const python = found.filter((entry) => entry.block.language === 'python');
  const node = found.filter((entry) => entry.block.language !== 'python');
  const workspace = createWorkspace('content-check', {
    host: createInProcessHost({
      bundles: testBundleSource(),
      ...(python.length > 0
        ? { pyodide: process.env.VITEST ? nodePyodideLoader() : pyodideLoader(), pythonRuntime }
        : {}),
    }),
    accountStore: null,
    seed: 13,
  });
  try {
    await workspace.ready;
    await runNodeBlocks(workspace, node, problems);
    await runPythonBlocks(workspace, python, problems);
  } finally {
    await workspace.dispose();
  }
  return {
    problems,
    ran: { python: python.length, node: node.length },
    ms: Math.round(performance.now() - started),
  };
}

/** content:check's entry: find and run every runnable block under root. */
export async function checkRunnableContent(root: string): Promise<RunnableCheckResult> {
  const { blocks, problems } = findRunnableBlocks(root);
  const result = await checkRunnableBlocks(blocks);
  return { ...result, problems: [...problems, ...result.problems] };
}
