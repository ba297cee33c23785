// @vitest-environment jsdom
/**
 * The HTTP request panel while a RESPONSE_STREAM function URL streams: chunks show as they arrive (before the
 * exchange ends), screen readers get a polite summary instead of every chunk, and the finished exchange replaces
 * the live view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Workspace } from '../../app/workspaces';
import { LambdaService, VirtualClock } from '../../sim';
import { ApiGateway, type HttpExchange, type SendOptions } from '../../sim/apigateway';
import { DEFAULT_HTTP, useHttpStore } from './http.store';
import { HttpRequestPanel, type FunctionHandle } from './HttpRequestPanel';

const encoder = new TextEncoder();

/** A workspace whose gateway hands the test the send's onChunk and answers when the test says so. */
function streamingWorkspace() {
  const clock = new VirtualClock();
  const service = new LambdaService({ clock, logs: true, seed: 4 });
  const gateway = new ApiGateway(service);
  const realSend = gateway.send.bind(gateway);
  const control: {
    options: SendOptions | null;
    finish: (() => Promise<void>) | null;
  } = { options: null, finish: null };
  gateway.send = (request, options = {}) =>
    new Promise<HttpExchange>((resolve) => {
      control.options = options;
      control.finish = async () => {
        const answer = realSend(request);
        clock.runAll();
        resolve(await answer);
      };
    });
  const workspace = { clock, service, apiGateway: gateway, live: { sync: () => {} } } as unknown as Workspace;
  const fn: FunctionHandle = {
    applyNow: async () => {
      if (!service.hasFunction('my-function'))
        service.createFunction({
          name: 'my-function',
          handler: { durationMs: 5, response: () => ({ statusCode: 200, body: 'fine' }) },
        });
      return [];
    },
    ensure: async () => workspace,
  };
  return { fn, control };
}

beforeEach(() => useHttpStore.setState({ ...DEFAULT_HTTP, apiType: 'url', invokeMode: 'RESPONSE_STREAM' }));
afterEach(cleanup);

describe('HttpRequestPanel, a RESPONSE_STREAM function URL streaming', () => {
  it('shows each chunk as it arrives, with a polite summary; the finished exchange replaces the live view', async () => {
    const { fn, control } = streamingWorkspace();
    render(<HttpRequestPanel fn={fn} functionName="my-function" />);
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(control.options?.onChunk).toBeTypeOf('function'));
    const response = screen.getByRole('region', { name: 'HTTP response' });
    const summary = within(response).getByRole('status');
    expect(summary).toHaveTextContent('Streaming: waiting for the first byte…');

    act(() => control.options!.onChunk!({ offsetMs: 12, bytes: encoder.encode('hello\n') }));
    const list = within(response).getByRole('list', { name: 'Response chunks' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent('+12 ms "hello\\n"');
    expect(summary).toHaveTextContent('Streaming: 1 chunk, 6 B so far');
    // The list is not announced chunk by chunk: only the summary is a live region.
    expect(list).toHaveAttribute('aria-live', 'off');

    act(() => control.options!.onChunk!({ offsetMs: 1012, bytes: encoder.encode('x'.repeat(2000)) }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    // A long chunk shows its first 200 bytes and its size.
    expect(within(list).getAllByRole('listitem')[1]).toHaveTextContent(
      `"${'x'.repeat(200)}" … 2.0 KB in all`,
    );
    expect(summary).toHaveTextContent('Streaming: 2 chunks, 2.0 KB so far');
    expect(screen.getByRole('button', { name: 'Send request' })).toBeDisabled();

    await act(() => control.finish!());
    await waitFor(() => expect(response).toHaveTextContent('HTTP/2 200'));
    expect(within(response).queryByText(/^Streaming:/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Send request' })).toBeEnabled();
    // Role queries over the whole panel take about 2 s in jsdom; a loaded machine can take twice the default limit.
  }, 15_000);

  it('a REST API offers the response transfer mode; STREAM allows a 15-minute integration timeout', () => {
    useHttpStore.setState({ apiType: 'rest' });
    render(<HttpRequestPanel fn={streamingWorkspace().fn} functionName="my-function" />);
    const mode = screen.getByRole('combobox', { name: 'Response transfer mode' });
    expect(mode).toHaveValue('BUFFERED');
    const timeout = screen.getByRole('spinbutton', { name: 'Integration timeout (ms)' });
    expect(timeout).toHaveAttribute('max', '29000');
    fireEvent.change(mode, { target: { value: 'STREAM' } });
    expect(useHttpStore.getState().restTransferMode).toBe('STREAM');
    expect(timeout).toHaveAttribute('max', '900000');
    expect(screen.getByRole('list', { name: 'Routes of my-function-rest-api' })).toHaveTextContent(
      'response transfer mode STREAM',
    );
  }, 15_000);
});
