// Governance and administration in the console, in Debian's Chromium against the real server
// (issue 13; R14, R26, R27, R29, R30): an administrator creates a user with a biometric role, a
// second administrator approves the grant, the new user replaces the temporary password and issues
// their own API token; assessments and bias reports are listed, an unsigned report is refused in
// words, and a threshold change is refused until an attested report covers it; the audit table
// filters by action. Screenshots at 1440x900 (docs/screenshots/ with VIGIL_DOCS_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { attestRepositoryReportForDemo } from '../../src/governance/assessments/demo-attestation.ts';
import { evalSigningKeyFile } from '../../src/governance/assessments/eval-signing-key.ts';
import {
  artifactsDir,
  ensureWebBuilt,
  launchBrowser,
  missingPrerequisite,
  openSession,
  password,
  signIn,
  startConsole,
  type Session,
  type TestConsole,
} from '../support/browser.ts';

ensureWebBuilt();
const skip = missingPrerequisite();
let vigil: TestConsole;
let browser: Browser;
let files: string;

const reportFile = join(process.cwd(), 'reports', 'demographics-faceapi-resnet-c2cf51e45a1f.json');
const temporary = `${password}-temporary`;
const docsDir = process.env['VIGIL_DOCS_SCREENSHOTS'] ? join(process.cwd(), 'docs', 'screenshots') : undefined;

async function post(path: string, body: unknown, s?: { cookie: string; csrfToken: string }): Promise<Response> {
  return fetch(`${vigil.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : {}) },
    body: JSON.stringify(body),
  });
}

async function login(username: string, pw: string): Promise<{ cookie: string; csrfToken: string }> {
  const r = await post('/v1/auth/login', { username, password: pw });
  assert.equal(r.status, 200, `login ${username}: ${await r.clone().text()}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken };
}

