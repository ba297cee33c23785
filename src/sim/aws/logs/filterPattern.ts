/**
 * CloudWatch Logs filter patterns, the basic forms ("Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail", CloudWatch Logs User Guide):
 * - terms: `ERROR timeout` (every term must appear, case-sensitive), `"exact phrase"`, `?ERROR ?WARN` (any of
 *   the ?-terms), `-DEBUG` (must not appear), `%regex%`;
 * - JSON: `{ $.level = "ERROR" }`, `{ $.latency > 100 && ($.status = 500 || $.status = 503) }`, `*` wildcards in
 *   string values, `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`.
 * Space-delimited patterns (`[ip, user, …]`) are not simulated.
 */

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidParameterException';
  }
}

export type FilterMatcher = (message: string) => boolean;

interface Term {
  text: string;
  regex?: RegExp;
  mode: 'all' | 'any' | 'none';
}

function termMatcher(pattern: string): FilterMatcher {
  const terms: Term[] = [];
  let at = 0;
  while (at < pattern.length) {
    while (pattern[at] === ' ') at++;
    if (at >= pattern.length) break;
    let mode: Term['mode'] = 'all';
    if (pattern[at] === '?') {
      mode = 'any';
      at++;
    } else if (pattern[at] === '-' && at + 1 < pattern.length && pattern[at + 1] !== ' ') {
      mode = 'none';
      at++;
    }
    let text: string;
    let regex: RegExp | undefined;
    if (pattern[at] === '"') {
      const close = pattern.indexOf('"', at + 1);
      if (close < 0) throw new FilterPatternError('Invalid filter pattern: unterminated quote');
      text = pattern.slice(at + 1, close);
      at = close + 1;
    } else if (pattern[at] === '%') {
      const close = pattern.indexOf('%', at + 1);
      if (close < 0) throw new FilterPatternError('Invalid filter pattern: unterminated %regex%');
      text = pattern.slice(at + 1, close);
      try {
        regex = new RegExp(text);
      } catch {
        throw new FilterPatternError(`Invalid filter pattern: bad regular expression ${text}`);
      }
      at = close + 1;
    } else {
      const end = pattern.indexOf(' ', at);
      text = pattern.slice(at, end < 0 ? pattern.length : end);
      at = end < 0 ? pattern.length : end;
    }
    terms.push(regex ? { text, regex, mode } : { text, mode });
  }
  const test = (term: Term, message: string) =>
    term.regex ? term.regex.test(message) : message.includes(term.text);
  const all = terms.filter((term) => term.mode === 'all');
  const any = terms.filter((term) => term.mode === 'any');
  const none = terms.filter((term) => term.mode === 'none');
  return (message) =>
    all.every((term) => test(term, message)) &&
    (any.length === 0 || any.some((term) => test(term, message))) &&
    none.every((term) => !test(term, message));
}

type JsonCondition = (root: unknown) => boolean;

function select(root: unknown, path: string): { found: boolean; value: unknown } {
  // `$.a.b[0].c` → a, b, 0, c
  const steps = path
    .slice(1)
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((step) => step !== '');
  let current: unknown = root;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    const record = current as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, step)) return { found: false, value: undefined };
    current = record[step];
  }
  return { found: true, value: current };
}

