import { describe, expect, it } from 'vitest';
import { TmpFs, applyMutation, normalizePath, type FsMutation, type TmpSnapshot } from './tmpFs';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('TmpFs', () => {
  it('writes, appends, reads and lists files under /tmp', () => {
    const fs = new TmpFs(1024);
    fs.writeFile('/tmp/a.txt', bytes('hello'));
    fs.writeFile('/tmp/a.txt', bytes(' world'), true);
    expect(new TextDecoder().decode(fs.readFile('/tmp/a.txt'))).toBe('hello world');
    fs.mkdir('/tmp/d/e', true);
    fs.writeFile('/tmp/d/e/f.json', bytes('{}'));
    expect(fs.readdir('/tmp')).toEqual(['a.txt', 'd']);
    expect(fs.readdir('/tmp/d')).toEqual(['e']);
    expect(fs.stat('/tmp/d').isDirectory).toBe(true);
    expect(fs.stat('/tmp/a.txt').size).toBe(11);
    expect(fs.usedBytes).toBe(13);
  });

  it('throws ENOSPC once the ephemeral storage quota is used up, and frees space on unlink', () => {
    const fs = new TmpFs(10);
    fs.writeFile('/tmp/a', bytes('123456'));
    expect(() => fs.writeFile('/tmp/b', bytes('12345'))).toThrowError(
      'ENOSPC: no space left on device, write',
    );
    try {
      fs.writeFile('/tmp/b', bytes('12345'));
    } catch (e) {
      expect((e as { code: string }).code).toBe('ENOSPC');
    }
    // Overwriting counts only the difference.
    fs.writeFile('/tmp/a', bytes('1234567890'));
    expect(fs.usedBytes).toBe(10);
    fs.unlink('/tmp/a');
    fs.writeFile('/tmp/b', bytes('12345'));
    expect(fs.usedBytes).toBe(5);
  });

  it('reports missing files and directories the way Node does', () => {
    const fs = new TmpFs(100);
    expect(() => fs.readFile('/tmp/nope')).toThrowError(
      "ENOENT: no such file or directory, open '/tmp/nope'",
    );
    expect(() => fs.readdir('/tmp/nope')).toThrowError(
      "ENOENT: no such file or directory, scandir '/tmp/nope'",
    );
    expect(() => fs.writeFile('/tmp/x/y', bytes('1'))).toThrowError(
      "ENOENT: no such file or directory, open '/tmp/x/y'",
    );
    expect(() => fs.unlink('/tmp/nope')).toThrowError(
      "ENOENT: no such file or directory, unlink '/tmp/nope'",
    );
    fs.mkdir('/tmp/d');
    expect(() => fs.mkdir('/tmp/d')).toThrowError("EEXIST: file already exists, mkdir '/tmp/d'");
    expect(() => fs.unlink('/tmp/d')).toThrowError(
      "EISDIR: illegal operation on a directory, unlink '/tmp/d'",
    );
    expect(() => fs.stat('/tmp/zzz')).toThrowError("ENOENT: no such file or directory, stat '/tmp/zzz'");
  });

  it('is read-only outside /tmp', () => {
    const fs = new TmpFs(100, undefined, new Map([['/var/task/index.js', bytes('code')]]));
    expect(() => fs.writeFile('/var/task/out.txt', bytes('x'))).toThrowError(
      "EROFS: read-only file system, open '/var/task/out.txt'",
    );
    expect(new TextDecoder().decode(fs.readFile('/var/task/index.js'))).toBe('code');
    expect(fs.readdir('/var/task')).toEqual(['index.js']);
  });

  it('reports every mutation so a mirror outside the worker rebuilds the same /tmp', () => {
    const mutations: FsMutation[] = [];
    const fs = new TmpFs(100, (m) => mutations.push(m));
    fs.mkdir('/tmp/cache');
    fs.writeFile('/tmp/cache/k', bytes('v1'));
    fs.writeFile('/tmp/gone', bytes('x'));
    fs.unlink('/tmp/gone');
    const mirror: TmpSnapshot = { dirs: [], files: [] };
    for (const m of mutations) applyMutation(mirror, m);
    const restored = TmpFs.fromSnapshot(mirror, 100);
    expect(restored.readdir('/tmp')).toEqual(['cache']);
    expect(new TextDecoder().decode(restored.readFile('/tmp/cache/k'))).toBe('v1');
    expect(restored.usedBytes).toBe(2);
  });

  it('normalises relative paths against /var/task', () => {
    expect(normalizePath('../tmp/./a//b')).toBe('/var/tmp/a/b');
    expect(normalizePath('/tmp/a/../b')).toBe('/tmp/b');
  });
});
