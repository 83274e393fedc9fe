/**
 * The CLI's commands, each loaded only when it runs (issue 15: `vigil --help` under a second).
 *
 * A command's module imports what its action needs (the database, the HTTP server, the engine),
 * so loading all of them costs most of a second before anything happens. `main.ts` therefore
 * loads only the module of the command named on the command line. The root help (`vigil`,
 * `vigil --help`, an unknown command) needs every command's name, usage and description: the
 * build writes them to `command-manifest.json` beside the compiled main.js, and the root help is
 * drawn from that; without a manifest (running the sources through tsx) every module is loaded,
 * as before. To add a command: its name in `commandTable` (the order is the help's order); a
 * test checks that each module registers exactly the names listed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from './context.ts';

type Register = (program: Command, ctx: CliContext) => void;

export interface CommandEntry {
  /** The top-level commands the module registers (backup.ts registers `backup` and `restore`). */
  readonly names: readonly string[];
  readonly load: () => Promise<Register>;
}

export const commandTable: readonly CommandEntry[] = [
  { names: ['detect'], load: async () => (await import('./commands/detect.ts')).registerDetect },
  { names: ['compare'], load: async () => (await import('./commands/compare.ts')).registerCompare },
  { names: ['models'], load: async () => (await import('./commands/models.ts')).registerModels },
  { names: ['eval'], load: async () => (await import('./commands/eval.ts')).registerEval },
  { names: ['gallery'], load: async () => (await import('./commands/gallery.ts')).registerGallery },
  { names: ['demo'], load: async () => (await import('./commands/demo.ts')).registerDemo },
  { names: ['seed'], load: async () => (await import('./commands/seed.ts')).registerSeed },
  { names: ['audit'], load: async () => (await import('./commands/audit.ts')).registerAudit },
  { names: ['search'], load: async () => (await import('./commands/search.ts')).registerSearch },
  { names: ['retention'], load: async () => (await import('./commands/retention.ts')).registerRetention },
  { names: ['assessments'], load: async () => (await import('./commands/assessments.ts')).registerAssessments },
  { names: ['backup', 'restore'], load: async () => (await import('./commands/backup.ts')).registerBackup },
  { names: ['worker', 'jobs'], load: async () => (await import('./commands/worker.ts')).registerWorker },
  { names: ['archive'], load: async () => (await import('./commands/archive.ts')).registerArchive },
  { names: ['serve'], load: async () => (await import('./commands/serve.ts')).registerServe },
];

/** What the root help shows of a command. */
const summarySchema = z.object({ name: z.string(), term: z.string(), description: z.string() });
export type CommandSummary = z.infer<typeof summarySchema>;
const manifestSchema = z.object({ commands: z.array(summarySchema) });

/** Global options that take a value (their value is not a command name). */
const valueOptions = new Set(['--token-file']);

/**
 * The command named on the command line (`vigil [global options] <command> ...`, or
 * `vigil help <command>`), if it is one of `commandTable`; otherwise undefined (root help, or an
 * unknown command for commander to report).
 */
export function commandNamed(args: readonly string[]): CommandEntry | undefined {
  const positional: string[] = [];
  for (let i = 0; i < args.length && positional.length < 2; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (valueOptions.has(a)) i++;
    else if (!a.startsWith('-')) positional.push(a);
  }
  const name = positional[0] === 'help' ? positional[1] : positional[0];
  return name === undefined ? undefined : commandTable.find((c) => c.names.includes(name));
}

export async function registerAll(program: Command, ctx: CliContext): Promise<void> {
  const registers = await Promise.all(commandTable.map((c) => c.load()));
  for (const register of registers) register(program, ctx);
}

/** Name, usage term and description of each registered command, as the root help prints them. */
export function commandSummaries(program: Command): CommandSummary[] {
  const help = program.createHelp();
  return program.commands.map((c) => ({
    name: c.name(),
    term: help.subcommandTerm(c),
    description: help.subcommandDescription(c),
  }));
}

export async function writeCommandManifest(file: URL | string, program: Command): Promise<void> {
  await writeFile(file, JSON.stringify({ commands: commandSummaries(program) }, null, 2) + '\n');
}

/** The build's manifest, or undefined where there is none (the sources) or it is unreadable. */
export async function readCommandManifest(file: URL | string): Promise<CommandSummary[] | undefined> {
  try {
    return manifestSchema.parse(JSON.parse(await readFile(file, 'utf8'))).commands;
  } catch {
    return undefined;
  }
}

/**
 * Registers stand-ins that carry only what the root help shows. They never run: a command named
 * on the command line is loaded for real (`commandNamed`).
 */
export function registerSummaries(program: Command, summaries: readonly CommandSummary[]): void {
  const terms = new Map(summaries.map((s) => [s.name, s.term]));
  const plain = program.createHelp();
  for (const s of summaries) program.command(s.name).description(s.description);
  program.configureHelp({ subcommandTerm: (c) => terms.get(c.name()) ?? plain.subcommandTerm(c) });
}

/**
 * Registers what this command line needs: the named command alone, else the manifest's
 * stand-ins for the root help, else (no manifest) every command.
 */
export async function registerForArgs(
  program: Command,
  ctx: CliContext,
  args: readonly string[],
  manifest: URL | string,
): Promise<void> {
  const named = commandNamed(args);
  if (named) {
    (await named.load())(program, ctx);
    return;
  }
  const summaries = await readCommandManifest(manifest);
  const listed = commandTable.flatMap((c) => c.names);
  const matches = summaries?.length === listed.length && summaries.every((s, i) => s.name === listed[i]);
  if (summaries && matches) registerSummaries(program, summaries);
  else await registerAll(program, ctx);
}
