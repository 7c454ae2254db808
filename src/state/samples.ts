// The sample collection a new user can index with one click (page): the list the build wrote to
// samples/index.json beside the app (same origin: nothing leaves the site) and its files, as
// queue items in a folder of their own.
import type { IngestItem, SampleEntry } from '../core/types/library';

/** The folder the samples appear in, so that they are easy to tell from the user's own files. */
export const SAMPLES_FOLDER = 'Sieve samples';

async function fetchOk(url: URL): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname} answered HTTP ${response.status}`);
  return response;
}

/** The sample files next to the app at `base`, ready for the indexing queue. */
export async function fetchSamples(base: string = document.baseURI): Promise<IngestItem[]> {
  const index = await fetchOk(new URL('samples/index.json', base));
  const entries = (await index.json()) as SampleEntry[];
  return Promise.all(
    entries.map(async ({ name, type }) => {
      const blob = await (
        await fetchOk(new URL(`samples/${encodeURIComponent(name)}`, base))
      ).blob();
      return { file: new File([blob], name, { type }), path: `${SAMPLES_FOLDER}/${name}` };
    }),
  );
}
