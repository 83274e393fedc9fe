/**
 * The direction of dependencies in src/ (issue 16; docs/architecture.md). A folder may import
 * only folders of a lower layer: adapters (cli, http) -> app (composition root) -> domains ->
 * ports (db, storage, events, video, jobs) -> shared. Folders of one layer do not import each
 * other. `npm run lint` runs this; scripts/check-folder-cycles.mjs lists any cycle among folders.
 * Tests are left out: a medium-tier test may build the whole composition root.
 */
const layers = [
  ['shared'],
  ['db', 'storage', 'events', 'video'],
  ['jobs'],
  ['models'],
  ['faces'],
  ['governance'],
  ['gallery'],
  ['eval', 'retro'],
  ['live'],
  ['archive', 'reports'],
  ['ops'],
  ['app'],
  ['http'],
  ['cli'],
];

const rank = new Map(layers.flatMap((folders, i) => folders.map((f) => [f, i])));
const allowedFrom = (folder) => {
  const r = rank.get(folder);
  return [...rank].filter(([f, s]) => f === folder || s < r).map(([f]) => f);
};

const layerRules = [...rank.keys()].map((folder) => ({
  name: `layer-${folder}`,
  comment: `src/${folder} may import only lower layers (${allowedFrom(folder).join(', ')}); see docs/architecture.md`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: `^src/(${allowedFrom(folder).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'modules must not depend on each other in a circle',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'unknown-folder',
      comment: 'every folder of src/ has a layer in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${[...rank.keys()].join('|')})/` },
      to: {},
    },
    {
      name: 'no-test-support-in-src',
      comment: 'production code never imports tests or test support (test/support/)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.(test|spec)\\.ts$' },
      to: { path: '(^test/|\\.(test|spec)\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.(test|spec)\\.ts$|^web/|^dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
