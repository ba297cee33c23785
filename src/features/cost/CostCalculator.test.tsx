// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CostCalculator from './CostCalculator';

afterEach(cleanup);

describe('CostCalculator', () => {
  it('starts with the worked example and states the total in a live region', () => {
    render(<CostCalculator />);
    expect(screen.getByRole('region', { name: 'Cost calculator' })).toBeInTheDocument();
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveTextContent(
      'Estimated month on x86: $3.60. The same month on Arm (Graviton): $3.00.',
    );
    const table = screen.getByRole('table', { name: /Breakdown on x86: 180,000 GB-seconds/ });
    expect(within(table).getByRole('row', { name: /Total \$3\.60/ })).toBeInTheDocument();
  });

  it('recomputes as the learner types and switches architecture with the keyboard', async () => {
    const user = userEvent.setup();
    render(<CostCalculator />);
    const memory = screen.getByRole('textbox', { name: 'Memory (MB)' });
    await user.clear(memory);
    await user.type(memory, '1024');
    // 3M × 0.12 s × 1 GB = 360,000 GB-s × 0.0000166667 = 6.00 + 0.60
    expect(screen.getByRole('status')).toHaveTextContent('Estimated month on x86: $6.60.');
    const arm = screen.getByRole('radio', { name: 'Arm (Graviton)' });
    await user.click(screen.getByRole('radio', { name: 'x86' }));
    await user.keyboard('{ArrowDown}');
    expect(arm).toBeChecked();
    expect(screen.getByRole('status')).toHaveTextContent('Estimated month on Arm (Graviton): $5.40.');
  });

  it('shows provisioned concurrency as its own lines', async () => {
    const user = userEvent.setup();
    render(<CostCalculator />);
    const environments = screen.getByRole('textbox', { name: /Provisioned concurrency/ });
    await user.clear(environments);
    await user.type(environments, '2');
    expect(screen.getByRole('row', { name: /Provisioned concurrency kept warm/ })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Duration on provisioned environments/ })).toBeInTheDocument();
  });

  it('marks an invalid field, describes the problem and withholds the estimate', async () => {
    const user = userEvent.setup();
    render(<CostCalculator />);
    const memory = screen.getByRole('textbox', { name: 'Memory (MB)' });
    await user.clear(memory);
    await user.type(memory, '64');
    expect(memory).toHaveAttribute('aria-invalid', 'true');
    expect(memory).toHaveAccessibleDescription('Enter a memory size from 128 to 10,240 MB (a whole number).');
    expect(screen.getByRole('status')).toHaveTextContent('Correct the marked fields to see an estimate.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('names a tier by its bounds, decimals kept', async () => {
    const user = userEvent.setup();
    render(<CostCalculator />);
    await user.click(screen.getByRole('radio', { name: 'Arm (Graviton)' }));
    const other = screen.getByRole('textbox', { name: /Other on-demand usage/ });
    await user.clear(other);
    await user.type(other, '7,500,000,000');
    // 180,000 GB-s at the second Arm rate, $0.0000120001: $2.16.
    expect(
      screen.getByRole('row', {
        name: /On-demand duration, 7\.5 billion to 18\.75 billion GB-s: 180,000 GB-s .*\$2\.16/,
      }),
    ).toBeInTheDocument();
  });
});
