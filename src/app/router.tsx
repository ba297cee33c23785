/**
 * A small hash router with the react-router API subset the course uses (HashRouter, MemoryRouter,
 * Routes/Route/Outlet, Link/NavLink, useLocation, useNavigate, useNavigationType, useParams,
 * useSearchParams). Why not react-router itself: it cost 13.7 KB gzip of the 100 KB first-load
 * budget for features a static course never uses (data loaders, actions, relative routing).
 *
 * URLs look like `#/lessons/cold-starts?x=1#init-phase`: path and query live in the URL's hash,
 * so every route works from any static host under any sub-path without rewrites.
 */
import {
  Children,
  createContext,
  isValidElement,
  useCallback,
  useContext,
  useMemo,
  useState,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
} from 'react';

export interface Location {
  pathname: string;
  search: string;
  hash: string;
  /** Changes on every navigation, even to the same URL. */
  key: string;
}

export type NavigationType = 'POP' | 'PUSH' | 'REPLACE';
export type To = string | { pathname?: string; search?: string; hash?: string };

interface RouterHistory {
  /** The URL prefix `href`s need (`#` for the hash router, empty in memory). */
  hrefPrefix: string;
  get(): { location: Location; action: NavigationType };
  push(path: string): void;
  replace(path: string): void;
  subscribe(listener: () => void): () => void;
}

let keySeq = 0;
const nextKey = () => (++keySeq).toString(36);

/** Splits "/a/b?x=1#h" into its parts; a missing path means "/". */
export function parsePath(path: string): Omit<Location, 'key'> {
  let rest = path;
  let hash = '';
  let search = '';
  const h = rest.indexOf('#');
  if (h >= 0) {
    hash = rest.slice(h);
    rest = rest.slice(0, h);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    search = rest.slice(q);
    rest = rest.slice(0, q);
  }
  return { pathname: rest || '/', search: search === '?' ? '' : search, hash: hash === '#' ? '' : hash };
}

function resolveTo(to: To, current: Location): string {
  if (typeof to === 'string') return to;
  const pathname = to.pathname ?? current.pathname;
  const search = to.search ?? (to.pathname === undefined ? current.search : '');
  const hash = to.hash ? (to.hash.startsWith('#') ? to.hash : `#${to.hash}`) : '';
  return pathname + search + hash;
}

