import { describe, expect, it } from 'vitest';
import * as s from './shape';

const schema = s.object<{
  name: string;
  tags: string[];
  when: string | null;
  kind: 'a' | 'b';
  on?: boolean;
  dates: Record<string, string>;
}>({
  name: s.string(1),
  tags: s.array(s.string()),
  when: s.nullable(s.isoDate()),
  kind: s.oneOf(['a', 'b']),
  on: s.optional(s.boolean()),
  dates: s.record(s.isoDate()),
});

describe('shape', () => {
  it('accepts a valid value and drops unknown keys', () => {
    const value = {
      name: 'x',
      tags: ['t'],
      when: null,
      kind: 'a',
      dates: { x: '2026-01-01T00:00:00.000Z' },
      extra: 1,
    };
    expect(schema.safeParse(value)).toEqual({
      success: true,
      data: { name: 'x', tags: ['t'], when: null, kind: 'a', dates: { x: '2026-01-01T00:00:00.000Z' } },
    });
  });

  it('reports every problem with its path', () => {
    const result = schema.safeParse({
      name: '',
      tags: ['ok', 3],
      when: 'yesterday',
      kind: 'c',
      on: 'yes',
      dates: { x: '2026-13-45' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'must not be empty'],
      ['tags.1', 'expected a string'],
      ['when', 'expected an ISO date-time'],
      ['kind', 'expected one of "a", "b"'],
      ['on', 'expected true or false'],
      ['dates.x', 'expected an ISO date-time'],
    ]);
  });

  it('rejects non-objects and missing required fields', () => {
    expect(schema.safeParse(null).success).toBe(false);
    expect(schema.safeParse([]).success).toBe(false);
    const missing = schema.safeParse({ name: 'x', tags: [], kind: 'a', dates: {} });
    expect(!missing.success && missing.error.issues[0]?.path).toEqual(['when']);
  });
});
