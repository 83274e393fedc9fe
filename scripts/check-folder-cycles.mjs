// Lists every cycle among the folders of src/ (issue 16) and exits 1 if there is one.
// Each module's imports (type-only ones too, tests left out) are collapsed onto its top folder;
// the strongly connected components of that folder graph with more than one folder are cycles,
// printed with one import that makes each edge. `npm run lint` runs it.
import { cruise } from 'dependency-cruiser';

const result = await cruise(['src'], {
  exclude: { path: '(\\.(test|spec)\\.ts$)' },
  doNotFollow: { path: 'node_modules' },
  tsPreCompilationDeps: true,
  enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
});
const folderOf = (p) => /^src\/([^/]+)\//.exec(p)?.[1];
/** folder -> folder -> one example import */
const edges = new Map();
for (const m of result.output.modules) {
  const from = folderOf(m.source);
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = folderOf(d.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} -> ${d.resolved}`);
  }
}

// Tarjan's strongly connected components.
const folders = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((t) => [...t.keys()])])].sort();
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
let next = 0;
function visit(v) {
  index.set(v, next);
  low.set(v, next++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) components.push(c.sort());
  }
}
for (const f of folders) if (!index.has(f)) visit(f);

if (components.length === 0) {
  console.log(`no cycles among the ${folders.length} folders of src/`);
} else {
  for (const c of components) {
    console.error(`cycle among src/ folders: ${c.join(', ')}`);
    for (const from of c)
      for (const [to, example] of edges.get(from) ?? [])
        if (c.includes(to)) console.error(`  ${from} -> ${to}: ${example}`);
  }
  process.exit(1);
}
