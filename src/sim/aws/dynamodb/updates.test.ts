/** The update evaluator against "Update expressions" (DynamoDB developer guide), on the guide's ProductCatalog item. */
import { describe, expect, it } from 'vitest';
import { parseExpressions } from './expressions';
import { applyUpdate } from './updates';
import type { AttributeMap, AttributeValue } from './values';

const item: AttributeMap = {
  Id: { N: '789' },
  ProductCategory: { S: 'Home Improvement' },
  Price: { N: '52' },
  InStock: { BOOL: true },
  Brand: { S: 'Acme' },
  RelatedItems: {
    L: [{ S: 'Chisel' }, { S: 'Hammer' }, { S: 'Nails' }, { S: 'Screwdriver' }, { S: 'Hacksaw' }],
  },
  Color: { SS: ['Orange', 'Purple'] },
  ProductReviews: { M: { FiveStar: { L: [{ S: 'Best product ever!' }] } } },
};

function update(
  expression: string,
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> | undefined = undefined,
  stored: AttributeMap | null = item,
): AttributeMap {
  const original = stored ?? undefined;
  const parsed = parseExpressions(
    {
      UpdateExpression: expression,
      ExpressionAttributeValues: Object.keys(values).length ? structuredClone(values) : undefined,
      ExpressionAttributeNames: names,
    },
    ['UpdateExpression'],
  );
  return applyUpdate(parsed.update!, original, original ?? { Id: { N: '1' } });
}

