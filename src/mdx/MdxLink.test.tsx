// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { HashRouter } from '../app/router';
import { MdxLink } from './MdxLink';

afterEach(cleanup);
describe('MdxLink', () => {
  it('turns course links into hash-router links that keep the heading', () => {
    render(
      <HashRouter>
        <MdxLink href="/lessons/cold-starts#init-phase">init phase</MdxLink>
      </HashRouter>,
    );
    expect(screen.getByRole('link', { name: 'init phase' })).toHaveAttribute(
      'href',
      '#/lessons/cold-starts#init-phase',
    );
  });

  it('leaves external links as plain links without a referrer', () => {
    render(
      <HashRouter>
        <MdxLink href="https://docs.aws.amazon.com/lambda/">docs</MdxLink>
      </HashRouter>,
    );
    const link = screen.getByRole('link', { name: 'docs' });
    expect(link).toHaveAttribute('href', 'https://docs.aws.amazon.com/lambda/');
    expect(link).toHaveAttribute('rel', 'noreferrer');
    expect(link).not.toHaveAttribute('target');
  });
});
