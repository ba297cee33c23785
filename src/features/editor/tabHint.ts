/** The line under the editor that shows the way out of the Tab trap (Monaco keeps Tab for indenting). */
export function tabHint({ mac, tabMovesFocus }: { mac: boolean; tabMovesFocus: boolean }): string {
  const toggle = mac ? 'Ctrl+Shift+M' : 'Ctrl+M';
  return tabMovesFocus
    ? `Tab moves focus. Press ${toggle} to make Tab indent again.`
    : `Tab indents. To leave the editor, press Esc then Tab, or ${toggle} to make Tab move focus.`;
}
