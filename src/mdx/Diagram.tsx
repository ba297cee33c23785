import { lazy, Suspense, useId, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { WidgetBoundary } from './WidgetBoundary';

type DiagramModule = { default: ComponentType };

// Content writers drop diagrams into ./diagrams/<name>.tsx; each becomes its own lazy chunk.
const modules = import.meta.glob<DiagramModule>(['./diagrams/*.tsx', '!./diagrams/*.test.tsx']);
const cache = new Map<string, LazyExoticComponent<ComponentType>>();

export function diagramNames(): string[] {
  return Object.keys(modules).map((p) => p.replace(/^\.\/diagrams\/(.+)\.tsx$/, '$1'));
}

function lazyDiagram(name: string) {
  const load = modules[`./diagrams/${name}.tsx`];
  if (!load) return undefined;
  let component = cache.get(name);
  if (!component) {
    component = lazy(load);
    cache.set(name, component);
  }
  return component;
}

interface DiagramProps {
  name: string;
  caption?: string;
  /** Width/height ratio of the reserved box, e.g. "16/9", so nothing shifts while it loads. */
  aspect?: string;
  /** The text alternative: a full description of what the diagram shows. */
  children?: ReactNode;
}

/**
 * A figure whose picture is a lazy component. The picture is exposed as one image named by the
 * text alternative; the same text is available to everyone under "Text description".
 */
export function Diagram({ name, caption, aspect, children }: DiagramProps) {
  const id = useId();
  const Picture = lazyDiagram(name);
  const descId = `${id}-desc`;
  return (
    <figure className="figure diagram">
      <div
        className="diagram-canvas"
        role="img"
        aria-labelledby={descId}
        style={aspect ? { aspectRatio: aspect.replace('/', ' / ') } : undefined}
      >
        {Picture ? (
          <WidgetBoundary label="diagram">
            <Suspense fallback={<span className="diagram-loading">Loading diagram…</span>}>
              <Picture />
            </Suspense>
          </WidgetBoundary>
        ) : (
          <span className="diagram-loading">Diagram “{name}” is not available; see the description below.</span>
        )}
      </div>
      {caption ? <figcaption>{caption}</figcaption> : null}
      <details className="diagram-alt">
        <summary>Text description</summary>
        <div id={descId}>{children}</div>
      </details>
    </figure>
  );
}
