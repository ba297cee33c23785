import { describe, expect, it } from 'vitest';
import { childText, childrenNamed, parseXml, xmlDocument, XmlSyntaxError } from './xml';

describe('xml', () => {
  it('reads the Delete document the SDK sends, entities and namespace included', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object><Object><Key>b&amp;c &#x263A;</Key></Object><Quiet>false</Quiet></Delete>',
    );
    expect(root.name).toBe('Delete');
    expect(childrenNamed(root, 'Object').map((o) => childText(o, 'Key'))).toEqual(['a', 'b&c ☺']);
    expect(childText(root, 'Quiet')).toBe('false');
  });

  it('accepts self-closing elements, comments and CDATA', () => {
    const root = parseXml('<A><!-- x --><B/><C><![CDATA[<raw>]]></C></A>');
    expect(root.children.map((c) => c.name)).toEqual(['B', 'C']);
    expect(childText(root, 'C')).toBe('<raw>');
  });

  it('rejects documents that are not well formed', () => {
    for (const bad of ['<A><B></A>', '<A>', 'text', '<A></A><B/>', '<A>&nope;</A>', ''])
      expect(() => parseXml(bad), bad).toThrow(XmlSyntaxError);
  });

  it('writes flat lists and escapes text', () => {
    expect(xmlDocument('R', { Item: ['a<b', 'c'], Empty: '', Skip: undefined }, null)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R><Item>a&lt;b</Item><Item>c</Item><Empty/></R>',
    );
  });
});
