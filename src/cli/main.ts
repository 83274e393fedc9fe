/** The `vigil` command line. */
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config/config.ts';
import { createCliContext, type CliContext } from './context.ts';
import { createOutput, reportError } from './output.ts';
import { registerCompare } from './commands/compare.ts';
import { registerDetect } from './commands/detect.ts';
import { registerEval } from './commands/eval.ts';
import { registerModels } from './commands/models.ts';
import { registerServe } from './commands/serve.ts';
import { registerGallery } from './commands/gallery.ts';
import { registerDemo } from './commands/demo.ts';
import { registerAudit } from './commands/audit.ts';
import { registerSearch } from './commands/search.ts';
import { registerRetention } from './commands/retention.ts';
import { registerAssessments } from './commands/assessments.ts';
import { registerWorker } from './commands/worker.ts';
import { registerArchive } from './commands/archive.ts';
import { registerBackup } from './commands/backup.ts';

const json = process.argv.includes('--json');
const out = createOutput(json);
let ctx: CliContext | undefined;
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
  ctx = createCliContext(loadConfig(), out, {
    tokenFile: () => program.opts<{ tokenFile?: string }>().tokenFile,
  });
  registerDetect(program, ctx);
  registerCompare(program, ctx);
  registerModels(program, ctx);
  registerEval(program, ctx);
  registerGallery(program, ctx);
  registerDemo(program, ctx);
  registerAudit(program, ctx);
  registerSearch(program, ctx);
  registerRetention(program, ctx);
  registerAssessments(program, ctx);
  registerBackup(program, ctx);
  registerWorker(program, ctx);
  registerArchive(program, ctx);
  registerServe(program, ctx);
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) exitCode = err.exitCode === 0 ? 0 : 2;
  else exitCode = reportError(err, json);
} finally {
  await ctx?.close();
}
// A command may have set its own exit code (e.g. `models verify` finding a mismatch): keep it.
if (exitCode !== 0 || process.exitCode === undefined) process.exitCode = exitCode;
