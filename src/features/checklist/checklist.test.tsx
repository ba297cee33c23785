// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Checklist from './Checklist';
import { useChecklistStore } from './checklist.store';
import { appStorageKey } from '../../platform/storage';
import type { ChecklistGroup } from './checklistSpec';

const groups: ChecklistGroup[] = [
  {
    title: 'Reliability',
    items: [
      { id: 'timeouts', text: 'Timeout set from measured p99' },
      { id: 'dlq', text: 'Failure destination configured' },
    ],
  },
  { title: 'Security', items: [{ id: 'least-privilege', text: 'Execution role has least privilege' }] },
];

beforeEach(() => {
  localStorage.clear();
  useChecklistStore.setState({ lists: {} });
});
afterEach(cleanup);

describe('Checklist', () => {
  it('groups native checkboxes in named fieldsets and counts progress', async () => {
    const user = userEvent.setup();
    render(<Checklist id="production" groups={groups} />);
    expect(screen.getByText('0 of 3 done')).toBeInTheDocument();
    const reliability = screen.getByRole('group', { name: /Reliability/ });
    expect(within(reliability).getAllByRole('checkbox')).toHaveLength(2);

    await user.tab();
    expect(screen.getByRole('checkbox', { name: 'Timeout set from measured p99' })).toHaveFocus();
    await user.keyboard(' ');
    await user.tab();
    await user.tab();
    await user.keyboard(' ');
    expect(screen.getByText('2 of 3 done')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Reliability (1 of 2)' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Security (1 of 1)' })).toBeInTheDocument();
    expect(useChecklistStore.getState().lists.production?.ticked).toEqual(['timeouts', 'least-privilege']);
    expect(localStorage.getItem(appStorageKey('coldstart:checklist'))).toContain('least-privilege');
  });

  it('shows saved ticks when rendered again', () => {
    useChecklistStore.getState().tick('production', 'dlq', true);
    render(<Checklist id="production" groups={groups} />);
    expect(screen.getByRole('checkbox', { name: 'Failure destination configured' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Timeout set from measured p99' })).not.toBeChecked();
    expect(screen.getByText('1 of 3 done')).toBeInTheDocument();
  });

  it('keeps lists with different ids apart', () => {
    useChecklistStore.getState().tick('other', 'dlq', true);
    render(<Checklist id="production" groups={groups} />);
    expect(screen.getByText('0 of 3 done')).toBeInTheDocument();
  });

  it('Clear all asks first; Cancel keeps the ticks, Yes clears them', async () => {
    const user = userEvent.setup();
    useChecklistStore.getState().tick('production', 'dlq', true);
    useChecklistStore.getState().tick('production', 'timeouts', true);
    render(<Checklist id="production" groups={groups} />);

    await user.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(screen.getByText('Clear all 2 ticks? This cannot be undone.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByText('2 of 3 done')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clear all' })).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Clear all' })).toHaveFocus();
    expect(screen.getByText('2 of 3 done')).toBeInTheDocument();

    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Yes, clear all' }));
    expect(screen.getByText('0 of 3 done')).toBeInTheDocument();
    expect(screen.getAllByRole('checkbox').every((c) => !(c as HTMLInputElement).checked)).toBe(true);
    expect(screen.getByRole('checkbox', { name: 'Timeout set from measured p99' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Clear all' })).toBeDisabled();
  });

  it('shows a specific error instead of crashing on bad props', () => {
    render(
      <Checklist
        id="x"
        groups={[
          { title: 'A', items: [{ id: 'a', text: 'one' }] },
          { title: '', items: [{ id: 'a', text: 'two' }] },
        ]}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('groups[1].title: required non-empty string');
    expect(alert).toHaveTextContent("groups[1].items[0].id: duplicate item id 'a'");
  });
});
