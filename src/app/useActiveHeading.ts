import { useEffect, useState } from 'react';
import type { CourseHeading } from 'virtual:course';

/** The heading the reader is in (the last one scrolled past the top third), for the TOC highlight. */
export function useActiveHeading(headings: CourseHeading[], ready: boolean): string | null {
  const [active, setActive] = useState<string | null>(null);
  useEffect(() => {
    if (!ready || typeof IntersectionObserver === 'undefined') return;
    const elements = headings
      .map((h) => document.getElementById(h.id))
      .filter((el): el is HTMLElement => el !== null);
    if (elements.length === 0) return;
    const visible = new Set<string>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) visible.add(e.target.id);
          else visible.delete(e.target.id);
        }
        const first = elements.find((el) => visible.has(el.id));
        if (first) setActive(first.id);
      },
      { rootMargin: '0px 0px -66% 0px' },
    );
    elements.forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [headings, ready]);
  return active;
}
