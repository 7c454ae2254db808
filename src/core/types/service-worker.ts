// Messages between the page and the service worker. Pure.

/** The page's message asking a waiting worker to take over (the update banner's Reload). */
export const SKIP_WAITING = 'sieve:skip-waiting';
