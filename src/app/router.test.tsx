// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  HashRouter,
  Link,
  MemoryRouter,
  NavLink,
  Outlet,
  Route,
  Routes,
  parsePath,
  useLocation,
  useParams,
} from './router';

function Lesson() {
  const { slug } = useParams();
  const { hash } = useLocation();
  return (
    <p>
      lesson {slug} {hash}
    </p>
  );
}

function Shell() {
  return (
    <div>
      <NavLink to="/">Home</NavLink>
      <NavLink to="/lessons/b">B</NavLink>
      <Link to="/lessons/a#h2">A</Link>
      <Link to="/nowhere/at/all">Lost</Link>
      <Outlet />
    </div>
  );
}

function app() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<p>home page</p>} />
        <Route path="lessons/:slug" element={<Lesson />} />
        <Route path="*" element={<p>not found</p>} />
      </Route>
    </Routes>
  );
}

afterEach(cleanup);

describe('parsePath', () => {
  it('splits path, query and hash', () => {
    expect(parsePath('/lessons/x?s=1#h')).toEqual({ pathname: '/lessons/x', search: '?s=1', hash: '#h' });
    expect(parsePath('')).toEqual({ pathname: '/', search: '', hash: '' });
  });
});

describe('router', () => {
  it('renders the index route inside the layout and follows links with params and hashes', async () => {
    render(<MemoryRouter>{app()}</MemoryRouter>);
    expect(screen.getByText('home page')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
    await userEvent.click(screen.getByRole('link', { name: 'A' }));
    expect(screen.getByText('lesson a #h2')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Home' })).not.toHaveAttribute('aria-current');
    await userEvent.click(screen.getByRole('link', { name: 'B' }));
    expect(screen.getByRole('link', { name: 'B' })).toHaveAttribute('aria-current', 'page');
    await userEvent.click(screen.getByRole('link', { name: 'Lost' }));
    expect(screen.getByText('not found')).toBeInTheDocument();
  });

  it('uses the URL hash in HashRouter: hrefs start with #/ and the back button works', async () => {
    window.location.hash = '#/lessons/z';
    render(<HashRouter>{app()}</HashRouter>);
    expect(screen.getByText('lesson z')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'A' })).toHaveAttribute('href', '#/lessons/a#h2');
    await userEvent.click(screen.getByRole('link', { name: 'A' }));
    expect(window.location.hash).toBe('#/lessons/a#h2');
    expect(screen.getByText('lesson a #h2')).toBeInTheDocument();
    window.history.back();
    await screen.findByText('lesson z');
  });
});
