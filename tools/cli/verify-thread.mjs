// The pool's thread entry: Node cannot load TypeScript itself, so tsx is registered first.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
