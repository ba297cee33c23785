/**
 * CloudWatch Logs Insights query language (Logs Insights QL): tokens, grammar and the syntax tree. Commands
 * are separated by `|` and comments start with `#` ("CloudWatch Logs Insights language query syntax",
 * CloudWatch Logs User Guide). Supported commands: fields, display, filter, stats … by, sort, limit, parse
 * (glob and regex), dedup. No parser library is installed that fits (peggy is available on the registry but
 * would add a build step for one small grammar), so this is a hand-written recursive-descent parser.
 */

export type Expr =
  | { kind: 'field'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'regex'; regex: RegExp; source: string }
  | { kind: 'duration'; ms: number; text: string }
  | { kind: 'star' }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
  | { kind: 'like'; operand: Expr; pattern: Expr; negated: boolean }
  | { kind: 'in'; operand: Expr; list: Expr; negated: boolean }
  | { kind: 'call'; name: string; args: Expr[] };

export type BinaryOperator =
  '+' | '-' | '*' | '/' | '%' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export interface Projection {
  expr: Expr;
  alias?: string;
  /** The expression as written (whitespace collapsed): the column name when there is no alias. */
  text: string;
}

export interface SortKey {
  expr: Expr;
  text: string;
  descending: boolean;
}

export type Command =
  | { kind: 'fields'; items: Projection[] }
  | { kind: 'display'; items: Projection[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'stats'; items: Projection[]; by: Projection[] }
  | { kind: 'sort'; keys: SortKey[] }
  | { kind: 'limit'; count: number }
  | { kind: 'parse'; source: Expr; pattern: RegExp; names: string[] }
  | { kind: 'dedup'; fields: Projection[] };

export interface Query {
  commands: Command[];
}

/** A query the engine cannot compile; `offset` is the 0-based character position in the query string. */
export class InsightsQueryError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;

  constructor(message: string, source: string, offset: number) {
    const before = source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    super(`${message} at line ${line} and position ${column}`);
    this.name = 'MalformedQueryException';
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

type TokenKind = 'ident' | 'string' | 'number' | 'duration' | 'regex' | 'op' | 'pipe' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  /** For strings: the unescaped value; for identifiers: the name (backticks removed). */
  value: string;
  start: number;
  end: number;
  number?: number;
  regex?: RegExp;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'in', 'as', 'by', 'asc', 'desc']);
const COMMANDS = new Set(['fields', 'display', 'filter', 'stats', 'sort', 'limit', 'parse', 'dedup']);

/** Milliseconds per unit for time periods (`5m`, `1h`, `30s`…) used by bin() and datefloor(). */
const PERIOD_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/**
 * Insights regular expressions allow inline flags such as a leading `(?i)`; JavaScript needs them as flags.
 * A `(?i)` anywhere makes the whole pattern case-insensitive (an approximation of mid-pattern flags).
 */
