// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, useLocation } from '../../app/router';
import { SearchBox, SEARCH_LABEL } from './SearchBox';
import type { CourseSearch, SearchResult } from './searchIndex';

afterEach(cleanup);

const RESULTS: SearchResult[] = [
  {
    id: 'a',
    kind: 'heading',
    title: 'SnapStart',
    context: 'Cold starts',
    href: '/lessons/cold-starts#snapstart',
    excerpt: 'Snapshots.',
    inCode: false,
  },
  {
    id: 'b',
    kind: 'glossary',
    title: 'SnapStart',
    context: 'Glossary',
    href: '/glossary#snapstart',
    excerpt: '',
    inCode: false,
  },
  {
    id: 'c',
    kind: 'heading',
    title: 'Client reuse',
    context: 'Optimisation',
    href: '/lessons/optimization#reuse-connections',
    excerpt: '',
    inCode: true,
  },
];

function fakeSearch(): CourseSearch {
  return { search: (query) => (query.trim() ? (query === 'nothing' ? [] : RESULTS) : []) };
}

function Where() {
  const location = useLocation();
  return <div aria-label="location">{location.pathname + location.hash}</div>;
}

function setup(loadSearch = vi.fn(async () => fakeSearch())) {
  render(
    <MemoryRouter initialEntries={['/']}>
      <SearchBox loadSearch={loadSearch} />
      <textarea aria-label="Notes" />
      <Where />
    </MemoryRouter>,
  );
  return { loadSearch, box: screen.getByRole('combobox', { name: SEARCH_LABEL }) };
}

describe('SearchBox', () => {
  it('is a combobox named "Search the course" that loads the index only when it gets focus', async () => {
    const { box, loadSearch } = setup();
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(loadSearch).not.toHaveBeenCalled();
    await userEvent.click(box);
    expect(loadSearch).toHaveBeenCalledTimes(1);
    await userEvent.tab();
    await userEvent.click(box);
    expect(loadSearch).toHaveBeenCalledTimes(1);
  });

  it('shows results in a listbox, says how many, and marks code-only matches', async () => {
    const { box } = setup();
    await userEvent.type(box, 'snap');
    expect(box).toHaveAttribute('aria-expanded', 'true');
    const listbox = screen.getByRole('listbox', { name: 'Search results' });
    expect(box).toHaveAttribute('aria-controls', listbox.id);
    expect(screen.getAllByRole('option')).toHaveLength(3);
    expect(screen.getAllByRole('option')[2]).toHaveTextContent('in code');
    expect(screen.getByRole('status')).toHaveTextContent('3 results.');
  });

  it('moves through results with the arrow keys (aria-activedescendant) and opens one with Enter', async () => {
    const { box } = setup();
    await userEvent.type(box, 'snap');
    await userEvent.keyboard('{ArrowDown}');
    const options = screen.getAllByRole('option');
    expect(box).toHaveAttribute('aria-activedescendant', options[0]!.id);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[0]!.id); // wraps around
    await userEvent.keyboard('{ArrowUp}');
    expect(box).toHaveAttribute('aria-activedescendant', options[2]!.id);
    await userEvent.keyboard('{Enter}');
    expect(screen.getByLabelText('location')).toHaveTextContent('/lessons/optimization#reuse-connections');
    expect(box).toHaveValue('');
  });

  it('Enter without choosing opens the first result; a click opens the one clicked', async () => {
    const { box } = setup();
    await userEvent.type(box, 'snap{Enter}');
    expect(screen.getByLabelText('location')).toHaveTextContent('/lessons/cold-starts#snapstart');
    await userEvent.type(box, 'snap');
    await userEvent.click(screen.getAllByRole('option')[1]!);
    expect(screen.getByLabelText('location')).toHaveTextContent('/glossary#snapstart');
  });

  it('Escape closes the list first, then clears the text', async () => {
    const { box } = setup();
    await userEvent.type(box, 'snap');
    await userEvent.keyboard('{Escape}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).toHaveValue('snap');
    await userEvent.keyboard('{Escape}');
    expect(box).toHaveValue('');
  });

  it('says when nothing matches, with no empty listbox', async () => {
    const { box } = setup();
    await userEvent.type(box, 'nothing');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('No results for “nothing”.');
  });

  it('keeps what was typed while the index loads, and searches it when it arrives', async () => {
    let arrive!: (search: CourseSearch) => void;
    const { box } = setup(vi.fn(() => new Promise<CourseSearch>((resolve) => (arrive = resolve))));
    await userEvent.type(box, 'snap');
    expect(screen.getByRole('status')).toHaveTextContent('Loading the search index…');
    await act(async () => arrive(fakeSearch()));
    expect(screen.getAllByRole('option')).toHaveLength(3);
  });

  it('/ and Ctrl+K focus it from the page; / typed in a text field stays there', async () => {
    const { box } = setup();
    fireEvent.keyDown(document.body, { key: '/' });
    expect(box).toHaveFocus();
    const notes = screen.getByRole('textbox', { name: 'Notes' });
    notes.focus();
    fireEvent.keyDown(notes, { key: '/' });
    expect(notes).toHaveFocus();
    fireEvent.keyDown(notes, { key: 'k', ctrlKey: true });
    expect(box).toHaveFocus();
    notes.focus();
    fireEvent.keyDown(notes, { key: 'K', metaKey: true });
    expect(box).toHaveFocus();
  });
});
