/**
 * The "Make Python available offline" button with its progress bar. It plugs in wherever Python is chosen
 * (the playground's runtime picker, Python lab steps) and on the Progress page's settings, once the Python
 * runtime exists: pass `listUrls`, which returns the runtime's file URLs (Pyodide's wasm, stdlib, lock file).
 */
import { useState } from 'react';
import { browserFetch, openAssetCache, type AssetCache } from '../../platform/cacheStorage';
import { PYTHON_CACHE_NAME } from './pythonAssets';
import { describeDownload, makePythonAvailableOffline, type PythonDownloadProgress } from './pythonOffline';

export interface MakePythonOfflineButtonProps {
  listUrls(): Promise<readonly string[]> | readonly string[];
  /** Tests pass a fake cache and fetch. */
  openCache?: () => Promise<AssetCache | null>;
  fetch?: (url: string) => Promise<Response>;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'downloading'; progress: PythonDownloadProgress }
  | { kind: 'done' }
  | { kind: 'failed'; message: string };

export function MakePythonOfflineButton({
  listUrls,
  openCache = () => openAssetCache(PYTHON_CACHE_NAME),
  fetch = browserFetch,
}: MakePythonOfflineButtonProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  async function download() {
    const cache = await openCache();
    if (!cache) {
      setStatus({ kind: 'failed', message: 'This browser cannot keep files for offline use here.' });
      return;
    }
    try {
      const urls = await listUrls();
      await makePythonAvailableOffline(urls, {
        cache,
        fetch,
        onProgress: (progress) => setStatus({ kind: 'downloading', progress }),
      });
      setStatus({ kind: 'done' });
    } catch (error) {
      setStatus({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const progress = status.kind === 'downloading' ? status.progress : null;
  return (
    <div className="python-offline">
      <button
        type="button"
        className="button secondary"
        disabled={status.kind === 'downloading'}
        onClick={() => void download()}
      >
        Make Python available offline
      </button>
      {progress ? (
        <progress
          aria-label="Python download"
          max={progress.bytesExpected ?? undefined}
          value={progress.bytesExpected ? progress.bytesLoaded : undefined}
        />
      ) : null}
      <p role="status">
        {progress
          ? `Downloading Python: ${describeDownload(progress)}`
          : status.kind === 'done'
            ? 'Python is available offline.'
            : status.kind === 'failed'
              ? `Python could not be saved for offline use: ${status.message}`
              : null}
      </p>
    </div>
  );
}
