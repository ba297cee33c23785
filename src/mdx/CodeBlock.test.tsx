// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CodeBlock } from './CodeBlock';

// The real runner starts the page's sandbox; here it shows what the block hands it.
vi.mock('../features/runnable/RunnableRunner', () => ({
  default: ({
    block,
    name,
    runRequest,
  }: {
    block: { code: string; language: string };
    name: string;
    runRequest: number;
  }) => (
    <section aria-label={`Run ${name}`}>
      {block.language}: {block.code} (run {runRequest})
    </section>
  ),
}));

afterEach(cleanup);

describe('CodeBlock: runnable blocks', () => {
  it('a runnable block gets a Run button named after it that opens its runner with the shown code', async () => {
    const user = userEvent.setup();
    const spec = JSON.stringify({ kind: 'handler', seeds: [], environment: {}, event: 'sqs-orders' });
    render(
      <CodeBlock data-language="python" data-title="orders.py" data-runnable={spec}>
        <code>def handler(event, context): return 1</code>
      </CodeBlock>,
    );
    expect(screen.queryByRole('region', { name: 'Run orders.py' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Run orders.py' }));
    const runner = await screen.findByRole('region', { name: 'Run orders.py' });
    expect(runner).toHaveTextContent('python: def handler(event, context): return 1 (run 1)');
    // Run again from the header asks the same runner for one more run.
    await user.click(screen.getByRole('button', { name: 'Run orders.py' }));
    expect(runner).toHaveTextContent('(run 2)');
    // The spec is not left on the <pre> as an attribute.
    expect(document.querySelector('pre')?.hasAttribute('data-runnable')).toBe(false);
  });

  it('a block without the marker, or in a language that cannot run, has no Run button', () => {
    const spec = JSON.stringify({ kind: 'handler', seeds: [], environment: {} });
    render(
      <>
        <CodeBlock data-language="python" data-title="plain.py">
          <code>x = 1</code>
        </CodeBlock>
        <CodeBlock data-language="bash" data-runnable={spec}>
          <code>ls</code>
        </CodeBlock>
      </>,
    );
    expect(screen.queryByRole('button', { name: /^Run/ })).toBeNull();
  });
});

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
