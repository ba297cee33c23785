// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appStorageKey } from '../platform/storage';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CodeTabs } from './CodeTabs';
import { CodeBlock } from './CodeBlock';
import { createCodeLanguageStore, useCodeLanguageStore } from './codeLanguage.store';
import { createMemoryStorage } from '../platform/storage';

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

const codeIn = (panel: HTMLElement) => panel.querySelector('pre')?.textContent;
const visiblePanelText = () => codeIn(screen.getByRole('tabpanel'));

beforeEach(() => {
  localStorage.clear();
  useCodeLanguageStore.setState({ language: null });
});
afterEach(cleanup);

describe('CodeTabs', () => {
  it('labels tabs from the fence language and shows the first panel', () => {
    renderTabs();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Python', 'Node.js', 'Terraform']);
    expect(screen.getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Python' })).toBeVisible();
    expect(visiblePanelText()).toContain('def handler');
  });

  it('looks through the Fragment that MDX wraps around each fenced block', () => {
    // This is what @mdx-js with Shiki emits for a fence inside <CodeTabs>: each <pre> in a Fragment.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <CodeTabs>
        <>
          <CodeBlock data-language="python">
            <code>print("hi")</code>
          </CodeBlock>
        </>
        <>
          <CodeBlock data-language="js">
            <code>console.log('hi')</code>
          </CodeBlock>
        </>
      </CodeTabs>,
    );
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Python', 'Node.js']);
    // The panel's own header does not repeat the language the tab already names.
    expect(within(screen.getByRole('tabpanel')).queryByText('Python')).not.toBeInTheDocument();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
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

  it('names TypeScript apart from Node.js, and two files in one language by their titles', () => {
    render(
      <CodeTabs>
        <CodeBlock data-language="javascript">
          <code>a</code>
        </CodeBlock>
        <CodeBlock data-language="typescript">
          <code>b</code>
        </CodeBlock>
        <CodeBlock data-language="python" data-title="app.py">
          <code>c</code>
        </CodeBlock>
        <CodeBlock data-language="python" data-title="test_app.py">
          <code>d</code>
        </CodeBlock>
      </CodeTabs>,
    );
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      'Node.js',
      'TypeScript',
      'Python (app.py)',
      'Python (test_app.py)',
    ]);
  });

  it('selects the chosen language in every tab set, and a set without it falls back', async () => {
    const user = userEvent.setup();
    render(
      <>
        <CodeTabs title="first">
          <CodeBlock data-language="python">
            <code>one</code>
          </CodeBlock>
          <CodeBlock data-language="javascript">
            <code>two</code>
          </CodeBlock>
        </CodeTabs>
        <CodeTabs title="second">
          <CodeBlock data-language="python">
            <code>three</code>
          </CodeBlock>
          <CodeBlock data-language="javascript">
            <code>four</code>
          </CodeBlock>
        </CodeTabs>
        <CodeTabs title="third">
          <CodeBlock data-language="python">
            <code>five</code>
          </CodeBlock>
          <CodeBlock data-language="typescript">
            <code>six</code>
          </CodeBlock>
        </CodeTabs>
      </>,
    );
    const first = screen.getByRole('tablist', { name: 'first' });
    await user.click(within(first).getByRole('tab', { name: 'Node.js' }));
    expect(within(first).getByRole('tab', { name: 'Node.js' })).toHaveFocus();
    const second = screen.getByRole('tablist', { name: 'second' });
    expect(within(second).getByRole('tab', { name: 'Node.js' })).toHaveAttribute('aria-selected', 'true');
    // No Node.js tab here: its nearest relative, TypeScript, is shown.
    const third = screen.getByRole('tablist', { name: 'third' });
    expect(within(third).getByRole('tab', { name: 'TypeScript' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getAllByRole('tabpanel').map(codeIn)).toEqual(['two', 'four', 'six']);
    expect(useCodeLanguageStore.getState().language).toBe('Node.js');
    expect(localStorage.getItem(appStorageKey('coldstart:code-language'))).toContain('"Node.js"');
  });

  it('a second tab in the same language stays selected once picked', async () => {
    const user = userEvent.setup();
    render(
      <CodeTabs>
        <CodeBlock data-language="python" data-title="a.py">
          <code>a</code>
        </CodeBlock>
        <CodeBlock data-language="python" data-title="b.py">
          <code>b</code>
        </CodeBlock>
      </CodeTabs>,
    );
    await user.click(screen.getByRole('tab', { name: 'Python (b.py)' }));
    expect(visiblePanelText()).toBe('b');
  });
});

describe('code language store', () => {
  it('remembers the choice and reads it back in a later visit', async () => {
    const storage = createMemoryStorage();
    createCodeLanguageStore({ storage }).getState().choose('Python');
    const later = createCodeLanguageStore({ storage });
    await later.persist.rehydrate();
    expect(later.getState().language).toBe('Python');
  });

  it('starts with no preference when the saved value is unreadable', async () => {
    const storage = createMemoryStorage();
    storage.setItem('coldstart:code-language', JSON.stringify({ state: { language: 42 }, version: 1 }));
    const store = createCodeLanguageStore({ storage });
    await store.persist.rehydrate();
    expect(store.getState().language).toBeNull();
  });
});
