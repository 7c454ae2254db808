// Embedder worker entry: exposes the service; the service (service.ts) implements the contract on top of src/engine.
import { expose } from 'comlink';
import { EmbedderService } from './service';
import type { EmbedderApi } from './api';

const api: EmbedderApi = new EmbedderService();
expose(api);
