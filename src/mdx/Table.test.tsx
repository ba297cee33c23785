// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Table } from './Table';

afterEach(cleanup);

function twoColumns(a: string, b: string) {
  return (
    <Table>
      <thead>
        <tr>
          <th>{a}</th>
          <th>
            <code>{b}</code>
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>1</td>
          <td>2</td>
        </tr>
      </tbody>
    </Table>
  );
}

describe('Table', () => {
  it('names its scrollable region after the column headings, so two tables on a page differ', () => {
    render(
      <>
        {twoColumns('Item', 'Cost')}
        {twoColumns('Situation', 'Consider')}
      </>,
    );
    const regions = screen.getAllByRole('region');
    expect(regions.map((r) => r.getAttribute('aria-label'))).toEqual([
      'Table: Item, Cost',
      'Table: Situation, Consider',
    ]);
    expect(regions[0]).toHaveAttribute('tabindex', '0');
  });

  it('falls back to a plain name when the table has no header row', () => {
    render(
      <Table>
        <tbody>
          <tr>
            <td>only data</td>
          </tr>
        </tbody>
      </Table>,
    );
    expect(screen.getByRole('region', { name: 'Table' })).toBeInTheDocument();
  });
});
