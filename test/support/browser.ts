/**
 * Browser test support: the real server (startServer, real face engine, temp data directory)
 * with the web console, Debian's Chromium driven by playwright-core, users made through the API,
 * screenshots into test-artifacts/browser/, and a console-error collector that fails a test on
 * any error the page logs.
 *
 * The console must be served from the API's own origin (SameSite=Strict cookie, CSP 'self'). When
 * app.ts registers webRoutes, the server serves it itself. Until then, a same-origin front is
 * put before it here: API paths are piped through to the server (streaming, so server-sent events
 * work), everything else goes to a Fastify instance with only webRoutes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { configSchema } from '../../src/app/config.ts';
import { assertPermissionDeclared } from '../../src/http/route-permission.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { defaultWebRoot, webRoutes } from '../../src/http/web.routes.ts';
import { sharedPath } from '../../src/shared/paths.ts';
import { attestRepositoryReportForDemo } from '../../src/governance/assessments/demo-attestation.ts';
import { evalSigningKeyFile } from '../../src/governance/assessments/eval-signing-key.ts';

export const chromiumPath = process.env['VIGIL_CHROMIUM'] ?? '/usr/bin/chromium';
export const artifactsDir = join(process.cwd(), 'test-artifacts', 'browser');
export const password = 'amber-kestrel-lantern-91';

export const lfwPath = (name: string, n: number): string =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`);

/** Why the browser suite cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium; .ci/run does)`;
  if (!existsSync(join(defaultWebRoot, 'index.html'))) return 'the web console is not built (npm run build:web)';
  if (!existsSync(lfwPath('Colin_Powell', 1))) return 'no LFW images in ../shared/data/lfw';
  return undefined;
}

/** Makes sure web/dist exists (a fresh checkout where `npm install` ran builds it already). */
export function ensureWebBuilt(): void {
  if (!existsSync(join(defaultWebRoot, 'index.html'))) {
    execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  }
}

export interface TestConsole {
  readonly url: string;
  readonly server: RunningServer;
  readonly dataDir: string;
  /** The server's one `archive.roots` folder: what the console may ingest lies under it. */
  readonly archiveRoot: string;
  /** The one-time setup token the server printed. */
  readonly setupToken: () => string;
  close(): Promise<void>;
}

