import { runStoreContract } from '../store.case.ts';
import { createMemoryStore } from './index.ts';

runStoreContract('memory', (options) => createMemoryStore(options));
