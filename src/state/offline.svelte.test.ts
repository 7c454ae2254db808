// OfflineState with a fake service-worker container: ready after install, the single isolation
// reload (and no loop), and the update flow (waiting worker → skip waiting → reload).
import { describe, expect, it, vi } from 'vitest';
import { SKIP_WAITING } from '../core/types/service-worker';
import {
  IDLE_CHECK_MS,
  ISOLATION_RELOAD_KEY,
  OfflineState,
  type OfflineEnvironment,
} from './offline.svelte';

class FakeWorker extends EventTarget {
  readonly postMessage = vi.fn();
}

class FakeRegistration extends EventTarget {
  active: FakeWorker | null = new FakeWorker();
  waiting: FakeWorker | null = null;
  installing: FakeWorker | null = null;
}

class FakeContainer extends EventTarget {
  controller: FakeWorker | null;
  readonly registration = new FakeRegistration();
  readonly register = vi.fn(async () => this.registration);
  get ready() {
    return Promise.resolve(this.registration);
  }
  constructor(controlled: boolean) {
    super();
    this.controller = controlled ? new FakeWorker() : null;
  }
}

function setup(options: {
  controlled: boolean;
  isolated?: boolean;
  flag?: string;
  busy?: () => boolean;
}) {
  const container = new FakeContainer(options.controlled);
  const stored = new Map<string, string>(
    options.flag ? [[ISOLATION_RELOAD_KEY, options.flag]] : [],
  );
  const reload = vi.fn();
  const env: Partial<OfflineEnvironment> = {
    enabled: true,
    container: container as unknown as ServiceWorkerContainer,
    storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    isolated: options.isolated ?? false,
    reload,
    busy: options.busy ?? (() => false),
  };
  return { container, stored, reload, offline: new OfflineState(env) };
}

describe('OfflineState', () => {
  it('does nothing when disabled (vite dev) or without service workers', async () => {
    const container = new FakeContainer(false);
    const env = { container: container as unknown as ServiceWorkerContainer };
    await new OfflineState({ ...env, enabled: false }).start();
    await new OfflineState({ enabled: true, container: undefined }).start();
    expect(container.register).not.toHaveBeenCalled();
  });

  it('is ready once a worker is active, and reloads once into cross-origin isolation', async () => {
    const { container, offline, reload, stored } = setup({ controlled: false });
    await offline.start();
    expect(container.register).toHaveBeenCalledWith('./sw.js');
    expect(offline.ready).toBe(true);
    container.dispatchEvent(new Event('controllerchange'));
    expect(reload).toHaveBeenCalledTimes(1);
    expect(stored.get(ISOLATION_RELOAD_KEY)).toBe('1');
  });

  it('never reloads again in the same tab, nor when already isolated or already controlled', async () => {
    for (const options of [
      { controlled: false, flag: '1' },
      { controlled: false, isolated: true },
      { controlled: true },
    ]) {
      const { container, offline, reload } = setup(options);
      await offline.start();
      container.dispatchEvent(new Event('controllerchange'));
      expect(reload).not.toHaveBeenCalled();
    }
  });

  it('waits for the app to be idle before the isolation reload', async () => {
    vi.useFakeTimers();
    try {
      let busy = true;
      const { container, offline, reload } = setup({ controlled: false, busy: () => busy });
      await offline.start();
      container.dispatchEvent(new Event('controllerchange'));
      await vi.advanceTimersByTimeAsync(IDLE_CHECK_MS * 3);
      expect(reload).not.toHaveBeenCalled();
      busy = false;
      await vi.advanceTimersByTimeAsync(IDLE_CHECK_MS);
      expect(reload).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(IDLE_CHECK_MS * 3);
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers a waiting update, and applies it: skip waiting, then reload on the new controller', async () => {
    const { container, offline, reload } = setup({ controlled: true, isolated: true });
    await offline.start();
    expect(offline.updateAvailable).toBe(false);

    const next = new FakeWorker();
    container.registration.installing = next;
    container.registration.dispatchEvent(new Event('updatefound'));
    container.registration.installing = null;
    container.registration.waiting = next;
    next.dispatchEvent(new Event('statechange'));
    expect(offline.updateAvailable).toBe(true);

    offline.reload();
    expect(next.postMessage).toHaveBeenCalledWith(SKIP_WAITING);
    expect(reload).not.toHaveBeenCalled();
    container.dispatchEvent(new Event('controllerchange'));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('keeps working online when registration fails', async () => {
    const { container, offline } = setup({ controlled: false });
    container.register.mockRejectedValueOnce(new Error('The operation is insecure.'));
    await offline.start();
    expect(offline.ready).toBe(false);
    expect(offline.error).toBe('The operation is insecure.');
  });
});
