/**
 * /tmp as an in-memory file system with Node-shaped errors and the ephemeral-storage quota. Pure data: the Node.js
 * runtime wraps it in `fs`, `fs/promises` and callback APIs. Every mutation is reported (`onMutation`) so the frame
 * can keep a copy: /tmp survives a reset, although the worker that wrote it is thrown away. `TmpSnapshot` and
 * `FsMutation` are the runtime-neutral exchange format (a Python runtime mirrors its own file system with them).
 */

export interface TmpSnapshot {
  /** Absolute paths of directories under /tmp (without /tmp itself). */
  dirs: string[];
  files: Array<{ path: string; data: Uint8Array; mtimeMs: number }>;
}

export type FsMutation =
  | { op: 'write'; path: string; data: Uint8Array; mtimeMs: number }
  | { op: 'unlink'; path: string }
  | { op: 'mkdir'; path: string }
  | { op: 'rmdir'; path: string };

export interface NodeLikeError extends Error {
  code: string;
  errno: number;
  syscall: string;
  path?: string;
}

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [-2, 'no such file or directory'],
  EEXIST: [-17, 'file already exists'],
  ENOTDIR: [-20, 'not a directory'],
  EISDIR: [-21, 'illegal operation on a directory'],
  ENOSPC: [-28, 'no space left on device'],
  EROFS: [-30, 'read-only file system'],
  ENOTEMPTY: [-39, 'directory not empty'],
  EACCES: [-13, 'permission denied'],
};

/** Builds the exact error Node throws, e.g. `ENOENT: no such file or directory, open '/tmp/x'`. */
export function fsError(code: keyof typeof ERRNO & string, syscall: string, path?: string): NodeLikeError {
  const [errno, text] = ERRNO[code] ?? [-1, 'unknown error'];
  const err = new Error(
    `${code}: ${text}, ${syscall}${path !== undefined ? ` '${path}'` : ''}`,
  ) as NodeLikeError;
  err.code = code;
  err.errno = errno;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  return err;
}

