// Builds the web console (web/ -> web/dist) with Vite. `npm install` and `npm ci` run it as the
// `prepare` step, so the README's `npm install && npm start` serves the console at /.
// Usage: npm run build:web
//        node scripts/build-web.mjs --if-available   (prepare: skip with a note when Vite is not
//                                                     installed, e.g. npm ci --omit=dev)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ifAvailable = process.argv.includes('--if-available');
let vite;
try {
  vite = await import(createRequire(join(root, 'package.json')).resolve('vite'));
} catch {
  const note = 'Vite is not installed (a production-only install?): the web console was not built';
  if (ifAvailable) {
    console.warn(
      `${note}; ${existsSync(join(root, 'web', 'dist')) ? 'keeping the existing web/dist' : 'run npm install, then npm run build:web'}`,
    );
    process.exit(0);
  }
  console.error(`${note}; run npm install first`);
  process.exit(1);
}
await vite.build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
console.log('built the web console into web/dist');
