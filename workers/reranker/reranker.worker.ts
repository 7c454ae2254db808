// Reranker worker entry: exposes the service; all logic lives in src/engine.
import { expose } from 'comlink';
import { RerankerService } from '../../src/engine/reranker-service';
import type { RerankerApi } from './api';

const api: RerankerApi = new RerankerService();
expose(api);
