import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from './filterPattern';

const lines = [
  '2026-11-26T12:00:00.000Z\tid\tERROR\tTimeout talking to payments',
  '2026-11-26T12:00:00.000Z\tid\tWARN\tslow response',
  '2026-11-26T12:00:00.000Z\tid\tINFO\tall good',
  '{"level":"ERROR","latency":250,"status":503,"user":{"id":"u-7"},"retry":true,"note":null}',
  '{"level":"INFO","latency":20,"status":200,"user":{"id":"admin-1"},"retry":false}',
];

function matches(pattern: string): number[] {
  const matcher = compileFilterPattern(pattern);
  return lines.flatMap((line, index) => (matcher(line) ? [index] : []));
}

describe('filter patterns', () => {
  it('matches every event for an empty pattern', () => {
    expect(matches('')).toEqual([0, 1, 2, 3, 4]);
  });

  it('terms, phrases, ?alternatives, -exclusions and %regex%, case-sensitive', () => {
    expect(matches('ERROR')).toEqual([0, 3]);
    expect(matches('ERROR Timeout')).toEqual([0]);
    expect(matches('"slow response"')).toEqual([1]);
    expect(matches('?WARN ?Timeout')).toEqual([0, 1]);
    expect(matches('-ERROR')).toEqual([1, 2, 4]);
    expect(matches('%lat[e]ncy":2%')).toEqual([3, 4]);
    expect(matches('error')).toEqual([]);
  });

  it('JSON selectors with comparisons, wildcards, && || and existence', () => {
    expect(matches('{ $.level = "ERROR" }')).toEqual([3]);
    expect(matches('{ $.latency > 100 }')).toEqual([3]);
    expect(matches('{ $.status = 200 || $.status = 503 }')).toEqual([3, 4]);
    expect(matches('{ ($.status >= 500) && $.level = "ERR*" }')).toEqual([3]);
    expect(matches('{ $.user.id = "admin*" }')).toEqual([4]);
    expect(matches('{ $.level != "INFO" }')).toEqual([3]);
    expect(matches('{ $.note IS NULL }')).toEqual([3]);
    expect(matches('{ $.note NOT EXISTS }')).toEqual([4]);
    expect(matches('{ $.retry IS TRUE }')).toEqual([3]);
  });

  it('rejects malformed patterns', () => {
    expect(() => compileFilterPattern('{ $.level = }')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('"open')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern('[ip, user]')).toThrow(/not simulated/);
  });
});