export function compileRegex(body: string, source: string, offset: number): RegExp {
  let flags = '';
  const pattern = body.replace(/\(\?([ims]+)\)/g, (_whole, inline: string) => {
    for (const flag of inline) if (!flags.includes(flag)) flags += flag;
    return '';
  });
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new InsightsQueryError(
      `Invalid regular expression /${body}/ (${(error as Error).message})`,
      source,
      offset,
    );
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (token: Omit<Token, 'value'> & { value?: string }) =>
    tokens.push({ ...token, value: token.value ?? token.text });

  const regexAllowed = (): boolean => {
    const previous = tokens[tokens.length - 1];
    if (!previous || previous.kind === 'pipe' || previous.kind === 'op') {
      return !previous || previous.kind === 'pipe' || previous.text !== ')';
    }
    if (previous.kind === 'ident') {
      const lower = previous.value.toLowerCase();
      if (KEYWORDS.has(lower) && previous.text === previous.value) return true;
      // `parse <field> /regex/`
      const beforeThat = tokens[tokens.length - 2];
      return beforeThat?.kind === 'ident' && beforeThat.value.toLowerCase() === 'parse';
    }
    return false;
  };

  while (at < source.length) {
    const c = source[at]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      at++;
      continue;
    }
    if (c === '#') {
      while (at < source.length && source[at] !== '\n') at++;
      continue;
    }
    const start = at;
    if (c === '|') {
      push({ kind: 'pipe', text: '|', start, end: ++at });
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      at++;
      for (;;) {
        if (at >= source.length) throw new InsightsQueryError('Unterminated string', source, start);
        const d = source[at]!;
        if (d === '\\' && at + 1 < source.length) {
          const next = source[at + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          at += 2;
          continue;
        }
        if (d === c) {
          at++;
          break;
        }
        value += d;
        at++;
      }
      push({ kind: 'string', text: source.slice(start, at), value, start, end: at });
      continue;
    }
    if (c === '`') {
      const close = source.indexOf('`', at + 1);
      if (close < 0) throw new InsightsQueryError('Unterminated field name', source, start);
      at = close + 1;
      push({
        kind: 'ident',
        text: source.slice(start, at),
        value: source.slice(start + 1, close),
        start,
        end: at,
      });
      continue;
    }
    if (c === '/' && regexAllowed()) {
      let body = '';
      at++;
      for (;;) {
        if (at >= source.length)
          throw new InsightsQueryError('Unterminated regular expression', source, start);
        const d = source[at]!;
        if (d === '\\' && at + 1 < source.length) {
          // `\/` is an escaped slash; other escapes pass through to the regex.
          body += source[at + 1] === '/' ? '/' : d + source[at + 1]!;
          at += 2;
          continue;
        }
        if (d === '/') {
          at++;
          break;
        }
        body += d;
        at++;
      }
      push({
        kind: 'regex',
        text: source.slice(start, at),
        value: body,
        start,
        end: at,
        regex: compileRegex(body, source, start),
      });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[at + 1] ?? ''))) {
      while (at < source.length && /[0-9.]/.test(source[at]!)) at++;
      if ((source[at] === 'e' || source[at] === 'E') && /[-+0-9]/.test(source[at + 1] ?? '')) {
        at += 2;
        while (at < source.length && /[0-9]/.test(source[at]!)) at++;
      }
      const numberText = source.slice(start, at);
      let unitEnd = at;
      while (unitEnd < source.length && /[a-zA-Z]/.test(source[unitEnd]!)) unitEnd++;
      if (unitEnd > at) {
        const unit = source.slice(at, unitEnd).toLowerCase();
        const factor = PERIOD_UNITS[unit];
        if (factor === undefined) throw new InsightsQueryError(`Unknown time unit ${unit}`, source, at);
        at = unitEnd;
        push({
          kind: 'duration',
          text: source.slice(start, at),
          start,
          end: at,
          number: Number(numberText) * factor,
        });
        continue;
      }
      const value = Number(numberText);
      if (!Number.isFinite(value))
        throw new InsightsQueryError(`unexpected symbol found ${numberText}`, source, start);
      push({ kind: 'number', text: numberText, start, end: at, number: value });
      continue;
    }
    if (/[A-Za-z_@$]/.test(c)) {
      at++;
      while (at < source.length && /[A-Za-z0-9_@$.]/.test(source[at]!)) at++;
      // A trailing dot belongs to no field name.
      while (source[at - 1] === '.') at--;
      push({ kind: 'ident', text: source.slice(start, at), start, end: at });
      continue;
    }
    const two = source.slice(at, at + 2);
    if (['!=', '<=', '>=', '=~', '=='].includes(two)) {
      at += 2;
      push({ kind: 'op', text: two === '==' ? '=' : two, start, end: at });
      continue;
    }
    if ('=<>+-*/%^(),[]!'.includes(c)) {
      at++;
      push({ kind: 'op', text: c, start, end: at });
      continue;
    }
    throw new InsightsQueryError(`unexpected symbol found ${c}`, source, start);
  }
  push({ kind: 'eof', text: '', start: source.length, end: source.length });
  return tokens;
}