/** A same-origin front: API paths to the server, the rest to a webRoutes-only app. */
async function front(apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const web: FastifyInstance = Fastify({ logger: false });
  web.addHook('onRoute', assertPermissionDeclared);
  await web.register(securityHeaders, { hsts: false });
  await web.register(webRoutes);
  await web.listen({ host: '127.0.0.1', port: 0 });
  const webUrl = `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
  const api = new URL(apiUrl);
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const toApi = /^\/(v1(\/|$)|openapi\.json|health|ready)/.test(path);
    const target = new URL(path, toApi ? api : webUrl);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // A browser that goes away (a closed page, a closed event stream) ends the upstream request too.
    res.on('close', () => upstream.destroy());
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await web.close();
    },
  };
}

export async function startConsole(): Promise<TestConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-browser-'));
  const archiveRoot = mkdtempSync(join(tmpdir(), 'vigil-browser-evidence-'));
  let token = '';
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const m = /one-time token (\S+)/.exec(chunk.toString());
      if (m?.[1]) token = m[1];
      done();
    },
  });
  const config = configSchema.parse({
    dataDir,
    workers: 2,
    audit: { anchorEveryMinutes: 0 },
    // One engine for gallery and cameras (the default-tiny live pack would start a second one).
    live: { pack: 'default', analysisFps: 4, minTrackFrames: 2 },
    archive: { roots: [archiveRoot] },
    // Secure cookies stay on: Chromium keeps them for http://127.0.0.1, a secure context.
  });
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    config,
    env: {},
    handleSignals: false,
    logger: { level: 'warn', stream: log },
  });
  const served = server.app.hasRoute({ method: 'GET', url: '/*' });
  const proxy = served ? undefined : await front(server.url);
  return {
    url: proxy?.url ?? server.url,
    server,
    dataDir,
    archiveRoot,
    setupToken: () => token,
    async close() {
      await proxy?.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(archiveRoot, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far (expected ones filtered out). */
  readonly errors: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh browser context at 1280x720. Expected network refusals are not errors: the 401 of
 * GET /v1/me before anyone has signed in, refusals the test provokes on purpose
 * (`expectedRefusals`, by URL), and (`allowNetworkFailures`) requests the test itself blocks to
 * play an API outage. Everything else the page logs as an error fails the test.
 */
export async function openSession(
  browser: Browser,
  baseURL: string,
  o: { allowNetworkFailures?: boolean; expectedRefusals?: readonly RegExp[] } = {},
): Promise<Session> {
  mkdirSync(artifactsDir, { recursive: true });
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    const text = m.text();
    if (/status of 401/.test(text) && url.endsWith('/v1/me')) return;
    if (/Failed to load resource: the server responded/.test(text) && o.expectedRefusals?.some((r) => r.test(url)))
      return;
    if (o.allowNetworkFailures && /net::ERR_(FAILED|CONNECTION_REFUSED|INTERNET_DISCONNECTED)/.test(text)) return;
    errors.push(`${text} (${url})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return {
    context,
    page,
    errors,
    shot: async (name) => {
      await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/** Signs in through the login page. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A password an administrator sets: the user must replace it at first sign-in (issue 12). */
const temporaryPassword = `${password}-temporary`;

async function apiLogin(baseURL: string, username: string, pw: string): Promise<{ cookie: string; csrfToken: string }> {
  const login = await fetch(`${baseURL}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: pw }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** Signs in with the temporary password an administrator set and replaces it with `password`. */
async function chooseOwnPassword(baseURL: string, username: string): Promise<{ cookie: string; csrfToken: string }> {
  const s = await apiLogin(baseURL, username, temporaryPassword);
  const r = await fetch(`${baseURL}/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    body: JSON.stringify({ currentPassword: temporaryPassword, newPassword: password }),
  });
  if (r.status !== 204) throw new Error(`change password of ${username}: ${r.status} ${await r.text()}`);
  return s;
}

/**
 * An administrator's API session from Node: the test's users, the assessments a deployment links
 * (R26) and the stored bias report of the model in use (R27, the repository's own report). Roles
 * that reach biometric data need a second administrator's approval, so a second one (`approver`)
 * is appointed to approve them; every user then replaces the password the administrator set.
 */
export async function adminSetup(
  baseURL: string,
  admin: string,
  users: readonly { username: string; roles: string[] }[],
  assessments: readonly { kind: 'dpia' | 'eia' | 'policy'; version: string }[],
  dataDir: string,
): Promise<void> {
  const { cookie, csrfToken } = await apiLogin(baseURL, admin, password);
  const create = async (username: string, roles: readonly string[]) => {
    const r = await fetch(`${baseURL}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ username, displayName: username, roles, password: temporaryPassword }),
    });
    if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${await r.text()}`);
  };
  await create('approver', ['administrator']);
  for (const u of users) await create(u.username, u.roles);
  const approver = await chooseOwnPassword(baseURL, 'approver');
  const approverHeaders = { cookie: approver.cookie, 'x-csrf-token': approver.csrfToken };
  const pending = await fetch(`${baseURL}/v1/users/grants`, { headers: { cookie: approver.cookie } });
  for (const g of ((await pending.json()) as { grants: { id: string }[] }).grants) {
    const r = await fetch(`${baseURL}/v1/users/grants/${g.id}/approve`, { method: 'POST', headers: approverHeaders });
    if (r.status !== 200) throw new Error(`approve grant ${g.id}: ${r.status} ${await r.text()}`);
  }
  for (const u of users) await chooseOwnPassword(baseURL, u.username);
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
  };
  for (const a of assessments) {
    await post('/v1/assessments', {
      ...a,
      title: `${a.kind.toUpperCase()} for overt LFR`,
      summary: 'approved for the test deployment',
      approvedBy: 'chief constable',
      approvedAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
  }
  const reports = join(process.cwd(), 'reports');
  // Only attested reports count (R27): the repository's report, signed with this server's evaluation key.
  for (const name of readdirSync(reports).filter((n) => /^demographics-.*\.json$/.test(n))) {
    const file = join(reports, name);
    await post(
      '/v1/bias-reports',
      attestRepositoryReportForDemo(file, readFileSync(file), evalSigningKeyFile(dataDir)),
    );
  }
}

/** A short H.264 clip of LFW faces shown in turn, as a camera would send (cf. test/live-rtsp.test.ts). */
export function makeClip(path: string, shown: readonly string[], seconds = 1.5): void {
  execFileSync('ffmpeg', [
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    ...shown.flatMap((f) => ['-loop', '1', '-t', String(seconds), '-i', f]),
    '-filter_complex',
    `${shown.map((_, i) => `[${i}:v]scale=500:500,setsar=1,fps=25[v${i}]`).join(';')};${shown.map((_, i) => `[v${i}]`).join('')}concat=n=${shown.length}:v=1:a=0[out]`,
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '25',
    path,
  ]);
}
