/**
 * The environment's file system inside Pyodide (Emscripten's in-memory FS), shaped like Lambda's:
 *
 * - /var/task (the function), /opt (layers) and everything else are read-only once init starts (EROFS);
 * - /tmp is writable within the function's ephemeral storage (ENOSPC past it) and starts as the environment
 *   left it: the frame keeps a copy (a reset keeps /tmp), so every change is reported as an FsMutation — a file
 *   when it is closed (and at the end of each init and invoke, for files left open), directories at once;
 * - the no-JSPI fallback can take a checkpoint of /tmp and go back to it (see fallback.ts), and hold mutations
 *   back until an attempt is kept.
 *
 * It works by wrapping the FS object's own entry points (write, close, unlink, …), which Emscripten's system
 * calls go through, so Python's open()/os functions need no change.
 */
import type { CodeFile, LayerContent } from '../../../sim/lambda/host';
import type { FsMutation, TmpSnapshot } from '../../tmp/tmpFs';
import type { EmscriptenFs, EmscriptenNode, EmscriptenStream } from './pyodide';

const TMP = '/tmp';
const O_APPEND = 0o2000;

function inTmp(path: string): boolean {
  return path === TMP || path.startsWith(`${TMP}/`);
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

export interface TmpCheckpoint {
  snapshot: TmpSnapshot;
  used: number;
}

export class PythonFileSystem {
  private readonly fs: EmscriptenFs;
  private readonly errno: Record<string, number>;
  private tracking = false;
  private readOnly = false;
  private quotaBytes = 512 * 1024 * 1024;
  private used = 0;
  private readonly dirty = new Set<string>();
  private report: (mutation: FsMutation) => void = () => {};
  private held: FsMutation[] | null = null;
  private readonly original: Pick<
    EmscriptenFs,
    'write' | 'close' | 'unlink' | 'rmdir' | 'mkdir' | 'rename' | 'truncate' | 'ftruncate' | 'nodePermissions'
  >;

  constructor(fs: EmscriptenFs, errno: Record<string, number>) {
    this.fs = fs;
    this.errno = errno;
    this.original = {
      write: fs.write.bind(fs),
      close: fs.close.bind(fs),
      unlink: fs.unlink.bind(fs),
      rmdir: fs.rmdir.bind(fs),
      mkdir: fs.mkdir.bind(fs),
      rename: fs.rename.bind(fs),
      truncate: fs.truncate.bind(fs),
      ftruncate: fs.ftruncate.bind(fs),
      nodePermissions: fs.nodePermissions.bind(fs),
    };
    this.install();
  }

  /** Writes a tree of files (the runtime's, a function's, a layer's) under `root`, replacing what is there. */
  writeFiles(root: string, files: ReadonlyArray<CodeFile | readonly [string, string]>): void {
    // Every restored environment writes the runtime's files before it can start: each folder is made once, and
    // the text is encoded natively (Emscripten's own UTF-8 loop is JavaScript, cold in a new worker) into bytes
    // the file then owns (no second copy).
    const made = new Set<string>();
    const encoder = new TextEncoder();
    for (const file of files) {
      const [relative, content] = Array.isArray(file)
        ? file
        : [(file as CodeFile).path, (file as CodeFile).content];
      const path = `${root}/${relative}`.replace(/\/+/g, '/');
      const parent = parentOf(path);
      if (!made.has(parent)) {
        this.fs.mkdirTree(parent);
        made.add(parent);
      }
      this.fs.writeFile(path, encoder.encode(content), { canOwn: true });
    }
  }

  writeLayers(layers: readonly LayerContent[]): void {
    for (const layer of layers) this.writeFiles('/opt', layer.files);
  }

  /** Removes everything under `root` (the warm-up's function, before a learner's arrives). */
  removeTree(root: string): void {
    if (!this.fs.analyzePath(root).exists) return;
    for (const name of this.fs.readdir(root)) {
      if (name === '.' || name === '..') continue;
      const path = `${root}/${name}`;
      if (this.fs.isDir(this.fs.stat(path).mode)) {
        this.removeTree(path);
        this.original.rmdir(path);
      } else this.original.unlink(path);
    }
  }

  /** /tmp as the environment left it, within `quotaBytes`; from here on changes are reported and limits apply. */
  startEnvironment(tmp: TmpSnapshot, quotaBytes: number, report: (mutation: FsMutation) => void): void {
    this.restoreTmp(tmp);
    this.quotaBytes = quotaBytes;
    this.report = report;
    this.tracking = true;
    this.readOnly = true;
  }

  /** Reports files still open with unreported writes (end of init / invoke). */
  flush(): void {
    for (const path of [...this.dirty]) this.reportFile(path);
  }

  /** While held, mutations wait (a fallback attempt that may be thrown away); `release` sends or drops them. */
  hold(): void {
    this.held = [];
  }

  release(keep: boolean): void {
    const held = this.held ?? [];
    this.held = null;
    if (keep) for (const mutation of held) this.report(mutation);
  }

  checkpoint(): TmpCheckpoint {
    this.flush();
    return { snapshot: this.snapshotTmp(), used: this.used };
  }

  rollback(checkpoint: TmpCheckpoint): void {
    this.dirty.clear();
    this.restoreTmp(checkpoint.snapshot);
    this.used = checkpoint.used;
  }

  get usedBytes(): number {
    return this.used;
  }

  // ---- internals

  private emit(mutation: FsMutation): void {
    if (this.held) this.held.push(mutation);
    else this.report(mutation);
  }

  private reportFile(path: string): void {
    this.dirty.delete(path);
    if (!this.fs.analyzePath(path).exists) return;
    const stat = this.fs.stat(path);
    if (!this.fs.isFile(stat.mode)) return;
    this.emit({ op: 'write', path, data: this.fs.readFile(path), mtimeMs: mtimeOf(stat.mtime) });
  }

  private sizeOf(path: string): number {
    try {
      const stat = this.fs.stat(path);
      return this.fs.isFile(stat.mode) ? stat.size : 0;
    } catch {
      return 0;
    }
  }

  private walk(root: string, visit: (path: string, isDirectory: boolean) => void): void {
    if (!this.fs.analyzePath(root).exists) return;
    for (const name of this.fs.readdir(root)) {
      if (name === '.' || name === '..') continue;
      const path = `${root}/${name}`;
      const isDirectory = this.fs.isDir(this.fs.stat(path).mode);
      visit(path, isDirectory);
      if (isDirectory) this.walk(path, visit);
    }
  }

  private snapshotTmp(): TmpSnapshot {
    const snapshot: TmpSnapshot = { dirs: [], files: [] };
    this.walk(TMP, (path, isDirectory) => {
      if (isDirectory) snapshot.dirs.push(path);
      else
        snapshot.files.push({
          path,
          data: this.fs.readFile(path),
          mtimeMs: mtimeOf(this.fs.stat(path).mtime),
        });
    });
    return snapshot;
  }

  private restoreTmp(tmp: TmpSnapshot): void {
    // Rebuilding /tmp is not a change the environment made: nothing is reported or counted twice.
    const tracking = this.tracking;
    this.tracking = false;
    try {
      this.rebuildTmp(tmp);
    } finally {
      this.tracking = tracking;
    }
  }

  private rebuildTmp(tmp: TmpSnapshot): void {
    this.fs.mkdirTree(TMP);
    this.removeTree(TMP);
    const dirs = [...tmp.dirs].sort((a, b) => a.split('/').length - b.split('/').length);
    for (const dir of dirs) if (inTmp(dir)) this.fs.mkdirTree(dir);
    let used = 0;
    for (const file of tmp.files) {
      if (!inTmp(file.path)) continue;
      this.fs.mkdirTree(parentOf(file.path));
      this.fs.writeFile(file.path, file.data);
      this.fs.utime(file.path, file.mtimeMs, file.mtimeMs);
      used += file.data.byteLength;
    }
    this.used = used;
  }

  private enospc(): Error {
    return new this.fs.ErrnoError(this.errno.ENOSPC ?? 51);
  }

  private install(): void {
    const fs = this.fs;
    const original = this.original;
    fs.nodePermissions = (node: EmscriptenNode, perms: string) => {
      if (this.readOnly && perms.includes('w')) {
        const path = fs.getPath(node);
        if (!inTmp(path) && !path.startsWith('/dev') && !path.startsWith('/proc'))
          return this.errno.EROFS ?? 69;
      }
      return original.nodePermissions(node, perms);
    };
    fs.write = (stream, buffer, offset, length, position, canOwn) => {
      if (!this.tracking || !inTmp(stream.path))
        return original.write(stream, buffer, offset, length, position, canOwn);
      const before = stream.node.usedBytes ?? 0;
      const start = stream.flags & O_APPEND ? before : (position ?? stream.position);
      const projected = Math.max(before, start + length);
      if (this.used + projected - before > this.quotaBytes) throw this.enospc();
      const written = original.write(stream, buffer, offset, length, position, canOwn);
      this.used += (stream.node.usedBytes ?? projected) - before;
      this.dirty.add(stream.path);
      return written;
    };
    fs.close = (stream: EmscriptenStream) => {
      original.close(stream);
      if (this.tracking && this.dirty.has(stream.path)) this.reportFile(stream.path);
    };
    fs.truncate = (target, length) => {
      const path = typeof target === 'string' ? target : fs.getPath(target);
      if (!this.tracking || !inTmp(path)) return original.truncate(target, length);
      const before = this.sizeOf(path);
      if (length > before && this.used + length - before > this.quotaBytes) throw this.enospc();
      original.truncate(target, length);
      this.used += length - before;
      this.dirty.add(path);
    };
    fs.ftruncate = (fd, length) => {
      const stream = fs.getStream(fd);
      if (!this.tracking || !stream || !inTmp(stream.path)) return original.ftruncate(fd, length);
      const before = stream.node.usedBytes ?? 0;
      if (length > before && this.used + length - before > this.quotaBytes) throw this.enospc();
      original.ftruncate(fd, length);
      this.used += length - before;
      this.dirty.add(stream.path);
    };
    fs.unlink = (path) => {
      if (!this.tracking || !inTmp(path)) return original.unlink(path);
      const size = this.sizeOf(path);
      original.unlink(path);
      this.used -= size;
      this.dirty.delete(path);
      this.emit({ op: 'unlink', path });
    };
    fs.rmdir = (path) => {
      original.rmdir(path);
      if (this.tracking && inTmp(path)) this.emit({ op: 'rmdir', path });
    };
    fs.mkdir = (path, mode) => {
      const made = original.mkdir(path, mode);
      if (this.tracking && inTmp(path)) this.emit({ op: 'mkdir', path });
      return made;
    };
    fs.rename = (oldPath, newPath) => {
      if (!this.tracking || (!inTmp(oldPath) && !inTmp(newPath))) return original.rename(oldPath, newPath);
      const replaced = this.fs.analyzePath(newPath).exists ? this.sizeOf(newPath) : 0;
      const moved: Array<[path: string, isDirectory: boolean]> = [];
      const isDirectory = this.fs.isDir(this.fs.stat(oldPath).mode);
      if (isDirectory) this.walk(oldPath, (path, directory) => moved.push([path, directory]));
      original.rename(oldPath, newPath);
      this.used -= replaced;
      if (isDirectory) {
        this.emit({ op: 'mkdir', path: newPath });
        for (const [path, directory] of moved) {
          const target = newPath + path.slice(oldPath.length);
          if (directory) this.emit({ op: 'mkdir', path: target });
          else this.reportFile(target);
        }
        for (const [path, directory] of moved.reverse())
          this.emit(directory ? { op: 'rmdir', path } : { op: 'unlink', path });
        this.emit({ op: 'rmdir', path: oldPath });
      } else {
        this.reportFile(newPath);
        this.dirty.delete(oldPath);
        this.emit({ op: 'unlink', path: oldPath });
      }
    };
  }
}

function mtimeOf(mtime: Date | number): number {
  return mtime instanceof Date ? mtime.getTime() : Number(mtime);
}
