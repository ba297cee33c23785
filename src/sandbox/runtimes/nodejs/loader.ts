/**
 * The Node.js module loader of one environment: CommonJS `require` and ES modules (turned into CommonJS by
 * sucrase, so both share one cache and one resolver), over the function's files (/var/task), its layers (/opt)
 * and the runtime's own modules (/var/runtime/node_modules).
 *
 * Resolution follows Node.js: relative and absolute specifiers against the importing file (ES modules need the
 * exact file name; CommonJS also tries .js, .json and directories with package.json `main` or index.js), bare
 * specifiers through node_modules up the tree and then NODE_PATH (which includes /opt/nodejs/node_modules).
 * Errors carry Node's messages and codes (MODULE_NOT_FOUND with the require stack; ERR_MODULE_NOT_FOUND).
 *
 * Known gaps: a nested ES module with top-level await fills its exports after the importer continues;
 * `import()` in a CommonJS file is the browser's own (it fails: the sandbox's CSP allows no network).
 */
import type { SyntaxLocation } from '../../../sim/lambda/host';
import { AWS_TRANSPORT_MODULE, UNAVAILABLE_BUILTINS } from './builtins';
import { syntaxLocationOf } from './errors';

export type ModuleKind = 'commonjs' | 'module' | 'typescript' | 'json';

/** Sucrase: ES module syntax (and TypeScript) to CommonJS. Throws with `loc` on a syntax error. */
export type Transpile = (source: string, mode: 'module' | 'typescript') => string;

export interface ModuleLoaderOptions {
  /** Absolute path → source text. */
  files: ReadonlyMap<string, string>;
  /** Built-in modules by name (without `node:`). */
  builtins: Readonly<Record<string, unknown>>;
  /** NODE_PATH: where bare specifiers are looked up after node_modules. */
  nodePath: readonly string[];
  /** Evaluates script text in the environment's global scope (an indirect eval). */
  evaluate(source: string): unknown;
  transpile: Transpile;
  /** Transpiled sources from an earlier init, by absolute path (only for files whose text is unchanged). */
  compiled: Readonly<Record<string, string>>;
}

export interface ModuleRecord {
  filename: string;
  exports: unknown;
  loaded: boolean;
  esm: boolean;
  parent: ModuleRecord | null;
}

/** A SyntaxError in a learner's file, with where it is when it can be told. */
export class ModuleSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly filename: string,
    readonly location: SyntaxLocation | undefined,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

