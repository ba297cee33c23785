/**
 * Runs a parsed Logs Insights query over log events: commands apply in order, each to the rows the previous
 * one produced, as in CloudWatch. Rows are the discovered fields of an event; `stats` turns them into one
 * row per group.
 */
import { discoverFields, type DiscoverableEvent, type Row, type Value } from './discover';
import {
  InsightsQueryError,
  parseQuery,
  type Command,
  type Expr,
  type Projection,
  type Query,
  type SortKey,
} from './syntax';

export type { Row, Value } from './discover';

/** Insights returns at most 10,000 rows ("limit", CloudWatch Logs User Guide). */
export const MAX_RESULT_ROWS = 10_000;

export interface InsightsResult {
  /** Column names in display order. */
  columns: string[];
  /** Typed values (numbers stay numbers; timestamps are epoch ms, see `timeColumns`). */
  rows: Row[];
  /** The same rows as GetQueryResults returns them: `[{ field, value }]` with values as strings. */
  results: { field: string; value: string }[][];
  /** Columns whose values are timestamps (shown as `2026-11-26 12:00:00.000`). */
  timeColumns: string[];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

export interface RunOptions {
  accountId: string;
  /** Upper bound on returned rows (default and maximum 10,000). */
  limit?: number;
}

const AGGREGATES = new Set([
  'count',
  'count_distinct',
  'sum',
  'avg',
  'min',
  'max',
  'pct',
  'percentile',
  'median',
  'stddev',
  'earliest',
  'latest',
]);

const TIME_FUNCTIONS = new Set(['bin', 'datefloor', 'dateceil', 'frommillis']);

function isAggregate(expr: Expr): boolean {
  return expr.kind === 'call' && AGGREGATES.has(expr.name);
}

function containsAggregate(expr: Expr): boolean {
  switch (expr.kind) {
    case 'call':
      return AGGREGATES.has(expr.name) || expr.args.some(containsAggregate);
    case 'unary':
      return containsAggregate(expr.operand);
    case 'binary':
      return containsAggregate(expr.left) || containsAggregate(expr.right);
    case 'like':
      return containsAggregate(expr.operand);
    case 'in':
      return containsAggregate(expr.operand);
    default:
      return false;
  }
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function toNumber(value: Value): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

function isPresent(value: Value): boolean {
  return value !== undefined && value !== null;
}

function truthy(value: Value): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return value !== '' && value !== 'false';
}

function valuesEqual(a: Value, b: Value): boolean {
  if (!isPresent(a) || !isPresent(b)) return false;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined && (typeof a === 'number' || typeof b === 'number')) return x === y;
  return String(a) === String(b);
}

function compareValues(a: Value, b: Value): number | undefined {
  if (!isPresent(a) || !isPresent(b)) return undefined;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Insights' sort order ("sort", CloudWatch Logs User Guide): all non-number values before all numbers;
 * numbers by value; other strings by natural order — runs of digits compare by length, then by value.
 */
export function naturalCompare(a: Value, b: Value): number {
  const aMissing = !isPresent(a);
  const bMissing = !isPresent(b);
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
  const x =
    typeof a === 'number' ? a : typeof a === 'string' && /^\d+(\.\d+)?$/.test(a) ? Number(a) : undefined;
  const y =
    typeof b === 'number' ? b : typeof b === 'string' && /^\d+(\.\d+)?$/.test(b) ? Number(b) : undefined;
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return 1;
  if (y !== undefined) return -1;
  const left = String(a).match(/\d+|\D+/g) ?? [];
  const right = String(b).match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const p = left[i]!;
    const q = right[i]!;
    const pDigits = /^\d/.test(p);
    const qDigits = /^\d/.test(q);
    if (pDigits && qDigits) {
      if (p.length !== q.length) return p.length - q.length;
      if (p !== q) return p < q ? -1 : 1;
    } else if (p !== q) return p < q ? -1 : 1;
  }
  return left.length - right.length;
}

function durationArg(expr: Expr | undefined): number | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'duration') return expr.ms;
  if (expr.kind === 'number') return expr.value;
  return undefined;
}

