/**
 * The editor's way out of the Tab trap: Escape, then Tab (Shift+Tab) moves focus to the next (previous)
 * focusable element outside the editor, as CodeMirror does. Monaco's own way, Ctrl+M, switches a mode instead.
 */

const FOCUSABLE =
  'a[href], area[href], button, input, select, textarea, summary, iframe, [contenteditable="true"], [tabindex]';

function isTabbable(element: HTMLElement): boolean {
  if (element.tabIndex < 0) return false;
  if ((element as HTMLButtonElement).disabled) return false;
  if (element.closest('[hidden], [inert], [aria-hidden="true"]')) return false;
  // checkVisibility: display:none or visibility:hidden on the element or an ancestor (jsdom lacks it).
  const visible = (element as { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  return visible ? visible.call(element, { visibilityProperty: true }) : true;
}

/** Focuses the first tabbable element after (or the last before) `container` in document order. */
export function focusNeighbour(container: HTMLElement, direction: 'next' | 'previous'): HTMLElement | null {
  const document = container.ownerDocument;
  const candidates = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !container.contains(element) && isTabbable(element),
  );
  const follows = (element: HTMLElement) =>
    Boolean(container.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
  const target =
    direction === 'next'
      ? candidates.find(follows)
      : [...candidates].reverse().find((element) => !follows(element));
  if (!target) {
    // Nothing beyond the editor: leave focus on the page itself rather than keep it trapped.
    (document.activeElement as HTMLElement | null)?.blur();
    return null;
  }
  target.focus();
  return target;
}

/** Remembers whether the key before this one was a plain Escape. */
export class EscapeThenTab {
  private escaped = false;

  /** Feed every keydown; true when this one is the Tab that should leave the editor. */
  shouldLeave(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): boolean {
    const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === 'Escape') {
      this.escaped = plain;
      return false;
    }
    if (event.key === 'Shift') return false; // Shift is held down on the way to Shift+Tab
    const leave = this.escaped && plain && event.key === 'Tab';
    this.escaped = false;
    return leave;
  }
}
