#!/usr/bin/env node
// Entry point of the `vigil` command (and of `npm start`). It runs the compiled build in dist/
// (scripts/build-server.mjs; `npm install` builds it) when that build is current: its stamp is
// newer than every file under src/ other than tests. Otherwise (no build, or sources edited since)
// it runs the sources through tsx, which compiles them at each start (seconds slower), and says so
// in one line on a terminal. VIGIL_RUN_FROM=dist or =src forces either.
import { buildIsCurrent } from '../scripts/build-state.mjs';

const root = new URL('..', import.meta.url);
const from = process.env.VIGIL_RUN_FROM;
if (from === 'dist' || (from !== 'src' && buildIsCurrent(root))) {
  process.setSourceMapsEnabled(true); // stack traces name src/*.ts lines (the build writes maps)
  await import(new URL('dist/cli/main.js', root).href);
} else {
  if (from !== 'src' && process.stderr.isTTY) {
    process.stderr.write(
      'vigil: dist/ is missing or older than src/: running the sources through tsx (npm run build)\n',
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/cli/main.ts', root).href);
}
