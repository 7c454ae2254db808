// Offline support on the main thread: registers sw.js (production builds only), says when the app
// works offline and when an update waits, applies updates, and reloads once after the first
// install so that the page runs cross-origin isolated (multithreaded WASM), once the app is idle.
import { errorMessage } from '../core/errors';
import { SKIP_WAITING } from '../core/types/service-worker';

/** Set before the isolation reload: one per tab, so a browser that ignores COOP/COEP never loops. */
export const ISOLATION_RELOAD_KEY = 'sieve:isolation-reload';

export interface OfflineEnvironment {
  enabled: boolean;
  container: ServiceWorkerContainer | undefined;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  isolated: boolean;
  reload: () => void;
  /** Work a reload would interrupt (a model download, indexing): the isolation reload waits. */
  busy: () => boolean;
}

/** How often a deferred isolation reload checks whether the app became idle. */
export const IDLE_CHECK_MS = 2000;

/** Session storage, or (where it is blocked) one that says the reload already happened. */
function sessionStore(): OfflineEnvironment['storage'] {
  try {
    if (globalThis.sessionStorage) return globalThis.sessionStorage;
  } catch {
    // Blocked storage throws on access; without the guard, never risk a reload loop.
  }
  return { getItem: () => 'unavailable', setItem: () => {} };
}

function browserEnvironment(): OfflineEnvironment {
  return {
    // `vite dev` serves source files: a service worker there would only serve stale ones.
    enabled: import.meta.env.PROD,
    container: globalThis.navigator?.serviceWorker,
    storage: sessionStore(),
    isolated: globalThis.crossOriginIsolated === true,
    reload: () => location.reload(),
    busy: () => false,
  };
}

export class OfflineState {
  /** An active service worker holds this build: the app opens without a network. */
  ready = $state(false);
  /** A newer build is installed and waits for `reload()`. */
  updateAvailable = $state(false);
  /** Registration failed (e.g. a private window without storage); the app still works online. */
  error = $state<string | null>(null);
  readonly #env: OfflineEnvironment;
  #registration: ServiceWorkerRegistration | undefined;
  #applyingUpdate = false;

  constructor(env: Partial<OfflineEnvironment> = {}) {
    this.#env = { ...browserEnvironment(), ...env };
  }

  async start(scriptUrl = './sw.js'): Promise<void> {
    const { container, enabled } = this.#env;
    if (!enabled || !container) return;
    const firstInstall = !container.controller;
    container.addEventListener('controllerchange', () => this.#onControllerChange(firstInstall));
    try {
      // Relative to the page: the app and its worker share whatever path they are served from.
      const registration = await container.register(scriptUrl);
      // Some embedders (and Playwright's `serviceWorkers: 'block'`) resolve without one.
      if (!registration) return;
      this.#watch(registration);
      await container.ready;
      this.ready = true;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Lets the waiting worker take over; the page reloads when it controls the page. */
  reload(): void {
    const waiting = this.#registration?.waiting;
    if (!waiting) return this.#env.reload();
    this.#applyingUpdate = true;
    waiting.postMessage(SKIP_WAITING);
  }

  #watch(registration: ServiceWorkerRegistration): void {
    this.#registration = registration;
    // Waiting behind an active worker means an update; the first install never waits.
    const check = () => {
      this.updateAvailable = Boolean(registration.waiting && registration.active);
    };
    check();
    registration.addEventListener('updatefound', () => {
      registration.installing?.addEventListener('statechange', check);
    });
  }

  #onControllerChange(firstInstall: boolean): void {
    const { storage, isolated, reload } = this.#env;
    if (this.#applyingUpdate) return reload();
    // The first worker just claimed this page, which the host served without COOP/COEP.
    if (!firstInstall || isolated || storage.getItem(ISOLATION_RELOAD_KEY)) return;
    this.#reloadWhenIdle();
  }

  #reloadWhenIdle(): void {
    const { storage, reload, busy } = this.#env;
    if (busy()) {
      setTimeout(() => this.#reloadWhenIdle(), IDLE_CHECK_MS);
      return;
    }
    if (storage.getItem(ISOLATION_RELOAD_KEY)) return;
    storage.setItem(ISOLATION_RELOAD_KEY, '1');
    reload();
  }
}