class Parser {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.at++;
    return token;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new InsightsQueryError(message, this.source, token.start);
  }

  private unexpected(token: Token = this.peek()): never {
    this.fail(
      token.kind === 'eof' ? 'unexpected end of query' : `unexpected symbol found ${token.text}`,
      token,
    );
  }

  private isKeyword(word: string, token: Token = this.peek()): boolean {
    return token.kind === 'ident' && token.text === token.value && token.value.toLowerCase() === word;
  }

  private isOp(op: string, token: Token = this.peek()): boolean {
    return token.kind === 'op' && token.text === op;
  }

  private expectOp(op: string): Token {
    if (!this.isOp(op)) this.unexpected();
    return this.next();
  }

  private atCommandEnd(): boolean {
    const token = this.peek();
    return token.kind === 'pipe' || token.kind === 'eof';
  }

  parseQuery(): Query {
    const commands: Command[] = [];
    for (;;) {
      if (this.peek().kind === 'eof') {
        if (commands.length === 0) this.fail('The query is empty');
        break;
      }
      commands.push(this.parseCommand());
      if (this.peek().kind === 'pipe') {
        this.next();
        continue;
      }
      if (this.peek().kind !== 'eof') this.unexpected();
    }
    return { commands };
  }

  private parseCommand(): Command {
    const head = this.next();
    const name = head.kind === 'ident' ? head.value.toLowerCase() : '';
    if (!COMMANDS.has(name)) this.unexpected(head);
    switch (name) {
      case 'fields':
        return { kind: 'fields', items: this.parseProjections(true) };
      case 'display':
        return { kind: 'display', items: this.parseProjections(false) };
      case 'filter':
        return { kind: 'filter', expr: this.parseExpression() };
      case 'stats': {
        const items: Projection[] = [];
        do {
          items.push(this.parseProjection(true));
        } while (this.isOp(',') && this.next());
        let by: Projection[] = [];
        if (this.isKeyword('by')) {
          this.next();
          by = this.parseProjections(true);
        }
        if (!this.atCommandEnd()) this.unexpected();
        return { kind: 'stats', items, by };
      }
      case 'sort': {
        if (this.isKeyword('by')) this.next();
        const keys: SortKey[] = [];
        do {
          const start = this.peek().start;
          const expr = this.parseExpression();
          const text = this.textFrom(start);
          let descending = false;
          if (this.isKeyword('desc')) {
            this.next();
            descending = true;
          } else if (this.isKeyword('asc')) this.next();
          keys.push({ expr, text, descending });
        } while (this.isOp(',') && this.next());
        if (!this.atCommandEnd()) this.unexpected();
        return { kind: 'sort', keys };
      }
      case 'limit': {
        const token = this.next();
        if (
          token.kind !== 'number' ||
          !Number.isInteger(token.number) ||
          token.number! < 1 ||
          token.number! > 10_000
        )
          this.fail('limit must be an integer from 1 to 10000', token);
        if (!this.atCommandEnd()) this.unexpected();
        return { kind: 'limit', count: token.number! };
      }
      case 'parse':
        return this.parseParse();
      case 'dedup':
        return { kind: 'dedup', fields: this.parseProjections(false) };
    }
    return this.unexpected(head);
  }

  private parseParse(): Command {
    const sourceToken = this.peek();
    const source = this.parsePrimary();
    if (source.kind !== 'field') this.fail('parse needs a field to parse', sourceToken);
    const patternToken = this.next();
    if (patternToken.kind === 'regex') {
      const names = [...patternToken.value.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_@.]*)>/g)].map(
        (match) => match[1]!,
      );
      if (names.length === 0)
        this.fail('A parse regular expression needs at least one named group (?<name>…)', patternToken);
      if (this.isKeyword('as'))
        this.fail('parse with a regular expression names its fields in the groups', this.peek());
      if (!this.atCommandEnd()) this.unexpected();
      return { kind: 'parse', source, pattern: patternToken.regex!, names };
    }
    if (patternToken.kind !== 'string') this.unexpected(patternToken);
    const parts = patternToken.value.split('*');
    if (parts.length < 2) this.fail('A parse glob needs at least one *', patternToken);
    if (!this.isKeyword('as')) this.unexpected();
    this.next();
    const names: string[] = [];
    do {
      const token = this.next();
      if (token.kind !== 'ident') this.unexpected(token);
      names.push(token.value);
    } while (this.isOp(',') && this.next());
    if (names.length !== parts.length - 1)
      this.fail(`The glob has ${parts.length - 1} wildcards but ${names.length} field names`, patternToken);
    if (!this.atCommandEnd()) this.unexpected();
    // Each * matches as little as it can, except the last, which takes the rest of the value.
    const escaped = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    let pattern = escaped[0]!;
    for (let i = 1; i < escaped.length; i++)
      pattern += (i === escaped.length - 1 ? '(.*)' : '(.*?)') + escaped[i]!;
    return { kind: 'parse', source, pattern: new RegExp(pattern, 's'), names };
  }

  private parseProjections(allowAlias: boolean): Projection[] {
    const items: Projection[] = [];
    do {
      items.push(this.parseProjection(allowAlias));
    } while (this.isOp(',') && this.next());
    if (!this.atCommandEnd()) this.unexpected();
    return items;
  }

  private textFrom(start: number): string {
    const end = this.tokens[this.at - 1]!.end;
    return this.source.slice(start, end).replace(/\s+/g, ' ').trim();
  }

  private parseProjection(allowAlias: boolean): Projection {
    const start = this.peek().start;
    const expr = this.parseExpression();
    const projection: Projection = { expr, text: this.textFrom(start) };
    if (this.isKeyword('as')) {
      if (!allowAlias) this.unexpected();
      this.next();
      const alias = this.next();
      if (alias.kind !== 'ident') this.unexpected(alias);
      projection.alias = alias.value;
    }
    return projection;
  }

  parseExpression(): Expr {
    return this.parseOr();
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('not') || this.isOp('!')) {
      this.next();
      return { kind: 'unary', op: 'not', operand: this.parseNot() };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.next();
      return { kind: 'binary', op: token.text as BinaryOperator, left, right: this.parseAdditive() };
    }
    if (this.isOp('=~')) {
      this.next();
      return { kind: 'like', operand: left, pattern: this.parsePattern(), negated: false };
    }
    let negated = false;
    if (
      this.isKeyword('not') &&
      (this.isKeyword('like', this.peek(1)) || this.isKeyword('in', this.peek(1)))
    ) {
      this.next();
      negated = true;
    }
    if (this.isKeyword('like')) {
      this.next();
      return { kind: 'like', operand: left, pattern: this.parsePattern(), negated };
    }
    if (this.isKeyword('in')) {
      this.next();
      return { kind: 'in', operand: left, list: this.parseAdditive(), negated };
    }
    if (negated) this.unexpected();
    return left;
  }

  private parsePattern(): Expr {
    const token = this.peek();
    if (token.kind === 'regex' || token.kind === 'string') return this.parsePrimary();
    return this.unexpected();
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as BinaryOperator;
      left = { kind: 'binary', op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parsePower();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text as BinaryOperator;
      left = { kind: 'binary', op, left, right: this.parsePower() };
    }
    return left;
  }

  private parsePower(): Expr {
    const base = this.parseUnary();
    if (this.isOp('^')) {
      this.next();
      return { kind: 'binary', op: '^', left: base, right: this.parsePower() };
    }
    return base;
  }

  private parseUnary(): Expr {
    if (this.isOp('-')) {
      this.next();
      return { kind: 'unary', op: '-', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.number! };
      case 'duration':
        return { kind: 'duration', ms: token.number!, text: token.text };
      case 'regex':
        return { kind: 'regex', regex: token.regex!, source: token.value };
      case 'ident': {
        const isBackticked = token.text !== token.value;
        if (!isBackticked && this.isOp('(')) {
          this.next();
          const args: Expr[] = [];
          if (!this.isOp(')')) {
            do {
              if (this.isOp('*')) {
                this.next();
                args.push({ kind: 'star' });
              } else args.push(this.parseExpression());
            } while (this.isOp(',') && this.next());
          }
          this.expectOp(')');
          return { kind: 'call', name: token.value.toLowerCase(), args };
        }
        if (!isBackticked) {
          const lower = token.value.toLowerCase();
          if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true' };
          if (KEYWORDS.has(lower)) this.unexpected(token);
        }
        return { kind: 'field', name: token.value };
      }
      case 'op':
        if (token.text === '(') {
          const inner = this.parseExpression();
          this.expectOp(')');
          return inner;
        }
        if (token.text === '[') {
          const items: Expr[] = [];
          if (!this.isOp(']')) {
            do items.push(this.parseExpression());
            while (this.isOp(',') && this.next());
          }
          this.expectOp(']');
          return { kind: 'list', items };
        }
        return this.unexpected(token);
      default:
        return this.unexpected(token);
    }
  }
}

export function parseQuery(source: string): Query {
  return new Parser(source, tokenize(source)).parseQuery();
}
