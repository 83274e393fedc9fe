// Worker-thread entry of the face engine: loads the TypeScript worker through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./engine.worker.ts');
