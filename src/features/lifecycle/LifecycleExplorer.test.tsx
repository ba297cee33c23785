// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import LifecycleExplorer from './LifecycleExplorer';

describe('LifecycleExplorer', { timeout: 20_000 }, () => {
  // Reduced motion: every action settles at once, so the test needs no timers.
  beforeEach(() => {
    document.documentElement.dataset.reducedMotion = 'true';
  });
  afterEach(() => {
    cleanup();
    delete document.documentElement.dataset.reducedMotion;
  });

  it('first invoke logs a REPORT with Init Duration, the second one without', async () => {
    const user = userEvent.setup();
    render(<LifecycleExplorer />);
    const logs = screen.getByRole('log', { name: 'Logs' });
    await user.click(screen.getByRole('button', { name: 'Invoke' }));
    const reports = () => within(logs).queryAllByText(/^REPORT RequestId:/);
    expect(reports()).toHaveLength(1);
    expect(reports()[0]!.textContent).toMatch(/\tInit Duration: \d+\.\d\d ms$/);
    await user.click(screen.getByRole('button', { name: 'Invoke' }));
    expect(reports()).toHaveLength(2);
    expect(reports()[1]!.textContent).not.toContain('Init Duration');
    expect(screen.getByText(/Environment 1 is frozen/)).toBeInTheDocument();
  });

  it('inject timeout prints the timeout line; inject crash prints Runtime.ExitError', async () => {
    const user = userEvent.setup();
    render(<LifecycleExplorer />);
    await user.click(screen.getByRole('button', { name: 'Inject timeout' }));
    const logs = screen.getByRole('log', { name: 'Logs' });
    expect(logs.textContent).toMatch(/Task timed out after 3\.00 seconds/);
    await user.click(screen.getByRole('button', { name: 'Inject crash' }));
    expect(logs.textContent).toContain('Runtime.ExitError');
  });

  it('draws the statechart from the machine and highlights the current state', async () => {
    const user = userEvent.setup();
    const { container } = render(<LifecycleExplorer />);
    const chart = screen.getByRole('img', { name: /No execution environment yet/ });
    const leafLabels = [...chart.querySelectorAll('.lc-leaf text')].map((t) => t.textContent);
    expect(leafLabels).toEqual(
      expect.arrayContaining([
        'created',
        'starting',
        'extensions',
        'runtime',
        'function',
        'running',
        'frozen',
        'shutdown',
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Invoke' }));
    const active = container.querySelector('.lc-leaf.is-active text');
    expect(active?.textContent).toBe('frozen');
  });

  it('keyboard: the provisioned switch toggles with Space and creates a warm environment', async () => {
    const user = userEvent.setup();
    render(<LifecycleExplorer />);
    const sw = screen.getByRole('switch', { name: 'Provisioned concurrency' });
    sw.focus();
    await user.keyboard(' ');
    expect(sw).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByText(/Environment 1 \(provisioned\) is frozen/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Invoke' }));
    const report = within(screen.getByRole('log', { name: 'Logs' })).getByText(/^REPORT/);
    expect(report.textContent).not.toContain('Init Duration');
  });

  it('memory control changes the modelled duration; let it idle shuts the environment down', async () => {
    const user = userEvent.setup();
    render(<LifecycleExplorer />);
    await user.selectOptions(screen.getByLabelText('Memory (MB)'), '128');
    await user.click(screen.getByRole('button', { name: 'Invoke' }));
    await user.click(screen.getByRole('button', { name: 'Let it idle' }));
    expect(screen.getByText(/Environment 1 is shut down/)).toBeInTheDocument();
    expect(screen.getByText(/Memory Size: 128 MB/)).toBeInTheDocument();
  });

  it('under reduced motion says why Speed and Pause are off; step mode walks the phases one at a time', async () => {
    const user = userEvent.setup();
    render(<LifecycleExplorer />);
    expect(
      screen.getByText(/Speed and Pause are off because your system asks for reduced motion/),
    ).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Speed' })).toBeDisabled();
    // The disabled controls carry the reason, for screen readers that land on them.
    expect(screen.getByRole('combobox', { name: 'Speed' })).toHaveAccessibleDescription(
      /because your system asks for reduced motion/,
    );
    expect(screen.getByRole('button', { name: 'Pause' })).toHaveAccessibleDescription(
      /because your system asks for reduced motion/,
    );
    await user.click(screen.getByRole('button', { name: 'Step mode' }));
    expect(screen.getByRole('button', { name: 'Step mode' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Invoke' }));
    // Nothing settled by itself: the first environment is still starting.
    expect(screen.getByText(/Environment 1 is starting/)).toBeInTheDocument();
    const next = screen.getByRole('button', { name: 'Next step' });
    await user.click(next);
    expect(screen.getByText(/Environment 1 is initialising extensions/)).toBeInTheDocument();
    await user.click(next);
    expect(screen.getByText(/Environment 1 is initialising the runtime/)).toBeInTheDocument();
    await user.click(next);
    await user.click(next);
    expect(screen.getByText(/Environment 1 is running your handler/)).toBeInTheDocument();
    await user.click(next);
    expect(screen.getByText(/Environment 1 is frozen/)).toBeInTheDocument();
    expect(next).toBeDisabled();
  });
});
