/**
 * Query and Scan, on a table or one of its indexes. A page stops after `Limit` evaluated items or when the next
 * item would take the items read past 1 MB ("Paginating table query results"; the limit applies to the items
 * read, before FilterExpression), and then carries LastEvaluatedKey: the table key plus the index key of the last
 * item evaluated. Item sizes follow "DynamoDB item sizes and formats"; reads from an index count the projected
 * entry.
 */
import { CapacityMeter, capacityMode, readUnits } from './capacity';
import { evaluateCondition } from './conditions';
import type { Database } from './database';
import { validationError } from './errors';
import { isPath, type ConditionNode, type DocumentPath } from './expressions';
import { keyCondition, sortMatches, sortRange } from './keyConditions';
import {
  comparableOf,
  keyNames,
  primaryKeyString,
  scalarText,
  validateKey,
  type Comparable,
  type KeySchema,
} from './keys';
import { projectItem } from './paths';
import { readExpressions, type RequestExpressions } from './requestExpressions';
import { Constraints, type Request } from './requests';
import { partitionHash, type IndexEntry, type Partition, type SortedIndex } from './sortedIndex';
import type { SecondaryIndex, Table } from './table';
import { itemSize, validateAttributeMap, type AttributeMap } from './values';

/** 1 MB in binary units. */
export const PAGE_LIMIT_BYTES = 1024 * 1024;

/** A page's Items that are entries [start, end) of one partition, whole and in key order. */
export interface ItemRun {
  readonly partition: Partition;
  readonly start: number;
  readonly end: number;
}

/**
 * Runs shorter than this, or than a quarter of their partition, are written item by item: building a partition's
 * JSON (sortedIndex.ts, partitionJson) pays off when a page takes much of it, or once it is built.
 */
export const ITEM_RUN_MIN_ENTRIES = 32;

const itemRuns = new WeakMap<readonly unknown[], ItemRun>();

/** The run of partition entries a Query page's Items are, when the body can copy their JSON in one piece. */
export function itemRun(items: readonly unknown[]): ItemRun | undefined {
  return itemRuns.get(items);
}

const SELECT_VALUES = ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'];

type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

interface Source {
  table: Table;
  secondary: SecondaryIndex | undefined;
  index: SortedIndex;
  schema: KeySchema;
  /** Read whole items from the table (an LSI asked for attributes it does not project). */
  fetchFromTable: boolean;
}

function commonConstraints(request: Request): void {
  new Constraints()
    .name(request.TableName, 'tableName', { arn: true })
    .name(request.IndexName, 'indexName', { required: false })
    .oneOf(request.Select, SELECT_VALUES, 'select')
    .atLeast(request.Limit, 1, 'limit')
    .oneOf(request.ReturnConsumedCapacity, ['INDEXES', 'TOTAL', 'NONE'], 'returnConsumedCapacity')
    .check();
}

