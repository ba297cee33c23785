/**
 * The search index in the browser: a lazy chunk (MiniSearch plus the serialised index, ~90 KB gzip), imported
 * the first time the search box gets focus, so no page's first load carries it.
 */
import MiniSearch from 'minisearch';
import { serializedIndex } from 'virtual:course/search';
import { QUERY_OPTIONS, SEARCH_OPTIONS, type SearchDocument, type StoredFields } from './searchOptions';

export interface SearchResult extends StoredFields {
  id: string;
  /** Every matched word matched only in code blocks: the result says "in code". */
  inCode: boolean;
}

export interface CourseSearch {
  search(query: string, limit?: number): SearchResult[];
}

/** Pure: MiniSearch results → what the popup shows. */
export function toResults(
  hits: ReturnType<MiniSearch<SearchDocument>['search']>,
  limit: number,
): SearchResult[] {
  return hits.slice(0, limit).map((hit) => {
    const fields = Object.values(hit.match as Record<string, string[]>).flat();
    return {
      id: String(hit.id),
      kind: hit.kind as StoredFields['kind'],
      title: String(hit.title),
      context: String(hit.context),
      href: String(hit.href),
      excerpt: String(hit.excerpt),
      inCode: fields.length > 0 && fields.every((field) => field === 'code'),
    };
  });
}

export function createCourseSearch(serialized: string): CourseSearch {
  const index = MiniSearch.loadJSON<SearchDocument>(serialized, SEARCH_OPTIONS);
  return {
    search(query, limit = 8) {
      if (!query.trim()) return [];
      return toResults(index.search(query, QUERY_OPTIONS), limit);
    },
  };
}

export const courseSearch: CourseSearch = createCourseSearch(serializedIndex);
