import { describe, expect, it } from 'vitest';
import type { AssetCache } from '../../platform/cacheStorage';
import { isPythonAsset } from './pythonAssets';
import { describeDownload, makePythonAvailableOffline, type PythonDownloadProgress } from './pythonOffline';

function memoryCache(initial: string[] = []) {
  const entries = new Map<string, Response>(initial.map((url) => [url, new Response('old')]));
  const cache: AssetCache = {
    has: async (url) => entries.has(url),
    put: async (url, response) => void entries.set(url, response),
  };
  return { cache, entries };
}

function serve(files: Record<string, string>) {
  const requested: string[] = [];
  return {
    requested,
    fetch: async (url: string) => {
      requested.push(url);
      const body = files[url];
      return body === undefined
        ? new Response('missing', { status: 404 })
        : new Response(body, { status: 200, headers: { 'content-length': String(body.length) } });
    },
  };
}

describe('makePythonAvailableOffline', () => {
  it('puts every file into the cache with its full body and reports byte progress', async () => {
    const { cache, entries } = memoryCache();
    const server = serve({
      'https://x/pyodide/pyodide.asm.wasm': 'wasm-bytes',
      'https://x/pyodide/python_stdlib.zip': 'zip',
    });
    const seen: PythonDownloadProgress[] = [];
    const result = await makePythonAvailableOffline(
      Object.keys({ 'https://x/pyodide/pyodide.asm.wasm': 0, 'https://x/pyodide/python_stdlib.zip': 0 }),
      {
        cache,
        fetch: server.fetch,
        onProgress: (p) => seen.push(p),
      },
    );
    expect(result).toEqual({ filesDone: 2, filesTotal: 2, bytesLoaded: 13, bytesExpected: 13 });
    expect(await entries.get('https://x/pyodide/pyodide.asm.wasm')!.text()).toBe('wasm-bytes');
    expect(seen[0]).toMatchObject({ filesDone: 0, bytesLoaded: 0 });
    expect(seen.map((p) => p.bytesLoaded)).toEqual([...seen.map((p) => p.bytesLoaded)].sort((a, b) => a - b));
  });

  it('skips files already cached (a second press downloads nothing)', async () => {
    const { cache } = memoryCache(['https://x/pyodide/a.wasm']);
    const server = serve({ 'https://x/pyodide/a.wasm': 'aaaa', 'https://x/pyodide/b.zip': 'b' });
    await makePythonAvailableOffline(['https://x/pyodide/a.wasm', 'https://x/pyodide/b.zip'], {
      cache,
      fetch: server.fetch,
    });
    expect(server.requested).toEqual(['https://x/pyodide/b.zip']);
  });

  it('fails naming the file that could not be downloaded, caching nothing for it', async () => {
    const { cache, entries } = memoryCache();
    const server = serve({});
    await expect(
      makePythonAvailableOffline(['https://x/pyodide/gone.wasm'], { cache, fetch: server.fetch }),
    ).rejects.toThrow('https://x/pyodide/gone.wasm (HTTP 404)');
    expect(entries.size).toBe(0);
  });

  it('describes progress in megabytes', () => {
    expect(
      describeDownload({ filesDone: 0, filesTotal: 2, bytesLoaded: 1_250_000, bytesExpected: 9_000_000 }),
    ).toBe('1.3 of 9.0 MB');
    expect(
      describeDownload({ filesDone: 0, filesTotal: 2, bytesLoaded: 1_250_000, bytesExpected: null }),
    ).toBe('1.3 MB');
  });
});

describe('isPythonAsset (the service worker runtime rule)', () => {
  it.each([
    'https://u.github.io/course/pyodide/pyodide.asm.wasm',
    'https://u.github.io/course/pyodide/pyodide-lock.json',
    'https://u.github.io/course/assets/pyodide.asm-Abc123.wasm',
    'https://u.github.io/course/assets/python_stdlib-Xy9.zip',
    'https://u.github.io/course/pyodide/micropip-0.9.0-py3-none-any.whl',
  ])('covers %s', (url) => expect(isPythonAsset(url)).toBe(true));

  it.each([
    'https://u.github.io/course/assets/ts.worker-CVbFdYz4.js',
    'https://u.github.io/course/assets/index-abc.js',
    'https://u.github.io/course/index.html',
    'https://u.github.io/course/#/lessons/python-handlers',
  ])('leaves %s to the precache', (url) => expect(isPythonAsset(url)).toBe(false));
});