function resolveSource(
  database: Database,
  request: Request,
  parsed: RequestExpressions,
  operation: 'Query' | 'Scan',
): { source: Source; select: Select } {
  const prefix = operation === 'Query' ? '1 validation error detected: ' : '';
  const hasProjection = parsed.projection !== undefined;
  const parameter = parsed.projectionParameter;
  const indexName = request.IndexName as string | undefined;
  let select = request.Select as Select | undefined;
  if (select === 'COUNT' && hasProjection) {
    throw validationError(`${prefix}Cannot specify the ${parameter} when choosing to get only the Count`);
  }
  if (select === 'SPECIFIC_ATTRIBUTES' && !hasProjection) {
    throw validationError(
      `${prefix}Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES`,
    );
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && hasProjection) {
    throw validationError(`Cannot specify the ${parameter} when choosing to get ALL_PROJECTED_ATTRIBUTES`);
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && indexName === undefined) {
    throw validationError('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  }
  if (select === 'ALL_ATTRIBUTES' && hasProjection) {
    throw validationError(`Cannot specify the ${parameter} when choosing to get ALL_ATTRIBUTES`);
  }
  const table = database.table(request.TableName);
  select ??= hasProjection
    ? 'SPECIFIC_ATTRIBUTES'
    : indexName !== undefined
      ? 'ALL_PROJECTED_ATTRIBUTES'
      : 'ALL_ATTRIBUTES';
  if (indexName === undefined) {
    return {
      source: {
        table,
        secondary: undefined,
        index: table.primary,
        schema: table.schema,
        fetchFromTable: false,
      },
      select,
    };
  }
  const secondary = table.secondary.get(indexName);
  if (!secondary) throw validationError(`The table does not have the specified index: ${indexName}`);
  const global = secondary.definition.kind === 'global';
  if (global && request.ConsistentRead === true) {
    throw validationError('Consistent reads are not supported on global secondary indexes');
  }
  let fetchFromTable = false;
  if (select === 'ALL_ATTRIBUTES' && secondary.projected) {
    if (global) {
      throw validationError(
        `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${indexName} because its projection type is not ALL`,
      );
    }
    fetchFromTable = true;
  }
  if (parsed.projection && secondary.projected) {
    const missing = parsed.projection
      .map((path) => path[0] as string)
      .filter((name) => !secondary.projected!.has(name));
    if (missing.length > 0) {
      if (global) {
        throw validationError(
          `One or more parameter values were invalid: Global secondary index ${indexName} does not project [${[...new Set(missing)].join(', ')}]`,
        );
      }
      fetchFromTable = true;
    }
  }
  // An LSI fetches from the table what a filter needs and the index does not hold.
  if (!global && parsed.filter && secondary.projected) fetchFromTable = true;
  return {
    source: { table, secondary, index: secondary.index, schema: secondary.definition.schema, fetchFromTable },
    select,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// ExclusiveStartKey

interface StartPosition {
  sort: Comparable | undefined;
  tableKey: string;
  partitionText: string;
}

function startPosition(request: Request, source: Source): StartPosition | undefined {
  const start = request.ExclusiveStartKey;
  if (start === undefined || start === null) return undefined;
  const problem = validateAttributeMap(start);
  if (problem) throw validationError(`The provided starting key is invalid: ${problem}`);
  const key = start as AttributeMap;
  const names = new Set([...keyNames(source.table.schema), ...keyNames(source.schema)]);
  if (Object.keys(key).length !== names.size || [...names].some((name) => key[name] === undefined)) {
    throw validationError(
      source.secondary
        ? 'The provided starting key is invalid'
        : 'The provided starting key is invalid: The provided key element does not match the schema',
    );
  }
  const tableKey: AttributeMap = {};
  for (const name of keyNames(source.table.schema)) tableKey[name] = key[name]!;
  try {
    validateKey(tableKey, source.table.schema);
    if (source.secondary) {
      const indexKey: AttributeMap = {};
      for (const name of keyNames(source.schema)) indexKey[name] = key[name]!;
      validateKey(indexKey, source.schema);
    }
  } catch (error) {
    throw validationError(`The provided starting key is invalid: ${(error as Error).message}`);
  }
  return {
    sort: source.schema.sort
      ? comparableOf(key[source.schema.sort.name]!, source.schema.sort.type)
      : undefined,
    tableKey: primaryKeyString(key, source.table.schema),
    partitionText: scalarText(key[source.schema.partition.name]!),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a page

interface PageOptions {
  limit: number;
  filter: ConditionNode | undefined;
  projection: DocumentPath[] | undefined;
  select: Select;
  consistent: boolean;
}

interface PageState {
  items: AttributeMap[];
  count: number;
  scanned: number;
  bytes: number;
  last: IndexEntry | undefined;
  done: boolean;
  extraTableBytes: number;
}

function newPage(): PageState {
  return { items: [], count: 0, scanned: 0, bytes: 0, last: undefined, done: false, extraTableBytes: 0 };
}

/** Evaluates one entry; false when the page is full (the entry is left for the next page). */
function visit(entry: IndexEntry, source: Source, options: PageOptions, page: PageState): boolean {
  if (page.scanned >= options.limit) {
    page.done = true;
    return false;
  }
  const stored = source.secondary ? source.table.project(source.secondary, entry.item) : entry.item;
  const size = stored === entry.item ? entry.itemSize : itemSize(stored);
  if (page.bytes + size > PAGE_LIMIT_BYTES) {
    page.done = true;
    return false;
  }
  page.bytes += size;
  page.scanned++;
  page.last = entry;
  const readable = source.fetchFromTable ? entry.item : stored;
  if (source.fetchFromTable) page.extraTableBytes += entry.itemSize;
  if (options.filter && !evaluateCondition(options.filter, readable)) return true;
  page.count++;
  if (options.select !== 'COUNT')
    page.items.push(options.projection ? projectItem(readable, options.projection) : readable);
  return true;
}

function finishPage(
  source: Source,
  options: PageOptions,
  page: PageState,
  meter: CapacityMeter,
): Record<string, unknown> {
  meter.read(source.table.name, readUnits(page.bytes, options.consistent), source.secondary);
  if (page.extraTableBytes > 0)
    meter.read(source.table.name, readUnits(page.extraTableBytes, options.consistent));
  const response: Record<string, unknown> = {};
  if (options.select !== 'COUNT') response.Items = page.items;
  response.Count = page.count;
  response.ScannedCount = page.scanned;
  if (page.done && page.last) {
    const key: AttributeMap = {};
    for (const name of new Set([...keyNames(source.table.schema), ...keyNames(source.schema)])) {
      key[name] = page.last.item[name]!;
    }
    response.LastEvaluatedKey = key;
  }
  const capacity = meter.single(source.table.name);
  if (capacity) response.ConsumedCapacity = capacity;
  return response;
}

function pageOptions(request: Request, parsed: RequestExpressions, select: Select): PageOptions {
  return {
    limit: typeof request.Limit === 'number' ? request.Limit : Number.POSITIVE_INFINITY,
    filter: parsed.filter,
    projection: parsed.projection,
    select,
    consistent: request.ConsistentRead === true,
  };
}

function checkFilterKeys(parsed: RequestExpressions, schema: KeySchema, legacy: boolean): void {
  if (!parsed.filter) return;
  const heads = new Set<string>();
  collectPathHeads(parsed.filter, heads);
  for (const name of keyNames(schema)) {
    if (heads.has(name)) {
      throw validationError(
        `${legacy ? 'QueryFilter' : 'Filter Expression'} can only contain non-primary key attributes: Primary key attribute: ${name}`,
      );
    }
  }
}

function collectPathHeads(node: unknown, heads: Set<string>): void {
  if (isPath(node)) {
    heads.add(node[0] as string);
    return;
  }
  if (typeof node === 'object' && node !== null && Array.isArray((node as { args?: unknown }).args)) {
    for (const arg of (node as { args: unknown[] }).args) collectPathHeads(arg, heads);
  }
}

export function query(database: Database, request: Request): Record<string, unknown> {
  commonConstraints(request);
  const parsed = readExpressions(request, 'Query');
  const { source, select } = resolveSource(database, request, parsed, 'Query');
  const condition = keyCondition(parsed.keyConditions ?? parsed.keyCondition!, source.schema);
  checkFilterKeys(parsed, source.schema, request.QueryFilter != null);
  const start = startPosition(request, source);
  const partitionText = scalarText(condition.partition);
  if (start) {
    if (start.partitionText !== partitionText) {
      throw validationError(
        condition.sort
          ? 'The query can return at most one row and cannot be restarted'
          : 'The provided starting key is outside query boundaries based on provided conditions',
      );
    }
    if (condition.sort && source.schema.sort) {
      const startValue = (request.ExclusiveStartKey as AttributeMap)[source.schema.sort.name]!;
      if (!sortMatches(startValue, condition.sort)) {
        throw validationError('The provided starting key does not match the range key predicate');
      }
    }
  }
  const options = pageOptions(request, parsed, select);
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  const page = newPage();
  const partition = source.index.partition(partitionText);
  if (partition) {
    const entries = partition.entries;
    let [low, high] = sortRange(source.index, entries, condition.sort);
    const forward = request.ScanIndexForward !== false;
    if (start) {
      const at = source.index.entryPosition(entries, start.sort, start.tableKey);
      const exact =
        entries[at] !== undefined &&
        source.index.compareEntry(start.sort, start.tableKey, entries[at]!) === 0;
      if (forward) low = Math.max(low, exact ? at + 1 : at);
      else high = Math.min(high, at);
    }
    if (forward) {
      for (let i = low; i < high; i++) if (!visit(entries[i]!, source, options, page)) break;
    } else {
      for (let i = high - 1; i >= low; i--) if (!visit(entries[i]!, source, options, page)) break;
    }
    // Limit reached on the last item: DynamoDB still answers with LastEvaluatedKey.
    if (!page.done && page.scanned === options.limit) page.done = true;
    // Whole stored items in key order, nothing filtered out: the page is the entries it scanned.
    const wholeItems =
      forward &&
      options.filter === undefined &&
      options.projection === undefined &&
      options.select !== 'COUNT' &&
      !source.fetchFromTable &&
      (source.secondary === undefined || source.secondary.projected === null);
    const run = page.items.length;
    if (
      wholeItems &&
      run === page.scanned &&
      (partition.json !== undefined || (run >= ITEM_RUN_MIN_ENTRIES && run * 4 >= entries.length))
    )
      itemRuns.set(page.items, { partition, start: low, end: low + run });
  }
  return finishPage(source, options, page, meter);
}

export function scan(database: Database, request: Request): Record<string, unknown> {
  commonConstraints(request);
  const { Segment: segment, TotalSegments: totalSegments } = request;
  new Constraints()
    .atLeast(segment, 0, 'segment')
    .atMost(segment, 999999, 'segment')
    .atLeast(totalSegments, 1, 'totalSegments')
    .atMost(totalSegments, 1000000, 'totalSegments')
    .check();
  if (segment !== undefined && totalSegments === undefined) {
    throw validationError(
      'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    );
  }
  if (totalSegments !== undefined && segment === undefined) {
    throw validationError(
      'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
    );
  }
  if (typeof segment === 'number' && typeof totalSegments === 'number' && segment >= totalSegments) {
    throw validationError(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${totalSegments}`,
    );
  }
  const parsed = readExpressions(request, 'Scan');
  const { source, select } = resolveSource(database, request, parsed, 'Scan');
  const start = startPosition(request, source);
  const options = pageOptions(request, parsed, select);
  const meter = new CapacityMeter(capacityMode(request.ReturnConsumedCapacity));
  const page = newPage();

  // A segment is a contiguous range of partition hashes.
  const segments = typeof totalSegments === 'number' ? totalSegments : 1;
  const which = typeof segment === 'number' ? segment : 0;
  const lowHash = Math.ceil((which * 2 ** 32) / segments);
  const highHash = Math.ceil(((which + 1) * 2 ** 32) / segments);
  const partitions = source.index.orderedPartitions();
  let position = source.index.partitionPosition(lowHash, '');
  let entryStart = 0;
  if (start) {
    const hash = partitionHash(start.partitionText);
    if (hash < lowHash || hash >= highHash) {
      throw validationError(
        `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${segments} Segment: ${which}`,
      );
    }
    position = source.index.partitionPosition(hash, start.partitionText);
    const partition = partitions[position];
    if (partition && partition.text === start.partitionText) {
      const at = source.index.entryPosition(partition.entries, start.sort, start.tableKey);
      const entry = partition.entries[at];
      entryStart = entry && source.index.compareEntry(start.sort, start.tableKey, entry) === 0 ? at + 1 : at;
    }
  }
  outer: for (; position < partitions.length; position++) {
    const partition = partitions[position]!;
    if (partition.hash >= highHash) break;
    const entries = partition.entries;
    for (let i = entryStart; i < entries.length; i++)
      if (!visit(entries[i]!, source, options, page)) break outer;
    entryStart = 0;
  }
  if (!page.done && page.scanned === options.limit && page.scanned > 0) page.done = true;
  return finishPage(source, options, page, meter);
}
