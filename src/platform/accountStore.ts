/**
 * Where the simulated AWS account of each workspace is saved: one IndexedDB database per course copy (its name
 * includes `courseNamespace()`, so two courses on one origin never share it), one record per workspace. The record
 * is the account's JSON export as text plus a version; reading never throws (a value that cannot be read is
 * handed back as is, for the caller to keep as a bad copy). Without IndexedDB (blocked, private mode) the store
 * keeps records in memory for the session and says so in the storage status.
 *
 * Also the save scheduler: writes are coalesced (an account changes on every SDK call) and flushed when the page
 * is hidden, so a reload right after a change still finds it.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { courseNamespace } from './namespace';
import { reportStorageNotice } from './storage';

const STORE = 'accounts';
const BACKUP_MARK = ':backup:';

export interface SavedAccountRecord {
  version: 1;
  /** Epoch ms of the save. */
  savedAt: number;
  /** The account's export (AwsAccount.snapshot()) as JSON text. */
  json: string;
}

export interface AccountStore {
  /** Where records live, for notices: `IndexedDB "coldstart@/:aws-accounts"` or `memory`. */
  readonly location: string;
  /** The saved value of a workspace as stored (not checked), or undefined. */
  read(workspaceId: string): Promise<unknown>;
  write(workspaceId: string, record: SavedAccountRecord): Promise<void>;
  /** Keep a value that could not be used next to the live one; returns the key it is kept under. */
  keepBadCopy(workspaceId: string, value: unknown): Promise<string>;
  remove(workspaceId: string): Promise<void>;
  /** Keys of kept bad copies (for support and tests). */
  backups(): Promise<string[]>;
}

/** The database name of this course copy's saved accounts. */
export function accountDatabaseName(): string {
  return `${courseNamespace()}:aws-accounts`;
}

function backupKey(workspaceId: string, existing: ReadonlySet<string>): string {
  let at = Date.now();
  while (existing.has(`${workspaceId}${BACKUP_MARK}${at}`)) at++;
  return `${workspaceId}${BACKUP_MARK}${at}`;
}

export function createMemoryAccountStore(location = 'memory'): AccountStore {
  const records = new Map<string, unknown>();
  return {
    location,
    read: async (workspaceId) => structuredClone(records.get(workspaceId)),
    write: async (workspaceId, record) => void records.set(workspaceId, structuredClone(record)),
    async keepBadCopy(workspaceId, value) {
      const key = backupKey(workspaceId, new Set(records.keys()));
      records.set(key, structuredClone(value));
      return key;
    },
    remove: async (workspaceId) => void records.delete(workspaceId),
    backups: async () => [...records.keys()].filter((key) => key.includes(BACKUP_MARK)),
  };
}

function indexedDbStore(database: IDBPDatabase, name: string): AccountStore {
  return {
    location: `IndexedDB "${name}"`,
    read: (workspaceId) => database.get(STORE, workspaceId),
    write: async (workspaceId, record) => {
      await database.put(STORE, record, workspaceId);
    },
    async keepBadCopy(workspaceId, value) {
      const keys = new Set((await database.getAllKeys(STORE)).map(String));
      const key = backupKey(workspaceId, keys);
      try {
        await database.put(STORE, value, key);
      } catch {
        // A value IndexedDB cannot clone back in: keep its text instead.
        await database.put(STORE, String(value), key);
      }
      return key;
    },
    remove: async (workspaceId) => {
      await database.delete(STORE, workspaceId);
    },
    backups: async () =>
      (await database.getAllKeys(STORE)).map(String).filter((key) => key.includes(BACKUP_MARK)),
  };
}

let opened: Promise<AccountStore> | null = null;

/** The page's account store (IndexedDB, or memory when the browser refuses it). */
export function openAccountStore(): Promise<AccountStore> {
  opened ??= (async () => {
    const name = accountDatabaseName();
    try {
      if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
      const database = await openDB(name, 1, {
        upgrade(db) {
          if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
        },
      });
      return indexedDbStore(database, name);
    } catch {
      reportStorageNotice({ kind: 'unavailable' });
      return createMemoryAccountStore();
    }
  })();
  return opened;
}

export interface SaveScheduler {
  /** A change happened: save after a quiet moment. */
  schedule(): void;
  /** Save now if a save is due (and wait for it). */
  flush(): Promise<void>;
  dispose(): void;
}

/**
 * Coalesces saves: one write `delayMs` after the last change (at most `maxDelayMs` after the first), and at once
 * when the page is hidden or unloads. Saves never overlap; a change during a save schedules one more. A change only
 * notes its time: the one timer, armed by the first change, looks again when it fires, so a burst of 10,000
 * PutItems arms a handful of timers instead of clearing and setting one per item (issue #11's hot path).
 */
export function createSaveScheduler(
  save: () => Promise<void>,
  options: { delayMs?: number; maxDelayMs?: number } = {},
): SaveScheduler {
  const delayMs = options.delayMs ?? 400;
  const maxDelayMs = options.maxDelayMs ?? 3000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstChangeAt = 0;
  let lastChangeAt = 0;
  let due = false;
  let running: Promise<void> | null = null;
  let disposed = false;

  const run = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!due || disposed) return;
    if (running) {
      await running;
      return run();
    }
    due = false;
    running = save().finally(() => {
      running = null;
    });
    await running;
  };

  const arm = (wait: number) => {
    timer = setTimeout(onTimer, Math.max(0, wait));
  };

  function onTimer(): void {
    timer = null;
    if (!due || disposed) return;
    const saveAt = Math.min(lastChangeAt + delayMs, firstChangeAt + maxDelayMs);
    const now = Date.now();
    if (now < saveAt) arm(saveAt - now);
    else void run();
  }

  const onHidden = () => {
    if (document.visibilityState === 'hidden') void run();
  };
  const onPageHide = () => void run();
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
  }

  return {
    schedule() {
      if (disposed) return;
      const now = Date.now();
      if (!due) firstChangeAt = now;
      due = true;
      lastChangeAt = now;
      if (!timer) arm(Math.min(delayMs, firstChangeAt + maxDelayMs - now));
    },
    flush: run,
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      if (typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', onHidden);
        window.removeEventListener('pagehide', onPageHide);
      }
    },
  };
}
