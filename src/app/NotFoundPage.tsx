import { Link } from './router';
import { pageTitle } from '../course/course';
import { useDocumentTitle } from './useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle(pageTitle('Page not found'));
  return (
    <div className="page not-found">
      <h1>Page not found</h1>
      <p className="lead">There is no page at this address. It may have been moved or renamed.</p>
      <p>
        <Link className="button" to="/">
          Go to the course home
        </Link>
      </p>
    </div>
  );
}
