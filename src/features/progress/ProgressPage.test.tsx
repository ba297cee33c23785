// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
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

  it('imports a good file and says what it restored', async () => {
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
    await user.upload(screen.getByLabelText('Import progress from a file'), jsonFile(data));
    await waitFor(
      () => expect(screen.getByText(/^Imported progress, settings from “progress.json”/)).toBeInTheDocument(),
      {
        timeout: 8000,
      },
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(useProgressStore.getState().completed).toHaveProperty(first.slug);
    expect(useSettingsStore.getState()).toMatchObject({ theme: 'dark', editorMode: 'plain' });
    expect(screen.getByRole('radio', { name: 'Dark' })).toBeChecked();
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
    await waitFor(
      () => expect(screen.getByText(/^Imported progress from “dropped.json”/)).toBeInTheDocument(),
      {
        timeout: 8000,
      },
    );
    expect(zone).not.toHaveClass('dragging');
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
