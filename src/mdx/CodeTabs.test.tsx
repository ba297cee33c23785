// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CodeTabs } from './CodeTabs';
import { CodeBlock } from './CodeBlock';

function renderTabs() {
  return render(
    <CodeTabs>
      <CodeBlock data-language="python">
        <code>def handler(event, context): pass</code>
      </CodeBlock>
      <CodeBlock data-language="javascript">
        <code>export const handler = async () =&gt; {'{}'}</code>
      </CodeBlock>
      <CodeBlock data-language="hcl" data-title="main.tf">
        <code>resource "aws_lambda_function" "f" {'{}'}</code>
      </CodeBlock>
    </CodeTabs>,
  );
}

const visiblePanelText = () => screen.getByRole('tabpanel').textContent;

afterEach(cleanup);
describe('CodeTabs', () => {
  it('labels tabs from the fence language and shows the first panel', () => {
    renderTabs();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Python', 'Node.js', 'Terraform']);
    expect(screen.getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Python' })).toBeVisible();
    expect(visiblePanelText()).toContain('def handler');
  });

  it('keeps only the selected tab in the Tab order', () => {
    renderTabs();
    const tabIndexes = screen.getAllByRole('tab').map((t) => t.getAttribute('tabindex'));
    expect(tabIndexes).toEqual(['0', '-1', '-1']);
  });

  it('moves selection and focus with the arrow keys, wrapping at both ends', async () => {
    const user = userEvent.setup();
    renderTabs();
    await user.tab();
    expect(screen.getByRole('tab', { name: 'Python' })).toHaveFocus();

    await user.keyboard('{ArrowRight}');
    const node = screen.getByRole('tab', { name: 'Node.js' });
    expect(node).toHaveFocus();
    expect(node).toHaveAttribute('aria-selected', 'true');
    expect(node).toHaveAttribute('tabindex', '0');
    expect(visiblePanelText()).toContain('export const handler');

    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Python' })).toHaveFocus();

    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Terraform' })).toHaveFocus();
    expect(visiblePanelText()).toContain('aws_lambda_function');
  });

  it('jumps with Home and End', async () => {
    const user = userEvent.setup();
    renderTabs();
    await user.tab();
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Terraform' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Home}');
    expect(screen.getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
  });

  it('selects on click', async () => {
    const user = userEvent.setup();
    renderTabs();
    await user.click(screen.getByRole('tab', { name: 'Terraform' }));
    expect(visiblePanelText()).toContain('aws_lambda_function');
    expect(screen.getByText('main.tf')).toBeInTheDocument();
  });

  it('tells apart two variants that map to the same label', () => {
    render(
      <CodeTabs>
        <CodeBlock data-language="javascript">
          <code>a</code>
        </CodeBlock>
        <CodeBlock data-language="typescript">
          <code>b</code>
        </CodeBlock>
      </CodeTabs>,
    );
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      'Node.js (javascript)',
      'Node.js (TypeScript)',
    ]);
  });
});
