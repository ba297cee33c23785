/**
 * DynamoDB's Number type: decimal, up to 38 significant digits, magnitude from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125 ("Supported data types" in the DynamoDB developer guide).
 * Numbers travel as strings and never pass through a JS double: comparisons and arithmetic here are exact.
 *
 * A parsed number is `0.<digits> × 10^exponent` with `digits` free of leading and trailing zeros, so two
 * numbers compare by sign, then exponent, then digit string. Zero has empty digits.
 */

export interface Decimal {
  readonly negative: boolean;
  /** Significant digits, no leading or trailing zeros; '' for zero. */
  readonly digits: string;
  /** Value is 0.digits × 10^exponent (0 for zero). */
  readonly exponent: number;
}

export const MAX_SIGNIFICANT_DIGITS = 38;
/** 0.d × 10^126 ≥ 1E+125 · 10 — anything with exponent above 126 is at least 1E+126. */
const MAX_EXPONENT = 126;
/** 0.d × 10^-129 ≥ 1E-130; an exponent of -130 or below is smaller than 1E-130. */
const MIN_EXPONENT = -129;

const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export type NumberProblem = 'syntax' | 'overflow' | 'underflow' | 'precision';

/** DynamoDB's message for each problem, as ValidationException carries it. */
export function numberProblemMessage(problem: NumberProblem, text: string): string {
  switch (problem) {
    case 'syntax':
      return text === ''
        ? 'The parameter cannot be converted to a numeric value'
        : `The parameter cannot be converted to a numeric value: ${text}`;
    case 'overflow':
      return 'Number overflow. Attempting to store a number with magnitude larger than supported range';
    case 'underflow':
      return 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
    case 'precision':
      return 'Attempting to store more than 38 significant digits in a Number';
  }
}

/** Parses without range checks; null when the text is not a number at all. */
export function parseDecimal(text: string): Decimal | null {
  const match = NUMBER_SYNTAX.exec(text);
  if (!match) return null;
  const integerPart = match[2] ?? '';
  const fractionPart = match[3] ?? '';
  if (integerPart === '' && fractionPart === '') return null;
  const exponentText = match[4];
  const exponentShift = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponentShift)) return null;
  const all = integerPart + fractionPart;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  if (start === all.length) return ZERO;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end--;
  // The first significant digit sits at position `start` of integerPart+fractionPart; the decimal point after
  // integerPart.length digits, so 0.<digits> needs exponent integerPart.length - start (+ the e-notation).
  return {
    negative: match[1] === '-',
    digits: all.slice(start, end),
    exponent: integerPart.length - start + exponentShift,
  };
}

const ZERO: Decimal = { negative: false, digits: '', exponent: 0 };

export function checkDecimal(value: Decimal): NumberProblem | null {
  if (value.digits === '') return null;
  if (value.exponent > MAX_EXPONENT) return 'overflow';
  if (value.exponent < MIN_EXPONENT) return 'underflow';
  if (value.digits.length > MAX_SIGNIFICANT_DIGITS) return 'precision';
  return null;
}

/** The canonical text DynamoDB answers with: plain notation, no exponent, no redundant zeros ("1.50" → "1.5"). */
export function formatDecimal(value: Decimal): string {
  const { digits, exponent } = value;
  if (digits === '') return '0';
  let body: string;
  if (exponent <= 0) body = '0.' + '0'.repeat(-exponent) + digits;
  else if (exponent >= digits.length) body = digits + '0'.repeat(exponent - digits.length);
  else body = digits.slice(0, exponent) + '.' + digits.slice(exponent);
  return value.negative ? '-' + body : body;
}

/** Parses, checks DynamoDB's limits and returns the canonical text, or the problem. */
export function canonicalNumber(
  text: string,
): { ok: true; text: string } | { ok: false; problem: NumberProblem } {
  const parsed = parseDecimal(text);
  if (!parsed) return { ok: false, problem: 'syntax' };
  const problem = checkDecimal(parsed);
  if (problem) return { ok: false, problem };
  return { ok: true, text: formatDecimal(parsed) };
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const aZero = a.digits === '';
  const bZero = b.digits === '';
  if (aZero || bZero) {
    if (aZero && bZero) return 0;
    if (aZero) return b.negative ? 1 : -1;
    return a.negative ? -1 : 1;
  }
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.exponent !== b.exponent) return a.exponent < b.exponent ? -sign : sign;
  // Same magnitude: compare digit strings as if padded with zeros to the same length.
  const length = Math.max(a.digits.length, b.digits.length);
  for (let i = 0; i < length; i++) {
    const x = i < a.digits.length ? a.digits.charCodeAt(i) : 48;
    const y = i < b.digits.length ? b.digits.charCodeAt(i) : 48;
    if (x !== y) return x < y ? -sign : sign;
  }
  return 0;
}

/** Compares two number texts exactly (both assumed valid). */
export function compareNumberTexts(a: string, b: string): number {
  if (a === b) return 0;
  return compareDecimals(parseDecimal(a) ?? ZERO, parseDecimal(b) ?? ZERO);
}

/** value = coefficient × 10^scale */
function toScaled(value: Decimal): { coefficient: bigint; scale: number } {
  if (value.digits === '') return { coefficient: 0n, scale: 0 };
  const coefficient = BigInt(value.digits);
  return {
    coefficient: value.negative ? -coefficient : coefficient,
    scale: value.exponent - value.digits.length,
  };
}

function fromScaled(coefficient: bigint, scale: number): Decimal {
  if (coefficient === 0n) return ZERO;
  const negative = coefficient < 0n;
  const text = (negative ? -coefficient : coefficient).toString();
  let end = text.length;
  while (end > 1 && text.charCodeAt(end - 1) === 48) end--;
  return { negative, digits: text.slice(0, end), exponent: scale + text.length };
}

/** Exact a + b (or a - b), as SET x = x + :v and ADD compute them; the result may break the limits (caller checks). */
export function addDecimals(a: Decimal, b: Decimal, subtract = false): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.min(x.scale, y.scale);
  const left = x.coefficient * 10n ** BigInt(x.scale - scale);
  let right = y.coefficient * 10n ** BigInt(y.scale - scale);
  if (subtract) right = -right;
  return fromScaled(left + right, scale);
}

/** Number of significant digits (for item sizes: "1 byte per two significant digits" plus 1). */
export function significantDigits(text: string): number {
  return parseDecimal(text)?.digits.length ?? 0;
}