function createHashHistory(): RouterHistory {
  const listeners = new Set<() => void>();
  const read = (action: NavigationType) => ({
    location: { ...parsePath(window.location.hash.replace(/^#/, '') || '/'), key: nextKey() },
    action,
  });
  let current = read('POP');
  const notify = (action: NavigationType) => {
    current = read(action);
    listeners.forEach((l) => l());
  };
  const onPop = () => notify('POP');
  return {
    hrefPrefix: '#',
    get: () => current,
    push(path) {
      window.history.pushState(null, '', `#${path}`);
      notify('PUSH');
    },
    replace(path) {
      window.history.replaceState(null, '', `#${path}`);
      notify('REPLACE');
    },
    subscribe(listener) {
      if (listeners.size === 0) {
        window.addEventListener('popstate', onPop);
        window.addEventListener('hashchange', onPop);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          window.removeEventListener('popstate', onPop);
          window.removeEventListener('hashchange', onPop);
        }
      };
    },
  };
}

function createMemoryHistory(initialEntries: string[]): RouterHistory {
  const listeners = new Set<() => void>();
  let current = {
    location: { ...parsePath(initialEntries[initialEntries.length - 1] ?? '/'), key: nextKey() },
    action: 'POP' as NavigationType,
  };
  const go = (path: string, action: NavigationType) => {
    current = { location: { ...parsePath(path), key: nextKey() }, action };
    listeners.forEach((l) => l());
  };
  return {
    hrefPrefix: '',
    get: () => current,
    push: (path) => go(path, 'PUSH'),
    replace: (path) => go(path, 'REPLACE'),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

interface RouterState {
  history: RouterHistory;
  location: Location;
  action: NavigationType;
}

const RouterContext = createContext<RouterState | null>(null);
const RouteContext = createContext<{ params: Record<string, string>; outlet: ReactNode }>({
  params: {},
  outlet: null,
});

function useRouter(): RouterState {
  const state = useContext(RouterContext);
  if (!state) throw new Error('Router hooks and links must be used inside <HashRouter> or <MemoryRouter>.');
  return state;
}

function RouterProvider({ history, children }: { history: RouterHistory; children?: ReactNode }) {
  const snapshot = useSyncExternalStore(history.subscribe, history.get, history.get);
  const value = useMemo(
    () => ({ history, location: snapshot.location, action: snapshot.action }),
    [history, snapshot],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function HashRouter({ children }: { children?: ReactNode }) {
  const [history] = useState(createHashHistory);
  return <RouterProvider history={history}>{children}</RouterProvider>;
}

export function MemoryRouter({
  initialEntries = ['/'],
  children,
}: {
  initialEntries?: string[];
  children?: ReactNode;
}) {
  const [history] = useState(() => createMemoryHistory(initialEntries));
  return <RouterProvider history={history}>{children}</RouterProvider>;
}

export interface RouteProps {
  path?: string;
  index?: boolean;
  element?: ReactNode;
  children?: ReactNode;
}

/** Declares a route; <Routes> reads its props, it never renders by itself. */
export function Route(_props: RouteProps): null {
  return null;
}

interface RouteDef {
  path?: string;
  index?: boolean;
  element?: ReactNode;
  children: RouteDef[];
}

function collectRoutes(children: ReactNode): RouteDef[] {
  const out: RouteDef[] = [];
  Children.forEach(children, (child) => {
    if (!isValidElement(child)) return;
    const props = (child as ReactElement<RouteProps>).props;
    out.push({
      path: props.path,
      index: props.index,
      element: props.element,
      children: collectRoutes(props.children),
    });
  });
  return out;
}

/** Matches `segments` against a route path; returns params and the segments left over, or null. */
function matchSegments(
  pattern: string,
  segments: string[],
): { params: Record<string, string>; rest: string[] } | null {
  const parts = pattern.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '*') {
      params['*'] = segments.slice(i).join('/');
      return { params, rest: [] };
    }
    const seg = segments[i];
    if (seg === undefined) return null;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return { params, rest: segments.slice(parts.length) };
}

/** The chain of routes (outermost first) that matches the path, with their params. */
export function matchRoutes(
  routes: RouteDef[],
  segments: string[],
): { route: RouteDef; params: Record<string, string> }[] | null {
  for (const route of routes) {
    if (route.index) {
      if (segments.length === 0) return [{ route, params: {} }];
      continue;
    }
    if (route.path === undefined) {
      // A layout route: matches when one of its children does.
      const inner = matchRoutes(route.children, segments);
      if (inner) return [{ route, params: {} }, ...inner];
      continue;
    }
    const m = matchSegments(route.path, segments);
    if (!m) continue;
    if (m.rest.length === 0 && route.children.length === 0) return [{ route, params: m.params }];
    const inner = matchRoutes(route.children, m.rest);
    if (inner)
      return [
        { route, params: m.params },
        ...inner.map((x) => ({ ...x, params: { ...m.params, ...x.params } })),
      ];
    if (m.rest.length === 0) return [{ route, params: m.params }];
  }
  return null;
}

export function Routes({ children }: { children?: ReactNode }) {
  const { location } = useRouter();
  const routes = collectRoutes(children);
  const segments = location.pathname.split('/').filter(Boolean);
  const chain = matchRoutes(routes, segments);
  if (!chain) return null;
  const params = chain[chain.length - 1]!.params;
  let outlet: ReactNode = null;
  for (let i = chain.length - 1; i >= 0; i--) {
    outlet = (
      <RouteContext.Provider value={{ params, outlet }}>
        {chain[i]!.route.element ?? null}
      </RouteContext.Provider>
    );
  }
  return <>{outlet}</>;
}

export function Outlet() {
  return <>{useContext(RouteContext).outlet}</>;
}

export function useLocation(): Location {
  return useRouter().location;
}

export function useNavigationType(): NavigationType {
  return useRouter().action;
}

export function useParams(): Record<string, string | undefined> {
  return useContext(RouteContext).params;
}

export function useNavigate(): (to: To, options?: { replace?: boolean }) => void {
  const { history, location } = useRouter();
  return useCallback(
    (to: To, options?: { replace?: boolean }) => {
      const path = resolveTo(to, location);
      if (options?.replace) history.replace(path);
      else history.push(path);
    },
    [history, location],
  );
}

export function useSearchParams(): [
  URLSearchParams,
  (next: URLSearchParams, options?: { replace?: boolean }) => void,
] {
  const { location } = useRouter();
  const navigate = useNavigate();
  const params = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const set = useCallback(
    (next: URLSearchParams, options?: { replace?: boolean }) => {
      const q = next.toString();
      navigate({ pathname: location.pathname, search: q ? `?${q}` : '' }, options);
    },
    [navigate, location.pathname],
  );
  return [params, set];
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: To;
  replace?: boolean;
}

function isPlainLeftClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  return e.button === 0 && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey;
}

export function Link({ to, replace, onClick, target, ...rest }: LinkProps) {
  const { history, location } = useRouter();
  const path = resolveTo(to, location);
  return (
    <a
      {...rest}
      target={target}
      href={history.hrefPrefix + path}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || !isPlainLeftClick(e) || (target && target !== '_self')) return;
        e.preventDefault();
        if (replace) history.replace(path);
        else history.push(path);
      }}
    />
  );
}

export interface NavLinkProps extends Omit<LinkProps, 'className'> {
  /** Active only on an exact match (otherwise also for paths below it). */
  end?: boolean;
  className?: string | ((state: { isActive: boolean }) => string | undefined);
}

export function NavLink({ to, end, className, ...rest }: NavLinkProps) {
  const { location } = useRouter();
  const target = parsePath(resolveTo(to, location)).pathname;
  const here = location.pathname;
  const isActive =
    here === target ||
    (!end && target !== '/' && here.startsWith(target.endsWith('/') ? target : `${target}/`));
  const cls = typeof className === 'function' ? className({ isActive }) : className;
  return (
    <Link
      {...rest}
      to={to}
      className={
        [cls, isActive && typeof className !== 'function' ? 'active' : undefined].filter(Boolean).join(' ') ||
        undefined
      }
      aria-current={isActive ? 'page' : undefined}
    />
  );
}
