/**
 * "Make Python available offline": fetches Python's runtime files ahead of time into the cache the service
 * worker's Python rule answers from (pythonAssets.ts), reporting progress in bytes. Files already cached are
 * skipped, so pressing the button twice downloads nothing the second time.
 *
 * The Python runtime (src/sandbox/runtimes/python, not here yet) supplies the list of URLs; the button is
 * MakePythonOfflineButton.tsx.
 */
import type { AssetCache } from '../../platform/cacheStorage';

export interface PythonDownloadProgress {
  filesDone: number;
  filesTotal: number;
  bytesLoaded: number;
  /** Sum of the Content-Length of the files seen so far; null while any is unknown. */
  bytesExpected: number | null;
}

export interface PythonDownloadDependencies {
  cache: AssetCache;
  fetch(url: string): Promise<Response>;
  onProgress?(progress: PythonDownloadProgress): void;
}

/** Reads a response body while counting bytes, and returns a fresh Response with the same status and headers. */
async function readCounting(response: Response, onBytes: (count: number) => void): Promise<Response> {
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onBytes(buffer.byteLength);
    return new Response(buffer, { status: response.status, headers: response.headers });
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onBytes(value.byteLength);
  }
  return new Response(new Blob(chunks as BlobPart[]), { status: response.status, headers: response.headers });
}

/** Downloads every URL not yet cached; throws (naming the file) on the first one that fails. */
export async function makePythonAvailableOffline(
  urls: readonly string[],
  { cache, fetch, onProgress }: PythonDownloadDependencies,
): Promise<PythonDownloadProgress> {
  const progress: PythonDownloadProgress = {
    filesDone: 0,
    filesTotal: urls.length,
    bytesLoaded: 0,
    bytesExpected: 0,
  };
  const report = () => onProgress?.({ ...progress });
  report();
  for (const url of urls) {
    if (await cache.has(url)) {
      progress.filesDone += 1;
      report();
      continue;
    }
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`Could not download ${url} (HTTP ${response.status})`);
    const length = Number(response.headers.get('content-length'));
    progress.bytesExpected =
      progress.bytesExpected === null || !Number.isFinite(length) || length <= 0
        ? null
        : progress.bytesExpected + length;
    const copy = await readCounting(response, (count) => {
      progress.bytesLoaded += count;
      report();
    });
    await cache.put(url, copy);
    progress.filesDone += 1;
    report();
  }
  return { ...progress };
}

/** "12.3 of 14.0 MB", or "12.3 MB" while the total is unknown. */
export function describeDownload(progress: PythonDownloadProgress): string {
  const mb = (bytes: number) => (bytes / 1_000_000).toFixed(1);
  return progress.bytesExpected
    ? `${mb(progress.bytesLoaded)} of ${mb(progress.bytesExpected)} MB`
    : `${mb(progress.bytesLoaded)} MB`;
}
