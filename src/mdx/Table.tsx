import { Children, isValidElement, type ComponentProps, type ReactNode } from 'react';

/** The plain text of a React subtree (the header cells of an MDX table). */
function textContent(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textContent).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textContent(node.props.children);
  return '';
}

/** The texts of the header row: the first row that holds `th` cells. */
export function tableHeaders(children: ReactNode): string[] {
  let found: string[] | null = null;
  function visit(node: ReactNode) {
    Children.forEach(node, (child) => {
      if (found || !isValidElement<{ children?: ReactNode }>(child)) return;
      const cells = Children.toArray(child.props.children).filter(
        (cell) => isValidElement(cell) && (cell.type === 'th' || (cell.props as { scope?: string }).scope),
      );
      if (child.type === 'tr' && cells.length > 0) {
        found = cells.map((cell) => textContent(cell).trim()).filter(Boolean);
        return;
      }
      visit(child.props.children);
    });
  }
  visit(children);
  return found ?? [];
}

/**
 * Wide tables scroll sideways on small screens, so the wrapper is a focusable region a keyboard can
 * scroll. Its name comes from the table's column headings: a page with several tables then has
 * several distinct regions, as landmarks must (axe: landmark-unique).
 */
export function Table(props: ComponentProps<'table'>) {
  const headers = tableHeaders(props.children);
  const name = headers.length ? `Table: ${headers.join(', ')}` : 'Table';
  return (
    <div className="table-wrap" role="region" aria-label={name} tabIndex={0}>
      <table {...props} />
    </div>
  );
}
