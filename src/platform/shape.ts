/**
 * A few hundred bytes of schema for the saved stores that load with every page (progress, settings).
 * zod/mini costs ≈ 8 KB gzip in the first load, a twelfth of the lesson-page budget, for two flat shapes;
 * feature stores in lazy chunks use zod/mini. Same `safeParse` contract as zod, so createPersistedStore
 * takes either.
 */
import type { SavedSchema } from './persist';

interface Issue {
  path: PropertyKey[];
  message: string;
}
/** Returns the parsed value, or pushes issues and returns undefined. */
type Check<T> = (value: unknown, path: PropertyKey[], issues: Issue[]) => T | undefined;

export interface Shape<T> extends SavedSchema<T> {
  check: Check<T>;
}

function shape<T>(check: Check<T>): Shape<T> {
  return {
    check,
    safeParse(data) {
      const issues: Issue[] = [];
      const value = check(data, [], issues);
      return issues.length ? { success: false, error: { issues } } : { success: true, data: value as T };
    },
  };
}

function fail(issues: Issue[], path: PropertyKey[], message: string): undefined {
  issues.push({ path, message });
  return undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export const string = (min = 0) =>
  shape<string>((v, p, i) =>
    typeof v !== 'string'
      ? fail(i, p, 'expected a string')
      : v.length < min
        ? fail(i, p, 'must not be empty')
        : v,
  );

export const boolean = () =>
  shape<boolean>((v, p, i) => (typeof v === 'boolean' ? v : fail(i, p, 'expected true or false')));

export const isoDate = () =>
  shape<string>((v, p, i) =>
    typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v))
      ? v
      : fail(i, p, 'expected an ISO date-time'),
  );

export const oneOf = <const T extends string>(values: readonly T[]) =>
  shape<T>((v, p, i) =>
    values.includes(v as T)
      ? (v as T)
      : fail(i, p, `expected one of ${values.map((x) => `"${x}"`).join(', ')}`),
  );

export const nullable = <T>(inner: Shape<T>) =>
  shape<T | null>((v, p, i) => (v === null ? null : inner.check(v, p, i)));

export const optional = <T>(inner: Shape<T>) =>
  shape<T | undefined>((v, p, i) => (v === undefined ? undefined : inner.check(v, p, i)));

export const array = <T>(item: Shape<T>) =>
  shape<T[]>((v, p, i) =>
    Array.isArray(v) ? v.map((x, n) => item.check(x, [...p, n], i) as T) : fail(i, p, 'expected a list'),
  );

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Map with string keys of at least one character. */
export const record = <T>(value: Shape<T>) =>
  shape<Record<string, T>>((v, p, i) => {
    if (!isRecord(v)) return fail(i, p, 'expected an object');
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!k) fail(i, [...p, k], 'empty key');
      out[k] = value.check(x, [...p, k], i) as T;
    }
    return out;
  });

/** Known keys are checked; unknown keys are dropped (like zod's default strip). */
export const object = <T extends object>(fields: { [K in keyof T]: Shape<T[K]> }) =>
  shape<T>((v, p, i) => {
    if (!isRecord(v)) return fail(i, p, 'expected an object');
    const out = {} as T;
    for (const key of Object.keys(fields) as Array<keyof T & string>) {
      const result = fields[key].check(v[key], [...p, key], i);
      if (result !== undefined) out[key] = result;
    }
    return out;
  });
