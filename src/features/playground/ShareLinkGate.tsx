/**
 * Opens share links (`#/playground?s=…`) without ever replacing what the learner typed, and shows the
 * playground's workspaces when there is more than one.
 *
 * Why a separate workspace rather than a "Replace my code?" question: the learner gets to read and run
 * the shared code at once, can go back and forth between it and their own, and no answer to a dialog
 * (a hurried "OK") can lose either. An untouched playground (starter code, default event and settings)
 * simply takes the shared code, as before.
 *
 * Hook-in: render `<ShareLinkGate />` once on the playground page (it reads and tidies the URL itself).
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from '../../app/router';
import { ConfirmDialog } from '../progress/ConfirmDialog';
import { usePlaygroundStore } from './playground.store';
import { decodeShare } from './share';
import { closeSharedWorkspace, openSharedCode, switchWorkspace } from './workspaceActions';
import {
  activeIsEdited,
  contentOf,
  MY_WORKSPACE_ID,
  MY_WORKSPACE_NAME,
  useWorkspacesStore,
} from './workspaces.store';
import './shareLink.css';

export function ShareLinkGate() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [notice, setNotice] = useState('');
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The link last handled: effects run twice in development (StrictMode), and the second run must not
  // report the code it just loaded as "the same as yours".
  const handled = useRef<string | null>(null);

  // Once per link: open it, then tidy the URL so a reload does not open it again.
  useEffect(() => {
    const token = params.get('s');
    if (!token) {
      // The URL is tidy again: the same link, opened later, is a new request.
      handled.current = null;
      return;
    }
    if (token === handled.current) return;
    handled.current = token;
    const decoded = decodeShare(token);
    if (!decoded.ok) {
      setNotice(`${decoded.error} Your playground was not changed.`);
    } else {
      const outcome = openSharedCode(decoded.state);
      setNotice(
        outcome.kind === 'loaded'
          ? 'Restored the code, event and configuration from the share link.'
          : outcome.kind === 'same'
            ? 'The share link holds the same code as your playground, so nothing changed.'
            : `Opened the shared code in a workspace of its own, “${outcome.name}”. Your code is kept, unchanged, in “${outcome.parked}”.`,
      );
    }
    navigate('/playground', { replace: true });
  }, [params, navigate]);

  return (
    <>
      <p ref={noticeRef} className="share-notice" role="status" tabIndex={-1}>
        {notice}
      </p>
      <WorkspaceBar onNotice={setNotice} focusWhenGone={noticeRef} />
    </>
  );
}

/** The workspace switcher: shown while there is more than one workspace. */
export function WorkspaceBar({
  onNotice,
  focusWhenGone,
}: {
  onNotice(text: string): void;
  /** Where focus goes when closing the last shared workspace hides the bar. */
  focusWhenGone: { current: HTMLElement | null };
}) {
  const active = useWorkspacesStore((s) => s.active);
  const others = useWorkspacesStore((s) => s.others);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);
  const selectRef = useRef<HTMLSelectElement>(null);

  if (active.id === MY_WORKSPACE_ID && others.length === 0) return null;
  const all = [active, ...others].sort((a, b) =>
    a.id === MY_WORKSPACE_ID ? -1 : b.id === MY_WORKSPACE_ID ? 1 : a.createdAt.localeCompare(b.createdAt),
  );
  const inShared = active.id !== MY_WORKSPACE_ID;

  function switchTo(id: string) {
    const name = all.find((w) => w.id === id)?.name ?? '';
    if (switchWorkspace(id)) onNotice(`Switched to “${name}”.`);
  }

  function close() {
    const name = active.name;
    setConfirmingClose(false);
    if (closeSharedWorkspace()) onNotice(`Closed “${name}”. Back in “${MY_WORKSPACE_NAME}”.`);
    // The close button is gone now: the switcher takes the focus, or the notice if the bar is gone too.
    focusAfterRender(selectRef, focusWhenGone);
  }

  function askToClose() {
    const { active: current } = useWorkspacesStore.getState();
    const edited = activeIsEdited(
      { active: current, others: useWorkspacesStore.getState().others },
      contentOf(usePlaygroundStore.getState()),
    );
    if (edited) setConfirmingClose(true);
    else close();
  }

  return (
    <section className="workspace-bar" aria-label="Workspaces">
      <label className="workspace-bar__pick">
        Workspace{' '}
        <select ref={selectRef} value={active.id} onChange={(e) => switchTo(e.target.value)}>
          {all.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      {inShared ? (
        <>
          <button type="button" onClick={() => switchTo(MY_WORKSPACE_ID)}>
            Back to {MY_WORKSPACE_NAME}
          </button>
          <button ref={closeButton} type="button" onClick={askToClose}>
            Close this shared workspace
          </button>
        </>
      ) : null}
      <p className="workspace-bar__hint">
        {inShared
          ? `You are in “${active.name}”, code someone shared with you. What you change here stays in this workspace; ${MY_WORKSPACE_NAME} is not touched.`
          : 'Code opened from share links is kept in workspaces of its own, listed here.'}
      </p>
      {confirmingClose ? (
        <ConfirmDialog
          title={`Close “${active.name}”?`}
          description={`You changed the shared code in this workspace. Closing it deletes those changes; ${MY_WORKSPACE_NAME} is not affected.`}
          confirmLabel="Close and delete my changes"
          onConfirm={close}
          onCancel={() => {
            setConfirmingClose(false);
            closeButton.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}

/** Focus the first of `refs` still in the page once React has rendered the change. */
function focusAfterRender(...refs: Array<{ current: HTMLElement | null }>): void {
  queueMicrotask(() => refs.find((ref) => ref.current?.isConnected)?.current?.focus());
}
