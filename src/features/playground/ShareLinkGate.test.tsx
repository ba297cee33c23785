// @vitest-environment jsdom
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation, useNavigate } from '../../app/router';
import { registeredStores } from '../../platform/persist';
import { DEFAULT_PLAYGROUND, usePlaygroundStore, type SharedState } from './playground.store';
import { encodeShare } from './share';
import { ShareLinkGate } from './ShareLinkGate';
import { useWorkspacesStore } from './workspaces.store';

const MINE = 'export const handler = async () => "my own work";\n';
const SHARED: SharedState = {
  v: 1,
  code: 'export const handler = async () => "from a friend";\n',
  runtime: 'nodejs22.x',
  language: 'javascript',
  event: '{"from": "friend"}',
  config: { ...DEFAULT_PLAYGROUND.config, memoryMb: 256 },
};

function Where() {
  const location = useLocation();
  return <span data-testid="where">{location.pathname + location.search}</span>;
}

function openLink(token = encodeShare(SHARED)) {
  return render(
    <MemoryRouter initialEntries={[`/playground?s=${token}`]}>
      <ShareLinkGate />
      <Where />
    </MemoryRouter>,
  );
}

const code = () => usePlaygroundStore.getState().code;

beforeEach(() => {
  for (const store of registeredStores()) store.reset();
});
afterEach(cleanup);

describe('ShareLinkGate', () => {
  it('an untouched playground takes the shared code; no workspaces appear', () => {
    openLink();
    expect(screen.getByRole('status')).toHaveTextContent('Restored the code, event and configuration');
    expect(code()).toBe(SHARED.code);
    expect(usePlaygroundStore.getState().config.memoryMb).toBe(256);
    expect(screen.queryByRole('region', { name: 'Workspaces' })).toBeNull();
    expect(screen.getByTestId('where')).toHaveTextContent(/^\/playground$/);
  });

  it('with code of your own: the shared code opens in its own workspace, and yours is one click away', async () => {
    const user = userEvent.setup();
    usePlaygroundStore.getState().set({ code: MINE, event: '{"mine": true}' });
    openLink();
    expect(screen.getByRole('status')).toHaveTextContent(
      /^Opened the shared code in a workspace of its own, “Shared: .+”\. Your code is kept, unchanged, in “My workspace”\.$/,
    );
    expect(code()).toBe(SHARED.code);
    const bar = screen.getByRole('region', { name: 'Workspaces' });
    const picker = within(bar).getByRole('combobox', { name: 'Workspace' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['My workspace', expect.stringMatching(/^Shared: /)]);

    await user.click(within(bar).getByRole('button', { name: 'Back to My workspace' }));
    expect(code()).toBe(MINE);
    expect(usePlaygroundStore.getState().event).toBe('{"mine": true}');
    expect(picker).toHaveValue('mine');
    expect(within(bar).queryByRole('button', { name: 'Back to My workspace' })).toBeNull();

    // Back to the shared one: its content is still there.
    await user.selectOptions(picker, within(picker).getAllByRole('option')[1]!);
    expect(code()).toBe(SHARED.code);
  });

  it('closing a changed shared workspace asks first; Cancel keeps it, confirming returns to your code', async () => {
    const user = userEvent.setup();
    usePlaygroundStore.getState().set({ code: MINE });
    openLink();
    usePlaygroundStore.getState().set({ code: `${SHARED.code}// tried something\n` });
    const close = screen.getByRole('button', { name: 'Close this shared workspace' });
    await user.click(close);
    const dialog = screen.getByRole('alertdialog', { name: /^Close “Shared: .+”\?$/ });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(code()).toBe(`${SHARED.code}// tried something\n`);
    expect(close).toHaveFocus();

    await user.click(close);
    await user.click(screen.getByRole('button', { name: 'Close and delete my changes' }));
    expect(code()).toBe(MINE);
    expect(screen.queryByRole('region', { name: 'Workspaces' })).toBeNull();
    expect(useWorkspacesStore.getState().others).toEqual([]);
  });

  it('an unchanged shared workspace closes without a question', async () => {
    const user = userEvent.setup();
    usePlaygroundStore.getState().set({ code: MINE });
    openLink();
    await user.click(screen.getByRole('button', { name: 'Close this shared workspace' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(code()).toBe(MINE);
  });

  it('a damaged link says so and changes nothing', () => {
    usePlaygroundStore.getState().set({ code: MINE });
    openLink('not-a-real-share-token');
    expect(screen.getByRole('status')).toHaveTextContent(/damaged.*Your playground was not changed\./);
    expect(code()).toBe(MINE);
    expect(screen.queryByRole('region', { name: 'Workspaces' })).toBeNull();
  });
});

describe('ShareLinkGate under StrictMode (effects run twice in development)', () => {
  it('opens the link once and reports what it did, not "the same code"', () => {
    usePlaygroundStore.getState().set({ code: MINE });
    render(
      <StrictMode>
        <MemoryRouter initialEntries={[`/playground?s=${encodeShare(SHARED)}`]}>
          <ShareLinkGate />
        </MemoryRouter>
      </StrictMode>,
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^Opened the shared code/);
    expect(useWorkspacesStore.getState().others.map((w) => w.content.code)).toEqual([MINE]);
  });
});

describe('ShareLinkGate, the same link twice in one visit', () => {
  it('opening it again after going back to My workspace returns to its workspace', async () => {
    const user = userEvent.setup();
    usePlaygroundStore.getState().set({ code: MINE });
    function Opener() {
      const navigate = useNavigate();
      return (
        <button type="button" onClick={() => navigate(`/playground?s=${encodeShare(SHARED)}`)}>
          open link
        </button>
      );
    }
    render(
      <MemoryRouter initialEntries={[`/playground?s=${encodeShare(SHARED)}`]}>
        <ShareLinkGate />
        <Opener />
      </MemoryRouter>,
    );
    await user.click(screen.getByRole('button', { name: 'Back to My workspace' }));
    expect(code()).toBe(MINE);
    await user.click(screen.getByRole('button', { name: 'open link' }));
    expect(code()).toBe(SHARED.code);
    expect(screen.getByRole('status')).toHaveTextContent(/^Opened the shared code/);
  });
});
