// Worker-thread entry of the face engine. Built (dist/faces/, where the build copies this file
// beside the compiled worker) it loads engine.worker.js directly; from the sources (src/faces/:
// development and the tests) it registers tsx first and loads engine.worker.ts.
import { existsSync } from 'node:fs';

const compiled = new URL('./engine.worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./engine.worker.ts');
}
