// Thread-probe worker entry: exposes the service (service.ts), which times src/engine's probe.
import { expose } from 'comlink';
import { ThreadProbeService } from './service';
import type { ThreadProbeApi } from './api';

const api: ThreadProbeApi = new ThreadProbeService();
expose(api);
