/**
 * Primary and index keys: their schema, the checks DynamoDB applies to keys and items (with its messages), and a
 * comparable form of key values for the sorted indexes.
 */
import { validationError } from './errors';
import { parseDecimal, compareDecimals, type Decimal } from './numbers';
import {
  binaryString,
  compareStrings,
  typeOf,
  utf8Length,
  type AttributeMap,
  type AttributeValue,
} from './values';

export type KeyType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export interface KeySchema {
  partition: KeyAttribute;
  sort?: KeyAttribute;
}

export function keyNames(schema: KeySchema): string[] {
  return schema.sort ? [schema.partition.name, schema.sort.name] : [schema.partition.name];
}

/** Partition keys up to 2048 bytes, sort keys up to 1024 ("Quotas in Amazon DynamoDB": partition and sort keys). */
const PARTITION_KEY_LIMIT = 2048;
const SORT_KEY_LIMIT = 1024;

function scalarOf(value: AttributeValue, type: KeyType): string | undefined {
  return (value as Record<string, unknown>)[type] as string | undefined;
}

function emptyKeyMessage(name: string, type: KeyType): string {
  return `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${
    type === 'S' ? 'string' : 'binary'
  } value. Key: ${name}`;
}

function checkKeySize(text: string, type: KeyType, partition: boolean): void {
  if (type === 'N') return;
  const size = type === 'S' ? utf8Length(text) : binaryString(text).length;
  if (partition && size > PARTITION_KEY_LIMIT) {
    throw validationError(
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
  }
  if (!partition && size > SORT_KEY_LIMIT) {
    throw validationError(
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    );
  }
}

/** A `Key` parameter (GetItem, DeleteItem, UpdateItem, …): exactly the schema's attributes with their types. */
export function validateKey(key: AttributeMap, schema: KeySchema): void {
  const attributes = schema.sort ? [schema.partition, schema.sort] : [schema.partition];
  if (Object.keys(key).length !== attributes.length) {
    throw validationError('The provided key element does not match the schema');
  }
  attributes.forEach((attribute, position) => {
    const value = key[attribute.name];
    const text = value === undefined ? undefined : scalarOf(value, attribute.type);
    if (text === undefined) throw validationError('The provided key element does not match the schema');
    if (text === '' && attribute.type !== 'N')
      throw validationError(emptyKeyMessage(attribute.name, attribute.type));
    checkKeySize(text, attribute.type, position === 0);
  });
}

export interface IndexKeyCheck {
  indexName: string;
  schema: KeySchema;
}

/** An item to store (PutItem, BatchWriteItem): its key attributes, then every index key it carries. */
export function validateItemKeys(
  item: AttributeMap,
  schema: KeySchema,
  indexes: readonly IndexKeyCheck[],
): void {
  const attributes = schema.sort ? [schema.partition, schema.sort] : [schema.partition];
  attributes.forEach((attribute, position) => {
    const value = item[attribute.name];
    if (value === undefined) {
      throw validationError(
        `One or more parameter values were invalid: Missing the key ${attribute.name} in the item`,
      );
    }
    const text = scalarOf(value, attribute.type);
    if (text === undefined) {
      throw validationError(
        `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(value)}`,
      );
    }
    if (text === '' && attribute.type !== 'N')
      throw validationError(emptyKeyMessage(attribute.name, attribute.type));
    checkKeySize(text, attribute.type, position === 0);
  });
  validateIndexKeys(item, indexes, 'put');
}

/**
 * Index key attributes an item carries must have the index's type and must not be empty. Items without them
 * simply stay out of the index (a sparse index).
 */
export function validateIndexKeys(
  item: AttributeMap,
  indexes: readonly IndexKeyCheck[],
  origin: 'put' | 'update',
): void {
  for (const index of indexes) {
    const attributes = index.schema.sort
      ? [index.schema.partition, index.schema.sort]
      : [index.schema.partition];
    for (const attribute of attributes) {
      const value = item[attribute.name];
      if (value === undefined) continue;
      const text = scalarOf(value, attribute.type);
      if (text === undefined) {
        throw validationError(
          origin === 'update'
            ? 'The update expression attempted to update the secondary index key to unsupported type'
            : `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${typeOf(value)} IndexName: ${index.indexName}`,
        );
      }
      if (text === '' && attribute.type !== 'N') {
        throw validationError(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${
            attribute.type === 'S' ? 'string' : 'binary'
          } value. IndexName: ${index.indexName}, IndexKey: ${attribute.name}`,
        );
      }
    }
  }
}

/** Whether the item belongs in an index with this schema (it has every key attribute). */
export function hasKey(item: AttributeMap, schema: KeySchema): boolean {
  return item[schema.partition.name] !== undefined && (!schema.sort || item[schema.sort.name] !== undefined);
}

/** The key attributes of an item. */
export function extractKey(item: AttributeMap, schema: KeySchema): AttributeMap {
  const key: AttributeMap = { [schema.partition.name]: item[schema.partition.name]! };
  if (schema.sort) key[schema.sort.name] = item[schema.sort.name]!;
  return key;
}

/** The map key for a scalar key value of a known type (numbers are canonical, so text equality is value equality). */
export function scalarText(value: AttributeValue): string {
  for (const type in value) return (value as Record<string, string>)[type]!;
  return '';
}

/** One string per primary key, for maps of items. */
export function primaryKeyString(item: AttributeMap, schema: KeySchema): string {
  const partition = scalarText(item[schema.partition.name]!);
  return schema.sort ? `${partition}\u0000${scalarText(item[schema.sort.name]!)}` : partition;
}

// ---------------------------------------------------------------------------------------------------------------
// Comparable key values

export type Comparable = string | Decimal;

export function comparableOf(value: AttributeValue, type: KeyType): Comparable {
  const text = scalarText(value);
  if (type === 'N') return parseDecimal(text)!;
  if (type === 'B') return binaryString(text);
  return text;
}

export function compareComparables(a: Comparable, b: Comparable, type: KeyType): number {
  if (type === 'N') return compareDecimals(a as Decimal, b as Decimal);
  if (type === 'B') return a < b ? -1 : a > b ? 1 : 0;
  return compareStrings(a as string, b as string);
}
