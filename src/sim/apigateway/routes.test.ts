import { describe, expect, it } from 'vitest';
import { matchRoute, parseRoute, type Route } from './routes';

function routes(keys: string[], allowDefault = true): Route[] {
  return keys.map((key) => {
    const parsed = parseRoute(key, { allowDefault });
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.route;
  });
}

describe('route keys (http-api-develop-routes.html)', () => {
  it('parses METHOD /path with variables and a greedy last segment', () => {
    const parsed = parseRoute('get   /items/{id}', { allowDefault: true });
    expect(parsed).toMatchObject({
      ok: true,
      route: { key: 'GET /items/{id}', method: 'GET', path: '/items/{id}' },
    });
  });

  it('rejects what API Gateway rejects', () => {
    expect(parseRoute('FETCH /items', { allowDefault: true }).ok).toBe(false);
    expect(parseRoute('GET items', { allowDefault: true }).ok).toBe(false);
    expect(parseRoute('GET /{proxy+}/more', { allowDefault: true })).toMatchObject({
      ok: false,
      error: expect.stringContaining('last segment'),
    });
    expect(parseRoute('GET /a{b}', { allowDefault: true }).ok).toBe(false);
    // REST APIs have resources and methods, no $default route.
    expect(parseRoute('$default', { allowDefault: false }).ok).toBe(false);
  });

  it('the most specific route wins: literal over variable over greedy, a method over ANY, $default last', () => {
    const table = routes([
      'ANY /{proxy+}',
      'GET /items/{id}',
      'GET /items/special',
      'ANY /items/{id}',
      '$default',
    ]);
    expect(matchRoute(table, 'GET', '/items/special')?.route.key).toBe('GET /items/special');
    expect(matchRoute(table, 'GET', '/items/42')).toMatchObject({
      route: { key: 'GET /items/{id}' },
      pathParameters: { id: '42' },
    });
    expect(matchRoute(table, 'DELETE', '/items/42')?.route.key).toBe('ANY /items/{id}');
    expect(matchRoute(table, 'GET', '/orders/7/lines')).toMatchObject({
      route: { key: 'ANY /{proxy+}' },
      pathParameters: { proxy: 'orders/7/lines' },
    });
    // A greedy variable needs at least one segment: the root falls through to $default.
    expect(matchRoute(table, 'GET', '/')?.route.key).toBe('$default');
  });

  it('no match and no $default: null (REST answers 403, HTTP APIs 404)', () => {
    const table = routes(['GET /items'], false);
    expect(matchRoute(table, 'POST', '/items')).toBeNull();
    expect(matchRoute(table, 'GET', '/items/1')).toBeNull();
    expect(matchRoute(table, 'GET', '/items')?.route.key).toBe('GET /items');
  });

  it('path parameters are decoded', () => {
    const table = routes(['GET /files/{name}']);
    expect(matchRoute(table, 'GET', '/files/red%20flower.jpg')?.pathParameters).toEqual({
      name: 'red flower.jpg',
    });
  });
});
