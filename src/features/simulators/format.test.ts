import { describe, expect, it } from 'vitest';
import { formatOffset } from './format';

describe('formatOffset', () => {
  it('reads seconds under a minute, minutes and seconds above', () => {
    expect(formatOffset(412)).toBe('0.4 s');
    expect(formatOffset(60_412)).toBe('1 min 0.4 s');
    expect(formatOffset(180_000)).toBe('3 min');
    expect(formatOffset(-5)).toBe('0.0 s');
    expect(formatOffset(119_999.99999999999)).toBe('2 min');
    expect(formatOffset(59_970)).toBe('1 min');
  });
});
