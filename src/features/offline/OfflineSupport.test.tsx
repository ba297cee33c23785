// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../../platform/storage';
import type { ServiceWorkerControl } from '../../platform/serviceWorker';
import { createPlaygroundStore } from '../playground/playground.store';
import { createPersistenceRequester, OfflineSupport, UPDATE_MESSAGE } from './OfflineSupport';
import type { OfflineServices } from './services';

afterEach(cleanup);

function fakeControl() {
  const listeners = new Set<() => void>();
  const control: ServiceWorkerControl & { announce(): void } = {
    onUpdateWaiting(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    activateUpdateAndReload: vi.fn(async () => undefined),
    checkForUpdate: vi.fn(async () => undefined),
    announce: () => listeners.forEach((listener) => listener()),
  };
  return control;
}

function fakeServices(overrides: Partial<OfflineServices> = {}) {
  const settleTasks: (() => void)[] = [];
  const progressListeners = new Set<() => void>();
  const control = fakeControl();
  const services: OfflineServices = {
    afterPageSettles: (task) => void settleTasks.push(task),
    registerServiceWorker: vi.fn(async () => control),
    persistentStorage: {
      isPersisted: vi.fn(async () => false),
      requestPersistence: vi.fn(async () => true),
    },
    watchProgressToKeep(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    ...overrides,
  };
  return {
    services,
    control,
    settle: () => act(async () => settleTasks.splice(0).forEach((task) => task())),
    makeProgress: () => act(async () => progressListeners.forEach((listener) => listener())),
  };
}

describe('OfflineSupport', () => {
  it('registers the service worker only after the page has settled', async () => {
    const { services, settle } = fakeServices();
    render(<OfflineSupport services={services} />);
    expect(services.registerServiceWorker).not.toHaveBeenCalled();
    await settle();
    expect(services.registerServiceWorker).toHaveBeenCalledTimes(1);
  });

  it('says exactly "A new version is available — reload" in a status region when an update waits', async () => {
    const { services, control, settle } = fakeServices();
    render(<OfflineSupport services={services} />);
    await settle();
    expect(screen.getByRole('status')).toHaveTextContent('');
    expect(screen.queryByRole('button', { name: 'Reload' })).toBeNull();
    act(() => control.announce());
    expect(screen.getByRole('status')).toHaveTextContent(/^A new version is available — reload$/);
    expect(UPDATE_MESSAGE).toBe('A new version is available — reload');
  });

  it('Reload activates the waiting version, which reloads the page', async () => {
    const { services, control, settle } = fakeServices();
    render(<OfflineSupport services={services} />);
    await settle();
    act(() => control.announce());
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(control.activateUpdateAndReload).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Reloading…' })).toBeDisabled();
  });

  it('Not now hides the notice without activating the new version', async () => {
    const { services, control, settle } = fakeServices();
    render(<OfflineSupport services={services} />);
    await settle();
    act(() => control.announce());
    await userEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('button', { name: 'Reload' })).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('');
    expect(control.activateUpdateAndReload).not.toHaveBeenCalled();
  });

  it('shows nothing and fails quietly where there is no service worker', async () => {
    const { services, settle } = fakeServices({ registerServiceWorker: vi.fn(async () => null) });
    render(<OfflineSupport services={services} />);
    await settle();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('asks for persistent storage once there is progress, and only once', async () => {
    const { services, makeProgress } = fakeServices();
    render(<OfflineSupport services={services} />);
    expect(services.persistentStorage!.requestPersistence).not.toHaveBeenCalled();
    await makeProgress();
    await makeProgress();
    expect(services.persistentStorage!.requestPersistence).toHaveBeenCalledTimes(1);
  });
});

describe('createPersistenceRequester', () => {
  it('does not ask when the browser already keeps the data', async () => {
    const requestPersistence = vi.fn(async () => true);
    const requestOnce = createPersistenceRequester({
      persistentStorage: { isPersisted: async () => true, requestPersistence },
    });
    expect(await requestOnce()).toBe(true);
    expect(requestPersistence).not.toHaveBeenCalled();
  });

  it('returns null without a StorageManager and false when asking throws', async () => {
    expect(await createPersistenceRequester({ persistentStorage: null })()).toBeNull();
    const failing = createPersistenceRequester({
      persistentStorage: {
        isPersisted: async () => false,
        requestPersistence: async () => Promise.reject(new Error('blocked')),
      },
    });
    expect(await failing()).toBe(false);
  });
});

describe('reloading for an update loses no work', () => {
  it('a saved store has written its change to storage by the time `set` returns', () => {
    const storage = createMemoryStorage();
    const store = createPlaygroundStore({ storage });
    store.getState().set({ code: 'export const handler = async () => "typed just now";' });
    // No await, no timer: what a reload would read back immediately.
    const saved = storage.keys().map((key) => storage.getItem(key) ?? '');
    expect(saved.some((raw) => raw.includes('typed just now'))).toBe(true);
  });
});
