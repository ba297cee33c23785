/**
 * The one MiniSearch configuration, shared by the build (scripts/search-index.ts serialises the index) and the
 * browser (searchIndex.ts loads it): MiniSearch needs the same fields and tokenizer on both sides.
 * Pure TypeScript, imported by Node too.
 */
import type { Options, SearchOptions } from 'minisearch';

export type SearchKind = 'lesson' | 'heading' | 'glossary' | 'lab';

/** One searchable place: a lesson's introduction, one of its sections, a glossary term, a lab step. */
export interface SearchDocument {
  /** `heading:cold-starts#snapstart`, `glossary:cold-start`… */
  id: string;
  kind: SearchKind;
  /** The heading, the lesson title or the term. */
  title: string;
  /** Where it sits: the lesson title (for headings), "Glossary", the lab's title. */
  context: string;
  /** In-course path for the router: `/lessons/cold-starts#snapstart`. */
  href: string;
  /** Prose (and glossary aliases); indexed, not stored. */
  text: string;
  /** Code blocks of the section; indexed, not stored. */
  code: string;
  /** The first sentence or so, shown under the title. */
  excerpt: string;
}

export type StoredFields = Pick<SearchDocument, 'kind' | 'title' | 'context' | 'href' | 'excerpt'>;

/** Splits on anything that is not a letter, digit or `$` (so `$LATEST` and `/tmp` stay findable). */
const WORD = /[\p{L}\p{N}$]+/gu;

/**
 * Index-time tokens: each word, plus the parts of camelCase and snake_case identifiers, so `getRemainingTimeInMillis`
 * is found by that name and by "remaining time", and `aws_request_id` by "request".
 */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const identifier of text.match(/[\p{L}\p{N}$_]+/gu) ?? []) {
    const words = identifier.match(WORD) ?? [];
    if (words.length > 1) tokens.push(identifier.replace(/_/g, ''));
    for (const word of words) {
      tokens.push(word);
      const parts = word.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u);
      if (parts.length > 1) tokens.push(...parts);
    }
  }
  return tokens;
}

/**
 * Query tokens: whole words (prefix and fuzzy matching do the rest). A one-letter last word after others is the
 * start of a word still being typed: it is left out until it has a second letter, since as a prefix it would
 * match hundreds of words and, with every word required, hide what the query already found.
 */
export function queryTokens(text: string): string[] {
  const words = text.match(WORD) ?? [];
  const last = words[words.length - 1];
  return words.length > 1 && last !== undefined && last.length === 1 && /\s$/.test(text) === false
    ? words.slice(0, -1)
    : words;
}

export const SEARCH_OPTIONS: Options<SearchDocument> = {
  fields: ['title', 'context', 'text', 'code'],
  storeFields: ['kind', 'title', 'context', 'href', 'excerpt'],
  tokenize: indexTokens,
  processTerm: (term) => term.toLowerCase(),
  searchOptions: {
    tokenize: queryTokens,
    processTerm: (term) => term.toLowerCase(),
  },
};

/**
 * Per-query options: titles weigh most; every word must match; words may be prefixes (the learner is still
 * typing); words of six letters or more forgive one typo. Edit distance is capped at 1: at MiniSearch's
 * proportional default a 30-letter identifier would allow 6 edits, and 2 edits already cost ~50 ms a keystroke.
 */
export const QUERY_OPTIONS: SearchOptions = {
  boost: { title: 4, context: 1.5, text: 1, code: 1 },
  combineWith: 'AND',
  prefix: true,
  fuzzy: (term) => (term.length < 6 ? false : 1),
  maxFuzzy: 1,
  // A lesson or a glossary term named by the query beats a section that mentions it.
  boostDocument: (_id, _term, stored) =>
    stored?.kind === 'lesson' ? 1.6 : stored?.kind === 'glossary' ? 1.3 : 1,
};
