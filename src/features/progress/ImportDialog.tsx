/**
 * The import confirmation: what the file would change, per kind of saved data, before anything is
 * written, and the three choices: Cancel (the default), Merge, Replace.
 */
import type { ImportMode } from './transfer';
import type { ImportPreview, PreviewRow } from './importPreview';
import { ModalDialog } from './ConfirmDialog';

export interface ImportDialogProps {
  fileName: string;
  /** Human date the file was exported, when the file says. */
  exportedOn: string | null;
  preview: ImportPreview;
  onChoose(mode: ImportMode): void;
  onCancel(): void;
}

function Cell({ text, changes }: { text: string; changes: boolean }) {
  return (
    <td className={changes ? 'changes' : undefined}>
      {text}
      {changes ? <span className="visually-hidden"> (changes)</span> : null}
    </td>
  );
}

function Row({ row }: { row: PreviewRow }) {
  return (
    <tr>
      <th scope="row">{row.label}</th>
      <td>{row.now}</td>
      <td>{row.file}</td>
      <Cell text={row.afterMerge} changes={row.mergeChanges} />
      <Cell text={row.afterReplace} changes={row.replaceChanges} />
    </tr>
  );
}

export function ImportDialog({ fileName, exportedOn, preview, onChoose, onCancel }: ImportDialogProps) {
  const description = (
    <>
      <p>
        {exportedOn ? `Exported ${exportedOn}. ` : ''}Nothing has changed yet.{' '}
        {preview.identical
          ? 'This file holds the same saved data as this browser, so importing it would change nothing.'
          : 'Check what each choice would do, then choose.'}
      </p>
      <ul className="import-modes">
        <li>
          <strong>Merge</strong> keeps everything you have and adds the file’s lessons, quiz answers and
          checklist ticks (the more recent one wins where both have the same item). Settings and playground
          code come from the file only where you have none of your own yet.
        </li>
        <li>
          <strong>Replace</strong> takes each kind of saved data in the file as it is, instead of yours. Kinds
          the file does not contain stay as they are.
        </li>
      </ul>
    </>
  );
  return (
    <ModalDialog
      className="import-dialog"
      title={`Import “${fileName}”?`}
      description={description}
      onCancel={onCancel}
      actions={[
        { label: 'Merge', onSelect: () => onChoose('merge') },
        { label: 'Replace', onSelect: () => onChoose('replace'), tone: 'danger' },
      ]}
    >
      {/* Focusable so a keyboard can scroll it sideways on a narrow screen. */}
      <div className="import-preview" tabIndex={0} role="region" aria-label="What will change">
        <table>
          <caption>What will change</caption>
          <thead>
            <tr>
              <th scope="col">Saved data</th>
              <th scope="col">Now</th>
              <th scope="col">In the file</th>
              <th scope="col">After Merge</th>
              <th scope="col">After Replace</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <Row key={`${row.store}:${row.label}`} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </ModalDialog>
  );
}
