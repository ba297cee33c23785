// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PoolBench from './PoolBench';

beforeEach(() => {
  // jsdom has no canvas: the component must cope (it draws nothing) rather than crash.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(cleanup);

const summary = () => screen.getByRole('status', { name: 'Pool summary' });

describe('PoolBench', { timeout: 30_000 }, () => {
  it('exposes its controls by role and name', () => {
    render(<PoolBench preset="littles-law" />);
    expect(screen.getByRole('combobox', { name: 'Preset' })).toHaveValue('littles-law');
    for (const name of ['Play', 'Pause', 'Step', 'Reset'])
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    const speed = screen.getByRole('slider', { name: 'Speed' });
    expect(speed).toHaveAttribute('aria-valuetext', '1× real time');
    expect(screen.getByRole('slider', { name: 'Timeline' })).toBeInTheDocument();
    expect(summary()).toHaveTextContent('t=0 s: 0 concurrent executions');
  });

  it('Step runs the simulation one second and the summary states the concurrency', async () => {
    const user = userEvent.setup();
    render(<PoolBench preset="littles-law" />);
    for (let i = 0; i < 5; i++) await user.click(screen.getByRole('button', { name: 'Step' }));
    expect(summary()).toHaveTextContent(
      /^t=5 s: (4[5-9]|5[0-5]) concurrent executions \(limit 1,000\) · 100 req\/s · 0 throttled\/s/,
    );
    expect(screen.getByTestId('littles-law')).toHaveTextContent(/^100 × 0\.\d+ = \d+$/);
    // Scrub back to the first second: a replay of the recorded history.
    const timeline = screen.getByRole('slider', { name: 'Timeline' });
    expect(timeline).toHaveAttribute('max', '4');
    fireEvent.change(timeline, { target: { value: '0' } });
    expect(summary()).toHaveTextContent(/^Replay at t=1 s: /);
  });

  it('switching preset rebuilds the run with that preset', async () => {
    const user = userEvent.setup();
    render(<PoolBench preset="littles-law" />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Preset' }), 'reserved-zero');
    await user.click(screen.getByRole('button', { name: 'Step' }));
    expect(summary()).toHaveTextContent(
      't=1 s: 0 concurrent executions (limit 0 of account 1,000) · 0 req/s · 50 throttled/s',
    );
  });

  it('bad settings get a specific error and the current run is kept', async () => {
    const user = userEvent.setup();
    render(<PoolBench preset="littles-law" />);
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await user.click(screen.getByText('Traffic, function and account settings'));
    const memory = screen.getByLabelText('Memory (MB)');
    await user.clear(memory);
    await user.type(memory, '64{Enter}');
    expect(screen.getByText('Memory (MB) must be between 128 and 10,240.')).toBeInTheDocument();
    expect(memory).toHaveAttribute('aria-invalid', 'true');
    // Reserved 950 of 1,000 would leave less than 100 unreserved: the service refuses with AWS's message.
    const reserved = screen.getByLabelText('Reserved concurrency');
    await user.type(reserved, '950{Enter}');
    expect(
      within(screen.getByRole('alert')).getByText(
        /UnreservedConcurrentExecution below its minimum value of \[100\]/,
      ),
    ).toBeInTheDocument();
    expect(summary()).toHaveTextContent(/^t=1 s: /);
  });
});
