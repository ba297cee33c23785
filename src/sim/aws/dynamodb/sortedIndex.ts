/**
 * The storage behind a table or index: items grouped by partition key, each partition kept sorted by sort key
 * (then by primary key, for index entries that share an index key). Partitions are ordered by a hash of their
 * key, like DynamoDB's own placement, so a Scan does not come back in key order and parallel-scan segments are
 * contiguous hash ranges. Entries point at the stored item; index projections are applied when reading.
 */
import { utf8 } from '../http';
import { utf8Length } from '../../text';
import { compareComparables, comparableOf, scalarText, type Comparable, type KeySchema } from './keys';
import { itemJson, storedItemSize, type AttributeMap } from './values';

export interface IndexEntry {
  readonly item: AttributeMap;
  readonly sort: Comparable | undefined;
  /** Primary key string of the item: identity and tie-break. */
  readonly tableKey: string;
  /** The stored item's size (values.ts, storedItemSize), kept here: Query and Scan measure every entry read. */
  readonly itemSize: number;
}

export interface Partition {
  readonly text: string;
  readonly hash: number;
  readonly entries: IndexEntry[];
  /** The entries' JSON, kept until the partition changes (`partitionJson`). */
  json: PartitionJson | undefined;
}

/**
 * A partition's items as the UTF-8 JSON a Query page writes them in, in entry order with a comma between each two:
 * a Query that answers with a run of whole items in key order copies one byte range instead of putting thousands
 * of item texts together and encoding them again on every call (issue #11, "Query over 10,000 items").
 */
export interface PartitionJson {
  readonly bytes: Uint8Array;
  /** Where entry i's JSON starts; the last one, one past the end (where a comma after the last item would end). */
  readonly offsets: Uint32Array;
}

/** Anything but printable ASCII (JSON text escapes control characters) takes the counting loop. */
/**
 * The bytes TextEncoder writes for a string (values.ts's utf8Length counts item sizes the way DynamoDB does).
 */
export const encodedLength = utf8Length;

/** The partition's JSON, built on first use after a change (one encoding of the whole partition). */
export function partitionJson(partition: Partition): PartitionJson {
  if (partition.json) return partition.json;
  const entries = partition.entries;
  const offsets = new Uint32Array(entries.length + 1);
  let text = '';
  let at = 0;
  for (let index = 0; index < entries.length; index++) {
    const json = itemJson(entries[index]!.item);
    if (index > 0) text += ',';
    text += json;
    offsets[index] = at;
    at += encodedLength(json) + 1;
  }
  offsets[entries.length] = at;
  partition.json = { bytes: utf8(text), offsets };
  return partition.json;
}

/** The UTF-8 JSON of entries [start, end) of a partition, comma-separated (end > start). */
export function entriesJson(partition: Partition, start: number, end: number): Uint8Array {
  const { bytes, offsets } = partitionJson(partition);
  return bytes.subarray(offsets[start]!, offsets[end]! - 1);
}

/** FNV-1a over UTF-16 units: stable across runs, spreads keys evenly enough for segment ranges. */
export function partitionHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche so that keys differing in the last character do not cluster.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

function comparePartitions(hash: number, text: string, partition: Partition): number {
  if (hash !== partition.hash) return hash < partition.hash ? -1 : 1;
  return text < partition.text ? -1 : text > partition.text ? 1 : 0;
}

export class SortedIndex {
  private readonly partitions = new Map<string, Partition>();
  private readonly order: Partition[] = [];
  private count = 0;

  constructor(readonly schema: KeySchema) {}

  get size(): number {
    return this.count;
  }

  get partitionCount(): number {
    return this.order.length;
  }

  clear(): void {
    this.partitions.clear();
    this.order.length = 0;
    this.count = 0;
  }

  partition(text: string): Partition | undefined {
    return this.partitions.get(text);
  }

  /** Partitions in scan order. */
  orderedPartitions(): readonly Partition[] {
    return this.order;
  }

  sortOf(item: AttributeMap): Comparable | undefined {
    const sort = this.schema.sort;
    return sort ? comparableOf(item[sort.name]!, sort.type) : undefined;
  }

  insert(item: AttributeMap, tableKey: string): void {
    const text = scalarText(item[this.schema.partition.name]!);
    let partition = this.partitions.get(text);
    if (!partition) {
      partition = { text, hash: partitionHash(text), entries: [], json: undefined };
      this.partitions.set(text, partition);
      this.order.splice(this.partitionPosition(partition.hash, text), 0, partition);
    }
    const entry: IndexEntry = { item, sort: this.sortOf(item), tableKey, itemSize: storedItemSize(item) };
    const entries = partition.entries;
    partition.json = undefined;
    // Appends in key order are the common case (bulk loads, time-ordered sort keys).
    const last = entries[entries.length - 1];
    if (!last || this.compareEntry(entry.sort, tableKey, last) > 0) {
      entries.push(entry);
    } else {
      entries.splice(this.entryPosition(entries, entry.sort, tableKey), 0, entry);
    }
    this.count++;
  }

  remove(item: AttributeMap, tableKey: string): void {
    const text = scalarText(item[this.schema.partition.name]!);
    const partition = this.partitions.get(text);
    if (!partition) return;
    const entries = partition.entries;
    const position = this.entryPosition(entries, this.sortOf(item), tableKey);
    const found = entries[position];
    if (!found || found.tableKey !== tableKey) return;
    entries.splice(position, 1);
    partition.json = undefined;
    this.count--;
    if (entries.length === 0) {
      this.partitions.delete(text);
      this.order.splice(this.partitionPosition(partition.hash, text), 1);
    }
  }

  /** First partition position at or after (hash, text). */
  partitionPosition(hash: number, text: string): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePartitions(hash, text, this.order[middle]!) > 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  compareEntry(sort: Comparable | undefined, tableKey: string, entry: IndexEntry): number {
    if (this.schema.sort) {
      const order = compareComparables(sort!, entry.sort!, this.schema.sort.type);
      if (order !== 0) return order;
    }
    return tableKey < entry.tableKey ? -1 : tableKey > entry.tableKey ? 1 : 0;
  }

  /** First entry position at or after (sort, tableKey). */
  entryPosition(entries: readonly IndexEntry[], sort: Comparable | undefined, tableKey: string): number {
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareEntry(sort, tableKey, entries[middle]!) > 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First entry whose sort value is ≥ value (strict: > value). */
  sortBound(entries: readonly IndexEntry[], value: Comparable, strict: boolean): number {
    const type = this.schema.sort!.type;
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareComparables(entries[middle]!.sort!, value, type);
      if (order < 0 || (strict && order === 0)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
