// The read-only pack mode on the main thread (`?pack=<url>`, `&embed=1`): the hosted pack as the
// embedder worker reports it (contents, download progress, ready or why not), for its header.

import { packSiteParams, progressLabel, type PackSiteParams } from '../core/pack-site';
import type { PackEvent, PackInfo } from '../core/types/pack-site';

export class PackSiteState {
  /** What the manifest says (null until it was read). */
  info = $state.raw<PackInfo | null>(null);
  progress = $state.raw<{ loaded: number; total: number } | null>(null);
  /** Searchable: the vectors and keyword index are downloaded, checked and indexed. */
  ready = $state(false);
  error = $state<string | null>(null);

  constructor(
    readonly params: PackSiteParams,
    /** The page's address: a relative `?pack=` resolves against it. */
    readonly base: string,
    /** The manifest names the embedding model this session uses. */
    private readonly onModel: (modelId: string) => void = () => {},
  ) {}

  /** The pack mode the page's address asks for, or null for the normal app. */
  static fromLocation(
    location: Pick<Location, 'search' | 'href'>,
    onModel?: (modelId: string) => void,
  ): PackSiteState | null {
    const params = packSiteParams(location.search);
    return params && new PackSiteState(params, location.href, onModel);
  }

  get embed(): boolean {
    return this.params.embed;
  }

  /** Downloading or indexing the pack (a reload would start over). */
  get loading(): boolean {
    return !this.ready && this.error === null;
  }

  /** "12.3 of 40.1 MB" while the pack downloads. */
  get progressText(): string {
    const p = this.progress;
    return p ? progressLabel(p.loaded, p.total) : '';
  }

  /** Applies what the worker reported (a restarted worker reports again from the start). */
  onPack(event: PackEvent): void {
    switch (event.kind) {
      case 'manifest':
        this.info = event.info;
        this.error = null;
        this.ready = false;
        this.progress = { loaded: 0, total: event.info.downloadBytes };
        this.onModel(event.info.modelId);
        break;
      case 'progress':
        this.progress = { loaded: event.loaded, total: event.total };
        break;
      case 'ready':
        this.info = event.info;
        this.ready = true;
        break;
      case 'error':
        this.error = event.message;
        break;
    }
  }
}