function stringArg(value: Value): string | undefined {
  if (!isPresent(value)) return undefined;
  return String(value);
}

type Scalar = (args: Value[], call: Extract<Expr, { kind: 'call' }>, row: Row) => Value;

const TRIM_DEFAULT = ' \t\n\r';

function trimChars(value: string, chars: string, left: boolean, right: boolean): string {
  let start = 0;
  let end = value.length;
  while (left && start < end && chars.includes(value[start]!)) start++;
  while (right && end > start && chars.includes(value[end - 1]!)) end--;
  return value.slice(start, end);
}

function numeric(fn: (x: number) => number): Scalar {
  return (args) => {
    const x = toNumber(args[0]);
    return x === undefined ? undefined : fn(x);
  };
}

const SCALARS: Record<string, Scalar> = {
  ispresent: (args) => isPresent(args[0]),
  isempty: (args) => !isPresent(args[0]) || String(args[0]) === '',
  isblank: (args) => !isPresent(args[0]) || String(args[0]).trim() === '',
  coalesce: (args) => args.find(isPresent),
  concat: (args) => args.map((value) => (isPresent(value) ? String(value) : '')).join(''),
  strlen: (args) => (isPresent(args[0]) ? [...String(args[0])].length : undefined),
  toupper: (args) => stringArg(args[0])?.toUpperCase(),
  tolower: (args) => stringArg(args[0])?.toLowerCase(),
  trim: (args) => {
    const value = stringArg(args[0]);
    return value === undefined ? undefined : trimChars(value, stringArg(args[1]) ?? TRIM_DEFAULT, true, true);
  },
  ltrim: (args) => {
    const value = stringArg(args[0]);
    return value === undefined
      ? undefined
      : trimChars(value, stringArg(args[1]) ?? TRIM_DEFAULT, true, false);
  },
  rtrim: (args) => {
    const value = stringArg(args[0]);
    return value === undefined
      ? undefined
      : trimChars(value, stringArg(args[1]) ?? TRIM_DEFAULT, false, true);
  },
  substr: (args) => {
    const value = stringArg(args[0]);
    const start = toNumber(args[1]);
    if (value === undefined || start === undefined) return undefined;
    const length = toNumber(args[2]);
    return length === undefined ? value.slice(start) : value.slice(start, start + length);
  },
  replace: (args) => {
    const value = stringArg(args[0]);
    const search = stringArg(args[1]);
    if (value === undefined || search === undefined || search === '') return value;
    return value.split(search).join(stringArg(args[2]) ?? '');
  },
  strcontains: (args) => {
    const value = stringArg(args[0]);
    const search = stringArg(args[1]);
    return value !== undefined && search !== undefined && value.includes(search) ? 1 : 0;
  },
  tonumber: (args) => toNumber(args[0]),
  tostring: (args) => stringArg(args[0]),
  abs: numeric(Math.abs),
  ceil: numeric(Math.ceil),
  floor: numeric(Math.floor),
  log: numeric(Math.log),
  sqrt: numeric(Math.sqrt),
  greatest: (args) => {
    const numbers = args.map(toNumber).filter((x): x is number => x !== undefined);
    return numbers.length ? Math.max(...numbers) : undefined;
  },
  least: (args) => {
    const numbers = args.map(toNumber).filter((x): x is number => x !== undefined);
    return numbers.length ? Math.min(...numbers) : undefined;
  },
  bin: (_args, call, row) => {
    const period = durationArg(call.args[0]);
    const at = toNumber(row['@timestamp']);
    if (!period || at === undefined) return undefined;
    return Math.floor(at / period) * period;
  },
  datefloor: (args, call) => {
    const at = toNumber(args[0]);
    const period = durationArg(call.args[1]);
    return at === undefined || !period ? undefined : Math.floor(at / period) * period;
  },
  dateceil: (args, call) => {
    const at = toNumber(args[0]);
    const period = durationArg(call.args[1]);
    return at === undefined || !period ? undefined : Math.ceil(at / period) * period;
  },
  frommillis: (args) => toNumber(args[0]),
  tomillis: (args) => {
    const value = args[0];
    if (typeof value === 'number') return value;
    if (typeof value === 'string') {
      const parsed = Date.parse(value);
      return Number.isFinite(parsed) ? parsed : undefined;
    }
    return undefined;
  },
};

