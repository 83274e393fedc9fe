// The two-minute tour (issue 15) in a real browser: `vigil seed` fills a temporary instance, the
// real server starts on it, and each sample user signs in with the one-time password the seed
// printed, is made to choose their own (the console's change-password form), and finds every page
// their role sees populated: the gallery lists the sample subjects, deployments the draft, cases
// the sample case, the audit log its entries, reports and models render. One test per role.
// Screenshots: test-artifacts/browser/seed-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { runSeed } from '../../src/cli/commands/seed.ts';
import { createCliContext } from '../../src/cli/context.ts';
import { createOutput } from '../../src/cli/output.ts';
import { sampleUserSpecs, type SampleUser } from '../../src/cli/seed/sample-users.ts';
import { configSchema } from '../../src/app/config.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { chromiumPath, ensureWebBuilt, launchBrowser, openSession, password } from '../support/browser.ts';

ensureWebBuilt();
const skip = existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath}`;
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-browser-seed-'));
let server: RunningServer | undefined;
let browser: Browser | undefined;
let users: readonly SampleUser[] = [];

before(async () => {
  if (skip) return;
  const config = configSchema.parse({
    dataDir,
    workers: 2,
    audit: { anchorEveryMinutes: 0 },
    live: { pack: 'default', analysisFps: 4, minTrackFrames: 2 },
  });
  const ctx = createCliContext(config, createOutput(true));
  try {
    users = (await runSeed(ctx)).users;
  } finally {
    await ctx.close();
  }
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  [server, browser] = await Promise.all([
    startServer({
      host: '127.0.0.1',
      port: 0,
      config,
      env: {},
      handleSignals: false,
      logger: { level: 'warn', stream: quiet },
    }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What each page of the console must show on the seeded instance: its heading and its records. */
const pages: Readonly<Record<string, (main: Locator) => Promise<void>>> = {
  Gallery: async (main) => {
    await main.getByRole('heading', { name: 'Reference gallery', exact: true }).waitFor();
    await main.getByText('Sample person 01').first().waitFor();
  },
  Investigations: async (main) => {
    await main.getByRole('heading', { name: 'Investigations', exact: true }).waitFor();
    await main.getByText('SAMPLE-CASE-0001').first().waitFor();
  },
  Deployments: async (main) => {
    await main.getByRole('heading', { name: 'Deployments', exact: true }).waitFor();
    await main.getByText('Sample deployment: clip of sample photographs').first().waitFor();
  },
  Operator: async (main) => {
    await main.getByRole('heading', { name: 'Operator', exact: true }).waitFor();
  },
  Audit: async (main) => {
    await main.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    await main.locator('table.audit tbody tr').first().waitFor();
    assert.ok((await main.locator('table.audit tbody tr').count()) > 5, 'the audit log lists the seed entries');
  },
  Reports: async (main) => {
    await main.getByRole('heading', { name: 'Periodic report', exact: true }).waitFor();
    await main.getByRole('heading', { name: 'Totals', exact: true }).waitFor();
  },
  Users: async (main) => {
    await main.getByRole('heading', { name: 'Users and roles', exact: true }).waitFor();
    await main.getByTestId('users').waitFor();
  },
  Assessments: async (main) => {
    await main.getByRole('heading', { name: 'Assessments, bias reports and thresholds', exact: true }).waitFor();
    await main.getByRole('heading', { name: 'Match threshold', exact: true }).waitFor();
  },
  Models: async (main) => {
    await main.getByRole('heading', { name: 'Models', exact: true }).waitFor();
    await main.getByRole('heading', { name: 'Packs', exact: true }).waitFor();
  },
};

/** The pages each role must find (the others its nav shows are checked too). */
const expected: Readonly<Record<string, readonly string[]>> = {
  administrator: ['Models'],
  'watchlist-manager': ['Gallery', 'Deployments'],
  'authorising-officer': ['Deployments', 'Reports'],
  operator: ['Deployments', 'Operator'],
  'engagement-officer': ['Deployments', 'Operator'],
  investigator: ['Gallery', 'Investigations'],
  'rfr-supervisor': ['Gallery', 'Investigations', 'Reports'],
  auditor: ['Audit', 'Reports'],
};

/** Signs in with the one-time password and replaces it through the change-password form. */
async function firstSignIn(page: Page, u: SampleUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(u.username);
  await page.getByLabel('Password').fill(u.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose a new password', exact: true }).waitFor();
  await page.getByLabel('Current password').fill(u.password);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Change password' }).click();
  // The form has a Sign out button too: signed in is when the console's navigation shows.
  await page.getByRole('heading', { name: 'Choose a new password', exact: true }).waitFor({ state: 'detached' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().waitFor();
}

/**
 * The basics an operator relies on, on every page (issue 13): nothing wider than a 1280 px window,
 * and every control labelled (a label, aria-label or aria-labelledby; a button's text).
 */
async function checkBasics(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than a 1280px window`);
  const unlabelled = await page.evaluate<string[]>(`(() => {
    const visible = (el) => el.offsetParent !== null && el.type !== 'hidden';
    const named = (el) =>
      (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
      el.getAttribute('title');
    const controls = [...document.querySelectorAll('main input, main select, main textarea')].filter(visible);
    const buttons = [...document.querySelectorAll('main button')].filter(visible);
    return [
      ...controls.filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120)),
      ...buttons.filter((b) => !(b.textContent || '').trim() && !named(b)).map((b) => b.outerHTML.slice(0, 120)),
    ];
  })()`);
  assert.deepEqual(unlabelled, [], `${name}: every control has a label`);
}

for (const spec of sampleUserSpecs) {
  test(
    `seeded instance: ${spec.username} (${spec.role}) changes the one-time password and finds each page populated`,
    {
      skip,
      timeout: 60_000,
    },
    async () => {
      const u = users.find((x) => x.username === spec.username);
      assert.ok(u, `the seed made ${spec.username}`);
      const s = await openSession(browser!, server!.url);
      try {
        await s.page.setViewportSize({ width: 1280, height: 800 });
        await firstSignIn(s.page, u);
        const nav = s.page.getByRole('navigation', { name: 'Main' });
        const shown = (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
        for (const name of expected[spec.role] ?? []) assert.ok(shown.includes(name), `${spec.role} sees ${name}`);
        const main = s.page.locator('main');
        for (const name of shown) {
          const check = pages[name];
          assert.ok(check, `a check for the page ${name}`);
          await nav.getByRole('link', { name, exact: true }).click();
          await check(main);
          await checkBasics(s.page, `${spec.role} ${name}`);
          await s.shot(`seed-${spec.role}-${name.toLowerCase()}`);
        }
        assert.deepEqual(s.errors, [], 'no console errors');
      } catch (err) {
        await s.shot(`seed-${spec.role}-failure`).catch(() => undefined);
        throw err;
      } finally {
        await s.close();
      }
    },
  );
}
