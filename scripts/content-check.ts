/**
 * `npm run content:check`: lints content/ like code. One line per problem naming the file and the
 * field or line; exit 1 when there is any.
 *   - every lesson's frontmatter (the same zod schema the build uses) and the outline
 *   - MDX uses only allowlisted components (src/mdx/allowlist.ts) and no import/export
 *   - every <Diagram name> exists in src/mdx/diagrams/ and has a text alternative
 *   - every lesson has objectives, sources and a <KnowledgeCheck>/<Quiz> whose quiz file exists
 *   - every internal link /lessons/<slug>(#id) in lessons and quizzes resolves to a listed lesson and heading
 *   - every content/quizzes/*.json validates (src/features/quiz/quizSpec.ts when present), and the
 *     correct answers of single-choice questions do not cluster on one option position (per quiz and
 *     across the course: see answerSpreadProblem in quizSpec.ts)
 *   - every <Sandbox preset> and <PoolBench preset> names a preset that exists where presets are defined
 *     (src/features/playground/presets.ts, src/features/pool/presets.ts)
 *   - a lesson whose slug, file name or section disagrees with the outline is reported once, and its
 *     links still resolve, so one typo does not turn into a page of follow-on link errors
 *
 *   - content/glossary.json validates, its lesson links resolve, and every /glossary#<id> link names a term
 *
 *   - every code block marked `runnable` runs (scripts/runnableBlocks.ts): through the sandbox's own runtimes in
 *     Node, loaded with Vite's module runner because they use import.meta.glob; skip with --no-run
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
import { extractHeadings } from './course-index.ts';
import { describeFrontmatterErrors } from '../src/course/lessonSchema.ts';
import { outlineSchema, type Outline } from '../src/course/outlineSchema.ts';
import { MDX_ALLOWLIST } from '../src/mdx/allowlist.ts';
import { loadLab, LabFormatError } from '../src/features/lab/model/loadLab.ts';
import { describeGlossaryErrors, type Glossary } from '../src/course/glossarySchema.ts';

export interface CheckOptions {
  /** Project root holding content/ and src/mdx/diagrams/. */
  root: string;
  /** The quiz validator module; defaults to <root>/src/features/quiz/quizSpec.ts. */
  quizSpecFile?: string;
  /** Where each widget's presets are defined; defaults to the app's preset modules (PRESET_SOURCES). */
  presetFiles?: Partial<Record<PresetWidget, string>>;
}

/** Widgets whose `preset` attribute must name a defined preset. */
type PresetWidget = 'Sandbox' | 'PoolBench';

/** Each preset module and the export that lists its presets (an array of `{ id }`, or an object keyed by id). */
const PRESET_SOURCES: Record<PresetWidget, { file: string; exportName: string }> = {
  Sandbox: { file: 'src/features/playground/presets.ts', exportName: 'SANDBOX_PRESETS' },
  PoolBench: { file: 'src/features/pool/presets.ts', exportName: 'PRESETS' },
};

export interface CheckResult {
  problems: string[];
  lessons: number;
  quizzes: number;
}

type QuizValidator = (data: unknown, options?: { expectedId?: string }) => string[];
interface QuizSpecModule {
  validateQuiz?: QuizValidator;
  answerPositions?: (quiz: { questions: unknown[] }) => number[];
  answerSpreadProblem?: (positions: readonly number[]) => string | null;
}

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

async function loadQuizSpec(file: string): Promise<QuizSpecModule> {
  if (!fs.existsSync(file)) return {};
  return (await import(pathToFileURL(file).href)) as QuizSpecModule;
}

