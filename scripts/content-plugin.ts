/**
 * Vite plugin that turns content/ into the virtual module `virtual:course`:
 * the outline plus every listed lesson's validated frontmatter and headings.
 * Bad frontmatter or an outline naming a missing lesson fails the build with the file and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import type { Plugin } from 'vite';
import { buildCourseIndex } from './course-index.ts';
import { describeFrontmatterErrors } from '../src/course/lessonSchema.ts';

const VIRTUAL_ID = 'virtual:course';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
// The shell's first load needs only what the sidebar and home page show; objectives, sources and
// headings stay in `virtual:course` (lazy chunks) and in each lesson's own MDX chunk.
const SUMMARY_ID = 'virtual:course/summary';
const RESOLVED_SUMMARY_ID = '\0' + SUMMARY_ID;

export function contentPlugin(root: string): Plugin {
  const contentDir = path.join(root, 'content');
  return {
    name: 'coldstart-content',
    resolveId(id) {
      if (id === SUMMARY_ID) return RESOLVED_SUMMARY_ID;
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
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
      const problem = describeFrontmatterErrors(rel, matter(fs.readFileSync(id, 'utf8')).data);
      if (problem) this.error(problem);
      return null;
    },
  };
}