function regexMatches(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}

/**
 * Evaluate an expression against a row. Missing fields propagate as `undefined`: a comparison with a
 * missing field is false, arithmetic with one is missing, so `filter x > 5` drops events without `x`.
 */
export function evaluate(expr: Expr, row: Row, aggregates?: Map<Expr, Value>): Value {
  if (aggregates && aggregates.has(expr)) return aggregates.get(expr);
  switch (expr.kind) {
    case 'field':
      return row[expr.name];
    case 'string':
      return expr.value;
    case 'number':
      return expr.value;
    case 'boolean':
      return expr.value;
    case 'duration':
      return expr.ms;
    case 'regex':
      return expr.source;
    case 'star':
      return 1;
    case 'list':
      return undefined;
    case 'unary': {
      const operand = evaluate(expr.operand, row, aggregates);
      if (expr.op === 'not') return !truthy(operand);
      const x = toNumber(operand);
      return x === undefined ? undefined : -x;
    }
    case 'binary': {
      if (expr.op === 'and')
        return truthy(evaluate(expr.left, row, aggregates)) && truthy(evaluate(expr.right, row, aggregates));
      if (expr.op === 'or')
        return truthy(evaluate(expr.left, row, aggregates)) || truthy(evaluate(expr.right, row, aggregates));
      const left = evaluate(expr.left, row, aggregates);
      const right = evaluate(expr.right, row, aggregates);
      switch (expr.op) {
        case '=':
          return valuesEqual(left, right);
        case '!=':
          return isPresent(left) && isPresent(right) && !valuesEqual(left, right);
        case '<':
        case '<=':
        case '>':
        case '>=': {
          const order = compareValues(left, right);
          if (order === undefined) return false;
          return expr.op === '<'
            ? order < 0
            : expr.op === '<='
              ? order <= 0
              : expr.op === '>'
                ? order > 0
                : order >= 0;
        }
      }
      const x = toNumber(left);
      const y = toNumber(right);
      if (x === undefined || y === undefined) return undefined;
      switch (expr.op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          return y === 0 ? undefined : x / y;
        case '%':
          return y === 0 ? undefined : x % y;
        case '^':
          return x ** y;
      }
      return undefined;
    }
    case 'like': {
      const value = evaluate(expr.operand, row, aggregates);
      if (!isPresent(value)) return expr.negated;
      const text = String(value);
      const matched =
        expr.pattern.kind === 'regex'
          ? regexMatches(expr.pattern.regex, text)
          : text.includes(String(evaluate(expr.pattern, row, aggregates)));
      return expr.negated ? !matched : matched;
    }
    case 'in': {
      const value = evaluate(expr.operand, row, aggregates);
      const items =
        expr.list.kind === 'list' ? expr.list.items.map((item) => evaluate(item, row, aggregates)) : [];
      const found = isPresent(value) && items.some((item) => valuesEqual(value, item));
      return expr.negated ? isPresent(value) && !found : found;
    }
    case 'call': {
      const scalar = SCALARS[expr.name];
      if (!scalar) return undefined;
      return scalar(
        expr.args.map((arg) => evaluate(arg, row, aggregates)),
        expr,
        row,
      );
    }
  }
}