/** The preset ids a module defines, or the reason they cannot be read. */
async function loadPresetIds(file: string, exportName: string): Promise<Set<string> | string> {
  if (!fs.existsSync(file)) return `${file} does not exist`;
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const value = mod[exportName];
  if (Array.isArray(value)) {
    const ids = value.map((p) => (p as { id?: unknown }).id);
    return new Set(ids.filter((id): id is string => typeof id === 'string'));
  }
  if (value && typeof value === 'object') return new Set(Object.keys(value));
  return `${file} has no export ${exportName}`;
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

export async function checkContent({ root, quizSpecFile, presetFiles }: CheckOptions): Promise<CheckResult> {
  const problems: string[] = [];
  const contentDir = path.join(root, 'content');
  const lessonDir = path.join(contentDir, 'lessons');
  const quizDir = path.join(contentDir, 'quizzes');
  const diagramDir = path.join(root, 'src', 'mdx', 'diagrams');
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const allow = new Set<string>(MDX_ALLOWLIST);

  // 1. Frontmatter of every lesson file, each reported on its own. Every file's body is kept, valid or
  //    not, so links into a lesson with a broken field still resolve and only the field is reported.
  const files = fs.existsSync(lessonDir)
    ? fs
        .readdirSync(lessonDir)
        .filter((n) => n.endsWith('.mdx'))
        .sort()
    : [];
  if (files.length === 0) problems.push(`${rel(lessonDir)}: no lessons (*.mdx) found`);
  const parsed = new Map<
    string,
    { file: string; raw: string; body: string; slug: string; section: string }
  >();
  const bodies = new Map<string, { file: string; body: string }>();
  for (const name of files) {
    const file = path.join(lessonDir, name);
    const raw = fs.readFileSync(file, 'utf8');
    const fileSlug = name.slice(0, -'.mdx'.length);
    let data: unknown;
    let body = '';
    try {
      const m = matter(raw);
      data = m.data;
      body = m.content;
    } catch (e) {
      problems.push(`${rel(file)}: frontmatter is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      bodies.set(fileSlug, { file, body: raw });
      continue;
    }
    bodies.set(fileSlug, { file, body });
    const problem = describeFrontmatterErrors(rel(file), data);
    if (problem) {
      // "Invalid lesson frontmatter in <file>:\n  - field "x": msg" → one line per field.
      for (const line of problem.split('\n').slice(1))
        problems.push(`${rel(file)}: ${line.trim().replace(/^- /, '')}`);
      continue;
    }
    const { slug, section } = data as { slug: string; section: string };
    if (slug !== fileSlug) {
      problems.push(
        `${rel(file)}: field "slug" is "${slug}" but the file name is "${name}": rename the file or fix the slug`,
      );
    }
    parsed.set(slug, { file, raw, body, slug, section });
  }

  // 2. Outline ↔ lessons, each disagreement reported once. A lesson is found by its frontmatter slug or,
  //    failing that, by its file name, so a wrong slug or section never hides the lesson from link checks.
  let outline: Outline | null = null;
  try {
    const result = outlineSchema.safeParse(
      JSON.parse(fs.readFileSync(path.join(contentDir, 'outline.json'), 'utf8')),
    );
    if (result.success) outline = result.data;
    else
      for (const issue of result.error.issues)
        problems.push(`content/outline.json: field "${issue.path.join('.')}": ${issue.message}`);
  } catch (e) {
    problems.push(`content/outline.json could not be read: ${(e as Error).message}`);
  }

  const lessonFor = (slug: string): { file: string; body: string; section?: string } | undefined => {
    const byFrontmatter = parsed.get(slug);
    if (byFrontmatter) return byFrontmatter;
    return bodies.get(slug);
  };
  const listed = new Map<string, LessonInfo>();
  const seen = new Set<string>();
  for (const section of outline?.sections ?? []) {
    for (const slug of section.lessons) {
      if (seen.has(slug)) {
        problems.push(`content/outline.json: lesson "${slug}" is listed twice`);
        continue;
      }
      seen.add(slug);
      const lesson = lessonFor(slug);
      if (!lesson) {
        problems.push(
          `content/outline.json: section "${section.id}" lists lesson "${slug}", but content/lessons/${slug}.mdx does not exist`,
        );
        continue;
      }
      if (lesson.section !== undefined && lesson.section !== section.id) {
        problems.push(
          `${rel(lesson.file)}: field "section" is "${lesson.section}" but content/outline.json places it in "${section.id}"`,
        );
      }
      listed.set(slug, {
        slug,
        rel: rel(lesson.file),
        headingIds: new Set(extractHeadings(lesson.body).map((h) => h.id)),
      });
    }
  }
  // The outline may name a lesson by its file while its frontmatter slug differs (reported above):
  // links written against either name resolve, so one typo stays one problem.
  for (const p of parsed.values()) {
    const byFile = listed.get(path.basename(p.file, '.mdx'));
    if (byFile && !listed.has(p.slug)) listed.set(p.slug, byFile);
  }
  // Lessons the outline leaves out have no page; links to them say so.
  const hidden = new Set([...parsed.keys(), ...bodies.keys()].filter((slug) => !listed.has(slug)));

  const presetIds = new Map<PresetWidget, Set<string> | string>();
  for (const widget of Object.keys(PRESET_SOURCES) as PresetWidget[]) {
    const source = PRESET_SOURCES[widget];
    const file = presetFiles?.[widget] ?? path.join(root, source.file);
    presetIds.set(widget, await loadPresetIds(file, source.exportName));
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
        if (name === 'Sandbox' || name === 'PoolBench') {
          const preset = attr(node, 'preset');
          const known = presetIds.get(name);
          if (preset.present && !preset.value) {
            problems.push(`${where(node)}: <${name}> needs a literal preset="..." attribute`);
          } else if (preset.present && preset.value && typeof known === 'string') {
            problems.push(
              `${where(node)}: <${name} preset="${preset.value}">: presets could not be read (${known})`,
            );
          } else if (preset.present && preset.value && known instanceof Set && !known.has(preset.value)) {
            problems.push(
              `${where(node)}: <${name} preset="${preset.value}">: no such preset (defined: ${[...known].join(', ')})`,
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
  const quizSpec = await loadQuizSpec(
    quizSpecFile ?? path.join(root, 'src', 'features', 'quiz', 'quizSpec.ts'),
  );
  const validateQuiz = typeof quizSpec.validateQuiz === 'function' ? quizSpec.validateQuiz : null;
  const courseAnswerPositions: number[] = [];
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
      const quizProblems = validateQuiz(data, { expectedId: id });
      for (const p of quizProblems) problems.push(`${rel(file)}: ${p}`);
      if (quizProblems.length === 0 && quizSpec.answerPositions && quizSpec.answerSpreadProblem) {
        const positions = quizSpec.answerPositions(data as { questions: unknown[] });
        courseAnswerPositions.push(...positions);
        const spread = quizSpec.answerSpreadProblem(positions);
        if (spread) problems.push(`${rel(file)}: ${spread}`);
      }
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

  // Across the course too: a habit of writing the answer second shows up over many small quizzes.
  const courseSpread = quizSpec.answerSpreadProblem?.(courseAnswerPositions);
  if (courseSpread) problems.push(`content/quizzes (all quizzes together): ${courseSpread}`);

  // 5. Labs: the format (the lab loader's own validation), the lab components, and the checks bad variants name.
  problems.push(...checkLabFolders(root, checkLink));

  return { problems, lessons: parsed.size, quizzes: quizFiles.length };
}

/** The components a lab's step.mdx may use (src/features/lab/labMdxComponents.ts). */
export const LAB_MDX_ALLOWLIST = ['Task', 'Hint', 'Question', 'LoadTest', 'QueryAnswer', 'PowerTuning'] as const;

function readTree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(full, base, out);
    else out[path.relative(base, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

export function checkLabFolders(
  root: string,
  checkLink: (url: string) => string | null | undefined,
): string[] {
  const problems: string[] = [];
  const labsDir = path.join(root, 'content', 'labs');
  if (!fs.existsSync(labsDir)) return problems;
  const allow = new Set<string>(LAB_MDX_ALLOWLIST);
  for (const id of fs.readdirSync(labsDir).sort()) {
    const dir = path.join(labsDir, id);
    if (!fs.statSync(dir).isDirectory()) continue;
    const files = readTree(dir);
    try {
      loadLab(id, files);
    } catch (e) {
      problems.push(...(e instanceof LabFormatError ? e.problems : [`content/labs/${id}: ${String(e)}`]));
    }
    for (const [file, text] of Object.entries(files)) {
      const where = `content/labs/${id}/${file}`;
      if (file.endsWith('step.mdx')) {
        let tree: Root;
        try {
          tree = mdxParser.parse(text);
        } catch (e) {
          problems.push(`${where}: MDX does not parse: ${(e as Error).message}`);
          continue;
        }
        const taskIds = new Set<string>();
        visit(tree, (node: Nodes) => {
          const line = node.position?.start.line ?? '?';
          if (node.type === 'mdxjsEsm')
            problems.push(`${where}:${line}: import/export statements are not allowed in labs`);
          if (node.type === 'link') {
            const bad = checkLink(node.url);
            if (bad) problems.push(`${where}:${line}: ${bad}`);
          }
          if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
          const name = node.name;
          if (name === null) return;
          if ((/^[A-Z]/.test(name) || name.includes('.')) && !allow.has(name)) {
            problems.push(
              `${where}:${line}: <${name}> is not a lab component (allowed: ${LAB_MDX_ALLOWLIST.join(', ')})`,
            );
            return;
          }
          if (name === 'Task' || name === 'Question' || name === 'QueryAnswer') {
            const idAttr = attr(node, 'id');
            if (!idAttr.present || !idAttr.value)
              problems.push(`${where}:${line}: <${name}> needs a literal id="..."`);
            else if (name === 'Task') taskIds.add(idAttr.value);
          }
          if (name === 'Question' && !attr(node, 'choices').value)
            problems.push(`${where}:${line}: <Question> needs choices="a,b"`);
        });
        // Every task a check belongs to exists in the instructions (its status is shown there).
        const checkTs = files[file.replace(/step\.mdx$/, 'check.ts')] ?? '';
        for (const m of checkTs.matchAll(/\btask:\s*['"]([^'"]+)['"]/g))
          if (!taskIds.has(m[1]!))
            problems.push(`${where}: check.ts names task "${m[1]}", which has no <Task id="${m[1]}">`);
      }
      const bad = /^(\d\d-[^/]+)\/bad\/[^/]+\/bad\.json$/.exec(file);
      if (bad) {
        let fails: unknown;
        try {
          fails = (JSON.parse(text) as { fails?: unknown }).fails;
        } catch {
          continue; // the loader reports it
        }
        const checkTs = files[`${bad[1]}/check.ts`] ?? '';
        if (
          typeof fails === 'string' &&
          !new RegExp(`\\bid:\\s*['"\`]${fails.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`).test(checkTs)
        )
          problems.push(`${where}: field "fails": "${fails}" is not the id of a check in ${bad[1]}/check.ts`);
      }
    }
  }
  return problems;
}

/** Runs every runnable block (scripts/runnableBlocks.ts) under Vite's module runner, which the runtimes need. */
async function checkRunnable(root: string): Promise<{ problems: string[]; summary: string }> {
  const { runnerImport } = await import('vite');
  const { virtualModulePlugins } = await import('./virtual-modules.ts');
  const here = path.dirname(import.meta.filename);
  const projectRoot = path.resolve(here, '..');
  const { module } = await runnerImport<typeof import('./runnableBlocks.ts')>(
    path.join(here, 'runnableBlocks.ts'),
    {
      configFile: false,
      root: projectRoot,
      logLevel: 'error',
      // The page's sandbox host (imported by the workspace) names the runtime bundles and the build's Python
      // snapshot through these virtual modules (the same plugins vite.config.ts uses).
      plugins: virtualModulePlugins(projectRoot),
    },
  );
  const result = await module.checkRunnableContent(root);
  return {
    problems: result.problems,
    summary: `${result.ran.python} Python and ${result.ran.node} Node.js runnable blocks in ${(result.ms / 1000).toFixed(1)} s`,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const run = !args.includes('--no-run');
  const rootArgument = args.find((argument) => !argument.startsWith('--'));
  const root = rootArgument ? path.resolve(rootArgument) : process.cwd();
  const { problems, lessons, quizzes } = await checkContent({ root });
  let ran = '';
  if (run) {
    const runnable = await checkRunnable(root);
    problems.push(...runnable.problems);
    ran = `, ${runnable.summary}`;
  }
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`content:check: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    process.exit(1);
  }
  console.log(`content:check: ${lessons} lessons, ${quizzes} quizzes${ran}, no problems`);
  // The sandbox's in-process host may leave timers behind (a frozen environment's); the check is done.
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
