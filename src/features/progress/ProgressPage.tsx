/**
 * #/progress: what the learner has done, where it is saved, and export / import / reset of every
 * saved store, plus the settings that are not in the header (motion, editor).
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Link } from '../../app/router';
import { useStore } from 'zustand';
import { courseSections, lessons, pageTitle } from '../../course/course';
import { appStorage, storageMigration, storageStatus, type KeyValueStorage } from '../../platform/storage';
import { describeBackupKey } from '../../platform/persist';
import { downloadText } from '../../platform/download';
import { useProgressStore } from './progress.store';
import { useSettingsStore, type EditorMode, type MotionSetting, type ThemeSetting } from './settings.store';
import {
  applyImport,
  buildExport,
  exportFileName,
  listBackups,
  planImport,
  resetAll,
  MAX_IMPORT_BYTES,
  type ImportMode,
  type ImportPlan,
} from './transfer';
import { previewImport, type ImportPreview } from './importPreview';
import { ImportDialog } from './ImportDialog';
import { loadAllStores } from './loadAllStores';
import { ConfirmDialog } from './ConfirmDialog';
import { ScoresPanel } from './ScoresPanel';
import { useLabScoreItems } from '../lab/labScores';
import { ReviewPanel } from './ReviewPanel';
import './progress.css';

export interface ProgressPageProps {
  /** Where saved data lives; tests pass an in-memory storage. */
  storage?: KeyValueStorage;
}

export default function ProgressPage({ storage = appStorage }: ProgressPageProps) {
  useEffect(() => {
    document.title = pageTitle('Your progress');
  }, []);
  const labScores = useLabScoreItems();
  return (
    <div className="page progress-page">
      <h1>Your progress</h1>
      <p className="lead">
        Progress is saved in this browser only. Export it to keep a copy or to continue in another browser.
      </p>
      <ProgressSummary />
      <ScoresPanel labScores={labScores} />
      <ReviewPanel />
      <SavedDataPanel storage={storage} />
      <SettingsPanel />
    </div>
  );
}