before(async () => {
  if (skip) return;
  [vigil, browser] = await Promise.all([startConsole(), launchBrowser()]);
  files = mkdtempSync(join(tmpdir(), 'vigil-admin-'));
  // The first administrator, then (while sole administrator, so granted at once) a second one and an auditor.
  const setup = await post('/v1/setup', {
    token: vigil.setupToken(),
    username: 'ada',
    password,
    displayName: 'Ada Admin',
  });
  assert.equal(setup.status, 201, await setup.text());
  const ada = await login('ada', password);
  for (const [username, displayName, roles] of [
    ['bob', 'Bob Second', ['administrator']],
    ['audrey', 'Audrey Auditor', ['auditor']],
  ] as const) {
    const r = await post('/v1/users', { username, displayName, roles, password: temporary }, ada);
    assert.equal(r.status, 201, await r.text());
    const s = await login(username, temporary);
    const c = await post('/v1/auth/password', { currentPassword: temporary, newPassword: password }, s);
    assert.equal(c.status, 204, await c.text());
  }
});
after(async () => {
  await browser?.close();
  await vigil?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

async function inSession(name: string, body: (s: Session) => Promise<void>, expectedRefusals: RegExp[] = []) {
  const s = await openSession(browser, vigil.url, { expectedRefusals });
  try {
    await body(s);
    assert.deepEqual(s.errors, [], 'no console errors');
  } catch (err) {
    await s.shot(`${name}-failure`).catch(() => undefined);
    throw err;
  } finally {
    await s.close();
  }
}

/** No sideways scrolling at 1280 px; then a 1440x900 screenshot for the docs. */
async function docShot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.setViewportSize({ width: 1280, height: 720 });
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than a 1280px window`);
  await page.setViewportSize({ width: 1440, height: 900 });
  mkdirSync(join(artifactsDir, 'docs'), { recursive: true });
  await page.screenshot({ path: join(artifactsDir, 'docs', `${name}.png`) });
  if (docsDir) {
    mkdirSync(docsDir, { recursive: true });
    await page.screenshot({ path: join(docsDir, `${name}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test(
  'R30: an administrator creates a user whose biometric role waits for a second administrator',
  { skip },
  async () => {
    await inSession('admin-01-create', async ({ page }) => {
      await signIn(page, 'ada');
      await nav(page).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users and roles' }).waitFor();
      const form = page.getByRole('form', { name: 'Create a user' });
      await form.getByLabel('Username').fill('ivy');
      await form.getByLabel('Display name').fill('Ivy Investigator');
      await form.getByLabel('Temporary password').fill(temporary);
      await form.getByRole('checkbox', { name: /^Investigator/ }).check();
      await form.getByRole('button', { name: 'Create user' }).click();
      const done = page.getByRole('status').filter({ hasText: 'Created Ivy Investigator' });
      await done.waitFor();
      assert.match(await done.innerText(), /Waiting for a second administrator: Investigator/);
      assert.match(await done.innerText(), /temporary/);
      // The grant is listed with who asked; the one who asked cannot decide it.
      const grants = page.getByTestId('pending-grants');
      await grants.getByRole('row', { name: /Ivy Investigator/ }).waitFor();
      assert.match(await grants.innerText(), /Ada Admin/);
      assert.match(await grants.innerText(), /You asked for this grant/);
      assert.equal(await grants.getByRole('button', { name: /Approve/ }).count(), 0);
      // Nobody changes their own roles.
      await page.getByRole('button', { name: 'Ada Admin' }).click();
      await page.getByText('Nobody changes their own roles').waitFor();
      await page.getByRole('button', { name: 'Ivy Investigator' }).click();
      await page.getByTestId('user-detail').getByRole('heading', { name: 'Ivy Investigator' }).waitFor();
      await page.getByRole('button', { name: 'Ivy Investigator' }).click();
      await docShot(page, 'users');
    });
  },
);

test('R30: a second administrator approves the grant', { skip }, async () => {
  await inSession('admin-02-approve', async ({ page }) => {
    await signIn(page, 'bob');
    await nav(page).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Approve the grant for Ivy Investigator' }).click();
    await page.getByText('No role grants are waiting.').waitFor();
    const row = page.getByTestId('users').getByRole('row', { name: /Ivy Investigator/ });
    await row.getByText('Investigator', { exact: true }).waitFor();
    assert.doesNotMatch(await row.innerText(), /awaiting approval/);
  });
});

test('the new user replaces the temporary password and issues their own API token', { skip }, async () => {
  await inSession('admin-03-token', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Username').fill('ivy');
    await page.getByLabel('Password').fill(temporary);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('Current password').fill(temporary);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('New password again').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ivy Investigator' }).waitFor();
    await page
      .getByRole('link', { name: /Ivy Investigator/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'My API tokens' }).waitFor();
    await page.getByLabel('Token name').fill('investigation laptop');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const shown = page.getByTestId('token-secret');
    await shown.waitFor();
    assert.match(await shown.innerText(), /shown this once/);
    assert.match(await shown.innerText(), /VIGIL_TOKEN/);
    const secret = (await shown.getByLabel('The new token').innerText()).trim();
    await page
      .getByTestId('tokens')
      .getByRole('row', { name: /investigation laptop/ })
      .waitFor();
    // The token acts as Ivy, with the role the second administrator approved.
    const me = await fetch(`${vigil.url}/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200);
    const body = (await me.json()) as { user: { username: string }; roles: string[] };
    assert.equal(body.user.username, 'ivy');
    assert.deepEqual(body.roles, ['investigator']);
  });
});

test(
  'R26, R27, R14: assessments and attested bias reports are listed; a threshold needs a covering report',
  { skip },
  async () => {
    await inSession(
      'admin-04-assessments',
      async ({ page }) => {
        await signIn(page, 'ada');
        await nav(page).getByRole('link', { name: 'Assessments' }).click();
        await page.getByRole('heading', { name: 'Assessments, bias reports and thresholds' }).waitFor();
        const record = page.getByRole('form', { name: 'Record an approved version' });
        await record.getByLabel('Kind').selectOption('dpia');
        await record.getByLabel('Version').fill('DPIA 4');
        await record.getByLabel('Title').fill('DPIA for overt LFR at transport hubs');
        await record.getByLabel('Approved by').fill('Chief Constable');
        await record.getByLabel('Approved on').fill('2026-01-05T10:00');
        await record.getByLabel('Summary').fill('Overt LFR at two stations; watchlists under 1,000 entries.');
        await record.getByRole('button', { name: 'Record assessment' }).click();
        await page.getByRole('status').filter({ hasText: 'Recorded Data protection impact assessment' }).waitFor();
        await page
          .getByTestId('assessments')
          .getByRole('row', { name: /DPIA 4/ })
          .waitFor();

        // A threshold no stored report measured is refused, in words.
        const change = page.getByRole('form', { name: 'Set a stricter threshold' });
        await change.getByLabel('New threshold').fill('0.9880');
        await change.getByLabel('Reason for the change').fill('fewer false alerts at the station deployments');
        await change.getByRole('button', { name: /Change the threshold/ }).click();
        await change.getByRole('alert').filter({ hasText: 'No current, verified bias report' }).waitFor();

        // The repository's report as it is (no attestation) is refused; the one signed here is stored.
        const store = page.getByRole('form', { name: 'Store a signed report' });
        await store.getByLabel('Report file').setInputFiles(reportFile);
        await store.getByRole('button', { name: 'Store report' }).click();
        await store.getByRole('alert').filter({ hasText: 'This report has no attestation' }).waitFor();
        const signed = join(files, 'demographics-signed.json');
        writeFileSync(
          signed,
          JSON.stringify(
            attestRepositoryReportForDemo(reportFile, readFileSync(reportFile), evalSigningKeyFile(vigil.dataDir)),
          ),
        );
        await store.getByLabel('Report file').setInputFiles(signed);
        await store.getByRole('button', { name: 'Store report' }).click();
        await page.getByRole('status').filter({ hasText: 'its attestation verified' }).waitFor();
        await page.getByTestId('bias-reports').getByText('Verified', { exact: true }).waitFor();

        // Now the measured point is accepted, with its reason on record.
        await change.getByRole('button', { name: /^0\.9880/ }).click();
        await change.getByRole('button', { name: /Change the threshold from .* to 0\.9880/ }).click();
        await page.getByRole('status').filter({ hasText: 'is now 0.9880' }).waitFor();
        await page
          .getByTestId('threshold-history')
          .getByText('fewer false alerts at the station deployments')
          .waitFor();
        assert.match(await page.getByTestId('threshold-in-force').innerText(), /0\.9880/);
        await docShot(page, 'assessments');
        await nav(page).getByRole('link', { name: 'Models' }).click();
        await page.getByRole('heading', { name: 'Packs' }).waitFor();
        await docShot(page, 'models');
      },
      [/\/v1\/thresholds$/, /\/v1\/bias-reports$/],
    );
  },
);

test('R29: the audit table reads as words and filters by action', { skip }, async () => {
  await inSession('admin-05-audit', async ({ page }) => {
    await signIn(page, 'audrey');
    await nav(page).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByTestId('chain-status').filter({ hasText: 'Chain intact' }).waitFor();
    await page.getByLabel('Action').selectOption({ label: 'Threshold changed' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .locator('table.audit caption')
      .filter({ hasText: /of 1, newest first/ })
      .waitFor();
    const rows = page.locator('table.audit tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /Ada Admin[\s\S]*Threshold changed[\s\S]*Done[\s\S]*Model/);
    await page.getByRole('button', { name: /Show the details of entry/ }).click();
    const details = page.locator('tr.audit-details');
    await details.getByText('fewer false alerts at the station deployments').waitFor();
    assert.match(await details.innerText(), /Reason/);
    // Another action: the role grant Bob approved, by his display name.
    await page.getByLabel('Action').selectOption({ label: 'Role grant approved' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('table.audit tbody tr').filter({ hasText: 'Bob Second' }).waitFor();
    await page.getByLabel('Action').selectOption({ label: 'Any action' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .locator('table.audit caption')
      .filter({ hasText: /Entries 1 to/ })
      .waitFor();
    await docShot(page, 'audit');
    await nav(page).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Totals' }).waitFor();
    await page.getByTestId('bias-report').first().waitFor();
    await docShot(page, 'reports');
  });
});
