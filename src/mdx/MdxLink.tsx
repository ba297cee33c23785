import type { ComponentProps } from 'react';
import { Link } from '../app/router';
import { parseInternalHref } from '../course/navigation';

/**
 * Lesson links are written `/lessons/<slug>#<id>`; under a HashRouter on any sub-path they must be
 * router links. `#id` stays on the current lesson. Everything else is an ordinary external link.
 */
export function MdxLink({ href = '', children, ...rest }: ComponentProps<'a'>) {
  const internal = parseInternalHref(href);
  if (internal) {
    return (
      <Link to={internal.pathname + internal.hash} {...rest}>
        {children}
      </Link>
    );
  }
  if (href.startsWith('#')) {
    return (
      <Link to={{ hash: href }} {...rest}>
        {children}
      </Link>
    );
  }
  return (
    <a href={href} rel="noreferrer" {...rest}>
      {children}
    </a>
  );
}
