// Reranker worker entry: exposes the service; the service (service.ts) implements the contract on top of src/engine.
import { expose } from 'comlink';
import { RerankerService } from './service';
import type { RerankerApi } from './api';

const api: RerankerApi = new RerankerService();
expose(api);
