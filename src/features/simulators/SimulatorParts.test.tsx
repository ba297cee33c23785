// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RunButtons, SimulatorCode, SimulatorFrame, SimulatorMessages } from './SimulatorParts';

afterEach(cleanup);

function buttons(props: Partial<Parameters<typeof RunButtons>[0]> = {}) {
  const handlers = { onStart: vi.fn(), onNext: vi.fn(), onSkip: vi.fn() };
  render(
    <RunButtons
      startLabel="Send the event"
      nextLabel="Next step"
      busy={false}
      started={false}
      done={false}
      {...handlers}
      {...props}
    />,
  );
  return handlers;
}

describe('the simulator parts', () => {
  it('names the region by its heading and marks it busy while the sandbox starts', () => {
    const code = (
      <SimulatorCode caption="The handler (Node.js 24)" code="export const handler = async () => 1;" />
    );
    const { rerender } = render(<SimulatorFrame title="Try it: a test">{code}</SimulatorFrame>);
    const figure = screen.getByRole('figure');
    expect(figure).toHaveTextContent('The handler (Node.js 24)');
    expect(figure.querySelector('pre')).toHaveAttribute('tabindex', '0');
    expect(figure.querySelector('pre')).toHaveTextContent('export const handler');
    expect(screen.getByRole('region', { name: 'Try it: a test' })).not.toHaveAttribute('aria-busy');
    rerender(
      <SimulatorFrame title="Try it: a test" busy>
        {code}
      </SimulatorFrame>,
    );
    expect(screen.getByRole('region', { name: 'Try it: a test' })).toHaveAttribute('aria-busy', 'true');
  });

  it('waits for a run before Next and Skip, and stops them once it is done', async () => {
    const user = userEvent.setup();
    const handlers = buttons();
    expect(screen.getByRole('button', { name: 'Next step' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Skip to the end' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Send the event' }));
    expect(handlers.onStart).toHaveBeenCalledOnce();
    cleanup();

    const running = buttons({ started: true });
    await user.click(screen.getByRole('button', { name: 'Next step' }));
    await user.click(screen.getByRole('button', { name: 'Skip to the end' }));
    expect(running.onNext).toHaveBeenCalledOnce();
    expect(running.onSkip).toHaveBeenCalledOnce();
    cleanup();

    buttons({ started: true, done: true });
    expect(screen.getByRole('button', { name: 'Send the event' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Skip to the end' })).toBeDisabled();
    cleanup();

    buttons({ started: true, busy: true });
    for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
  });

  it('has no step button when the run has no steps', () => {
    buttons({ nextLabel: undefined, started: true });
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual([
      'Send the event',
      'Skip to the end',
    ]);
  });

  it('alerts only when something failed, and always keeps the status line', () => {
    const { rerender } = render(<SimulatorMessages failure={null} status="Nothing sent yet." />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Nothing sent yet.');
    rerender(<SimulatorMessages failure="The simulator could not start: offline" status="" />);
    expect(screen.getByRole('alert')).toHaveTextContent('The simulator could not start: offline');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });
});
