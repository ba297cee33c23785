/**
 * Builds the course search index at build time: every lesson split at its `##`/`###` headings (prose and code
 * blocks of each section), every glossary term and, once labs exist, every lab step. The content plugin
 * serialises it into the lazy `virtual:course/search` chunk, loaded the first time the search box gets focus.
 *
 * Heading ids are made the way rehype-slug makes them (github-slugger over every heading in document order), so
 * a result links to the very heading the lesson page renders; a test checks them against extractHeadings.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import GithubSlugger from 'github-slugger';
import MiniSearch from 'minisearch';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import type { Nodes, Root } from 'mdast';
import type { IndexedLesson } from './course-index.ts';
import type { Glossary } from '../src/course/glossarySchema.ts';
import { SEARCH_OPTIONS, type SearchDocument } from '../src/features/search/searchOptions.ts';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMdx);

/** JSX attributes whose text a reader sees (a diagram's caption, a callout's title). */
const VISIBLE_ATTRIBUTES = new Set(['caption', 'title', 'alt', 'label']);

export interface LessonSection {
  /** null for the introduction before the first heading. */
  heading: { id: string; text: string; depth: 2 | 3 } | null;
  text: string;
  code: string;
}

function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Splits an MDX body into sections at h2/h3, collecting each section's prose and code. */
export function extractSections(body: string): LessonSection[] {
  const tree = parser.parse(body) as Root;
  const slugger = new GithubSlugger();
  const sections: LessonSection[] = [];
  let current: { heading: LessonSection['heading']; text: string[]; code: string[] } = {
    heading: null,
    text: [],
    code: [],
  };
  const close = () =>
    sections.push({
      heading: current.heading,
      text: current.text.join(' ').replace(/\s+/g, ' ').trim(),
      code: current.code.join('\n'),
    });

  const walk = (node: Nodes): void => {
    switch (node.type) {
      case 'yaml':
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        return;
      case 'heading': {
        const text = plainText(node).trim();
        const id = slugger.slug(text);
        if (node.depth === 2 || node.depth === 3) {
          close();
          current = { heading: { id, text, depth: node.depth }, text: [], code: [] };
        } else current.text.push(text);
        return;
      }
      case 'code':
        current.code.push(node.value);
        return;
      case 'text':
      case 'inlineCode':
        current.text.push(node.value);
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        for (const attribute of node.attributes)
          if (attribute.type === 'mdxJsxAttribute' && VISIBLE_ATTRIBUTES.has(attribute.name))
            if (typeof attribute.value === 'string') current.text.push(attribute.value);
        break;
      default:
        break;
    }
    if ('children' in node) {
      for (const child of node.children as Nodes[]) walk(child);
      // Block boundaries are word boundaries.
      current.text.push(' ');
    }
  };
  walk(tree);
  close();
  return sections.filter((section) => section.heading || section.text || section.code);
}

/** The first sentence (or the first ~160 characters) of a text. */
export function excerptOf(text: string, limit = 160): string {
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  if (sentence.length <= limit) return sentence;
  const cut = sentence.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), limit - 20))}…`;
}

export interface SearchSources {
  lessons: Pick<IndexedLesson, 'slug' | 'title' | 'description' | 'file'>[];
  glossary: Glossary;
  /** Lab steps, once content/labs exists: each is indexed like a lesson section. */
  labs?: { id: string; title: string; context: string; href: string; text: string; code: string }[];
}

export function buildSearchDocuments({ lessons, glossary, labs = [] }: SearchSources): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (const lesson of lessons) {
    const { content } = matter(fs.readFileSync(lesson.file, 'utf8'));
    for (const section of extractSections(content)) {
      if (!section.heading) {
        documents.push({
          id: `lesson:${lesson.slug}`,
          kind: 'lesson',
          title: lesson.title,
          context: 'Lesson',
          href: `/lessons/${lesson.slug}`,
          text: `${lesson.description} ${section.text}`,
          code: section.code,
          excerpt: excerptOf(lesson.description),
        });
        continue;
      }
      documents.push({
        id: `heading:${lesson.slug}#${section.heading.id}`,
        kind: 'heading',
        title: section.heading.text,
        context: lesson.title,
        href: `/lessons/${lesson.slug}#${section.heading.id}`,
        text: section.text,
        code: section.code,
        excerpt: excerptOf(section.text),
      });
    }
  }
  for (const term of glossary.terms) {
    documents.push({
      id: `glossary:${term.id}`,
      kind: 'glossary',
      title: term.term,
      context: 'Glossary',
      href: `/glossary#${term.id}`,
      text: `${(term.aliases ?? []).join(' ')} ${term.definition}`,
      code: '',
      excerpt: excerptOf(term.definition.replace(/`/g, '')),
    });
  }
  for (const lab of labs) {
    documents.push({ ...lab, id: `lab:${lab.id}`, kind: 'lab', excerpt: excerptOf(lab.text) });
  }
  // A lesson without an introduction still needs an entry by its title.
  for (const lesson of lessons) {
    if (!documents.some((document) => document.id === `lesson:${lesson.slug}`))
      documents.push({
        id: `lesson:${lesson.slug}`,
        kind: 'lesson',
        title: lesson.title,
        context: 'Lesson',
        href: `/lessons/${lesson.slug}`,
        text: lesson.description,
        code: '',
        excerpt: excerptOf(lesson.description),
      });
  }
  return documents;
}

/** The serialised MiniSearch index (what `MiniSearch.loadJSON` reads back). */
export function buildSearchIndex(documents: SearchDocument[]): string {
  const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
  index.addAll(documents);
  return JSON.stringify(index);
}

export function readGlossary(contentDir: string): unknown {
  const file = path.join(contentDir, 'glossary.json');
  if (!fs.existsSync(file)) return { terms: [] };
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`content/glossary.json is not valid JSON: ${(error as Error).message}`);
  }
}
