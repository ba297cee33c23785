/**
 * Lesson bodies are lazy chunks: the MDX (with its build-time highlighted code and its frontmatter)
 * and the MDX components map load only when a lesson opens, in parallel, so neither is in the first load.
 */
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { LessonFrontmatter } from './lessonSchema';

type MdxModule = {
  default: ComponentType<{ components?: Record<string, unknown> }>;
  frontmatter: LessonFrontmatter;
};

export interface LoadedLesson {
  frontmatter: LessonFrontmatter;
  body: ReactNode;
}

/** Renders a loaded lesson through `render`, so the page decides the layout around the body. */
export type LessonContent = ComponentType<{ render: (lesson: LoadedLesson) => ReactNode }>;

const modules = import.meta.glob<MdxModule>('/content/lessons/*.mdx');
const cache = new Map<string, LazyExoticComponent<LessonContent>>();

function loaderFor(slug: string): (() => Promise<MdxModule>) | undefined {
  return modules[`/content/lessons/${slug}.mdx`];
}

/** One stable lazy component per lesson (already wired to the components map). */
export function lazyLesson(slug: string): LazyExoticComponent<LessonContent> | undefined {
  const load = loaderFor(slug);
  if (!load) return undefined;
  let component = cache.get(slug);
  if (!component) {
    component = lazy(async () => {
      const [lesson, { mdxComponents }] = await Promise.all([load(), import('../mdx/components')]);
      const Body = lesson.default;
      const frontmatter = lesson.frontmatter;
      function Content({ render }: { render: (lesson: LoadedLesson) => ReactNode }) {
        return render({ frontmatter, body: <Body components={mdxComponents} /> });
      }
      return { default: Content };
    });
    cache.set(slug, component);
  }
  return component;
}

/** Start fetching a lesson chunk early (e.g. when the learner heads for the next link). */
export function preloadLesson(slug: string): void {
  loaderFor(slug)?.().catch(() => undefined);
}
