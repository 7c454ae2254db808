// Vite plugin (`vite build` only): puts the app's Content-Security-Policy (src/core) into the
// built index.html as the first element of <head>, so that it governs every script and style
// after it. The dev server goes without, as Vite injects inline styles and its HMR client there.
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../src/core/content-security-policy.ts';

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'sieve-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}
