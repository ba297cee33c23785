import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import GithubSlugger from 'github-slugger';
import { describeFrontmatterErrors, type LessonFrontmatter } from '../src/course/lessonSchema.ts';
import { outlineSchema, type Outline } from '../src/course/outlineSchema.ts';

export interface Heading {
  depth: 2 | 3;
  text: string;
  id: string;
}

export interface IndexedLesson extends LessonFrontmatter {
  file: string;
  headings: Heading[];
}

/** Headings as rehype-slug will id them (same slugger, same order). Code fences are skipped. */
export function extractHeadings(body: string): Heading[] {
  const slugger = new GithubSlugger();
  const headings: Heading[] = [];
  let inFence = false;
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length;
    const text = m[2]!.replace(/`([^`]+)`/g, '$1').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/[*_]/g, '');
    const id = slugger.slug(text);
    if (depth === 2 || depth === 3) headings.push({ depth, text, id });
  }
  return headings;
}

export function readLessonFile(file: string, root: string): IndexedLesson {
  const raw = fs.readFileSync(file, 'utf8');
  const { data, content } = matter(raw);
  const problem = describeFrontmatterErrors(path.relative(root, file), data);
  if (problem) throw new Error(problem);
  return { ...(data as LessonFrontmatter), file, headings: extractHeadings(content) };
}

export function buildCourseIndex(contentDir: string): { outline: Outline; lessons: IndexedLesson[] } {
  const root = path.dirname(contentDir);
  const outlineFile = path.join(contentDir, 'outline.json');
  let outlineRaw: unknown;
  try {
    outlineRaw = JSON.parse(fs.readFileSync(outlineFile, 'utf8'));
  } catch (e) {
    throw new Error(`content/outline.json could not be read: ${(e as Error).message}`);
  }
  const parsed = outlineSchema.safeParse(outlineRaw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - field "${i.path.join('.')}": ${i.message}`);
    throw new Error(`Invalid content/outline.json:\n${lines.join('\n')}`);
  }
  const outline = parsed.data;
  const lessonDir = path.join(contentDir, 'lessons');
  const bySlug = new Map<string, IndexedLesson>();
  for (const name of fs.readdirSync(lessonDir).filter((n) => n.endsWith('.mdx'))) {
    const lesson = readLessonFile(path.join(lessonDir, name), root);
    if (`${lesson.slug}.mdx` !== name) {
      throw new Error(`content/lessons/${name}: field "slug" is "${lesson.slug}" but the file name must be "${lesson.slug}.mdx"`);
    }
    bySlug.set(lesson.slug, lesson);
  }
  const lessons: IndexedLesson[] = [];
  const seen = new Set<string>();
  for (const section of outline.sections) {
    for (const slug of section.lessons) {
      const lesson = bySlug.get(slug);
      if (!lesson) throw new Error(`content/outline.json: section "${section.id}" lists lesson "${slug}", but content/lessons/${slug}.mdx does not exist`);
      if (seen.has(slug)) throw new Error(`content/outline.json: lesson "${slug}" is listed twice`);
      if (lesson.section !== section.id) {
        throw new Error(`content/lessons/${slug}.mdx: field "section" is "${lesson.section}" but content/outline.json places it in "${section.id}"`);
      }
      seen.add(slug);
      lessons.push(lesson);
    }
  }
  return { outline, lessons };
}
