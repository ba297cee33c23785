/**
 * Routes: an HTTP API's route keys ("Working with routes for HTTP APIs": `GET /items/{id}`, `ANY /{proxy+}`,
 * `$default`) and a REST API's resources and methods (`/items/{id}` with GET, `/{proxy+}` with ANY), written the
 * same way here as `METHOD /path`. Path variables match one segment; a greedy `{name+}` must be last and matches
 * one or more; `$default` (HTTP APIs only) catches what nothing else does.
 *
 * When several routes match, the most specific wins: a literal segment beats a variable, a variable beats a
 * greedy variable (compared from the left), then a method beats ANY, and `$default` comes last — the order the
 * HTTP API guide gives (full match, then greedy, then `$default`) and the one REST resources follow.
 */
import { decodePathSegment } from './http';

export const ROUTE_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

type Segment =
  { kind: 'literal'; text: string } | { kind: 'variable'; name: string } | { kind: 'greedy'; name: string };

export interface Route {
  /** As written: `GET /items/{id}`, `$default`. */
  key: string;
  method: RouteMethod | null;
  /** The resource path (`/items/{id}`); `null` for `$default`. */
  path: string | null;
  segments: Segment[];
}

export type RouteParse = { ok: true; route: Route } | { ok: false; error: string };

export const DEFAULT_ROUTE = '$default';

export function parseRoute(text: string, options: { allowDefault: boolean }): RouteParse {
  const key = text.trim().replace(/\s+/g, ' ');
  if (key === DEFAULT_ROUTE) {
    if (!options.allowDefault)
      return { ok: false, error: 'REST APIs have no $default route: add ANY /{proxy+}.' };
    return { ok: true, route: { key, method: null, path: null, segments: [] } };
  }
  const space = key.indexOf(' ');
  if (space < 0) return { ok: false, error: `"${key}": write METHOD /path, for example GET /items/{id}.` };
  const method = key.slice(0, space).toUpperCase();
  const path = key.slice(space + 1);
  if (!(ROUTE_METHODS as readonly string[]).includes(method))
    return { ok: false, error: `"${key}": the method must be one of ${ROUTE_METHODS.join(', ')}.` };
  if (!path.startsWith('/') || path.includes(' '))
    return { ok: false, error: `"${key}": the path must start with / and contain no spaces.` };
  const segments: Segment[] = [];
  const parts = path === '/' ? [] : path.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '' && i < parts.length - 1) return { ok: false, error: `"${key}": empty path segment.` };
    const variable = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
    if (variable) {
      if (variable[2] === '+') {
        if (i !== parts.length - 1)
          return { ok: false, error: `"${key}": a greedy variable {name+} must be the last segment.` };
        segments.push({ kind: 'greedy', name: variable[1]! });
      } else segments.push({ kind: 'variable', name: variable[1]! });
    } else if (/[{}]/.test(part)) {
      return { ok: false, error: `"${key}": write path variables as a whole segment, {name} or {name+}.` };
    } else segments.push({ kind: 'literal', text: part });
  }
  return { ok: true, route: { key: `${method} ${path}`, method: method as RouteMethod, path, segments } };
}

export interface RouteMatch {
  route: Route;
  /** Decoded values; empty when the route has no variables. */
  pathParameters: Record<string, string>;
}

const RANK = { literal: 3, variable: 2, greedy: 1 } as const;

/** The route a request goes to, or null (a REST API answers 403, an HTTP API 404). */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch | null {
  const parts = rawPath === '/' || rawPath === '' ? [] : rawPath.replace(/^\//, '').split('/');
  let best: { match: RouteMatch; score: number[] } | null = null;
  let fallback: Route | null = null;
  for (const route of routes) {
    if (route.method === null) {
      fallback = route;
      continue;
    }
    if (route.method !== 'ANY' && route.method !== method.toUpperCase()) continue;
    const params = matchSegments(route.segments, parts);
    if (!params) continue;
    const score = [...route.segments.map((s) => RANK[s.kind]), 0, route.method === 'ANY' ? 0 : 1];
    if (!best || compare(score, best.score) > 0) best = { match: { route, pathParameters: params }, score };
  }
  if (best) return best.match;
  return fallback ? { route: fallback, pathParameters: {} } : null;
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.every((p) => p === '')) return null;
      params[segment.name] = rest.map(decodePathSegment).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return null;
    if (segment.kind === 'literal') {
      if (segment.text !== part) return null;
    } else params[segment.name] = decodePathSegment(part);
  }
  return segments.length === parts.length ? params : null;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
