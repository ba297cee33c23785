// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Workspace } from '../../app/workspaces';
import { LambdaService, VirtualClock } from '../../sim';
import { ApiGateway } from '../../sim/apigateway';
import { DEFAULT_HTTP, useHttpStore } from './http.store';
import { HttpRequestPanel, type FunctionHandle } from './HttpRequestPanel';

/** A workspace whose function is modelled: it fails when the body says so, on a clock the test drives. */
function fakeFunction(): { fn: FunctionHandle; clock: VirtualClock; service: LambdaService } {
  const clock = new VirtualClock();
  const service = new LambdaService({ clock, logs: true, seed: 2 });
  const workspace = {
    clock,
    service,
    apiGateway: new ApiGateway(service),
    live: { sync: () => clock.runAll() },
  } as unknown as Workspace;
  const fn: FunctionHandle = {
    applyNow: async () => {
      if (!service.hasFunction('my-function'))
        service.createFunction({
          name: 'my-function',
          handler: {
            durationMs: 5,
            result: (ctx) =>
              String((ctx.payload as { body?: string }).body).includes('fail') ? 'error' : 'success',
            response: () => ({ statusCode: 200, body: 'fine' }),
          },
        });
      return [];
    },
    ensure: async () => workspace,
  };
  return { fn, clock, service };
}

beforeEach(() => useHttpStore.setState({ ...DEFAULT_HTTP }));
afterEach(cleanup);

async function sendAndSettle(clock: VirtualClock) {
  await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
  // The modelled function ends on the virtual clock.
  await waitFor(() => {
    clock.runAll();
    expect(screen.getByRole('region', { name: 'HTTP response' })).toHaveTextContent('HTTP/2');
  });
}

describe('HttpRequestPanel', () => {
  it('names its controls for keyboard and screen-reader users', () => {
    render(<HttpRequestPanel fn={fakeFunction().fn} functionName="my-function" />);
    for (const name of ['API type', 'Method', 'Payload format version'])
      expect(screen.getByRole('combobox', { name })).toBeInTheDocument();
    for (const name of ['Path', 'Headers', 'Request body'])
      expect(screen.getByRole('textbox', { name })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Routes of my-function-http-api' })).toHaveTextContent(
      'POST /items',
    );
    expect(screen.getByText(/\.execute-api\.us-east-1\.amazonaws\.com$/)).toBeInTheDocument();
    // jsdom's role queries walk the whole panel: 2.3 s alone, more on a loaded 2-core machine.
  }, 15_000);

  it('sends through the HTTP API and shows the answer as curl prints it, with the event', async () => {
    const { fn, clock } = fakeFunction();
    render(<HttpRequestPanel fn={fn} functionName="my-function" />);
    await sendAndSettle(clock);
    const response = screen.getByRole('region', { name: 'HTTP response' });
    expect(within(response).getByLabelText('curl output')).toHaveTextContent(
      /\$ curl -i -H 'content-type: application\/json' -d/,
    );
    expect(within(response).getByLabelText('curl output')).toHaveTextContent('HTTP/2 200');
    expect(response).toHaveTextContent('Route POST /items');
    expect(screen.getByLabelText('Event the function received')).toHaveTextContent(
      '"routeKey": "POST /items"',
    );
  });

  it('a function error behind a REST API: 502 and the comparison with an HTTP API', async () => {
    const { fn, clock } = fakeFunction();
    render(<HttpRequestPanel fn={fn} functionName="my-function" />);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'API type' }), 'rest');
    const body = screen.getByRole('textbox', { name: 'Request body' });
    await userEvent.clear(body);
    await userEvent.type(body, 'please fail');
    await sendAndSettle(clock);
    const response = screen.getByRole('region', { name: 'HTTP response' });
    expect(response).toHaveTextContent('HTTP/2 502');
    expect(response).toHaveTextContent('{"message": "Internal server error"}');
    expect(response).toHaveTextContent('an HTTP API would answer 500');
  });

  it('reports bad routes and header lines, and will not send them', async () => {
    render(<HttpRequestPanel fn={fakeFunction().fn} functionName="my-function" />);
    const routes = screen.getByRole('textbox', { name: /^Routes/ });
    await userEvent.clear(routes);
    await userEvent.type(routes, 'FETCH /x');
    expect(screen.getByRole('alert')).toHaveTextContent('the method must be one of');
    expect(screen.getByRole('button', { name: 'Send request' })).toBeDisabled();
    await userEvent.clear(routes);
    await userEvent.type(routes, 'ANY /{{proxy+}');
    const headers = screen.getByRole('textbox', { name: 'Headers' });
    await userEvent.clear(headers);
    await userEvent.type(headers, 'not a header');
    expect(headers).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Send request' })).toBeDisabled();
  });
});
