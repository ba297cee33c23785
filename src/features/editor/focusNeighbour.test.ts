// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { EscapeThenTab, focusNeighbour } from './focusNeighbour';
import { tabHint } from './tabHint';

afterEach(() => {
  document.body.innerHTML = '';
});

function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.getElementById('editor')!;
}

describe('focusNeighbour', () => {
  it('moves to the next tabbable element after the editor, skipping hidden, disabled and untabbable ones', () => {
    const editor = page(`
      <button id="before">before</button>
      <div id="editor"><textarea id="inside"></textarea></div>
      <button id="disabled" disabled>x</button>
      <div hidden><button id="hidden">x</button></div>
      <span tabindex="-1" id="programmatic">x</span>
      <a id="next" href="#x">next</a>`);
    document.getElementById('inside')!.focus();
    expect(focusNeighbour(editor, 'next')?.id).toBe('next');
    expect(document.activeElement?.id).toBe('next');
  });

  it('moves to the last tabbable element before the editor with Shift+Tab', () => {
    const editor = page(`
      <button id="first">first</button><button id="before">before</button>
      <div id="editor"><textarea id="inside"></textarea><button id="inner">in</button></div>
      <button id="after">after</button>`);
    document.getElementById('inside')!.focus();
    expect(focusNeighbour(editor, 'previous')?.id).toBe('before');
  });

  it('releases focus when nothing follows the editor', () => {
    const editor = page(`<div id="editor"><textarea id="inside"></textarea></div>`);
    document.getElementById('inside')!.focus();
    expect(focusNeighbour(editor, 'next')).toBeNull();
    expect(document.activeElement).toBe(document.body);
  });
});

describe('EscapeThenTab', () => {
  const key = (k: string, modifiers: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({
    key: k,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    ...modifiers,
  });

  it('lets Tab leave only right after a plain Escape', () => {
    const keys = new EscapeThenTab();
    expect(keys.shouldLeave(key('Tab'))).toBe(false);
    expect(keys.shouldLeave(key('Escape'))).toBe(false);
    expect(keys.shouldLeave(key('Tab'))).toBe(true);
    // Once out, a later Tab indents again.
    expect(keys.shouldLeave(key('Tab'))).toBe(false);
  });

  it('keeps the Escape across Shift (for Shift+Tab) but not across other keys', () => {
    const keys = new EscapeThenTab();
    keys.shouldLeave(key('Escape'));
    expect(keys.shouldLeave(key('Shift'))).toBe(false);
    expect(keys.shouldLeave(key('Tab'))).toBe(true);
    keys.shouldLeave(key('Escape'));
    keys.shouldLeave(key('a'));
    expect(keys.shouldLeave(key('Tab'))).toBe(false);
    keys.shouldLeave(key('Escape', { ctrlKey: true }));
    expect(keys.shouldLeave(key('Tab'))).toBe(false);
  });
});

describe('tabHint', () => {
  it('names both ways out, with the Mac chord on a Mac', () => {
    expect(tabHint({ mac: false, tabMovesFocus: false })).toBe(
      'Tab indents. To leave the editor, press Esc then Tab, or Ctrl+M to make Tab move focus.',
    );
    expect(tabHint({ mac: true, tabMovesFocus: false })).toContain('Ctrl+Shift+M');
    expect(tabHint({ mac: false, tabMovesFocus: true })).toBe(
      'Tab moves focus. Press Ctrl+M to make Tab indent again.',
    );
  });
});
