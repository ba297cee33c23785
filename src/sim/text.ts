/**
 * Text sizes the services count in bytes (SQS message size, CloudWatch Logs event size, Lambda payloads, the
 * bytes of a DynamoDB answer): what TextEncoder writes, counted without encoding. A surrogate pair is one 4-byte
 * character, a lone surrogate U+FFFD's 3 bytes. (DynamoDB's own item-size rule differs for lone surrogates; it
 * lives in src/sim/aws/dynamodb/values.ts.)
 */
const NOT_PLAIN_ASCII = /[^\t\n\r\u0020-\u007e]/;

export function utf8Length(text: string): number {
  if (!NOT_PLAIN_ASCII.test(text)) return text.length;
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        index++;
      } else length += 3;
    } else length += 3;
  }
  return length;
}
