// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import PoolBench from './PoolBench';

/** The bench's frame callbacks; tests run frames by hand ("PoolBench while playing"). */
const frames: Array<(now: number) => void> = [];
vi.mock('../../platform/animationFrame', () => ({
  startFrameLoop(onFrame: (now: number) => void) {
    frames.push(onFrame);
    return { stop: () => frames.splice(frames.indexOf(onFrame), 1) };
  },
}));

beforeEach(() => {
  // jsdom has no canvas: the component must cope (it draws nothing) rather than crash.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

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

/**
 * The bench driven frame by frame: the platform's frame loop is replaced (see the vi.mock above) and the
 * wall clock is `wall`, so a test decides how much real time each frame took.
 */
describe('PoolBench while playing', { timeout: 30_000 }, () => {
  let wall = 1_000_000;
  /** Extra wall time each performance.now() call costs: > 0 makes frames run out of budget. */
  let costPerCall = 0;
  beforeEach(() => {
    frames.length = 0;
    wall = 1_000_000;
    costPerCall = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (wall += costPerCall));
  });

  /** Runs `count` frames, `stepMs` of wall time apart. */
  function runFrames(count: number, stepMs = 100) {
    for (let i = 0; i < count; i++) {
      wall += stepMs;
      const now = wall;
      act(() => {
        for (const frame of [...frames]) frame(now);
      });
    }
  }

  const statusLine = () => screen.getByTestId('pool-status-line');
  const timelineTime = () =>
    /^t=([^ ]+(?: s)?)/.exec(
      screen.getByRole('slider', { name: 'Timeline' }).getAttribute('aria-valuetext') ?? '',
    )?.[1];
  const setSpeed = (index: number) =>
    fireEvent.change(screen.getByRole('slider', { name: 'Speed' }), { target: { value: String(index) } });

  it('the concurrency chart’s y-axis fits the data, not the 1,000 limit far above it', async () => {
    const user = userEvent.setup();
    render(<PoolBench preset="littles-law" />);
    for (let i = 0; i < 10; i++) await user.click(screen.getByRole('button', { name: 'Step' }));
    const chart = screen.getByRole('figure', { name: /^Concurrent executions/ });
    // About 50 concurrent (a little more while the first environments start): an axis topping at 100 or
    // 200, not at 1,000, where the curve would be a flat line along the bottom.
    expect(within(chart).getByTestId('chart-y-max')).toHaveTextContent(/^(100|200)$/);
    // The limit is still shown, as being above the chart.
    expect(within(chart).getByText(/limit for this function \(1,000, above the chart\)/)).toBeInTheDocument();
  });

  it('the status line keeps up with the clock while playing', () => {
    render(<PoolBench preset="littles-law" />);
    setSpeed(3); // 10×
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    const seen: Array<[string | undefined, string]> = [];
    for (let i = 0; i < 12; i++) {
      runFrames(3);
      seen.push([timelineTime(), statusLine().textContent ?? '']);
    }
    for (const [time, line] of seen) expect(line.startsWith(`t=${time}:`)).toBe(true);
    expect(seen.at(-1)![0]).not.toBe('1 s');
  });

  it('no “Press Play” while playing: not after Play, not after a setting that restarts the run', async () => {
    const user = userEvent.setup();
    render(<PoolBench preset="littles-law" />);
    expect(statusLine()).toHaveTextContent('Press Play');
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(statusLine()).not.toHaveTextContent('Press Play');
    expect(summary()).not.toHaveTextContent('Press Play');
    runFrames(15);
    await user.click(screen.getByText('Traffic, function and account settings'));
    const memory = screen.getByLabelText('Memory (MB)');
    await user.clear(memory);
    await user.type(memory, '1024{Enter}');
    expect(screen.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');
    expect(statusLine()).not.toHaveTextContent('Press Play');
    expect(summary()).not.toHaveTextContent('Press Play');
    runFrames(15);
    expect(statusLine()).toHaveTextContent(/^t=1 s: /);
  });

  it('a run ends at its preset’s length, and continued it keeps a readable window', () => {
    render(<PoolBench preset="littles-law" />); // 120 s worth watching
    setSpeed(8); // 600×: 60 simulated seconds per 100 ms frame
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    runFrames(5);
    expect(screen.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
    expect(statusLine()).toHaveTextContent(/^t=2:00: .*Run complete/);
    expect(summary()).toHaveTextContent(/^t=2:00: .*Run complete/);
    const chart = screen.getByRole('figure', { name: /^Concurrent executions/ });
    expect(within(chart).getByTestId('chart-x-range')).toHaveTextContent('1 s – 2:00');

    // Play goes on past the end; the charts then show the last 2 minutes, not the whole (squeezed) run.
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    runFrames(8, 250); // a UI refresh every frame; each frame still moves 60 simulated seconds
    expect(screen.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');
    expect(timelineTime()).toBe('10:00');
    expect(within(chart).getByTestId('chart-x-range')).toHaveTextContent('8:01 – 10:00');
  });

  it('speed does not leak between presets: the pace measured on one is not reported on the next', () => {
    render(<PoolBench preset="spike" />);
    setSpeed(8); // 600×, more than a frame's budget allows here
    costPerCall = 4;
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    runFrames(15);
    expect(screen.getByText(/runs at about \d+× for now/)).toBeInTheDocument();

    costPerCall = 0;
    fireEvent.change(screen.getByRole('combobox', { name: 'Preset' }), { target: { value: 'littles-law' } });
    expect(screen.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '1× real time');
    setSpeed(8);
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    runFrames(1); // less than the 2 minutes after which this preset's run pauses itself
    expect(screen.queryByText(/runs at about/)).toBeNull();
    expect(screen.getByText(/Speed: 600× real time\./)).toBeInTheDocument();
  });
});
