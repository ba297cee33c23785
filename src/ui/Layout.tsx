import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { Link, NavLink, Outlet, useLocation } from '../app/router';
import { outline } from '../course/course';
import { Sidebar } from './Sidebar';
import { ThemeToggle } from './ThemeToggle';
import { StorageNotices } from './StorageNotices';
import { OfflineSupport } from '../features/offline/OfflineSupport';
import { SearchBox } from '../features/search/SearchBox';
import { CloseIcon, LogoMark, MenuIcon } from './icons';

const SIDEBAR_ID = 'course-sidebar';
export const MAIN_ID = 'main-content';

/** The page frame: skip link, header, storage notices, course sidebar (a menu on narrow screens), main. */
export function Layout() {
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const { pathname, hash } = useLocation();
  // Pages for doing (the playground, labs) get the full width; the course outline becomes the menu.
  const layout = /^\/(playground|labs\/)/.test(pathname) ? 'workspace' : undefined;
  const firstRender = useRef(true);

  // A new page starts at the top (hash targets are scrolled by the lesson page) and closes the menu.
  // If the link that was used disappeared with the old page, focus moves to main instead of <body>,
  // so the next Tab continues in the new content rather than at the top of the document.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!hash) window.scrollTo(0, 0);
    if (document.activeElement === document.body || document.activeElement === null) {
      document.getElementById(MAIN_ID)?.focus({ preventScroll: true });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setMenuOpen(false);
        menuButton.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
    // The URL hash belongs to the router, so move focus by hand instead of following "#main-content".
    e.preventDefault();
    const main = document.getElementById(MAIN_ID);
    main?.focus();
    main?.scrollIntoView();
  }

  return (
    <>
      <a className="skip-link" href={`#${MAIN_ID}`} onClick={skipToContent}>
        Skip to content
      </a>
      <header className="site-header" data-layout={layout}>
        <button
          ref={menuButton}
          type="button"
          className="icon-button menu-button"
          aria-expanded={menuOpen}
          aria-controls={SIDEBAR_ID}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? <CloseIcon /> : <MenuIcon />}
          <span>Menu</span>
        </button>
        <Link className="brand" to="/">
          <LogoMark />
          <span className="brand-name">Coldstart</span>
          <span className="brand-course">{outline.title}</span>
        </Link>
        <SearchBox />
        <nav className="top-nav" aria-label="Site">
          <NavLink to="/labs">Labs</NavLink>
          <NavLink to="/playground">Playground</NavLink>
          <NavLink to="/glossary">Glossary</NavLink>
          <NavLink to="/progress">Progress</NavLink>
        </nav>
        <ThemeToggle />
      </header>
      <StorageNotices />
      <OfflineSupport />
      <div className="shell" data-layout={layout}>
        <Sidebar id={SIDEBAR_ID} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
        <main id={MAIN_ID} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  );
}
