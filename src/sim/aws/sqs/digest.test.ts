import { describe, expect, it } from 'vitest';
import { md5OfAttributes, messageSize, utf8Length } from './digest';

const encoder = new TextEncoder();

describe('SQS digests', () => {
  it('computes MD5OfMessageAttributes as SQS documents it (sorted names, lengths, transport bytes)', () => {
    // Published reference values for SQS's attribute digest.
    expect(md5OfAttributes({ attribName1: { DataType: 'String', StringValue: 'attribValue 1' } })).toBe(
      '19e27d4e946b072f3f58da80d94fd778',
    );
    expect(
      md5OfAttributes({
        binaryAttribute: { DataType: 'Binary', BinaryValue: encoder.encode('Hello binary world!') },
      }),
    ).toBe('31a92b15d92f8db860eda32aceb656c3');
    const one = md5OfAttributes({
      a: { DataType: 'String', StringValue: '1' },
      b: { DataType: 'Number', StringValue: '2' },
    });
    const swapped = md5OfAttributes({
      b: { DataType: 'Number', StringValue: '2' },
      a: { DataType: 'String', StringValue: '1' },
    });
    expect(one).toBe(swapped);
    expect(md5OfAttributes({})).toBeUndefined();
  });

  it('counts message size in UTF-8 bytes of body, names, types and values', () => {
    for (const text of ['', 'ascii', 'héllo', '✓ check', '😀 emoji', 'mixed é ✓ 😀']) {
      expect(utf8Length(text)).toBe(encoder.encode(text).byteLength);
    }
    expect(
      messageSize('héllo', {
        n: { DataType: 'Number', StringValue: '12' },
        b: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2, 3) },
      }),
    ).toBe(6 + (1 + 6 + 2) + (1 + 6 + 3));
  });
});