const RUNTIME_ENTRY = '/var/runtime/index.mjs';
const ESM_SYNTAX = /(^|[\s;})])(import|export)\s*[\s{*'"]/m;

function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

function notFoundCommonJs(specifier: string, from: ModuleRecord | null): Error {
  const stack: string[] = [];
  for (let record = from; record; record = record.parent) stack.push(record.filename);
  stack.push(RUNTIME_ENTRY);
  const error = new Error(
    `Cannot find module '${specifier}'\nRequire stack:\n${stack.map((line) => `- ${line}`).join('\n')}`,
  );
  return Object.assign(error, { code: 'MODULE_NOT_FOUND', requireStack: stack });
}

function notFoundModule(message: string): Error {
  const error = new Error(message);
  return Object.assign(error, { code: 'ERR_MODULE_NOT_FOUND' });
}

export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export class ModuleLoader {
  private readonly cache = new Map<string, ModuleRecord>();
  private readonly directories = new Set<string>();
  /** Sources this init transpiled, by absolute path (the host caches them for the next init). */
  readonly newlyCompiled: Record<string, string> = {};

  constructor(private readonly options: ModuleLoaderOptions) {
    for (const path of options.files.keys())
      for (let directory = dirname(path); directory !== '/'; directory = dirname(directory))
        this.directories.add(directory);
  }

  hasFile(path: string): boolean {
    return this.options.files.has(path);
  }

  /** Loads the function's handler module; settles after its top-level await, if any. */
  async loadEntry(filename: string): Promise<ModuleRecord> {
    const record = this.instantiate(filename, null);
    await record.pending;
    return record.record;
  }

  /** `require` as seen by the module `from` (null: the runtime itself). */
  createRequire(from: ModuleRecord | null) {
    const require = (specifier: unknown): unknown => {
      if (typeof specifier !== 'string')
        throw Object.assign(new TypeError('The "id" argument must be of type string.'), {
          code: 'ERR_INVALID_ARG_TYPE',
        });
      const builtin = this.builtin(specifier);
      if (builtin.found) return builtin.value;
      const filename = this.resolve(specifier, from);
      const cached = this.cache.get(filename);
      if (cached) return cached.exports;
      return this.instantiate(filename, from).record.exports;
    };
    return Object.assign(require, {
      resolve: (specifier: string) =>
        this.builtin(specifier).found ? specifier : this.resolve(specifier, from),
      cache: Object.create(null) as Record<string, unknown>,
      main: undefined as unknown,
    });
  }

  private builtin(specifier: string): { found: true; value: unknown } | { found: false } {
    if (specifier === AWS_TRANSPORT_MODULE)
      return { found: true, value: this.options.builtins[AWS_TRANSPORT_MODULE] };
    const prefixed = specifier.startsWith('node:');
    const name = prefixed ? specifier.slice(5) : specifier;
    if (UNAVAILABLE_BUILTINS.has(name))
      throw new Error(
        `Coldstart sandbox: the '${name}' module is not available here (no network or processes in the browser); use the simulated AWS clients.`,
      );
    if (Object.hasOwn(this.options.builtins, name))
      return { found: true, value: this.options.builtins[name] };
    if (prefixed)
      throw Object.assign(new Error(`No such built-in module: ${specifier}`), {
        code: 'ERR_UNKNOWN_BUILTIN_MODULE',
      });
    return { found: false };
  }

  /** An absolute filename for `specifier` imported from `from`, or Node's not-found error. */
  resolve(specifier: string, from: ModuleRecord | null): string {
    const esm = from?.esm ?? false;
    const base = from ? dirname(from.filename) : '/var/task';
    if (
      specifier.startsWith('./') ||
      specifier.startsWith('../') ||
      specifier.startsWith('/') ||
      specifier === '.' ||
      specifier === '..'
    ) {
      const target = normalize(specifier.startsWith('/') ? specifier : `${base}/${specifier}`);
      if (esm) {
        if (this.options.files.has(target)) return target;
        throw notFoundModule(`Cannot find module '${target}' imported from ${from?.filename}`);
      }
      const found = this.resolvePath(target);
      if (found) return found;
      throw notFoundCommonJs(specifier, from);
    }
    for (const directory of this.searchDirectories(base)) {
      const found = this.resolvePath(`${directory}/${specifier}`);
      if (found) return found;
    }
    if (esm)
      throw notFoundModule(
        `Cannot find package '${packageNameOf(specifier)}' imported from ${from?.filename}`,
      );
    throw notFoundCommonJs(specifier, from);
  }

  private searchDirectories(base: string): string[] {
    const directories: string[] = [];
    for (let directory = base; ; directory = dirname(directory)) {
      if (!directory.endsWith('/node_modules'))
        directories.push(`${directory === '/' ? '' : directory}/node_modules`);
      if (directory === '/') break;
    }
    return [...directories, ...this.options.nodePath];
  }

  /** CommonJS file resolution: the file, with .js/.json/.cjs/.mjs, or a directory's package main / index. */
  private resolvePath(target: string): string | undefined {
    const files = this.options.files;
    if (files.has(target)) return target;
    for (const extension of ['.js', '.json', '.cjs', '.mjs'])
      if (files.has(target + extension)) return target + extension;
    if (!this.directories.has(target)) return undefined;
    const manifest = files.get(`${target}/package.json`);
    if (manifest !== undefined) {
      try {
        const main = (JSON.parse(manifest) as { main?: unknown }).main;
        if (typeof main === 'string') {
          const entry = normalize(`${target}/${main}`);
          if (files.has(entry)) return entry;
          for (const extension of ['.js', '.json', '/index.js'])
            if (files.has(entry + extension)) return entry + extension;
        }
      } catch {
        /* an unreadable package.json is ignored, as Node.js does for `main` */
      }
    }
    for (const index of ['index.js', 'index.json', 'index.cjs', 'index.mjs'])
      if (files.has(`${target}/${index}`)) return `${target}/${index}`;
    return undefined;
  }

  /** The nearest package.json `type` above a file (node_modules folders end the search, as in the runtime). */
  private packageType(filename: string): string | undefined {
    for (let directory = dirname(filename); ; directory = dirname(directory)) {
      if (directory.endsWith('/node_modules')) return undefined;
      const manifest = this.options.files.get(`${directory === '/' ? '' : directory}/package.json`);
      if (manifest !== undefined) {
        try {
          const type = (JSON.parse(manifest) as { type?: unknown }).type;
          return typeof type === 'string' ? type : undefined;
        } catch {
          return undefined;
        }
      }
      if (directory === '/') return undefined;
    }
  }

  kindOf(filename: string, source: string): ModuleKind {
    switch (extensionOf(filename)) {
      case '.json':
        return 'json';
      case '.ts':
      case '.mts':
      case '.cts':
        return 'typescript';
      case '.mjs':
        return 'module';
      case '.cjs':
        return 'commonjs';
      case '.js': {
        const type = this.packageType(filename);
        if (type === 'module') return 'module';
        if (type === 'commonjs') return 'commonjs';
        // Node.js 22+ detects module syntax in an ambiguous .js file.
        return ESM_SYNTAX.test(source) ? 'module' : 'commonjs';
      }
      default:
        return 'commonjs';
    }
  }

  private instantiate(
    filename: string,
    parent: ModuleRecord | null,
  ): { record: ModuleRecord; pending: unknown } {
    const source = this.options.files.get(filename);
    if (source === undefined) throw notFoundCommonJs(filename, parent);
    const kind = this.kindOf(filename, source);
    const record: ModuleRecord = {
      filename,
      exports: {},
      loaded: false,
      esm: kind === 'module' || kind === 'typescript',
      parent,
    };
    this.cache.set(filename, record);
    if (kind === 'json') {
      try {
        record.exports = JSON.parse(source);
      } catch (error) {
        this.cache.delete(filename);
        throw new SyntaxError(`${filename}: ${error instanceof Error ? error.message : String(error)}`);
      }
      record.loaded = true;
      return { record, pending: undefined };
    }
    let code = source;
    if (kind !== 'commonjs') {
      const cached = this.options.compiled[filename];
      if (cached !== undefined) code = cached;
      else {
        try {
          code = this.options.transpile(source, kind === 'typescript' ? 'typescript' : 'module');
        } catch (error) {
          this.cache.delete(filename);
          throw this.syntaxError(error, filename);
        }
        this.newlyCompiled[filename] = code;
      }
    }
    const moduleObject = {
      exports: record.exports,
      id: parent ? filename : '.',
      filename,
      loaded: false,
      paths: [] as string[],
    };
    let wrapper: (...args: unknown[]) => unknown;
    try {
      wrapper = this.compile(code, filename, kind);
    } catch (error) {
      this.cache.delete(filename);
      throw error instanceof SyntaxError ? this.syntaxError(error, filename, source) : error;
    }
    const importMeta = { url: `file://${filename}`, filename, dirname: dirname(filename) };
    let pending: unknown;
    try {
      pending = wrapper.call(
        moduleObject.exports,
        moduleObject.exports,
        this.createRequire(record),
        moduleObject,
        filename,
        dirname(filename),
        importMeta,
      );
    } catch (error) {
      this.cache.delete(filename);
      throw error;
    } finally {
      // `module.exports = …` replaces the object: everyone who requires it later gets the new one.
      record.exports = moduleObject.exports;
    }
    const finish = () => {
      record.exports = moduleObject.exports;
      record.loaded = true;
    };
    if (pending && typeof (pending as Promise<unknown>).then === 'function')
      pending = (pending as Promise<unknown>).then(finish, (error: unknown) => {
        this.cache.delete(filename);
        throw error;
      });
    else finish();
    return { record, pending };
  }

  /**
   * The module wrapper sits on the code's first line so line numbers in stack traces match the editor. It is a
   * plain function (a throw in module code must reach `require` synchronously), or an async one when the
   * module uses top-level await (allowed in ES modules only).
   */
  private compile(code: string, filename: string, kind: ModuleKind): (...args: unknown[]) => unknown {
    const body = code.replace(/\bimport\.meta\b/g, '__coldstartImportMeta');
    const url = kind === 'commonjs' ? filename : `file://${filename}`;
    const wrap = (prefix: string) =>
      `(${prefix}function (exports, require, module, __filename, __dirname, __coldstartImportMeta) {${body}\n})\n//# sourceURL=${url}`;
    try {
      return this.options.evaluate(wrap('')) as (...args: unknown[]) => unknown;
    } catch (error) {
      const topLevelAwait = error instanceof SyntaxError && /await/.test(error.message);
      if (!topLevelAwait || extensionOf(filename) === '.cjs') throw error;
      return this.options.evaluate(wrap('async ')) as (...args: unknown[]) => unknown;
    }
  }

  private syntaxError(error: unknown, filename: string, original?: string): ModuleSyntaxError {
    const file = filename.startsWith('/var/task/') ? filename.slice('/var/task/'.length) : filename;
    let location = syntaxLocationOf(error, file);
    // V8 does not say where; sucrase's parser does, so ask it.
    if (!location && original !== undefined) {
      try {
        this.options.transpile(original, extensionOf(filename) === '.ts' ? 'typescript' : 'module');
      } catch (parseError) {
        location = syntaxLocationOf(parseError, file);
      }
    }
    const message = location?.message ?? (error instanceof Error ? error.message : String(error));
    return new ModuleSyntaxError(message, filename, location);
  }
}
