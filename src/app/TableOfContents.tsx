import { Link } from './router';
import type { CourseHeading } from 'virtual:course';

interface TocProps {
  slug: string;
  headings: CourseHeading[];
  activeId: string | null;
}

/** Links are real router URLs (`#/lessons/<slug>#<id>`), so they can be shared and reopened. */
export function TocList({ slug, headings, activeId }: TocProps) {
  return (
    <ol>
      {headings.map((h) => (
        <li key={h.id} className={`depth-${h.depth}`}>
          <Link
            to={`/lessons/${slug}#${h.id}`}
            aria-current={h.id === activeId ? 'location' : undefined}
            data-toc-link=""
          >
            {h.text}
          </Link>
        </li>
      ))}
    </ol>
  );
}

/** Right rail on wide screens. */
export function TocRail(props: TocProps) {
  if (props.headings.length === 0) return null;
  return (
    <nav className="toc toc-rail" aria-labelledby="toc-rail-title">
      <p className="toc-title" id="toc-rail-title">
        On this page
      </p>
      <TocList {...props} />
    </nav>
  );
}

/** Collapsible block above the lesson body on narrower screens. */
export function TocInline(props: TocProps) {
  if (props.headings.length === 0) return null;
  return (
    <details className="toc toc-inline">
      <summary>On this page</summary>
      <nav aria-label="On this page">
        <TocList {...props} />
      </nav>
    </details>
  );
}
