// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from '../../app/router';
import { lessons } from 'virtual:course';
import ProgressPage from './ProgressPage';
import { useProgressStore } from './progress.store';
import { useSettingsStore } from './settings.store';
import { appStorageKey, storageStatus } from '../../platform/storage';
import { registeredStores } from '../../platform/persist';

function renderPage() {
  return render(
    <MemoryRouter>
      <ProgressPage />
    </MemoryRouter>,
  );
}

function jsonFile(data: unknown, name = 'progress.json') {
  return new File([typeof data === 'string' ? data : JSON.stringify(data)], name, {
    type: 'application/json',
  });
}

const first = lessons[0]!;

beforeEach(() => {
  for (const s of registeredStores()) s.reset();
  storageStatus.setState({ mode: 'persistent', notices: [] }, true);
  // jsdom has no object URLs; the download itself is the browser's job (covered by e2e).
  URL.createObjectURL = vi.fn(() => 'blob:test');
  URL.revokeObjectURL = vi.fn();
});
afterEach(cleanup);

describe('ProgressPage', { timeout: 30_000 }, () => {
  it('summarises completed lessons and offers to continue', () => {
    useProgressStore.getState().markVisited(first.slug, null);
    useProgressStore.getState().markCompleted(first.slug, true);
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Your progress' })).toBeInTheDocument();
    expect(screen.getByText(`1 of ${lessons.length} lessons completed`)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: `Continue “${first.title}”` })).toHaveAttribute(
      'href',
      `/lessons/${first.slug}`,
    );
    expect(screen.getByRole('progressbar', { name: 'Lessons completed' })).toHaveAttribute(
      'aria-valuenow',
      '1',
    );
    expect(document.title).toMatch(/^Your progress/);
  });

  it('imports a bad file: specific error in an alert, nothing changed', async () => {
    useProgressStore.getState().markCompleted(first.slug, true);
    const before = JSON.stringify(useProgressStore.getState().completed);
    const user = userEvent.setup();
    renderPage();
    await user.upload(
      screen.getByLabelText('Import progress from a file'),
      jsonFile({ hello: 'world' }, 'other.json'),
    );
    const alert = await screen.findByRole('alert', {}, { timeout: 8000 });
    expect(alert).toHaveTextContent('Could not import “other.json”: This is not a Coldstart progress file');
    expect(alert).toHaveTextContent('Nothing was changed.');
    expect(JSON.stringify(useProgressStore.getState().completed)).toBe(before);
  });

  it('a good file: shows what will change, then Replace writes it and says what it restored', async () => {
    const user = userEvent.setup();
    renderPage();
    const data = {
      format: 'coldstart-progress',
      formatVersion: 1,
      exportedAt: '2026-05-01T00:00:00.000Z',
      stores: {
        progress: { version: 1, state: { completed: [first.slug] } },
        settings: { version: 2, state: { theme: 'dark', reducedMotion: 'reduce', editorMode: 'plain' } },
      },
    };
    const input = screen.getByLabelText('Import progress from a file');
    await user.upload(input, jsonFile(data));
    const dialog = await screen.findByRole(
      'alertdialog',
      { name: 'Import “progress.json”?' },
      { timeout: 8000 },
    );
    expect(within(dialog).getByText(/Nothing has changed yet/)).toBeInTheDocument();
    const completedRow = within(dialog).getByRole('row', { name: /^Lessons completed/ });
    expect(
      within(completedRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0 lessons', '1 lesson', '1 lesson (changes)', '1 lesson (changes)']);
    // Nothing is written while the dialog is open, and Cancel has the focus.
    expect(useProgressStore.getState().completed).toEqual({});
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Replace' }));
    expect(
      screen.getByText(/^Imported progress, settings from “progress.json” \(exported .*\), replacing/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(input).toHaveFocus();
    expect(useProgressStore.getState().completed).toHaveProperty(first.slug);
    expect(useSettingsStore.getState()).toMatchObject({ theme: 'dark', editorMode: 'plain' });
    expect(screen.getByRole('radio', { name: 'Dark' })).toBeChecked();
  });

  it('Cancel (or Escape) in the import dialog changes nothing', async () => {
    useProgressStore.getState().markCompleted(first.slug, true);
    useSettingsStore.getState().setTheme('light');
    const before = JSON.stringify(registeredStores().map((s) => s.snapshot()));
    const user = userEvent.setup();
    renderPage();
    const data = {
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: {
        progress: {
          version: 2,
          state: {
            visited: {},
            completed: {},
            uncompleted: {},
            lastLesson: null,
            lastHeading: null,
            lastAt: null,
          },
        },
        settings: { version: 2, state: { theme: 'dark', reducedMotion: 'reduce', editorMode: 'plain' } },
      },
    };
    const input = screen.getByLabelText('Import progress from a file');
    await user.upload(input, jsonFile(data, 'a.json'));
    await screen.findByRole('alertdialog', { name: 'Import “a.json”?' }, { timeout: 8000 });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText('Import of “a.json” cancelled. Nothing was changed.')).toBeInTheDocument();
    await user.upload(input, jsonFile(data, 'b.json'));
    await screen.findByRole('alertdialog', { name: 'Import “b.json”?' }, { timeout: 8000 });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(JSON.stringify(registeredStores().map((s) => s.snapshot()))).toBe(before);
  });

  it('Merge keeps what is saved here and adds what the file has', async () => {
    const other = lessons[1]!;
    useProgressStore.getState().markCompleted(first.slug, true);
    useSettingsStore.getState().setTheme('light');
    const user = userEvent.setup();
    renderPage();
    const data = {
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: {
        progress: { version: 1, state: { completed: [other.slug] } },
        settings: { version: 2, state: { theme: 'dark', reducedMotion: 'reduce', editorMode: 'plain' } },
      },
    };
    await user.upload(screen.getByLabelText('Import progress from a file'), jsonFile(data));
    const dialog = await screen.findByRole('alertdialog', {}, { timeout: 8000 });
    const completedRow = within(dialog).getByRole('row', { name: /^Lessons completed/ });
    expect(
      within(completedRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1 lesson', '1 lesson', '2 lessons (changes)', '1 lesson (changes)']);
    const settingsRow = within(dialog).getByRole('row', { name: /^Settings/ });
    // Your own settings are kept by Merge (they cannot be combined), replaced by Replace.
    expect(within(settingsRow).getAllByRole('cell')[2]).toHaveTextContent(/^theme light/);
    expect(within(settingsRow).getAllByRole('cell')[3]).toHaveTextContent(/^theme dark.*\(changes\)$/);
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));
    expect(
      screen.getByText(/^Imported progress, settings from “progress.json”, merged with/),
    ).toBeInTheDocument();
    expect(Object.keys(useProgressStore.getState().completed).sort()).toEqual(
      [first.slug, other.slug].sort(),
    );
    expect(useSettingsStore.getState().theme).toBe('light');
  });

  it('accepts a file dropped on the import area', async () => {
    renderPage();
    const zone = screen.getByLabelText('Import progress from a file').closest('.drop-zone')!;
    const data = {
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: { progress: { version: 1, state: { completed: [first.slug] } } },
    };
    fireEvent.dragOver(zone, { dataTransfer: { files: [] } });
    expect(zone).toHaveClass('dragging');
    fireEvent.drop(zone, { dataTransfer: { files: [jsonFile(data, 'dropped.json')] } });
    const dialog = await screen.findByRole(
      'alertdialog',
      { name: 'Import “dropped.json”?' },
      { timeout: 8000 },
    );
    expect(zone).not.toHaveClass('dragging');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replace' }));
    expect(screen.getByText(/^Imported progress from “dropped.json”/)).toBeInTheDocument();
    expect(useProgressStore.getState().completed).toHaveProperty(first.slug);
  });

  it('reset asks for confirmation; Escape cancels and returns focus; confirming clears progress', async () => {
    useProgressStore.getState().markCompleted(first.slug, true);
    const user = userEvent.setup();
    renderPage();
    const resetButton = screen.getByRole('button', { name: 'Reset progress…' });
    await user.click(resetButton);
    const dialog = screen.getByRole('alertdialog', { name: 'Reset all progress?' });
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Reset everything' })).toHaveFocus();
    await user.tab(); // focus stays inside the dialog
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(dialog).not.toBeInTheDocument();
    expect(resetButton).toHaveFocus();
    expect(useProgressStore.getState().completed).toHaveProperty(first.slug);

    await user.click(resetButton);
    await user.click(screen.getByRole('button', { name: 'Reset everything' }));
    await waitFor(() => expect(useProgressStore.getState().completed).toEqual({}), { timeout: 8000 });
    expect(screen.getByText(/^Progress reset\./)).toBeInTheDocument();
    expect(resetButton).toHaveFocus();
  });

  it('shows set-aside backups with a download, and says when saving is only in memory', async () => {
    window.localStorage.setItem(appStorageKey('coldstart:progress:backup:1700000000000'), '{broken');
    storageStatus.setState({ mode: 'memory', notices: [{ kind: 'full', key: 'coldstart:progress' }] });
    const user = userEvent.setup();
    renderPage();
    expect(screen.getByRole('heading', { name: 'Unreadable saved data was set aside' })).toBeInTheDocument();
    expect(screen.getByText(/Browser storage is full/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Download backup of “progress”' }));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Delete backup of “progress”' }));
    expect(screen.queryByRole('heading', { name: 'Unreadable saved data was set aside' })).toBeNull();
    expect(window.localStorage.getItem(appStorageKey('coldstart:progress:backup:1700000000000'))).toBeNull();
  });

  it('export downloads coldstart-progress-<date>.json and reports it', async () => {
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(screen.getByRole('button', { name: 'Export progress' }));
    await waitFor(() => expect(clicks).toHaveLength(1), { timeout: 8000 });
    expect(clicks[0]).toMatch(/^coldstart-progress-\d{4}-\d{2}-\d{2}\.json$/);
    expect(screen.getByText(/^Exported \d+ kinds of saved data/)).toBeInTheDocument();
  });
});
