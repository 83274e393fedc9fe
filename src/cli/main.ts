/**
 * The `vigil` command line. Only the module of the command being run is loaded, and the CLI
 * context (services, database, engine) only when its action starts: see command-table.ts and
 * lazy-context.ts (issue 15: `vigil --help` under a second).
 */
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../app/config.ts';
import { registerForArgs } from './command-table.ts';
import { lazyCliContext, type LazyCliContext } from './lazy-context.ts';
import { createOutput, reportError } from './output.ts';

const json = process.argv.includes('--json');
const out = createOutput(json);
let ctx: LazyCliContext | undefined;
let exitCode = 0;

try {
  const program = new Command('vigil')
    .description('Vigil: accountable facial recognition for live and retrospective use')
    .option('--json', 'machine-readable output')
    .option(
      '--token-file <path>',
      'file holding your API token (mode 600), for commands that act as you (default: VIGIL_TOKEN, then VIGIL_TOKEN_FILE)',
    )
    .exitOverride()
    .showHelpAfterError();
  const lazy = lazyCliContext(loadConfig(), out, {
    tokenFile: () => program.opts<{ tokenFile?: string }>().tokenFile,
  });
  ctx = lazy;
  program.hook('preAction', () => lazy.ready());
  // The build writes the manifest beside the compiled main.js; the sources have none.
  await registerForArgs(
    program,
    lazy.context,
    process.argv.slice(2),
    new URL('./command-manifest.json', import.meta.url),
  );
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) exitCode = err.exitCode === 0 ? 0 : 2;
  else exitCode = reportError(err, json);
} finally {
  await ctx?.context.close();
}
// A command may have set its own exit code (e.g. `models verify` finding a mismatch): keep it.
if (exitCode !== 0 || process.exitCode === undefined) process.exitCode = exitCode;