function problem(expression: string, values: Record<string, AttributeValue> = {}): string {
  try {
    update(expression, values);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('SET', () => {
  it('adds and replaces attributes, lists and maps', () => {
    const next = update('SET ProductCategory = :c, Price = :p, Tags = :t', {
      ':c': { S: 'Hardware' },
      ':p': { N: '60' },
      ':t': { M: { a: { L: [] } } },
    });
    expect(next.ProductCategory).toEqual({ S: 'Hardware' });
    expect(next.Price).toEqual({ N: '60' });
    expect(next.Tags).toEqual({ M: { a: { L: [] } } });
  });

  it('replaces a list element, and appends when the index is past the end, in index order', () => {
    expect(update('SET RelatedItems[1] = :r', { ':r': { S: 'Mallet' } }).RelatedItems).toEqual({
      L: [{ S: 'Chisel' }, { S: 'Mallet' }, { S: 'Nails' }, { S: 'Screwdriver' }, { S: 'Hacksaw' }],
    });
    const appended = update('SET RelatedItems[20] = :b, RelatedItems[10] = :a', {
      ':a': { S: 'A' },
      ':b': { S: 'B' },
    });
    expect((appended.RelatedItems as { L: AttributeValue[] }).L.slice(5)).toEqual([{ S: 'A' }, { S: 'B' }]);
  });

  it('adds nested map attributes through names', () => {
    const next = update(
      'SET #pr.#5star[1] = :r5, #pr.#3star = :r3',
      { ':r5': { S: 'Very happy' }, ':r3': { L: [{ S: 'Just OK' }] } },
      { '#pr': 'ProductReviews', '#5star': 'FiveStar', '#3star': 'ThreeStar' },
    );
    expect(next.ProductReviews).toEqual({
      M: {
        FiveStar: { L: [{ S: 'Best product ever!' }, { S: 'Very happy' }] },
        ThreeStar: { L: [{ S: 'Just OK' }] },
      },
    });
  });

  it('increments and decrements numbers exactly', () => {
    expect(update('SET Price = Price - :p', { ':p': { N: '15' } }).Price).toEqual({ N: '37' });
    expect(update('SET Price = Price + :p', { ':p': { N: '0.1' } }).Price).toEqual({ N: '52.1' });
    expect(update('SET Doubled = Price + Price').Doubled).toEqual({ N: '104' });
  });

  it('list_append appends either way round', () => {
    const values = { ':vals': { L: [{ S: 'Saw' }] } };
    expect(
      (
        update('SET RelatedItems = list_append(RelatedItems, :vals)', values).RelatedItems as { L: unknown[] }
      ).L.at(-1),
    ).toEqual({ S: 'Saw' });
    expect(
      (update('SET RelatedItems = list_append(:vals, RelatedItems)', values).RelatedItems as { L: unknown[] })
        .L[0],
    ).toEqual({ S: 'Saw' });
  });

  it('if_not_exists keeps an existing value and supplies a missing one', () => {
    expect(update('SET Price = if_not_exists(Price, :p)', { ':p': { N: '100' } }).Price).toEqual({ N: '52' });
    expect(update('SET Stock = if_not_exists(Stock, :p)', { ':p': { N: '100' } }).Stock).toEqual({
      N: '100',
    });
    const counter = update('SET Visits = if_not_exists(Visits, :zero) + :one', {
      ':zero': { N: '0' },
      ':one': { N: '1' },
    });
    expect(counter.Visits).toEqual({ N: '1' });
  });

  it('reads every operand from the item as it was before the update', () => {
    const next = update('SET Price = :p, OldPrice = Price', { ':p': { N: '1' } });
    expect(next.Price).toEqual({ N: '1' });
    expect(next.OldPrice).toEqual({ N: '52' });
  });

  it('fails on missing operands, wrong types and paths into nothing', () => {
    expect(problem('SET Price = Absent + :p', { ':p': { N: '1' } })).toBe(
      'The provided expression refers to an attribute that does not exist in the item',
    );
    expect(problem('SET Brand = Brand + :p', { ':p': { N: '1' } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(problem('SET Brand = list_append(Brand, :l)', { ':l': { L: [] } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(problem('SET Absent.Nested = :v', { ':v': { S: 'x' } })).toBe(
      'The document path provided in the update expression is invalid for update',
    );
    expect(problem('SET Brand[0] = :v', { ':v': { S: 'x' } })).toBe(
      'The document path provided in the update expression is invalid for update',
    );
    expect(
      problem('SET Price = Price + :big', { ':big': { N: '9.9999999999999999999999999999999999999E+125' } }),
    ).toBe('Attempting to store more than 38 significant digits in a Number');
  });
});

describe('REMOVE', () => {
  it('removes attributes, and nothing happens for missing ones', () => {
    const next = update('REMOVE Brand, InStock, QuantityOnHand');
    expect(next.Brand).toBeUndefined();
    expect(next.InStock).toBeUndefined();
    expect(Object.keys(next)).toHaveLength(Object.keys(item).length - 2);
  });

  it('removes list elements by their original positions and shifts the rest', () => {
    expect(update('REMOVE RelatedItems[1], RelatedItems[2]').RelatedItems).toEqual({
      L: [{ S: 'Chisel' }, { S: 'Screwdriver' }, { S: 'Hacksaw' }],
    });
    expect(update('REMOVE RelatedItems[9]').RelatedItems).toEqual(item.RelatedItems);
  });
});

describe('ADD and DELETE', () => {
  it('ADD creates or increments a number and unions a set', () => {
    expect(update('ADD QuantityOnHand :q', { ':q': { N: '5' } }).QuantityOnHand).toEqual({ N: '5' });
    expect(update('ADD Price :q', { ':q': { N: '-2' } }).Price).toEqual({ N: '50' });
    expect(update('ADD Color :c', { ':c': { SS: ['Yellow', 'Orange'] } }).Color).toEqual({
      SS: ['Orange', 'Purple', 'Yellow'],
    });
    expect(problem('ADD Brand :q', { ':q': { N: '1' } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(problem('ADD Color :q', { ':q': { NS: ['1'] } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
  });

  it('DELETE removes set members and drops an emptied set', () => {
    expect(update('DELETE Color :p', { ':p': { SS: ['Yellow', 'Purple'] } }).Color).toEqual({
      SS: ['Orange'],
    });
    expect(update('DELETE Color :p', { ':p': { SS: ['Orange', 'Purple'] } }).Color).toBeUndefined();
    expect(update('DELETE Absent :p', { ':p': { SS: ['x'] } }).Absent).toBeUndefined();
    expect(problem('DELETE Brand :p', { ':p': { SS: ['x'] } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
  });
});

describe('immutability', () => {
  it('never changes the stored item', () => {
    const before = structuredClone(item);
    update('SET ProductReviews.FiveStar[0] = :v REMOVE RelatedItems[0] ADD Color :c DELETE Color2 :d', {
      ':v': { S: 'x' },
      ':c': { SS: ['New'] },
      ':d': { SS: ['x'] },
    });
    expect(item).toEqual(before);
  });

  it('starts a new item from the key when none is stored', () => {
    expect(update('SET a = :v', { ':v': { S: 'x' } }, undefined, null)).toEqual({
      Id: { N: '1' },
      a: { S: 'x' },
    });
  });
});
