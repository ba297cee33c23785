// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { analysePowerTuning, modelledDurationMs, type PowerSample } from '../../sim/powerTuning';
import { PowerTuning, type PowerTuningRun } from './PowerTuning';

afterEach(cleanup);

/** A CPU-bound handler of 20 ms at one vCPU plus a 5 ms wait, ten identical samples per size. */
function fakeRun(options: PowerTuningRun) {
  const samples = options.powerValues.map((m): [number, PowerSample[]] => {
    const ms = Math.ceil(modelledDurationMs(20, m, 5));
    return [
      m,
      Array.from({ length: options.invocationsPerValue }, () => ({
        durationMs: ms,
        billedMs: ms,
        coldStart: false,
      })),
    ];
  });
  options.onProgress(
    options.powerValues.length * options.invocationsPerValue,
    options.powerValues.length * options.invocationsPerValue,
  );
  return Promise.resolve(analysePowerTuning(samples));
}

describe('PowerTuning', () => {
  it('runs the chosen sizes, then shows the chart with focusable points and the same figures in a table', async () => {
    const user = userEvent.setup();
    const run = vi.fn(fakeRun);
    const onChoose = vi.fn();
    render(<PowerTuning run={run} currentMb={256} onChoose={onChoose} />);
    // Untick 3,008 MB: five sizes remain.
    await user.click(screen.getByRole('checkbox', { name: '3008 MB' }));
    await user.click(screen.getByRole('button', { name: 'Run power tuning' }));
    expect(run).toHaveBeenCalledWith(
      expect.objectContaining({ powerValues: [128, 256, 512, 1024, 1769], invocationsPerValue: 10 }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Power tuning finished.');
    const table = screen.getByRole('table', { name: 'Power tuning results' });
    expect(within(table).getAllByRole('row')).toHaveLength(6);
    // 128 MB: ceil(20 × 1769/128 + 5) = 282 ms; 282 × 0.125 GB-s/1000 × 0.0000166667 × 1e6 = $0.59 per million.
    expect(within(table).getByRole('row', { name: /128 MB 282 ms \$0\.59 cheapest/ })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /1769 MB 25\.0 ms .* fastest/ })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /256 MB .* your function/ })).toBeInTheDocument();
    // Keyboard: every point is in the tab order and named with its figures.
    const points = screen.getAllByRole('img', { name: /^\d+ MB: / });
    expect(points).toHaveLength(5);
    points[0]!.focus();
    expect(points[0]).toHaveAccessibleName('128 MB: 282 ms billed, $0.59 per million invocations, cheapest');
    await user.tab();
    expect(points[1]).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Use 128 MB' }));
    expect(onChoose).toHaveBeenCalledWith(128);
  });

  it('needs two sizes to compare', async () => {
    const user = userEvent.setup();
    render(<PowerTuning run={fakeRun} />);
    for (const m of [256, 512, 1024, 1769, 3008])
      await user.click(screen.getByRole('checkbox', { name: `${m} MB` }));
    expect(screen.getByRole('button', { name: 'Run power tuning' })).toBeDisabled();
    expect(screen.getByText('Pick at least two sizes to compare.')).toBeInTheDocument();
  });
});