/** Blob.text() where available, FileReader elsewhere (older engines, jsdom). */
function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  if (d.getTime() <= 0) return 'before dates were recorded';
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function ProgressSummary() {
  const completed = useProgressStore((s) => s.completed);
  const visited = useProgressStore((s) => s.visited);
  const lastLesson = useProgressStore((s) => s.lastLesson);
  const lastHeading = useProgressStore((s) => s.lastHeading);
  const done = lessons.filter((l) => l.slug in completed);
  const total = lessons.length;
  const remaining = lessons.filter((l) => !(l.slug in completed)).reduce((sum, l) => sum + l.minutes, 0);
  const last = lessons.find((l) => l.slug === lastLesson);
  const percent = total ? Math.round((done.length / total) * 100) : 0;

  return (
    <section className="progress-section" aria-labelledby="progress-summary">
      <h2 id="progress-summary">Summary</h2>
      <p>
        <strong>
          {done.length} of {total} lessons completed
        </strong>{' '}
        · about {remaining} minutes left
      </p>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Lessons completed"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done.length}
        aria-valuetext={`${percent}%`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      {last ? (
        <p>
          Last visited:{' '}
          <Link to={`/lessons/${last.slug}${lastHeading ? `#${lastHeading}` : ''}`}>
            Continue “{last.title}”
          </Link>
        </p>
      ) : null}
      {courseSections.map((section) => (
        <div key={section.id} className="progress-lessons">
          <h3>{section.title}</h3>
          <ul>
            {section.lessons.map((l) => {
              const c = completed[l.slug];
              const v = visited[l.slug];
              return (
                <li key={l.slug}>
                  <Link to={`/lessons/${l.slug}`}>{l.title}</Link>{' '}
                  <span className={c ? 'status ok' : 'status'}>
                    {c ? `completed ${formatDate(c)}` : v ? `visited ${formatDate(v)}` : 'not started'}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

function StorageModeLine() {
  const mode = useStore(storageStatus, (s) => s.mode);
  const notices = useStore(storageStatus, (s) => s.notices);
  if (mode === 'persistent') {
    return (
      <>
        <p className="storage-mode">Saving: on. Your progress is saved in this browser’s local storage.</p>
        {storageMigration.status === 'deferred' ? (
          <p className="storage-mode warn">
            This copy of the course is still using saved data shared with any other Coldstart course on this
            site, because {storageMigration.reason}, so it could not yet be given a store of its own. Nothing
            is lost; it moves over on a later visit once there is room.
          </p>
        ) : null}
      </>
    );
  }
  const full = notices.some((n) => n.kind === 'full');
  return (
    <p className="storage-mode warn">
      Saving: this tab only.{' '}
      {full
        ? 'Browser storage is full, so changes are kept in memory until you close this tab.'
        : 'This browser does not let the course save data, so changes are kept in memory until you close this tab.'}{' '}
      Export your progress to keep it.
    </p>
  );
}

/** A valid file waiting for the learner's choice in the import dialog. */
interface PendingImport {
  fileName: string;
  exportedOn: string | null;
  plan: Extract<ImportPlan, { ok: true }>;
  preview: ImportPreview;
}

function SavedDataPanel({ storage }: { storage: KeyValueStorage }) {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState<PendingImport | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  // Bumped after anything that may add or remove backups, so the list re-reads storage.
  const [revision, setRevision] = useState(0);
  const resetButton = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const notices = useStore(storageStatus, (s) => s.notices);

  useEffect(() => {
    // Register every feature's store so the summary of what gets exported is complete.
    void loadAllStores();
  }, []);

  const backups = listBackups(storage)
    .map((key) => ({ key, info: describeBackupKey(key) }))
    .sort((a, b) => (b.info?.savedAt.getTime() ?? 0) - (a.info?.savedAt.getTime() ?? 0));
  void revision;
  void notices;

  async function onExport() {
    setError('');
    await loadAllStores();
    const now = new Date();
    const data = buildExport(storage, now);
    const name = exportFileName(now);
    downloadText(name, JSON.stringify(data, null, 2));
    setStatus(`Exported ${Object.keys(data.stores).length} kinds of saved data to ${name}.`);
  }

  async function importFile(file: File) {
    setStatus('');
    setError('');
    setBusy(true);
    try {
      // Refuse huge files before reading them into memory.
      const text = file.size > MAX_IMPORT_BYTES ? '' : await readText(file);
      await loadAllStores();
      const plan = planImport(text, file.size);
      if (!plan.ok) {
        setError(`Could not import “${file.name}”: ${plan.error}`);
        return;
      }
      // Nothing is written before the learner has seen what would change and chosen.
      const exportedOn =
        plan.exportedAt && !Number.isNaN(Date.parse(plan.exportedAt)) ? formatDate(plan.exportedAt) : null;
      setPending({ fileName: file.name, exportedOn, plan, preview: previewImport(plan, storage) });
    } catch (e) {
      setError(`Could not read “${file.name}”: ${(e as Error).message}. Nothing was changed.`);
    } finally {
      setBusy(false);
      setRevision((r) => r + 1);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  function finishImport(mode: ImportMode | null) {
    const job = pending;
    setPending(null);
    fileInput.current?.focus();
    if (!job) return;
    if (mode === null) {
      setStatus(`Import of “${job.fileName}” cancelled. Nothing was changed.`);
      return;
    }
    const names = applyImport(job.plan, storage, mode);
    const when = job.exportedOn ? ` (exported ${job.exportedOn})` : '';
    const how = mode === 'merge' ? 'merged with' : 'replacing';
    setStatus(`Imported ${names.join(', ')} from “${job.fileName}”${when}, ${how} what was saved here.`);
    setRevision((r) => r + 1);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void importFile(file);
  }

  async function confirmReset() {
    setConfirming(false);
    await loadAllStores();
    resetAll(storage);
    setError('');
    setStatus('Progress reset. Every lesson, quiz answer, checklist tick and setting is back to the start.');
    setRevision((r) => r + 1);
    resetButton.current?.focus();
  }

  function cancelReset() {
    setConfirming(false);
    resetButton.current?.focus();
  }

  function downloadBackup(key: string) {
    const raw = storage.getItem(key);
    if (raw === null) return;
    const info = describeBackupKey(key);
    downloadText(
      `coldstart-backup-${info?.store ?? 'data'}-${info?.savedAt.getTime() ?? 0}.txt`,
      raw,
      'text/plain',
    );
  }

  function deleteBackup(key: string) {
    storage.removeItem(key);
    setStatus('Backup deleted.');
    setRevision((r) => r + 1);
  }

  return (
    <section className="progress-section" aria-labelledby="progress-saved">
      <h2 id="progress-saved">Saved data</h2>
      <StorageModeLine />

      {backups.length > 0 ? (
        <div className="backup-notice" aria-labelledby="progress-backups">
          <h3 id="progress-backups">Unreadable saved data was set aside</h3>
          <p>
            Some saved data could not be read (it was damaged, or written by a newer version of Coldstart), so
            that part started fresh. The unreadable copy is kept here; download it if you want to keep or
            inspect it.
          </p>
          <ul>
            {backups.map(({ key, info }) => (
              <li key={key}>
                <span>
                  “{info?.store}” set aside {info ? info.savedAt.toLocaleString() : ''}
                </span>{' '}
                <button type="button" className="icon-button" onClick={() => downloadBackup(key)}>
                  Download backup of “{info?.store}”
                </button>{' '}
                <button type="button" className="icon-button" onClick={() => deleteBackup(key)}>
                  Delete backup of “{info?.store}”
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="transfer-actions">
        <button type="button" className="button" onClick={() => void onExport()}>
          Export progress
        </button>
        <button
          ref={resetButton}
          type="button"
          className="button secondary danger-outline"
          onClick={() => {
            setStatus('');
            setConfirming(true);
          }}
        >
          Reset progress…
        </button>
      </div>

      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="progress-import">Import progress from a file</label>
        <input
          ref={fileInput}
          id="progress-import"
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void importFile(file);
          }}
        />
        <p className="hint">
          Choose a file exported from Coldstart, or drop it here. You see what it would change and choose to
          merge or replace before anything is saved; a file that is not entirely valid changes nothing.
        </p>
      </div>

      {error ? (
        <p role="alert" className="transfer-error">
          {error}
        </p>
      ) : null}
      <p role="status" className="transfer-status">
        {status}
      </p>

      {pending ? (
        <ImportDialog
          fileName={pending.fileName}
          exportedOn={pending.exportedOn}
          preview={pending.preview}
          onChoose={finishImport}
          onCancel={() => finishImport(null)}
        />
      ) : null}

      {confirming ? (
        <ConfirmDialog
          title="Reset all progress?"
          description="This clears completed and visited lessons, quiz answers, checklist ticks and settings saved in this browser. Export first if you may want them back."
          confirmLabel="Reset everything"
          onConfirm={() => void confirmReset()}
          onCancel={cancelReset}
        />
      ) : null}
    </section>
  );
}

function RadioGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: V;
  options: Array<{ value: V; label: string }>;
  onChange(v: V): void;
}) {
  return (
    <fieldset className="setting">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function SettingsPanel() {
  const s = useSettingsStore();
  return (
    <section className="progress-section" aria-labelledby="progress-settings">
      <h2 id="progress-settings">Settings</h2>
      <RadioGroup<ThemeSetting>
        legend="Theme"
        name="theme"
        value={s.theme}
        onChange={s.setTheme}
        options={[
          { value: 'system', label: 'Follow the system' },
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
        ]}
      />
      <RadioGroup<MotionSetting>
        legend="Motion"
        name="motion"
        value={s.reducedMotion}
        onChange={s.setReducedMotion}
        options={[
          { value: 'system', label: 'Follow the system' },
          { value: 'reduce', label: 'Reduce motion' },
          { value: 'no-preference', label: 'Allow animations' },
        ]}
      />
      <RadioGroup<EditorMode>
        legend="Code editor"
        name="editor"
        value={s.editorMode}
        onChange={s.setEditorMode}
        options={[
          { value: 'monaco', label: 'Full editor (Monaco)' },
          { value: 'plain', label: 'Plain text box (lighter, screen-reader friendly)' },
        ]}
      />
    </section>
  );
}
