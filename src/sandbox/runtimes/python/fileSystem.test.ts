import { describe, expect, it } from 'vitest';
import { noopPyodideFileSystem } from './fakeFileSystem.testing';
import { PythonFileSystem } from './fileSystem';
import type { EmscriptenFs } from './pyodide';

describe('PythonFileSystem.writeFiles', () => {
  it('writes each file as its UTF-8 bytes, owned by the file, making each folder once', () => {
    const folders: string[] = [];
    const written: Array<{ path: string; data: unknown; canOwn: boolean | undefined }> = [];
    const fs = {
      ...noopPyodideFileSystem(),
      mkdirTree: (path: string) => folders.push(path),
      writeFile: (path: string, data: unknown, options?: { canOwn?: boolean }) =>
        written.push({ path, data, canOwn: options?.canOwn }),
    } as unknown as EmscriptenFs;
    new PythonFileSystem(fs, {}).writeFiles('/var/task', [
      { path: 'lambda_function.py', content: 'print("héllo ✓")' },
      { path: 'pkg/__init__.py', content: '' },
      { path: 'pkg/mod.py', content: 'x = 1' },
      ['pkg//deep/z.py', 'y = 2'],
    ]);
    expect(folders).toEqual(['/var/task', '/var/task/pkg', '/var/task/pkg/deep']);
    expect(written.map((file) => file.path)).toEqual([
      '/var/task/lambda_function.py',
      '/var/task/pkg/__init__.py',
      '/var/task/pkg/mod.py',
      '/var/task/pkg/deep/z.py',
    ]);
    const first = written[0]!;
    expect(first.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(first.data as Uint8Array)).toEqual(Array.from(Buffer.from('print("héllo ✓")', 'utf8')));
    expect(written.every((file) => file.canOwn === true)).toBe(true);
  });
});
