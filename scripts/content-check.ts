/**
 * `npm run content:check`: lints content/ like code. One line per problem naming the file and the
 * field or line; exit 1 when there is any.
 *   - every lesson's frontmatter (the same zod schema the build uses) and the outline
 *   - MDX uses only allowlisted components (src/mdx/allowlist.ts) and no import/export
 *   - every <Diagram name> exists in src/mdx/diagrams/ and has a text alternative
 *   - every lesson has objectives, sources and a <KnowledgeCheck>/<Quiz> whose quiz file exists
 *   - every internal link /lessons/<slug>(#id) in lessons and quizzes resolves to a listed lesson and heading
 *   - every content/quizzes/*.json validates (src/features/quiz/quizSpec.ts when present)
 *   - content/glossary.json validates, its lesson links resolve, and every /glossary#<id> link names a term
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import matter from 'gray-matter';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Root, Nodes } from 'mdast';
import { buildCourseIndex, extractHeadings } from './course-index.ts';
import { describeFrontmatterErrors } from '../src/course/lessonSchema.ts';
import { MDX_ALLOWLIST } from '../src/mdx/allowlist.ts';
import { describeGlossaryErrors, type Glossary } from '../src/course/glossarySchema.ts';

export interface CheckOptions {
  /** Project root holding content/ and src/mdx/diagrams/. */
  root: string;
  /** The quiz validator module; defaults to <root>/src/features/quiz/quizSpec.ts. */
  quizSpecFile?: string;
}

export interface CheckResult {
  problems: string[];
  lessons: number;
  quizzes: number;
}

type QuizValidator = (data: unknown, options?: { expectedId?: string }) => string[];

interface LessonInfo {
  slug: string;
  rel: string;
  headingIds: Set<string>;
}

/** Intrinsic elements that could run code or pull in other origins. */
const FORBIDDEN_HTML = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'style',
  'link',
  'meta',
  'base',
  'form',
]);
const INTERNAL_LINK = /^#?\/lessons\/([^#?\s]*)(?:#(.*))?$/;
const LINK_IN_TEXT = /(?<![\w.])#?\/(?:lessons|glossary)\b[^\s)"'\]]*/g;
const GLOSSARY_LINK = /^#?\/glossary(?:#(.*))?$/;

/** `/glossary#<id>` must name a term in content/glossary.json; null when fine or not a glossary link. */
function checkGlossaryLink(url: string, termIds: ReadonlySet<string>): string | null {
  const m = GLOSSARY_LINK.exec(url);
  if (!m || m[1] === undefined) return null;
  const id = decodeURIComponent(m[1]);
  return termIds.has(id) ? null : `link "${url}": content/glossary.json has no term with id "${id}"`;
}

const mdxParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMdx);

async function loadQuizValidator(file: string): Promise<QuizValidator | null> {
  if (!fs.existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { validateQuiz?: QuizValidator };
  return typeof mod.validateQuiz === 'function' ? mod.validateQuiz : null;
}

function attr(node: { attributes: Array<{ type: string; name?: string; value?: unknown }> }, name: string) {
  const a = node.attributes.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  if (!a) return { present: false as const };
  return { present: true as const, value: typeof a.value === 'string' ? a.value : null };
}

function textOf(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'mdxjsEsm') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('');
  return '';
}

/** Resolves `/lessons/<slug>#<id>` (or `#/lessons/...`) against the listed lessons; null when fine. */
function checkInternalLink(
  url: string,
  lessons: Map<string, LessonInfo>,
  hidden: Set<string>,
): string | null {
  const m = INTERNAL_LINK.exec(url);
  if (!m) return null;
  const slug = decodeURIComponent(m[1] ?? '').replace(/\/$/, '');
  const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
  const lesson = lessons.get(slug);
  if (!lesson) {
    return hidden.has(slug)
      ? `link "${url}" points to lesson "${slug}", which content/outline.json does not list (hidden lessons have no page)`
      : `link "${url}" points to lesson "${slug}", which does not exist`;
  }
  if (id !== undefined && !lesson.headingIds.has(id)) {
    return `link "${url}": lesson "${slug}" has no heading with id "${id}" (ids: ${[...lesson.headingIds].join(', ') || 'none'})`;
  }
  return null;
}

/** Every string inside a JSON value, with its path (`questions[2].review`). */
function* jsonStrings(value: unknown, at = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [at || '(root)', value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* jsonStrings(v, `${at}[${i}]`);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* jsonStrings(v, at ? `${at}.${k}` : k);
  }
}

