// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CodeBlock } from './CodeBlock';

afterEach(cleanup);
describe('CodeBlock', () => {
  it('copies the code text and says so', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    render(
      <CodeBlock data-language="python" data-title="handler.py">
        <code>print("hi")</code>
      </CodeBlock>,
    );
    expect(screen.getByText('handler.py')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy handler.py code' }));
    expect(writeText).toHaveBeenCalledWith('print("hi")');
    expect(await screen.findByRole('status')).toHaveTextContent('Copied to clipboard');
  });

  it('reports a refused copy instead of failing silently', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    document.execCommand = () => false;
    render(
      <CodeBlock data-language="bash">
        <code>ls</code>
      </CodeBlock>,
    );
    await user.click(screen.getByRole('button', { name: 'Copy Shell code' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Could not copy/);
  });
});
