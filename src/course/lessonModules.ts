/**
 * Lesson bodies are lazy chunks: the MDX (and its highlighted code) loads only when a lesson opens.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type MdxComponents = Record<string, unknown>;
type MdxModule = { default: ComponentType<{ components?: MdxComponents }> };

const modules = import.meta.glob<MdxModule>('/content/lessons/*.mdx');
const cache = new Map<string, LazyExoticComponent<ComponentType<{ components?: MdxComponents }>>>();

export function hasLessonModule(slug: string): boolean {
  return `/content/lessons/${slug}.mdx` in modules;
}

export function lessonLoader(slug: string): (() => Promise<MdxModule>) | undefined {
  return modules[`/content/lessons/${slug}.mdx`];
}

/** One stable lazy component per lesson, so revisiting a lesson never re-suspends. */
export function lazyLesson(slug: string) {
  const load = lessonLoader(slug);
  if (!load) return undefined;
  let component = cache.get(slug);
  if (!component) {
    component = lazy(load);
    cache.set(slug, component);
  }
  return component;
}

/** Start fetching a lesson chunk early (e.g. on hover of a next link). Errors surface when rendered. */
export function preloadLesson(slug: string): void {
  lessonLoader(slug)?.().catch(() => undefined);
}
