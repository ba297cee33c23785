// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Diagram, diagramNames } from './Diagram';

afterEach(cleanup);
describe('Diagram', () => {
  it('exposes the picture as one image named by the text alternative', async () => {
    const name = diagramNames()[0];
    expect(name, 'at least one diagram exists in src/mdx/diagrams').toBeDefined();
    render(
      <Diagram name={name!} caption="A caption" aspect="16/9">
        The environment starts, runs init, then serves invokes.
      </Diagram>,
    );
    const img = screen.getByRole('img', { name: 'The environment starts, runs init, then serves invokes.' });
    expect(img.style.aspectRatio).toBe('16 / 9');
    expect(screen.getByText('A caption').tagName).toBe('FIGCAPTION');
    // The lazy chunk replaces the loading text inside the reserved box.
    await waitFor(() => expect(img.querySelector('svg, div')).not.toBeNull());
    expect(img).not.toHaveTextContent('Loading diagram');
  });

  it('keeps the description when the diagram name is unknown', () => {
    render(<Diagram name="no-such-diagram">What it would show.</Diagram>);
    expect(screen.getByRole('img', { name: 'What it would show.' })).toHaveTextContent(/not available/);
  });
});