export async function checkContent({ root, quizSpecFile }: CheckOptions): Promise<CheckResult> {
  const problems: string[] = [];
  const contentDir = path.join(root, 'content');
  const lessonDir = path.join(contentDir, 'lessons');
  const quizDir = path.join(contentDir, 'quizzes');
  const diagramDir = path.join(root, 'src', 'mdx', 'diagrams');
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const allow = new Set<string>(MDX_ALLOWLIST);

  // 1. Frontmatter of every lesson file, each reported on its own.
  const files = fs.existsSync(lessonDir)
    ? fs
        .readdirSync(lessonDir)
        .filter((n) => n.endsWith('.mdx'))
        .sort()
    : [];
  if (files.length === 0) problems.push(`${rel(lessonDir)}: no lessons (*.mdx) found`);
  const parsed = new Map<string, { file: string; raw: string; body: string; slug: string }>();
  let frontmatterOk = true;
  for (const name of files) {
    const file = path.join(lessonDir, name);
    const raw = fs.readFileSync(file, 'utf8');
    let data: unknown;
    let body = '';
    try {
      const m = matter(raw);
      data = m.data;
      body = m.content;
    } catch (e) {
      problems.push(`${rel(file)}: frontmatter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      frontmatterOk = false;
      continue;
    }
    const problem = describeFrontmatterErrors(rel(file), data);
    if (problem) {
      frontmatterOk = false;
      // "Invalid lesson frontmatter in <file>:\n  - field "x": msg" → one line per field.
      for (const line of problem.split('\n').slice(1))
        problems.push(`${rel(file)}: ${line.trim().replace(/^- /, '')}`);
      continue;
    }
    const slug = (data as { slug: string }).slug;
    parsed.set(slug, { file, raw, body, slug });
  }

  // 2. Outline ↔ lessons (only meaningful once every frontmatter is valid).
  const listed = new Map<string, LessonInfo>();
  const hidden = new Set<string>();
  if (frontmatterOk && files.length > 0) {
    try {
      const index = buildCourseIndex(contentDir);
      for (const l of index.lessons) {
        listed.set(l.slug, {
          slug: l.slug,
          rel: rel(l.file),
          headingIds: new Set(l.headings.map((h) => h.id)),
        });
      }
    } catch (e) {
      problems.push((e as Error).message.replace(/\n\s*/g, ' '));
    }
  }
  for (const [slug, p] of parsed) {
    if (!listed.has(slug)) {
      hidden.add(slug);
      if (!frontmatterOk) {
        listed.set(slug, {
          slug,
          rel: rel(p.file),
          headingIds: new Set(extractHeadings(p.body).map((h) => h.id)),
        });
      }
    }
  }

  // The glossary: its own shape, then (below) the links that point into it.
  const glossaryFile = path.join(contentDir, 'glossary.json');
  const termIds = new Set<string>();
  if (fs.existsSync(glossaryFile)) {
    let glossary: unknown;
    try {
      glossary = JSON.parse(fs.readFileSync(glossaryFile, 'utf8'));
    } catch (e) {
      problems.push(`${rel(glossaryFile)}: not valid JSON: ${(e as Error).message}`);
    }
    if (glossary !== undefined) {
      const glossaryProblems = describeGlossaryErrors(glossary);
      problems.push(...glossaryProblems);
      if (glossaryProblems.length === 0) {
        for (const [index, term] of (glossary as Glossary).terms.entries()) {
          termIds.add(term.id);
          const bad = checkInternalLink(term.lesson, listed, hidden);
          if (bad) problems.push(`${rel(glossaryFile)}: field "terms.${index}.lesson": ${bad}`);
        }
      }
    }
  }
  const checkLink = (url: string) =>
    checkInternalLink(url, listed, hidden) ?? checkGlossaryLink(url, termIds);

  // 3. Each lesson's MDX body.
  for (const { file, raw, slug } of parsed.values()) {
    const where = (node: { position?: { start: { line: number } } }) =>
      `${rel(file)}:${node.position?.start.line ?? '?'}`;
    let tree: Root;
    try {
      tree = mdxParser.parse(raw);
    } catch (e) {
      const err = e as { line?: number; place?: { line?: number }; reason?: string; message: string };
      const line = err.line ?? err.place?.line ?? '?';
      problems.push(`${rel(file)}:${line}: MDX does not parse: ${err.reason ?? err.message}`);
      continue;
    }
    let hasCheck = false;
    visit(tree, (node: Nodes) => {
      if (node.type === 'mdxjsEsm') {
        problems.push(
          `${where(node)}: import/export statements are not allowed in lessons (use allowlisted components)`,
        );
        return;
      }
      if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        const name = node.name;
        if (name === null) return; // fragment
        const isComponent = /^[A-Z]/.test(name) || name.includes('.');
        if (isComponent && !allow.has(name)) {
          problems.push(
            `${where(node)}: <${name}> is not an allowed component (allowed: ${MDX_ALLOWLIST.join(', ')})`,
          );
          return;
        }
        if (!isComponent && FORBIDDEN_HTML.has(name.toLowerCase())) {
          problems.push(`${where(node)}: <${name}> is not allowed in lessons`);
          return;
        }
        if (name === 'Diagram') {
          const n = attr(node, 'name');
          if (!n.present || !n.value)
            problems.push(`${where(node)}: <Diagram> needs a literal name="..." attribute`);
          else if (!fs.existsSync(path.join(diagramDir, `${n.value}.tsx`))) {
            problems.push(
              `${where(node)}: <Diagram name="${n.value}">: src/mdx/diagrams/${n.value}.tsx does not exist`,
            );
          }
          if (textOf(node).trim().length < 20) {
            problems.push(
              `${where(node)}: <Diagram> needs a text alternative (a sentence-level description as its children)`,
            );
          }
        }
        if (name === 'KnowledgeCheck' || name === 'Quiz') {
          hasCheck = true;
          const id = attr(node, 'id');
          if (!id.present || !id.value)
            problems.push(`${where(node)}: <${name}> needs a literal id="..." attribute`);
          else if (!fs.existsSync(path.join(quizDir, `${id.value}.json`))) {
            problems.push(
              `${where(node)}: <${name} id="${id.value}">: content/quizzes/${id.value}.json does not exist`,
            );
          }
        }
        for (const a of node.attributes) {
          if (
            a.type === 'mdxJsxAttribute' &&
            (a.name === 'href' || a.name === 'source') &&
            typeof a.value === 'string'
          ) {
            const bad = checkLink(a.value);
            if (bad) problems.push(`${where(node)}: ${bad}`);
          }
        }
        return;
      }
      if (node.type === 'link' || node.type === 'definition') {
        const url = node.url;
        const sameLesson = url.startsWith('#') && !url.startsWith('#/') ? `/lessons/${slug}${url}` : url;
        const bad = checkLink(sameLesson);
        if (bad) problems.push(`${where(node)}: ${bad}`);
      }
    });
    if (!hasCheck) problems.push(`${rel(file)}: no <KnowledgeCheck id="..."> (or <Quiz>) in this lesson`);
  }

  // 4. Quizzes.
  const validateQuiz = await loadQuizValidator(
    quizSpecFile ?? path.join(root, 'src', 'features', 'quiz', 'quizSpec.ts'),
  );
  const quizFiles = fs.existsSync(quizDir)
    ? fs
        .readdirSync(quizDir)
        .filter((n) => n.endsWith('.json'))
        .sort()
    : [];
  for (const name of quizFiles) {
    const file = path.join(quizDir, name);
    const id = name.slice(0, -'.json'.length);
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push(`${rel(file)}: not valid JSON: ${(e as Error).message}`);
      continue;
    }
    if (validateQuiz) {
      for (const p of validateQuiz(data, { expectedId: id })) problems.push(`${rel(file)}: ${p}`);
    } else if (
      typeof data !== 'object' ||
      data === null ||
      !Array.isArray((data as { questions?: unknown }).questions)
    ) {
      problems.push(`${rel(file)}: field "questions": must be an array`);
    }
    const lesson = (data as { lesson?: unknown } | null)?.lesson;
    if (typeof lesson === 'string' && !listed.has(lesson) && parsed.size > 0) {
      problems.push(
        `${rel(file)}: field "lesson": "${lesson}" is not a lesson listed in content/outline.json`,
      );
    }
    for (const [at, text] of jsonStrings(data)) {
      for (const m of text.matchAll(LINK_IN_TEXT)) {
        const bad = checkLink(m[0].replace(/[.,;:]+$/, ''));
        if (bad) problems.push(`${rel(file)}: field "${at}": ${bad}`);
      }
    }
  }

  return { problems, lessons: parsed.size, quizzes: quizFiles.length };
}

async function main(): Promise<void> {
  const root = process.argv[2] ? path.resolve(process.argv[2]) : process.cwd();
  const { problems, lessons, quizzes } = await checkContent({ root });
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`content:check: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log(`content:check: ${lessons} lessons, ${quizzes} quizzes, no problems`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
