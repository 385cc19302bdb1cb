import { runStoreContract } from '../store.testing.ts';
import { createMemoryStore } from './index.ts';

runStoreContract('memory', (options) => createMemoryStore(options));
