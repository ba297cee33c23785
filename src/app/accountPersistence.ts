/**
 * A workspace's account on disk: restored once when the workspace opens, saved (coalesced) after every change,
 * reset, exported and imported as JSON. Import is validated all or nothing by the account itself
 * (AwsAccount.restore): a bad file changes nothing. A saved copy that cannot be read starts the account clean,
 * keeps the bad copy next to it and says so, as progress does (issue #11, item 9).
 */
import type { AwsAccount, AccountSnapshot } from '../sim/aws/account';
import type { AwsService } from '../sim/aws/service';
import { createSaveScheduler, type AccountStore, type SaveScheduler } from '../platform/accountStore';
import { reportStorageNotice } from '../platform/storage';

export const SAVED_ACCOUNT_VERSION = 1;

export type ImportResult = { ok: true } | { ok: false; error: string };

/** The account export inside a saved record, or why it cannot be used. Pure. */
export function parseSavedRecord(value: unknown): { ok: true; data: unknown } | { ok: false; error: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'not a saved account record' };
  const record = value as { version?: unknown; json?: unknown };
  if (record.version !== SAVED_ACCOUNT_VERSION)
    return { ok: false, error: `unknown saved account version ${String(record.version)}` };
  if (typeof record.json !== 'string') return { ok: false, error: 'the saved account has no JSON' };
  try {
    return { ok: true, data: JSON.parse(record.json) as unknown };
  } catch (error) {
    return { ok: false, error: `the saved account is not JSON: ${(error as Error).message}` };
  }
}

/**
 * Parts of a restored account that a service could not read and left out (the Lambda API's event source mappings
 * restore one by one: src/sim/lambda/eventSources/savedMappings.ts).
 */
export function partialRestoreProblems(account: AwsAccount): readonly string[] {
  const lambda = account.service<AwsService & { restoreProblems?(): readonly string[] }>('lambda');
  return lambda?.restoreProblems?.() ?? [];
}

export class AccountPersistence {
  /** Settles once the saved copy is restored, or found missing or unreadable. Never rejects. */
  readonly ready: Promise<void>;
  private readonly scheduler: SaveScheduler | null;
  private store: AccountStore | null = null;
  private offChanges: (() => void) | null = null;
  private restoredFromDisk = false;

  constructor(
    readonly workspaceId: string,
    private readonly account: AwsAccount,
    store: AccountStore | Promise<AccountStore> | null,
    /** Resources a workspace starts with (a lesson's table); told whether a saved copy was restored. */
    private readonly seed: (account: AwsAccount, restored: boolean) => void = () => {},
  ) {
    this.scheduler = store ? createSaveScheduler(() => this.save()) : null;
    this.ready = this.open(store);
  }

  /** True when the account came back from a saved copy at open. */
  get restored(): boolean {
    return this.restoredFromDisk;
  }

  private async open(pending: AccountStore | Promise<AccountStore> | null): Promise<void> {
    try {
      this.store = pending ? await pending : null;
      const store = this.store;
      const saved = store ? await store.read(this.workspaceId) : undefined;
      if (store && saved !== undefined) {
        const parsed = parseSavedRecord(saved);
        let problem = parsed.ok ? null : parsed.error;
        if (parsed.ok) {
          try {
            this.account.restore(parsed.data);
            this.restoredFromDisk = true;
          } catch (error) {
            problem = (error as Error).message;
          }
        }
        if (problem === null && partialRestoreProblems(this.account).length > 0) {
          // Everything readable came back; the unreadable part (a mapping) is kept aside and named.
          const backupKey = await store.keepBadCopy(this.workspaceId, saved);
          reportStorageNotice({
            kind: 'corrupt',
            key: `${store.location} › ${this.workspaceId} › event source mappings`,
            backupKey: `${store.location} › ${backupKey}`,
          });
        }
        if (problem !== null) {
          this.account.reset();
          const backupKey = await store.keepBadCopy(this.workspaceId, saved);
          await store.remove(this.workspaceId);
          reportStorageNotice({
            kind: 'corrupt',
            key: `${store.location} › ${this.workspaceId}`,
            backupKey: `${store.location} › ${backupKey}`,
          });
        }
      }
    } catch {
      // IndexedDB failed mid-way: the account starts clean and is kept in memory for this session.
      this.store = null;
      reportStorageNotice({ kind: 'unavailable' });
    }
    this.seed(this.account, this.restoredFromDisk);
    this.offChanges = this.account.subscribe(() => this.scheduler?.schedule());
  }

  private async save(): Promise<void> {
    if (!this.store) return;
    await this.store.write(this.workspaceId, {
      version: SAVED_ACCOUNT_VERSION,
      savedAt: Date.now(),
      json: JSON.stringify(this.account.snapshot()),
    });
  }

  /** Write any pending change now (after a console edit, before a reload). */
  async flush(): Promise<void> {
    await this.ready;
    await this.scheduler?.flush();
  }

  /** The account as JSON text (the export format: AwsAccount.snapshot()). */
  exportJson(): string {
    return JSON.stringify(this.account.snapshot());
  }

  /** Replace the account with an export; nothing changes when the file is not a valid one. */
  async importJson(json: string): Promise<ImportResult> {
    await this.ready;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      return { ok: false, error: `The file is not JSON: ${(error as Error).message}` };
    }
    try {
      this.account.restore(data as AccountSnapshot);
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
    await this.flush();
    return { ok: true };
  }

  /** Empty every service (and put back what the workspace starts with). */
  async reset(): Promise<void> {
    await this.ready;
    this.account.reset();
    this.seed(this.account, false);
    await this.flush();
  }

  async dispose(): Promise<void> {
    await this.flush();
    this.offChanges?.();
    this.scheduler?.dispose();
  }
}
