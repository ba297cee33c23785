import { lazy, Suspense, useId, useRef, type ComponentType, type ReactNode } from 'react';
import { useNearViewport } from '../ui/useNearViewport';
import { WidgetBoundary } from './WidgetBoundary';

type DiagramModule = { default: ComponentType };

// Content writers drop diagrams into ./diagrams/<name>.tsx; each becomes its own lazy chunk.
const modules = import.meta.glob<DiagramModule>(['./diagrams/*.tsx', '!./diagrams/*.test.tsx']);
// lazy() fetches nothing until first render, so one stable component per diagram costs nothing up front.
const diagrams = new Map(
  Object.entries(modules).map(([file, load]) => [
    file.replace(/^\.\/diagrams\/(.+)\.tsx$/, '$1'),
    lazy(load),
  ]),
);

export function diagramNames(): string[] {
  return [...diagrams.keys()];
}

/** Picture components are created once at module load (above), so rendering one by reference is safe. */
function DiagramPicture({ component: Picture }: { component: ComponentType }) {
  return <Picture />;
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
  const Picture = diagrams.get(name);
  const descId = `${id}-desc`;
  const canvas = useRef<HTMLDivElement>(null);
  const near = useNearViewport(canvas);
  return (
    <figure className="figure diagram">
      <div
        ref={canvas}
        className="diagram-canvas"
        role="img"
        aria-labelledby={descId}
        data-deferred={Picture && !near ? '' : undefined}
        style={aspect ? { aspectRatio: aspect.replace('/', ' / ') } : undefined}
      >
        {Picture && !near ? null : Picture ? (
          <WidgetBoundary label="diagram">
            <Suspense fallback={<span className="diagram-loading">Loading diagram…</span>}>
              <DiagramPicture component={Picture} />
            </Suspense>
          </WidgetBoundary>
        ) : (
          <span className="diagram-loading">
            Diagram “{name}” is not available; see the description below.
          </span>
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
