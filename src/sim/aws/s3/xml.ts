/**
 * The little XML S3 needs: reading the request documents the SDK sends (CreateBucketConfiguration, Delete,
 * NotificationConfiguration) and writing response documents. A full XML parser would be overkill and none is
 * installed; this one accepts elements, attributes (ignored), text, CDATA, comments, the prolog and the five
 * predefined entities plus character references — everything S3's own request schemas use.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const named = ENTITIES[body];
    if (named === undefined) throw new XmlSyntaxError(`Unknown entity ${whole}`);
    return named;
  });
}

/** Local name without a namespace prefix (`s3:Key` → `Key`). */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

export function parseXml(source: string): XmlElement {
  let at = 0;
  const length = source.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  function skipMisc(): void {
    for (;;) {
      while (at < length && /\s/.test(source[at]!)) at++;
      if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) throw new XmlSyntaxError('Unterminated processing instruction');
        at = end + 2;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) throw new XmlSyntaxError('Unterminated comment');
        at = end + 3;
      } else return;
    }
  }

  skipMisc();
  while (at < length) {
    if (source[at] === '<') {
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) throw new XmlSyntaxError('Unterminated comment');
        at = end + 3;
        continue;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0 || stack.length === 0) throw new XmlSyntaxError('Misplaced CDATA section');
        stack[stack.length - 1]!.text += source.slice(at + 9, end);
        at = end + 3;
        continue;
      }
      const close = source.indexOf('>', at);
      if (close < 0) throw new XmlSyntaxError('Unterminated tag');
      const tag = source.slice(at + 1, close);
      at = close + 1;
      if (tag.startsWith('/')) {
        const name = localName(tag.slice(1).trim());
        const open = stack.pop();
        if (!open || open.name !== name) throw new XmlSyntaxError(`Unexpected closing tag </${name}>`);
        if (stack.length === 0) {
          root = open;
          skipMisc();
          if (at < length) throw new XmlSyntaxError('Content after the root element');
        }
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const match = /^([A-Za-z_][\w.:-]*)/.exec(body);
      if (!match) throw new XmlSyntaxError(`Malformed tag <${tag}>`);
      const element: XmlElement = { name: localName(match[1]!), children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else if (root) throw new XmlSyntaxError('More than one root element');
      if (selfClosing) {
        if (stack.length === 0) {
          root = element;
          skipMisc();
          if (at < length) throw new XmlSyntaxError('Content after the root element');
        }
      } else stack.push(element);
    } else {
      const next = source.indexOf('<', at);
      const end = next < 0 ? length : next;
      const raw = source.slice(at, end);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new XmlSyntaxError('Text outside the root element');
      } else stack[stack.length - 1]!.text += decodeEntities(raw);
      at = end;
    }
  }
  if (stack.length > 0 || !root) throw new XmlSyntaxError('Unterminated document');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function childText(element: XmlElement, name: string): string | undefined {
  const found = child(element, name);
  return found ? found.text : undefined;
}

const NEEDS_ESCAPE = /[&<>"']/;

export function escapeXml(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** A value tree for writing: strings/numbers/booleans become text, arrays repeat the element (S3 lists are flat). */
export type XmlValue = string | number | boolean | undefined | null | XmlNode | XmlValue[];
export interface XmlNode {
  [name: string]: XmlValue;
}

function writeValue(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) writeValue(name, item, out);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [key, inner] of Object.entries(value)) writeValue(key, inner, out);
    out.push(`</${name}>`);
    return;
  }
  const textValue = String(value);
  out.push(textValue === '' ? `<${name}/>` : `<${name}>${escapeXml(textValue)}</${name}>`);
}

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** `<?xml …?><Root xmlns="…">…</Root>` */
export function xmlDocument(rootName: string, body: XmlNode, namespace: string | null = S3_XMLNS): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  out.push(namespace ? `<${rootName} xmlns="${namespace}">` : `<${rootName}>`);
  for (const [key, value] of Object.entries(body)) writeValue(key, value, out);
  out.push(`</${rootName}>`);
  return out.join('');
}
