import { describe, expect, it } from 'vitest';
import { addDecimals, canonicalNumber, compareNumberTexts, formatDecimal, parseDecimal } from './numbers';

function sum(a: string, b: string, subtract = false): string {
  return formatDecimal(addDecimals(parseDecimal(a)!, parseDecimal(b)!, subtract));
}

describe('DynamoDB numbers (38 significant digits, exact)', () => {
  it('canonicalises number text the way DynamoDB answers it', () => {
    expect(canonicalNumber('01.50')).toEqual({ ok: true, text: '1.5' });
    expect(canonicalNumber('1e3')).toEqual({ ok: true, text: '1000' });
    expect(canonicalNumber('-0.000')).toEqual({ ok: true, text: '0' });
    expect(canonicalNumber('+.25E-2')).toEqual({ ok: true, text: '0.0025' });
    expect(canonicalNumber('123456789012345678901234567890.12345678')).toEqual({
      ok: true,
      text: '123456789012345678901234567890.12345678',
    });
  });

  it('rejects text that is not a number, and numbers outside DynamoDB limits ("Supported data types": Number)', () => {
    expect(canonicalNumber('abc')).toEqual({ ok: false, problem: 'syntax' });
    expect(canonicalNumber('')).toEqual({ ok: false, problem: 'syntax' });
    expect(canonicalNumber('1.2.3')).toEqual({ ok: false, problem: 'syntax' });
    // 39 significant digits
    expect(canonicalNumber('123456789012345678901234567890123456789')).toEqual({
      ok: false,
      problem: 'precision',
    });
    // largest and smallest magnitudes allowed, and just past them
    expect(canonicalNumber('9.9999999999999999999999999999999999999E+125').ok).toBe(true);
    expect(canonicalNumber('1E+126')).toEqual({ ok: false, problem: 'overflow' });
    expect(canonicalNumber('1E-130').ok).toBe(true);
    expect(canonicalNumber('9E-131')).toEqual({ ok: false, problem: 'underflow' });
    expect(canonicalNumber('-1E+126')).toEqual({ ok: false, problem: 'overflow' });
  });

  it('compares exactly where doubles cannot', () => {
    expect(
      compareNumberTexts('12345678901234567890123456789012345678', '12345678901234567890123456789012345679'),
    ).toBe(-1);
    expect(compareNumberTexts('0.1', '0.10')).toBe(0);
    expect(compareNumberTexts('-2', '-10')).toBe(1);
    expect(compareNumberTexts('-0.5', '0')).toBe(-1);
    expect(compareNumberTexts('100', '99.999')).toBe(1);
    expect(compareNumberTexts('1E-5', '0.00001')).toBe(0);
  });

  it('adds and subtracts exactly', () => {
    expect(sum('0.1', '0.2')).toBe('0.3');
    expect(sum('99999999999999999999999999999999999999', '1')).toBe(
      '100000000000000000000000000000000000000',
    );
    expect(sum('5', '7.25', true)).toBe('-2.25');
    expect(sum('1.5', '-1.5')).toBe('0');
    expect(sum('12345678901234567890.5', '0.5')).toBe('12345678901234567891');
  });
});
