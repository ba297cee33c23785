// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Sandbox from './Sandbox';
import { SANDBOX_PRESETS } from './presets';

afterEach(cleanup);

describe('a lesson sandbox’s Reset', () => {
  it('goes back to the starter and keeps the learner’s version for Undo reset until the next edit', async () => {
    const user = userEvent.setup();
    render(<Sandbox preset="counter" />);
    const editor = screen.getByRole('textbox', { name: 'Handler code' }) as HTMLTextAreaElement;
    const reset = screen.getByRole('button', { name: 'Reset' });
    expect(reset).toHaveProperty('disabled', true); // nothing to reset yet
    fireEvent.change(editor, { target: { value: 'export const handler = async () => 42;\n' } });
    await user.click(reset);
    expect(editor.value).toBe(SANDBOX_PRESETS.counter.code);
    expect(screen.getByRole('status').textContent).toContain('Back to the starter code');
    await user.click(screen.getByRole('button', { name: 'Undo reset' }));
    expect(editor.value).toBe('export const handler = async () => 42;\n');
    expect(screen.queryByRole('button', { name: 'Undo reset' })).toBeNull();

    await user.click(reset);
    fireEvent.change(editor, { target: { value: '// new work\n' } });
    // Editing after a reset starts over: Undo would now overwrite new work, so it is gone.
    expect(screen.queryByRole('button', { name: 'Undo reset' })).toBeNull();
  });
});
