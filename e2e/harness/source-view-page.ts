// Browser side of e2e/source-view.e2e.ts: mounts the document viewer on a text that contains HTML
// markup, with three hits and the second one active; `?long` gives it a text too long to render
// whole. What the viewer asks of its parent (navigate, close) is recorded in window.sourceHarness.
import { mount, unmount } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import SourceView from '../../src/ui/SourceView.svelte';
import '../../src/app.css';

const MARKUP = '<img src=x onerror="window.__xss=1">';
const PHRASES = [
  MARKUP,
  'WebGPU falls back to WASM when the adapter is a software one.',
  'Reranking replaces the vector results once it is ready.',
] as const;
const LOCATIONS = ['Page 1', 'Page 2 · Setup › Backends', 'Page 5'] as const;

declare global {
  interface Window {
    /** Set only if the markup in the text were ever parsed as HTML. */
    __xss?: number;
    sourceHarness: { closed: number; navigations: number[]; textLength: number };
  }
}

const filler = (from: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `Line ${from + i}: the quick brown fox jumps over the lazy dog while the index is rebuilt.`,
  ).join('\n');

const long = new URLSearchParams(location.search).has('long');
// Short: about 17k characters, far more than the dialog shows, so the active hit must be scrolled
// to. Long: about 330k characters, above the viewer's 200k limit for rendering a text whole.
const size = long ? 2000 : 60;
const text = [
  `Release notes\n\nThe tag ${PHRASES[0]} must appear as text, never as an image.`,
  filler(1, size),
  `## Backends\n\n${PHRASES[1]} A\u00a0very_long_identifier_without_any_spaces_${'x'.repeat(80)} follows.`,
  filler(size + 1, size),
  `## Results\n\n${PHRASES[2]}`,
  filler(2 * size + 1, 20),
].join('\n\n');

const hits = PHRASES.map((phrase, i) => {
  const start = text.indexOf(phrase);
  return { start, end: start + phrase.length, label: LOCATIONS[i] };
});

window.sourceHarness = { closed: 0, navigations: [], textLength: text.length };
// A reactive map in a plain module: the `active` getter below makes the prop reactive.
const state = new SvelteMap<'active', number>([['active', 1]]);

const viewer = mount(SourceView, {
  target: document.getElementById('app')!,
  props: {
    title: long ? 'very-long-manual.md' : 'release-notes <b>draft</b>.md',
    text,
    hits,
    get active() {
      return state.get('active') ?? 0;
    },
    onnavigate: (index: number) => {
      window.sourceHarness.navigations.push(index);
      state.set('active', index);
    },
    onclose: () => {
      window.sourceHarness.closed++;
      void unmount(viewer);
    },
  },
});

document.getElementById('status')!.textContent = 'ready';
