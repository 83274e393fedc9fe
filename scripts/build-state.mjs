// Whether dist/ is a current build of src/: its stamp (written last by scripts/build-server.mjs)
// is at least as new as every file under src/ other than tests. bin/vigil.mjs runs dist/ only
// then, and scripts/run-tests.mjs rebuilds first when it is not.
import { readdirSync, statSync } from 'node:fs';

/** Newest modification time (ms) of the files under `dir` that the build compiles or copies. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(url));
    else if (!/\.(test|spec)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(url).mtimeMs);
  }
  return newest;
}

/** `root`: the repository's URL, ending in a slash. */
export function buildIsCurrent(root) {
  try {
    return statSync(new URL('dist/.build-stamp', root)).mtimeMs >= newestSource(new URL('src/', root));
  } catch {
    return false; // no build (or no sources beside it)
  }
}