function wildcardRegex(value: string): RegExp {
  return new RegExp(
    `^${value
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

class JsonPatternParser {
  private at = 0;
  constructor(private readonly source: string) {}

  private skip(): void {
    while (this.source[this.at] === ' ') this.at++;
  }

  private fail(): never {
    throw new FilterPatternError(`Invalid filter pattern at position ${this.at + 1}`);
  }

  parse(): JsonCondition {
    const condition = this.parseOr();
    this.skip();
    if (this.at < this.source.length) this.fail();
    return condition;
  }

  private parseOr(): JsonCondition {
    let left = this.parseAnd();
    for (;;) {
      this.skip();
      if (!this.source.startsWith('||', this.at)) return left;
      this.at += 2;
      const right = this.parseAnd();
      const previous = left;
      left = (root) => previous(root) || right(root);
    }
  }

  private parseAnd(): JsonCondition {
    let left = this.parseAtom();
    for (;;) {
      this.skip();
      if (!this.source.startsWith('&&', this.at)) return left;
      this.at += 2;
      const right = this.parseAtom();
      const previous = left;
      left = (root) => previous(root) && right(root);
    }
  }

  private parseAtom(): JsonCondition {
    this.skip();
    if (this.source[this.at] === '(') {
      this.at++;
      const inner = this.parseOr();
      this.skip();
      if (this.source[this.at] !== ')') this.fail();
      this.at++;
      return inner;
    }
    const path = /^\$(?:\.[A-Za-z0-9_@-]+|\[\d+\])*/.exec(this.source.slice(this.at));
    if (!path || path[0] === '$') this.fail();
    this.at += path[0].length;
    this.skip();
    const rest = this.source.slice(this.at);
    const keyword = /^(IS NULL|NOT EXISTS|IS TRUE|IS FALSE|EXISTS)/i.exec(rest);
    if (keyword) {
      this.at += keyword[0].length;
      const word = keyword[0].toUpperCase();
      return (root) => {
        const { found, value } = select(root, path[0]);
        if (word === 'IS NULL') return found && value === null;
        if (word === 'NOT EXISTS') return !found;
        if (word === 'EXISTS') return found;
        return found && value === (word === 'IS TRUE');
      };
    }
    const operator = /^(!=|>=|<=|=|>|<)/.exec(rest);
    if (!operator) this.fail();
    this.at += operator[0].length;
    this.skip();
    const op = operator[0];
    let literal: string | number;
    let quoted = false;
    if (this.source[this.at] === '"') {
      const close = this.source.indexOf('"', this.at + 1);
      if (close < 0) this.fail();
      literal = this.source.slice(this.at + 1, close);
      quoted = true;
      this.at = close + 1;
    } else {
      const token = /^[^\s&|)]+/.exec(this.source.slice(this.at));
      if (!token) this.fail();
      this.at += token[0].length;
      const number = Number(token[0]);
      literal = Number.isFinite(number) ? number : token[0];
    }
    const target = path[0];
    if (typeof literal === 'string' || quoted) {
      if (op !== '=' && op !== '!=') this.fail();
      const matcher = wildcardRegex(String(literal));
      return (root) => {
        const { found, value } = select(root, target);
        if (!found || value === null || typeof value === 'object') return false;
        const matches = matcher.test(String(value));
        return op === '=' ? matches : !matches;
      };
    }
    const expected = literal;
    return (root) => {
      const { found, value } = select(root, target);
      if (!found || typeof value !== 'number') return false;
      switch (op) {
        case '=':
          return value === expected;
        case '!=':
          return value !== expected;
        case '>':
          return value > expected;
        case '>=':
          return value >= expected;
        case '<':
          return value < expected;
        default:
          return value <= expected;
      }
    };
  }
}

/** Compile a filter pattern; an empty pattern matches every event. */
export function compileFilterPattern(pattern: string | undefined): FilterMatcher {
  const trimmed = (pattern ?? '').trim();
  if (trimmed === '') return () => true;
  if (trimmed.startsWith('{')) {
    if (!trimmed.endsWith('}')) throw new FilterPatternError('Invalid filter pattern: missing }');
    const condition = new JsonPatternParser(trimmed.slice(1, -1).trim()).parse();
    return (message) => {
      const open = message.indexOf('{');
      if (open < 0) return false;
      try {
        return condition(JSON.parse(message.slice(open)));
      } catch {
        return false;
      }
    };
  }
  if (trimmed.startsWith('['))
    throw new FilterPatternError('Space-delimited filter patterns are not simulated');
  return termMatcher(trimmed);
}
