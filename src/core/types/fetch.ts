// The shape of `fetch` that Sieve's downloaders take, so that tests and Node can pass their own
// (a retrying wrapper, a fake server). Pure.

export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;
