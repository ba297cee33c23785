/**
 * Lesson bodies are lazy chunks: the MDX (with its build-time highlighted code) and the MDX
 * components map load only when a lesson opens, in parallel, so neither is in the first page load.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

type MdxModule = { default: ComponentType<{ components?: Record<string, unknown> }> };

const modules = import.meta.glob<MdxModule>('/content/lessons/*.mdx');
const cache = new Map<string, LazyExoticComponent<ComponentType>>();

function loaderFor(slug: string): (() => Promise<MdxModule>) | undefined {
  return modules[`/content/lessons/${slug}.mdx`];
}

/** One stable lazy component per lesson (already wired to the components map). */
export function lazyLesson(slug: string): LazyExoticComponent<ComponentType> | undefined {
  const load = loaderFor(slug);
  if (!load) return undefined;
  let component = cache.get(slug);
  if (!component) {
    component = lazy(async () => {
      const [lesson, { mdxComponents }] = await Promise.all([load(), import('../mdx/components')]);
      const Body = lesson.default;
      return { default: () => <Body components={mdxComponents} /> };
    });
    cache.set(slug, component);
  }
  return component;
}

/** Start fetching a lesson chunk early (e.g. when the learner heads for the next link). */
export function preloadLesson(slug: string): void {
  loaderFor(slug)?.().catch(() => undefined);
}