export function normalizePath(p: string, cwd = '/var/task'): string {
  const abs = p.startsWith('/') ? p : `${cwd}/${p}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export interface FileEntry {
  data: Uint8Array;
  mtimeMs: number;
  birthtimeMs: number;
}

export interface Stat {
  size: number;
  mtimeMs: number;
  birthtimeMs: number;
  isDirectory: boolean;
}

export class TmpFs {
  private files = new Map<string, FileEntry>();
  private dirs = new Set<string>(['/tmp']);
  private used = 0;

  constructor(
    /** Ephemeral storage in bytes. */
    public readonly quotaBytes: number,
    private readonly onMutation: (m: FsMutation) => void = () => {},
    /** Read-only files outside /tmp, e.g. /var/task/index.mjs and layer files. */
    private readonly readOnly: Map<string, Uint8Array> = new Map(),
  ) {}

  static fromSnapshot(
    snap: TmpSnapshot | undefined,
    quotaBytes: number,
    onMutation?: (m: FsMutation) => void,
    readOnly?: Map<string, Uint8Array>,
  ): TmpFs {
    const fs = new TmpFs(quotaBytes, onMutation, readOnly);
    if (snap) {
      for (const d of snap.dirs) fs.dirs.add(d);
      for (const f of snap.files) {
        fs.files.set(f.path, { data: f.data, mtimeMs: f.mtimeMs, birthtimeMs: f.mtimeMs });
        fs.used += f.data.byteLength;
      }
    }
    return fs;
  }

  get usedBytes(): number {
    return this.used;
  }

  snapshot(): TmpSnapshot {
    return {
      dirs: [...this.dirs].filter((d) => d !== '/tmp'),
      files: [...this.files].map(([path, e]) => ({ path, data: e.data, mtimeMs: e.mtimeMs })),
    };
  }

  private inTmp(p: string): boolean {
    return p === '/tmp' || p.startsWith('/tmp/');
  }

  private parentOf(p: string): string {
    return p.slice(0, p.lastIndexOf('/')) || '/';
  }

  private assertWritable(p: string, syscall: string): void {
    if (!this.inTmp(p)) {
      // Lambda's file system is read-only outside /tmp.
      if (this.readOnly.has(p) || this.isDirOutside(p) || this.isDirOutside(this.parentOf(p)))
        throw fsError('EROFS', syscall, p);
      throw fsError('ENOENT', syscall, p);
    }
  }

  private isDirOutside(p: string): boolean {
    if (p === '/') return true;
    const prefix = p + '/';
    for (const k of this.readOnly.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  exists(p: string): boolean {
    const path = normalizePath(p);
    return this.files.has(path) || this.dirs.has(path) || this.readOnly.has(path) || this.isDirOutside(path);
  }

  readFile(p: string): Uint8Array {
    const path = normalizePath(p);
    const ro = this.readOnly.get(path);
    if (ro) return ro;
    if (this.dirs.has(path) || this.isDirOutside(path)) throw fsError('EISDIR', 'read');
    const f = this.files.get(path);
    if (!f) throw fsError('ENOENT', 'open', path);
    return f.data;
  }

  writeFile(p: string, data: Uint8Array, append = false): void {
    const path = normalizePath(p);
    this.assertWritable(path, 'open');
    if (this.dirs.has(path)) throw fsError('EISDIR', 'open', path);
    const parent = this.parentOf(path);
    if (this.files.has(parent)) throw fsError('ENOTDIR', 'open', path);
    if (!this.dirs.has(parent)) throw fsError('ENOENT', 'open', path);
    const prev = this.files.get(path);
    const next = append && prev ? concat(prev.data, data) : data.slice();
    const delta = next.byteLength - (prev?.data.byteLength ?? 0);
    if (this.used + delta > this.quotaBytes) throw fsError('ENOSPC', 'write');
    this.used += delta;
    const now = Date.now();
    this.files.set(path, { data: next, mtimeMs: now, birthtimeMs: prev?.birthtimeMs ?? now });
    this.onMutation({ op: 'write', path, data: next, mtimeMs: now });
  }

  unlink(p: string): void {
    const path = normalizePath(p);
    this.assertWritable(path, 'unlink');
    if (this.dirs.has(path)) throw fsError('EISDIR', 'unlink', path);
    const f = this.files.get(path);
    if (!f) throw fsError('ENOENT', 'unlink', path);
    this.used -= f.data.byteLength;
    this.files.delete(path);
    this.onMutation({ op: 'unlink', path });
  }

  mkdir(p: string, recursive = false): string | undefined {
    const path = normalizePath(p);
    this.assertWritable(path, 'mkdir');
    if (this.dirs.has(path)) {
      if (recursive) return undefined;
      throw fsError('EEXIST', 'mkdir', path);
    }
    if (this.files.has(path)) throw fsError('EEXIST', 'mkdir', path);
    const parent = this.parentOf(path);
    if (!this.dirs.has(parent)) {
      if (!recursive) throw fsError('ENOENT', 'mkdir', path);
      if (this.files.has(parent)) throw fsError('ENOTDIR', 'mkdir', path);
      const first = this.mkdir(parent, true);
      this.dirs.add(path);
      this.onMutation({ op: 'mkdir', path });
      return first ?? path;
    }
    this.dirs.add(path);
    this.onMutation({ op: 'mkdir', path });
    return recursive ? path : undefined;
  }

  rmdir(p: string): void {
    const path = normalizePath(p);
    this.assertWritable(path, 'rmdir');
    if (path === '/tmp') throw fsError('EACCES', 'rmdir', path);
    if (this.files.has(path)) throw fsError('ENOTDIR', 'rmdir', path);
    if (!this.dirs.has(path)) throw fsError('ENOENT', 'rmdir', path);
    if (this.readdir(path).length > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
    this.dirs.delete(path);
    this.onMutation({ op: 'rmdir', path });
  }

  readdir(p: string): string[] {
    const path = normalizePath(p);
    if (this.files.has(path) || this.readOnly.has(path)) throw fsError('ENOTDIR', 'scandir', path);
    const isDir = this.dirs.has(path) || this.isDirOutside(path);
    if (!isDir) throw fsError('ENOENT', 'scandir', path);
    const prefix = path === '/' ? '/' : path + '/';
    const names = new Set<string>();
    const add = (k: string) => {
      if (k.startsWith(prefix)) {
        const rest = k.slice(prefix.length);
        const name = rest.split('/')[0];
        if (name) names.add(name);
      }
    };
    for (const k of this.files.keys()) add(k);
    for (const k of this.dirs) add(k);
    for (const k of this.readOnly.keys()) add(k);
    return [...names].sort();
  }

  stat(p: string): Stat {
    const path = normalizePath(p);
    const f = this.files.get(path);
    if (f)
      return { size: f.data.byteLength, mtimeMs: f.mtimeMs, birthtimeMs: f.birthtimeMs, isDirectory: false };
    const ro = this.readOnly.get(path);
    if (ro) return { size: ro.byteLength, mtimeMs: 0, birthtimeMs: 0, isDirectory: false };
    if (this.dirs.has(path) || this.isDirOutside(path))
      return { size: 4096, mtimeMs: 0, birthtimeMs: 0, isDirectory: true };
    throw fsError('ENOENT', 'stat', path);
  }
}

/** Applies a mutation to a snapshot kept outside the worker (in the iframe). */
export function applyMutation(snap: TmpSnapshot, m: FsMutation): void {
  switch (m.op) {
    case 'write': {
      const i = snap.files.findIndex((f) => f.path === m.path);
      const entry = { path: m.path, data: m.data, mtimeMs: m.mtimeMs };
      if (i >= 0) snap.files[i] = entry;
      else snap.files.push(entry);
      break;
    }
    case 'unlink':
      snap.files = snap.files.filter((f) => f.path !== m.path);
      break;
    case 'mkdir':
      if (!snap.dirs.includes(m.path)) snap.dirs.push(m.path);
      break;
    case 'rmdir':
      snap.dirs = snap.dirs.filter((d) => d !== m.path);
      break;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}