interface Accumulator {
  add(row: Row): void;
  result(): Value;
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

function createAccumulator(call: Extract<Expr, { kind: 'call' }>, source: string): Accumulator {
  const arg = call.args[0];
  const valueOf = (row: Row): Value => (arg === undefined || arg.kind === 'star' ? 1 : evaluate(arg, row));
  const numbers: number[] = [];
  const collectNumbers = (row: Row) => {
    const x = toNumber(valueOf(row));
    if (x !== undefined) numbers.push(x);
  };
  switch (call.name) {
    case 'count': {
      let count = 0;
      return { add: (row) => void (isPresent(valueOf(row)) && count++), result: () => count };
    }
    case 'count_distinct': {
      const seen = new Set<string>();
      return {
        add: (row) => {
          const value = valueOf(row);
          if (isPresent(value)) seen.add(String(value));
        },
        result: () => seen.size,
      };
    }
    case 'sum':
      return {
        add: collectNumbers,
        result: () => (numbers.length ? numbers.reduce((a, b) => a + b, 0) : undefined),
      };
    case 'avg':
      return {
        add: collectNumbers,
        result: () => (numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : undefined),
      };
    case 'stddev':
      return {
        add: collectNumbers,
        result: () => {
          if (numbers.length === 0) return undefined;
          const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
          const variance =
            numbers.length > 1
              ? numbers.reduce((total, x) => total + (x - mean) ** 2, 0) / (numbers.length - 1)
              : 0;
          return Math.sqrt(variance);
        },
      };
    case 'min':
    case 'max': {
      let best: Value;
      const sign = call.name === 'min' ? -1 : 1;
      return {
        add: (row) => {
          const value = valueOf(row);
          if (!isPresent(value)) return;
          if (best === undefined) {
            best = value;
            return;
          }
          const order = compareValues(value, best);
          if (order !== undefined && order * sign > 0) best = value;
        },
        result: () => best,
      };
    }
    case 'pct':
    case 'percentile':
    case 'median': {
      const p =
        call.name === 'median' ? 50 : toNumber(evaluate(call.args[1] ?? { kind: 'number', value: NaN }, {}));
      if (p === undefined || !(p >= 0 && p <= 100))
        throw new InsightsQueryError(`${call.name}() needs a percentile from 0 to 100`, source, 0);
      return { add: collectNumbers, result: () => percentile(numbers, p) };
    }
    case 'earliest':
    case 'latest': {
      let best: Value;
      let bestAt: number | undefined;
      return {
        add: (row) => {
          const value = valueOf(row);
          const at = toNumber(row['@timestamp']);
          if (!isPresent(value) || at === undefined) return;
          if (bestAt === undefined || (call.name === 'earliest' ? at < bestAt : at > bestAt)) {
            best = value;
            bestAt = at;
          }
        },
        result: () => best,
      };
    }
  }
  throw new InsightsQueryError(`Unknown aggregate ${call.name}`, source, 0);
}

function collectAggregates(expr: Expr, into: Extract<Expr, { kind: 'call' }>[]): void {
  if (isAggregate(expr)) {
    into.push(expr as Extract<Expr, { kind: 'call' }>);
    return;
  }
  switch (expr.kind) {
    case 'call':
      expr.args.forEach((arg) => collectAggregates(arg, into));
      break;
    case 'unary':
      collectAggregates(expr.operand, into);
      break;
    case 'binary':
      collectAggregates(expr.left, into);
      collectAggregates(expr.right, into);
      break;
  }
}

function columnName(projection: Projection): string {
  return projection.alias ?? projection.text;
}

function isTimeExpr(expr: Expr, timeColumns: Set<string>): boolean {
  if (expr.kind === 'field') return timeColumns.has(expr.name);
  if (expr.kind === 'call') return TIME_FUNCTIONS.has(expr.name);
  return false;
}

const KNOWN_FUNCTIONS = new Set([...Object.keys(SCALARS), ...AGGREGATES]);

function validate(expr: Expr, source: string, allowAggregates: boolean): void {
  switch (expr.kind) {
    case 'call':
      if (!KNOWN_FUNCTIONS.has(expr.name))
        throw new InsightsQueryError(`Unknown function ${expr.name}`, source, 0);
      if (AGGREGATES.has(expr.name) && !allowAggregates)
        throw new InsightsQueryError(`Aggregate function ${expr.name} is only allowed in stats`, source, 0);
      expr.args.forEach((arg) => validate(arg, source, allowAggregates && !AGGREGATES.has(expr.name)));
      break;
    case 'unary':
      validate(expr.operand, source, allowAggregates);
      break;
    case 'binary':
      validate(expr.left, source, allowAggregates);
      validate(expr.right, source, allowAggregates);
      break;
    case 'like':
    case 'in':
      validate(expr.operand, source, allowAggregates);
      break;
  }
}

function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function formatValue(value: Value, isTime: boolean): string {
  if (value === undefined || value === null) return '';
  if (isTime && typeof value === 'number') return formatTimestamp(value);
  return String(value);
}

function runStats(
  command: Extract<Command, { kind: 'stats' }>,
  rows: Row[],
  source: string,
  timeColumns: Set<string>,
): Row[] {
  for (const item of command.items) {
    if (!containsAggregate(item.expr)) {
      // Bare field references to earlier aliases of this stats command are allowed (AWS's own
      // "overprovisioned memory" sample: `provisonedMemoryMB - maxMemoryUsedMB as overProvisionedMB`).
      const refersToAlias = (expr: Expr): boolean =>
        expr.kind === 'field'
          ? command.items.some((other) => other.alias === expr.name)
          : expr.kind === 'binary'
            ? refersToAlias(expr.left) || refersToAlias(expr.right)
            : expr.kind === 'unary'
              ? refersToAlias(expr.operand)
              : expr.kind === 'number';
      if (!refersToAlias(item.expr))
        throw new InsightsQueryError(`stats needs an aggregate function in ${item.text}`, source, 0);
    }
    validate(item.expr, source, true);
  }
  command.by.forEach((group) => validate(group.expr, source, false));
  const calls: Extract<Expr, { kind: 'call' }>[] = [];
  command.items.forEach((item) => collectAggregates(item.expr, calls));

  interface Group {
    keys: Value[];
    accumulators: Accumulator[];
  }
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const keys = command.by.map((group) => evaluate(group.expr, row));
    const id = JSON.stringify(keys);
    let group = groups.get(id);
    if (!group) {
      group = { keys, accumulators: calls.map((call) => createAccumulator(call, source)) };
      groups.set(id, group);
    }
    for (const accumulator of group.accumulators) accumulator.add(row);
  }
  // stats without `by` over no events still answers one row (count(*) = 0).
  if (groups.size === 0 && command.by.length === 0)
    groups.set('[]', { keys: [], accumulators: calls.map((call) => createAccumulator(call, source)) });

