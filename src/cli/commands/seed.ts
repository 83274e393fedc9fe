/**
 * `vigil seed`: a populated system in two minutes. Fills a FRESH instance (the configured data
 * directory or database; refused when any user or gallery subject exists) with sample data, every
 * piece of it named "Sample ..." and said to be sample data: a user for each role, a gallery of
 * faces cropped from the sample photographs `@vladmandic/face-api` ships (MIT), the DPIA, equality
 * impact assessment and policy a deployment links (R26) and the repository's bias report attested
 * by this instance's key (R27), a deployment drafted with its watchlist and a looping clip camera
 * in `<dataDir>/footage` (the first `live.cameraSources.fileRoots`), and a case with a probe and
 * a search made as the sample investigator. Then it prints how to start and sign in.
 *
 * How the users are made (the decision, issue 15): the seed is an offline administrative command
 * and runs as the local principal `local:<os user>` (principal.ts), never as a sample user. It
 * creates the users through the identity use cases, so each is audited (`user.created`) and each
 * password is one the seed chose: a one-time password, printed once, that must be changed at first
 * sign-in (must_change_password). The roles that reach biometric data wait for a second
 * administrator's approval (separation.ts); a fresh instance has none, and the seed will not
 * invent one, so it approves those sample grants itself as `local:<os user>`: an explicit act,
 * recorded per grant (`user.role-grant-approved` with `sample: true` and the waiver as its reason)
 * and as a whole (`seed.users-created`), in one transaction. Nothing is written around the audit
 * log, and nothing here may be used on an instance with real users: the freshness check refuses.
 */
import type { Command } from 'commander';
import { checkFfmpeg } from '../../live/demo-clip.ts';
import type { CliContext } from '../context.ts';
import { localActor } from '../principal.ts';
import { assertFreshInstance, seedInstance, type SeedSummary } from '../seed/seed-instance.ts';
import { cameraFolder, makeSampleClip } from '../seed/sample-live.ts';

export function registerSeed(program: Command, ctx: CliContext): void {
  program
    .command('seed')
    .description('fill a fresh instance with sample data (users for each role, gallery, deployment, case) to try Vigil')
    .action(async () => {
      const summary = await runSeed(ctx);
      ctx.out.result(summary, () => seedReport(summary, process.env));
    });
}

/** Seeds the context's instance (the command without its printing). */
export async function runSeed(ctx: CliContext): Promise<SeedSummary> {
  await checkFfmpeg(); // before anything is written: the clip camera needs it
  const engine = await ctx.engine();
  const services = await ctx.services(engine);
  await assertFreshInstance(services.database.db, ctx.config.dataDir);
  ctx.out.progress('vigil seed: making the sample clip');
  const clip = await makeSampleClip(cameraFolder(ctx.config));
  ctx.out.progress('vigil seed: users, gallery, assessments, deployment and case');
  return seedInstance({ config: ctx.config, engine, services, actor: localActor(), clip: clip.path });
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const row = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line, row(header), line, ...rows.map(row), line].join('\n');
}

/** What `vigil seed` prints: everything is sample data; how to start and sign in. */
export function seedReport(s: SeedSummary, env: NodeJS.ProcessEnv): string {
  // As `vigil serve` listens by default (server.ts listenAddress), without loading the HTTP stack here.
  const host = env['VIGIL_HOST'] ?? '127.0.0.1';
  const port = env['VIGIL_PORT'] ?? '8080';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  return [
    '',
    'Vigil: this instance now holds SAMPLE DATA (vigil seed). Nothing in it is a real person of interest,',
    'a real assessment or a real authorisation; the audit log records it all as sample data.',
    '',
    `  gallery      ${s.subjects.length} sample subjects (faces from @vladmandic/face-api's sample photographs)`,
    `  deployment   "${s.deployment.name}": a draft, watchlist of ${s.deployment.watchlist}, ` +
      `camera "${s.deployment.camera}"`,
    `  case         ${s.case.reference}: one probe, one search (${s.case.candidates} candidate(s))`,
    `  clip         ${s.clip}`,
    '',
    'Users (one-time passwords, shown only now: each must choose their own at first sign-in):',
    table(
      ['username', 'role', 'for', 'one-time password'],
      s.users.map((u) => [u.username, u.role, u.does, u.password]),
    ),
    '',
    `Start Vigil with the same configuration (data directory ${s.dataDir}) and sign in:`,
    '  npm start',
    `  open ${url} and sign in as any user above.`,
    '',
    'Tour: sample-planner sees the gallery and the draft deployment; sample-authoriser authorises it',
    '(a second person, R30); sample-operator takes it live and adjudicates the alerts from the clip;',
    'sample-investigator opens the case and reviews the search; sample-auditor reads the audit log.',
  ].join('\n');
}
