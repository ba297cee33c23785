/**
 * Vite plugin that turns content/ into virtual modules:
 *   - `virtual:course`: the outline plus every listed lesson's validated frontmatter and headings;
 *   - `virtual:course/summary`: what the shell's first load needs (see below);
 *   - `virtual:course/glossary`: content/glossary.json, validated (the glossary page's lazy chunk);
 *   - `virtual:course/search`: the serialised search index (scripts/search-index.ts), loaded on first search.
 * Bad frontmatter, an outline naming a missing lesson or an invalid glossary fails the build with the file and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import type { Plugin } from 'vite';
import { buildCourseIndex } from './course-index.ts';
import { describeFrontmatterErrors } from '../src/course/lessonSchema.ts';
import { describeGlossaryErrors, type Glossary } from '../src/course/glossarySchema.ts';
import { buildSearchDocuments, buildSearchIndex, readGlossary } from './search-index.ts';

const VIRTUAL_ID = 'virtual:course';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
// The shell's first load needs only what the sidebar and home page show; objectives, sources and
// headings stay in `virtual:course` (lazy chunks) and in each lesson's own MDX chunk.
const SUMMARY_ID = 'virtual:course/summary';
const RESOLVED_SUMMARY_ID = '\0' + SUMMARY_ID;
const GLOSSARY_ID = 'virtual:course/glossary';
const SEARCH_ID = 'virtual:course/search';
const RESOLVED = new Map([
  [VIRTUAL_ID, RESOLVED_ID],
  [SUMMARY_ID, RESOLVED_SUMMARY_ID],
  [GLOSSARY_ID, '\0' + GLOSSARY_ID],
  [SEARCH_ID, '\0' + SEARCH_ID],
]);

/** content/glossary.json, validated; an absent file is an empty glossary. */
export function loadGlossary(contentDir: string): Glossary {
  if (!fs.existsSync(path.join(contentDir, 'glossary.json'))) return { terms: [] };
  const data = readGlossary(contentDir);
  const problems = describeGlossaryErrors(data);
  if (problems.length) throw new Error(`Invalid content/glossary.json:\n  - ${problems.join('\n  - ')}`);
  return data as Glossary;
}

export function contentPlugin(root: string): Plugin {
  const contentDir = path.join(root, 'content');
  return {
    name: 'coldstart-content',
    resolveId(id) {
      return RESOLVED.get(id) ?? null;
    },
    load(id) {
      if (id === RESOLVED.get(GLOSSARY_ID) || id === RESOLVED.get(SEARCH_ID)) {
        this.addWatchFile(path.join(contentDir, 'glossary.json'));
        const glossary = loadGlossary(contentDir);
        if (id === RESOLVED.get(GLOSSARY_ID))
          return `export const terms = ${JSON.stringify(glossary.terms)};\n`;
        const course = buildCourseIndex(contentDir);
        for (const lesson of course.lessons) this.addWatchFile(lesson.file);
        const index = buildSearchIndex(buildSearchDocuments({ lessons: course.lessons, glossary }));
        return `export const serializedIndex = ${JSON.stringify(index)};\n`;
      }
      if (id !== RESOLVED_ID && id !== RESOLVED_SUMMARY_ID) return null;
      const index = buildCourseIndex(contentDir);
      for (const lesson of index.lessons) this.addWatchFile(lesson.file);
      this.addWatchFile(path.join(contentDir, 'outline.json'));
      if (id === RESOLVED_SUMMARY_ID) {
        const summaries = index.lessons.map(({ slug, title, section, order, minutes, description }) => ({
          slug,
          title,
          section,
          order,
          minutes,
          description,
        }));
        return `export const outline = ${JSON.stringify(index.outline)};\nexport const lessons = ${JSON.stringify(summaries)};\n`;
      }
      const lessons = index.lessons.map(({ file: _file, ...rest }) => rest);
      return `export const outline = ${JSON.stringify(index.outline)};\nexport const lessons = ${JSON.stringify(lessons)};\n`;
    },
    transform(_code, id) {
      if (!id.endsWith('.mdx')) return null;
      // Validate every MDX file, even ones the outline hides, so a typo never ships silently.
      const rel = path.relative(root, id);
      // Lab steps have their own frontmatter, validated by the lab loader (src/features/lab/model/loadLab.ts).
      if (rel.split(path.sep).slice(0, 2).join('/') === 'content/labs') return null;
      const problem = describeFrontmatterErrors(rel, matter(fs.readFileSync(id, 'utf8')).data);
      if (problem) this.error(problem);
      return null;
    },
  };
}