  const output: Row[] = [];
  for (const group of groups.values()) {
    const values = new Map<Expr, Value>();
    calls.forEach((call, index) => values.set(call, group.accumulators[index]!.result()));
    const row: Row = {};
    command.by.forEach((by, index) => {
      row[columnName(by)] = group.keys[index];
    });
    for (const item of command.items) row[columnName(item)] = evaluate(item.expr, row, values);
    output.push(row);
  }
  for (const by of command.by) if (isTimeExpr(by.expr, timeColumns)) timeColumns.add(columnName(by));
  // Time series come out newest bucket first, like the event list.
  const timeIndex = command.by.findIndex((by) => timeColumns.has(columnName(by)));
  if (timeIndex >= 0) {
    const name = columnName(command.by[timeIndex]!);
    output.sort((a, b) => (toNumber(b[name]) ?? 0) - (toNumber(a[name]) ?? 0));
  }
  return output;
}

function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  const decorated = rows.map((row, index) => ({
    row,
    index,
    values: keys.map((key) => evaluate(key.expr, row)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = naturalCompare(a.values[i], b.values[i]);
      if (order !== 0) return keys[i]!.descending ? -order : order;
    }
    return a.index - b.index;
  });
  return decorated.map((entry) => entry.row);
}

function byteLength(message: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(message) ? message.length : new TextEncoder().encode(message).byteLength;
}

/** An event as the engine reads it; `fields` and `bytes` are caches the engine fills in (never persisted). */
export type QueryableEvent = DiscoverableEvent & { fields?: Row; bytes?: number };

