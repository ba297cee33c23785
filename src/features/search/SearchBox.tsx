/**
 * The header's course search: an ARIA 1.2 combobox whose popup is a listbox of results (lessons, their
 * headings and code, glossary terms, labs). `/` or Ctrl+K (⌘K) focuses it from anywhere but a text field
 * and the code editor. Arrow keys move through results, Enter opens one, Escape closes the list, then
 * clears the text. The index is a lazy chunk fetched on first focus (searchIndex.ts); typing before it has
 * arrived is kept and searched as soon as it is there.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from '../../app/router';
import type { CourseSearch, SearchResult } from './searchIndex';
import './search.css';

export const SEARCH_LABEL = 'Search the course';

type LoadState = 'idle' | 'loading' | 'ready' | 'failed';

function loadCourseSearch(): Promise<CourseSearch> {
  return import('./searchIndex').then((module) => module.courseSearch);
}

const KIND_LABEL: Record<SearchResult['kind'], string> = {
  lesson: 'Lesson',
  heading: 'Section',
  glossary: 'Glossary',
  lab: 'Lab',
};

/** True when a key press belongs to something the learner is typing into. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
    target.closest('.monaco-editor, [role="textbox"]') !== null
  );
}

export function SearchBox({ loadSearch = loadCourseSearch }: { loadSearch?: () => Promise<CourseSearch> }) {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();
  const listboxId = `${ids}-results`;
  const optionId = (index: number) => `${ids}-result-${index}`;
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<CourseSearch | null>(null);
  const [loadState, setLoadState] = useState<LoadState>('idle');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const results = useMemo(() => (search ? search.search(query) : []), [search, query]);
  const hasQuery = query.trim() !== '';
  const shown = open && hasQuery;

  const ensureLoaded = useCallback(() => {
    if (loadState === 'loading' || loadState === 'ready') return;
    setLoadState('loading');
    loadSearch().then(
      (loaded) => {
        setSearch(loaded);
        setLoadState('ready');
      },
      () => setLoadState('failed'),
    );
  }, [loadSearch, loadState]);

  // `/` and Ctrl+K / ⌘K bring the learner here. Ctrl+K inside Monaco starts its own chords: leave it.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      const commandK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey;
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!commandK && !slash) return;
      const target = event.target;
      if (target === input.current) return;
      if (commandK && target instanceof HTMLElement && target.closest('.monaco-editor')) return;
      if (slash && isTypingTarget(target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // The chosen result stays in view when the arrow keys move past the popup's edge.
  useEffect(() => {
    if (!shown || active < 0) return;
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionId derives from the stable useId
  }, [active, shown]);

  function choose(result: SearchResult) {
    setOpen(false);
    setQuery('');
    setActive(-1);
    // Let the page decide where focus goes (the lesson page focuses the heading it scrolls to).
    input.current?.blur();
    navigate(result.href);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = results.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        if (count) setActive((index) => (index + 1) % count);
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        if (count) setActive((index) => (index <= 0 ? count - 1 : index - 1));
        break;
      case 'Enter': {
        const chosen = results[active >= 0 ? active : 0];
        if (shown && chosen) {
          event.preventDefault();
          choose(chosen);
        }
        break;
      }
      case 'Escape':
        // First Escape closes the list, the second clears the text (type="search" would clear at once).
        event.preventDefault();
        if (shown) setOpen(false);
        else {
          setQuery('');
          setActive(-1);
        }
        break;
      default:
        break;
    }
  }

  const status = !hasQuery
    ? ''
    : loadState === 'failed'
      ? 'Search is not available right now.'
      : !search
        ? 'Loading the search index…'
        : results.length === 0
          ? `No results for “${query.trim()}”.`
          : `${results.length} result${results.length === 1 ? '' : 's'}. Use the up and down arrow keys to choose one.`;

  return (
    <div className="site-search" role="search" aria-label="Course">
      <label className="visually-hidden" htmlFor={`${ids}-input`}>
        {SEARCH_LABEL}
      </label>
      <input
        ref={input}
        id={`${ids}-input`}
        className="site-search__input"
        type="search"
        role="combobox"
        placeholder="Search"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listboxId}
        aria-activedescendant={shown && active >= 0 && active < results.length ? optionId(active) : undefined}
        aria-keyshortcuts="/ Control+K Meta+K"
        value={query}
        onFocus={() => {
          ensureLoaded();
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(-1);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <kbd className="site-search__shortcut" aria-hidden="true">
        /
      </kbd>
      <div className="site-search__popup" hidden={!shown}>
        <div
          id={listboxId}
          role="listbox"
          aria-label="Search results"
          className="site-search__results"
          hidden={results.length === 0}
          // Keep focus in the input while a result is clicked.
          onMouseDown={(event) => event.preventDefault()}
        >
          {results.map((result, index) => (
            <div
              key={result.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Reached with the arrow keys (aria-activedescendant), never with Tab. -1 marks the options as the
              // popup's script-focusable content, which is how axe recognises a keyboard-operable scroll region.
              tabIndex={-1}
              className="site-search__result"
              data-kind={result.kind}
              onClick={() => choose(result)}
              onMouseMove={() => setActive(index)}
            >
              <span className="site-search__title">{result.title}</span>
              <span className="site-search__context">
                {result.kind === 'heading' ? result.context : KIND_LABEL[result.kind]}
                {result.inCode ? <span className="site-search__badge">in code</span> : null}
              </span>
              {result.excerpt ? <span className="site-search__excerpt">{result.excerpt}</span> : null}
            </div>
          ))}
        </div>
        {results.length === 0 ? <p className="site-search__empty">{status}</p> : null}
      </div>
      <div role="status" className="visually-hidden">
        {open ? status : ''}
      </div>
    </div>
  );
}
