import { describe, expect, it } from 'vitest';
import {
  compareStrings,
  compareValues,
  itemSize,
  validateAttributeValue,
  valuesEqual,
  valueSize,
} from './values';

describe('item sizes ("DynamoDB item sizes and formats")', () => {
  it('counts strings in UTF-8 bytes, attribute names included', () => {
    expect(itemSize({ name: { S: 'abc' } })).toBe(4 + 3);
    expect(itemSize({ é: { S: 'é' } })).toBe(2 + 2);
    expect(valueSize({ S: '😀' })).toBe(4);
  });

  it('counts numbers as one byte per two significant digits plus one, leading and trailing zeros trimmed', () => {
    expect(valueSize({ N: '101' })).toBe(3);
    expect(valueSize({ N: '1' })).toBe(2);
    expect(valueSize({ N: '1000000' })).toBe(2);
    expect(valueSize({ N: '0.0012' })).toBe(2);
    expect(valueSize({ N: '12345678901234567890123456789012345678' })).toBe(20);
  });

  it('counts binary by raw bytes, booleans and nulls as one byte', () => {
    expect(valueSize({ B: 'AAECAwQ=' })).toBe(5);
    expect(valueSize({ BOOL: false })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
  });

  it('charges lists and maps 3 bytes plus 1 byte per element', () => {
    expect(valueSize({ L: [] })).toBe(3);
    expect(valueSize({ M: {} })).toBe(3);
    expect(valueSize({ L: [{ S: 'ab' }, { BOOL: true }] })).toBe(3 + (1 + 2) + (1 + 1));
    expect(valueSize({ M: { k: { S: 'ab' } } })).toBe(3 + 1 + 1 + 2);
  });

  it('counts a set as the sum of its members', () => {
    expect(valueSize({ SS: ['a', 'bc'] })).toBe(3);
    expect(valueSize({ NS: ['1', '123'] })).toBe(2 + 3);
  });

  it('adds up the AWS Lambda guide sample stream record: Id 101 and "New item!" is 26 bytes', () => {
    expect(itemSize({ Id: { N: '101' } }) + itemSize({ Message: { S: 'New item!' }, Id: { N: '101' } })).toBe(
      26,
    );
  });
});

describe('ordering and equality', () => {
  it('orders strings by UTF-8 bytes (code points), not UTF-16 units', () => {
    // U+FF61 sorts before U+1F600 in UTF-8 even though its UTF-16 unit is larger than the surrogate.
    expect(compareStrings('\uff61', '😀')).toBeLessThan(0);
    expect(compareStrings('a', 'B')).toBeGreaterThan(0);
    expect(compareStrings('¿', 'z')).toBeGreaterThan(0);
    expect(compareStrings('ab', 'abc')).toBeLessThan(0);
  });

  it('compares only values of one scalar type', () => {
    expect(compareValues({ N: '10' }, { N: '9' })).toBeGreaterThan(0);
    expect(compareValues({ S: '10' }, { S: '9' })).toBeLessThan(0);
    expect(compareValues({ B: 'AP8=' }, { B: 'AQ==' })).toBeLessThan(0);
    expect(compareValues({ N: '1' }, { S: '1' })).toBeNull();
    expect(compareValues({ L: [] }, { L: [] })).toBeNull();
  });

  it('treats sets as unordered and numbers by value', () => {
    expect(valuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] })).toBe(true);
    expect(valuesEqual({ NS: ['1', '2'] }, { NS: ['2', '1'] })).toBe(true);
    expect(valuesEqual({ L: [{ S: 'a' }, { S: 'b' }] }, { L: [{ S: 'b' }, { S: 'a' }] })).toBe(false);
    expect(valuesEqual({ M: { a: { N: '1' } } }, { M: { a: { N: '1' } } })).toBe(true);
    expect(valuesEqual({ S: '1' }, { N: '1' })).toBe(false);
  });
});

describe('AttributeValue validation messages', () => {
  it('uses DynamoDB messages for malformed values', () => {
    expect(validateAttributeValue({})).toBe(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
    expect(validateAttributeValue({ S: 'a', N: '1' })).toBe(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
    expect(validateAttributeValue({ SS: [] })).toBe(
      'One or more parameter values were invalid: An string set  may not be empty',
    );
    expect(validateAttributeValue({ NS: ['1', '01'] })).toBe('Input collection contains duplicates');
    expect(validateAttributeValue({ N: 'x1' })).toBe(
      'The parameter cannot be converted to a numeric value: x1',
    );
    expect(validateAttributeValue({ NULL: false })).toBe(
      'One or more parameter values were invalid: Null attribute value types must have the value of true',
    );
    expect(validateAttributeValue({ M: { a: { L: [{ N: '1E+200' }] } } })).toBe(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  });

  it('canonicalises numbers in place, nested ones too', () => {
    const value = { M: { a: { N: '007.10' }, b: { NS: ['1.0', '2e1'] } } };
    expect(validateAttributeValue(value)).toBeNull();
    expect(value).toEqual({ M: { a: { N: '7.1' }, b: { NS: ['1', '20'] } } });
  });
});