export function runQuery(
  query: string | Query,
  events: Iterable<QueryableEvent>,
  options: RunOptions,
): InsightsResult {
  const source = typeof query === 'string' ? query : '';
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  let rows: Row[] = [];
  let bytesScanned = 0;
  for (const event of events) {
    event.bytes ??= byteLength(event.message);
    bytesScanned += event.bytes;
    // Discovered fields are cached on the event; commands that change rows work on copies (see own()).
    event.fields ??= discoverFields(event, options.accountId);
    rows.push(event.fields);
  }
  const recordsScanned = rows.length;
  // Rows start as the cached field objects; the first command that writes to rows copies the survivors.
  let owned = false;
  const own = () => {
    if (!owned) rows = rows.map((row) => ({ ...row }));
    owned = true;
  };

  let columns: string[] | null = null;
  let displayed = false;
  let aggregated = false;
  let recordsMatched = recordsScanned;
  const timeColumns = new Set(['@timestamp', '@ingestionTime']);
  let limit = Math.min(options.limit ?? MAX_RESULT_ROWS, MAX_RESULT_ROWS);

  for (const command of parsed.commands) {
    switch (command.kind) {
      case 'filter':
        validate(command.expr, source, false);
        rows = rows.filter((row) => truthy(evaluate(command.expr, row)));
        if (!aggregated) recordsMatched = rows.length;
        break;
      case 'fields':
        for (const item of command.items) validate(item.expr, source, false);
        if (command.items.some((item) => item.alias !== undefined || item.expr.kind !== 'field')) own();
        for (const row of rows)
          for (const item of command.items) {
            const name = columnName(item);
            const value = evaluate(item.expr, row);
            if (item.alias !== undefined || item.expr.kind !== 'field') row[name] = value;
          }
        for (const item of command.items)
          if (isTimeExpr(item.expr, timeColumns)) timeColumns.add(columnName(item));
        if (!displayed)
          columns = [
            ...(columns ?? []),
            ...command.items.map(columnName).filter((name) => !(columns ?? []).includes(name)),
          ];
        break;
      case 'display':
        for (const item of command.items) validate(item.expr, source, false);
        if (command.items.some((item) => item.expr.kind !== 'field')) own();
        for (const row of rows)
          for (const item of command.items)
            if (item.expr.kind !== 'field') row[columnName(item)] = evaluate(item.expr, row);
        columns = command.items.map(columnName);
        displayed = true;
        break;
      case 'parse':
        own();
        for (const row of rows) {
          const value = evaluate(command.source, row);
          if (!isPresent(value)) continue;
          command.pattern.lastIndex = 0;
          const match = command.pattern.exec(String(value));
          if (!match) continue;
          if (match.groups) for (const name of command.names) row[name] = match.groups[name];
          else command.names.forEach((name, index) => (row[name] = match[index + 1]));
        }
        break;
      case 'stats':
        rows = runStats(command, rows, source, timeColumns);
        owned = true;
        aggregated = true;
        if (!displayed) columns = [...command.by.map(columnName), ...command.items.map(columnName)];
        break;
      case 'sort':
        command.keys.forEach((key) => validate(key.expr, source, false));
        rows = sortRows(rows, command.keys);
        break;
      case 'limit':
        rows = rows.slice(0, command.count);
        limit = Math.min(limit, command.count);
        break;
      case 'dedup': {
        const seen = new Set<string>();
        rows = rows.filter((row) => {
          const id = JSON.stringify(command.fields.map((field) => evaluate(field.expr, row) ?? null));
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        });
        break;
      }
    }
  }
  rows = rows.slice(0, limit);
  const finalColumns = columns ?? ['@timestamp', '@message'];
  const shaped = rows.map((row) => {
    const out: Row = {};
    for (const column of finalColumns) out[column] = row[column];
    return out;
  });
  const timeList = finalColumns.filter((column) => timeColumns.has(column));
  return {
    columns: finalColumns,
    rows: shaped,
    results: shaped.map((row) =>
      finalColumns
        .filter((column) => isPresent(row[column]))
        .map((column) => ({ field: column, value: formatValue(row[column], timeColumns.has(column)) })),
    ),
    timeColumns: timeList,
    statistics: { recordsMatched, recordsScanned, bytesScanned },
  };
}

export { formatTimestamp };
