// Embedder worker entry: exposes the service; all logic lives in src/engine.
import { expose } from 'comlink';
import { EmbedderService } from '../../src/engine/embedder-service';
import type { EmbedderApi } from './api';

const api: EmbedderApi = new EmbedderService();
expose(api);
