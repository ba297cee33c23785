import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { QUERY_OPTIONS, SEARCH_OPTIONS, type SearchDocument } from './searchOptions';
import { createCourseSearch } from './searchIndex';

const documents: SearchDocument[] = [
  {
    id: 'a',
    kind: 'heading',
    title: 'Reuse connections',
    context: 'Optimisation',
    href: '/lessons/optimization#reuse-connections',
    text: 'Create clients once.',
    code: 'const client = new DynamoDBClient({});',
    excerpt: 'Create clients once.',
  },
  {
    id: 'b',
    kind: 'glossary',
    title: 'Cold start',
    context: 'Glossary',
    href: '/glossary#cold-start',
    text: 'cold starts An invocation that waits.',
    code: '',
    excerpt: 'An invocation that waits.',
  },
];

function serialized(): string {
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(documents);
  return JSON.stringify(index);
}

describe('createCourseSearch', () => {
  it('answers from a serialised index with the stored fields the popup needs', () => {
    const [hit] = createCourseSearch(serialized()).search('cold');
    expect(hit).toEqual({
      id: 'b',
      kind: 'glossary',
      title: 'Cold start',
      context: 'Glossary',
      href: '/glossary#cold-start',
      excerpt: 'An invocation that waits.',
      inCode: false,
    });
  });

  it('flags a hit whose words matched only in code', () => {
    const search = createCourseSearch(serialized());
    expect(search.search('DynamoDBClient')[0]).toMatchObject({ id: 'a', inCode: true });
    expect(search.search('clients')[0]).toMatchObject({ id: 'a', inCode: false });
  });

  it('requires every word and limits the number of results', () => {
    const search = createCourseSearch(serialized());
    expect(search.search('cold connections')).toEqual([]);
    expect(search.search('c', 1)).toHaveLength(1);
    expect(QUERY_OPTIONS.combineWith).toBe('AND');
  });
});
