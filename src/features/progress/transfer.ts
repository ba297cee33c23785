/**
 * Export, import and reset across every saved store (the platform registry), plus saved values of
 * stores whose code is not loaded in this page (kept as they are, so an export never drops data).
 * Import validates the whole file first and changes nothing until the learner has seen what would
 * change (importPreview.ts) and chosen Merge or Replace.
 */
import {
  STORAGE_PREFIX,
  isBackupKey,
  readEnvelope,
  registeredStores,
  type RegisteredStore,
} from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';

export const EXPORT_FORMAT = 'coldstart-progress';
export const EXPORT_FORMAT_VERSION = 1;
/** Real exports are a few KB; anything near this is not one. */
export const MAX_IMPORT_BYTES = 1_000_000;

export interface SavedEntry {
  version: number;
  state: unknown;
}

export interface ProgressExport {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  exportedAt: string;
  stores: Record<string, SavedEntry>;
}

const STORE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const NOTHING_CHANGED = 'Nothing was changed.';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `coldstart-progress-2026-11-26.json` (the learner's local date). */
export function exportFileName(now: Date): string {
  return `coldstart-progress-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/** Saved values under `coldstart:<name>` whose store is not registered in this page. */
function unregisteredEntries(backend: KeyValueStorage, stores: RegisteredStore[]): Map<string, SavedEntry> {
  const known = new Set(stores.map((s) => s.key));
  const out = new Map<string, SavedEntry>();
  for (const key of backend.keys()) {
    if (!key.startsWith(STORAGE_PREFIX) || isBackupKey(key) || known.has(key)) continue;
    const name = key.slice(STORAGE_PREFIX.length);
    const env = readEnvelope(backend.getItem(key));
    if (!STORE_NAME.test(name) || !env || env.version === undefined) continue;
    out.set(name, { version: env.version, state: env.state });
  }
  return out;
}

export function buildExport(
  backend: KeyValueStorage,
  now: Date = new Date(),
  stores: RegisteredStore[] = registeredStores(),
): ProgressExport {
  const out: Record<string, SavedEntry> = {};
  for (const [name, entry] of unregisteredEntries(backend, stores)) out[name] = entry;
  for (const store of [...stores].sort((a, b) => a.name.localeCompare(b.name))) {
    out[store.name] = { version: store.version, state: store.snapshot() };
  }
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    stores: out,
  };
}

export type ImportPlan =
  | {
      ok: true;
      exportedAt: string;
      entries: Array<{ name: string; store: RegisteredStore | null; state: unknown; version: number }>;
    }
  | { ok: false; error: string };

function fail(error: string): ImportPlan {
  return { ok: false, error: `${error} ${NOTHING_CHANGED}` };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.ceil(n / 1000)} KB`;
}

/** Pure with respect to the stores: reads the file, migrates and validates every entry, changes nothing. */
export function planImport(
  text: string,
  byteSize: number = text.length,
  stores: RegisteredStore[] = registeredStores(),
): ImportPlan {
  if (byteSize > MAX_IMPORT_BYTES) {
    return fail(
      `This file is too large (${formatBytes(byteSize)}) to be a Coldstart progress export (at most ${formatBytes(MAX_IMPORT_BYTES)}).`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`This file is not readable JSON (${(e as Error).message}).`);
  }
  if (!isPlainObject(data) || data.format !== EXPORT_FORMAT) {
    return fail(`This is not a Coldstart progress file: it has no "format": "${EXPORT_FORMAT}" field.`);
  }
  const fv = data.formatVersion;
  if (typeof fv !== 'number' || !Number.isInteger(fv) || fv < 1) {
    return fail('This progress file has no valid "formatVersion".');
  }
  if (fv > EXPORT_FORMAT_VERSION) {
    return fail(
      `This file was exported by a newer version of Coldstart (format version ${fv}; this one reads up to ${EXPORT_FORMAT_VERSION}).`,
    );
  }
  if (!isPlainObject(data.stores)) return fail('This progress file has no "stores" object.');
  const names = Object.keys(data.stores);
  if (names.length === 0) return fail('This progress file contains no saved data.');
  const byName = new Map(stores.map((s) => [s.name, s]));
  const entries: Extract<ImportPlan, { ok: true }>['entries'] = [];
  for (const name of names) {
    const entry = data.stores[name];
    if (!STORE_NAME.test(name)) return fail(`"stores" has an entry with an invalid name "${name}".`);
    if (!isPlainObject(entry) || !('state' in entry)) {
      return fail(`Saved data "${name}" in this file has no "state".`);
    }
    const version = entry.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      return fail(`Saved data "${name}" in this file has no valid "version".`);
    }
    const store = byName.get(name) ?? null;
    if (!store) {
      // Its code is not loaded here; keep the value as saved data and let the store validate it on load.
      if (!isPlainObject(entry.state)) return fail(`Saved data "${name}" in this file is not an object.`);
      entries.push({ name, store: null, state: entry.state, version });
      continue;
    }
    const parsed = store.parse(entry.state, version);
    if (!parsed.ok) return fail(`Saved data "${name}" in this file is invalid: ${parsed.error}.`);
    entries.push({ name, store, state: parsed.state, version: store.version });
  }
  const exportedAt = typeof data.exportedAt === 'string' ? data.exportedAt : '';
  return { ok: true, exportedAt, entries };
}

/**
 * How an import is applied. Replace: each kind of saved data in the file replaces what is saved here.
 * Merge: kinds that can be combined (lessons, quiz answers, checklist ticks) are folded together as two
 * tabs would; the others (settings, playground code) take the file's value only where you have none yet.
 * Either way, kinds that are not in the file are left as they are.
 */
export type ImportMode = 'merge' | 'replace';

/** Applies a validated plan (after the learner confirmed it). */
export function applyImport(
  plan: Extract<ImportPlan, { ok: true }>,
  backend: KeyValueStorage,
  mode: ImportMode = 'replace',
): string[] {
  for (const entry of plan.entries) {
    if (entry.store) {
      entry.store.replace(mode === 'merge' ? entry.store.mergeWith(entry.state) : entry.state);
      continue;
    }
    const key = STORAGE_PREFIX + entry.name;
    // Not loaded here, so it cannot be combined: Merge keeps a value saved here over the file's.
    if (mode === 'merge' && readEnvelope(backend.getItem(key))) continue;
    backend.setItem(key, JSON.stringify({ state: entry.state, version: entry.version }));
  }
  return plan.entries.map((e) => e.name);
}

/** Every saved store back to its start; saved values of stores not loaded here are removed. Backups stay. */
export function resetAll(backend: KeyValueStorage, stores: RegisteredStore[] = registeredStores()): void {
  for (const [name] of unregisteredEntries(backend, stores)) backend.removeItem(STORAGE_PREFIX + name);
  for (const store of stores) store.reset();
}

/** Backups of unreadable saved values, newest first. */
export function listBackups(backend: KeyValueStorage): string[] {
  return backend.keys().filter(isBackupKey).sort().reverse();
}
