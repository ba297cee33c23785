/**
 * The evaluator against the behaviours "Condition and filter expressions, operators, and functions" documents
 * (DynamoDB developer guide), on one item.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './conditions';
import { parseExpressions } from './expressions';
import type { AttributeMap, AttributeValue } from './values';

const product: AttributeMap = {
  Id: { N: '456' },
  ProductCategory: { S: 'Sporting Goods' },
  Price: { N: '650' },
  Brand: { S: 'Acme Company' },
  Color: { SS: ['Red', 'Black'] },
  Sizes: { NS: ['8', '10'] },
  Pictures: {
    M: { FrontView: { S: 'http://example.com/front.jpg' }, SideView: { S: 'http://example.com/side.jpg' } },
  },
  RelatedItems: { L: [{ N: '341' }, { N: '472' }, { S: 'spare' }] },
  Reviews: { M: { OneStar: { L: [{ S: 'bad' }, { S: 'worse' }, { S: 'worst' }, { S: 'awful' }] } } },
  Thumbnail: { B: 'AAECAwQ=' },
  InStock: { BOOL: true },
  Discontinued: { NULL: true },
  Unicode: { S: 'é𝄞' },
};

function holds(
  expression: string,
  values: Record<string, AttributeValue> = {},
  item: AttributeMap | null = product,
): boolean {
  const parsed = parseExpressions(
    {
      ConditionExpression: expression,
      ExpressionAttributeValues: Object.keys(values).length ? structuredClone(values) : undefined,
    },
    ['ConditionExpression'],
  );
  return evaluateCondition(parsed.condition!, item ?? undefined);
}

describe('comparators', () => {
  it('compares numbers numerically and strings by bytes', () => {
    expect(holds('Price = :p', { ':p': { N: '650.0' } })).toBe(true);
    expect(holds('Price > :p', { ':p': { N: '99' } })).toBe(true);
    expect(holds('Brand < :b', { ':b': { S: 'Acme company' } })).toBe(true); // 'C' (0x43) < 'c' (0x63)
    expect(holds('Price <> :p', { ':p': { N: '1' } })).toBe(true);
  });

  it('never orders values of different types, and a missing attribute compares false (<> true)', () => {
    expect(holds('Price > :s', { ':s': { S: '1' } })).toBe(false);
    expect(holds('Price < :s', { ':s': { S: '1' } })).toBe(false);
    expect(holds('Absent = :v', { ':v': { N: '1' } })).toBe(false);
    expect(holds('Absent < :v', { ':v': { N: '1' } })).toBe(false);
    expect(holds('Absent <> :v', { ':v': { N: '1' } })).toBe(true);
    expect(holds('Price = :s', { ':s': { S: '650' } })).toBe(false);
  });

  it('compares two document paths', () => {
    expect(holds('Price > Id')).toBe(true);
    expect(holds('Pictures.FrontView <> Pictures.SideView')).toBe(true);
  });

  it('compares sets as sets and lists in order', () => {
    expect(holds('Color = :c', { ':c': { SS: ['Black', 'Red'] } })).toBe(true);
    expect(holds('RelatedItems = :l', { ':l': { L: [{ N: '472' }, { N: '341' }, { S: 'spare' }] } })).toBe(
      false,
    );
  });

  it('BETWEEN is inclusive at both ends; IN matches any listed value', () => {
    expect(holds('Price BETWEEN :lo AND :hi', { ':lo': { N: '650' }, ':hi': { N: '700' } })).toBe(true);
    expect(holds('Price BETWEEN :lo AND :hi', { ':lo': { N: '1' }, ':hi': { N: '649.99' } })).toBe(false);
    expect(
      holds('ProductCategory IN (:a, :b)', { ':a': { S: 'Books' }, ':b': { S: 'Sporting Goods' } }),
    ).toBe(true);
    expect(holds('ProductCategory IN (:a)', { ':a': { S: 'Books' } })).toBe(false);
  });
});

describe('functions', () => {
  it('attribute_exists and attribute_not_exists follow nested paths and list indexes', () => {
    expect(holds('attribute_exists(Pictures.SideView)')).toBe(true);
    expect(holds('attribute_exists(Pictures.RearView)')).toBe(false);
    expect(holds('attribute_not_exists(Manufacturer)')).toBe(true);
    expect(holds('attribute_exists(RelatedItems[2])')).toBe(true);
    expect(holds('attribute_exists(RelatedItems[3])')).toBe(false);
    expect(holds('attribute_exists(Brand.Nested)')).toBe(false);
    expect(holds('attribute_not_exists(Id)', {}, null)).toBe(true);
  });

  it('attribute_type checks the type named by a value', () => {
    expect(holds('attribute_type(Color, :t)', { ':t': { S: 'SS' } })).toBe(true);
    expect(holds('attribute_type(RelatedItems, :t)', { ':t': { S: 'L' } })).toBe(true);
    expect(holds('attribute_type(Price, :t)', { ':t': { S: 'S' } })).toBe(false);
    expect(holds('attribute_type(Discontinued, :t)', { ':t': { S: 'NULL' } })).toBe(true);
  });

  it('begins_with works on strings and binary', () => {
    expect(holds('begins_with(Pictures.FrontView, :p)', { ':p': { S: 'http://' } })).toBe(true);
    expect(holds('begins_with(Brand, :p)', { ':p': { S: 'acme' } })).toBe(false);
    expect(holds('begins_with(Thumbnail, :p)', { ':p': { B: 'AAE=' } })).toBe(true);
  });

  it('contains finds substrings, set members and list elements', () => {
    expect(holds('contains(Brand, :s)', { ':s': { S: 'Company' } })).toBe(true);
    expect(holds('contains(Color, :s)', { ':s': { S: 'Red' } })).toBe(true);
    expect(holds('contains(Color, :s)', { ':s': { S: 'Blue' } })).toBe(false);
    expect(holds('contains(Sizes, :n)', { ':n': { N: '10.0' } })).toBe(true);
    expect(holds('contains(RelatedItems, :n)', { ':n': { N: '472' } })).toBe(true);
    expect(holds('contains(Color, :n)', { ':n': { N: '1' } })).toBe(false);
    expect(holds('contains(Absent, :s)', { ':s': { S: 'x' } })).toBe(false);
  });

  it('size counts characters of a string, bytes of a binary, members of sets, lists and maps', () => {
    expect(holds('size(Brand) <= :n', { ':n': { N: '20' } })).toBe(true);
    expect(holds('size(Thumbnail) = :n', { ':n': { N: '5' } })).toBe(true);
    expect(holds('size(Color) > :n', { ':n': { N: '1' } })).toBe(true);
    expect(holds('size(Reviews.OneStar) > :n', { ':n': { N: '3' } })).toBe(true);
    expect(holds('size(Pictures) = :n', { ':n': { N: '2' } })).toBe(true);
    // UTF-16 code units, as DynamoDB counts them: é is 1, the musical symbol G clef is 2.
    expect(holds('size(Unicode) = :n', { ':n': { N: '3' } })).toBe(true);
    expect(holds('size(Absent) >= :n', { ':n': { N: '0' } })).toBe(false);
    expect(holds('size(Price) >= :n', { ':n': { N: '0' } })).toBe(false);
  });
});

describe('logical evaluation and precedence', () => {
  it('NOT, AND and OR; AND binds tighter than OR', () => {
    const values = { ':a': { N: '650' }, ':none': { S: 'none' } };
    expect(holds('NOT Price = :a', { ':a': values[':a'] })).toBe(false);
    expect(holds('NOT attribute_exists(Absent)')).toBe(true);
    // a OR b AND c with a, b true and c false is true; (a OR b) AND c is false.
    expect(holds('Price = :a OR Price = :a AND Brand = :none', values)).toBe(true);
    expect(holds('(Price = :a OR Price = :a) AND Brand = :none', values)).toBe(false);
  });
});
