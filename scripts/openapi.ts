/**
 * The API's OpenAPI document and the web console's TypeScript types generated from it, without a
 * running server: the app is built in-process with stand-in dependencies (routes only read them
 * when a request arrives, and none does), then openapi-typescript turns the document into
 * `web/src/api/schema.d.ts`, formatted with the project's prettier settings.
 *
 *   npm run api:types            # regenerate web/src/api/schema.d.ts (commit the result)
 *   npm run api:types -- --check # exit 1 when the committed file is stale
 *
 * The generated file is committed, so building the console (and CI) never needs this script;
 * test/browser/api-types.test.ts fails when the committed types no longer match the API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';
import { configSchema } from '../src/app/config.ts';
import { identityConfig } from '../src/governance/identity/identity.config.ts';
import { buildApp, type AppDeps } from '../src/http/app.ts';
import { fakeEngine } from '../test/support/http.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';

export const schemaTypesPath = fileURLToPath(new URL('../web/src/api/schema.d.ts', import.meta.url));

/**
 * A stand-in whose every property is another stand-in: registering routes may reach into a
 * dependency, but nothing is called until a request comes (and `then` is absent, so awaiting
 * one does not hang).
 */
function stub(): never {
  const handler: ProxyHandler<() => void> = {
    get: (_t, key) => (key === 'then' ? undefined : proxy),
    apply: () => proxy,
  };
  const proxy: unknown = new Proxy(() => undefined, handler);
  return proxy as never;
}

/** The OpenAPI document, exactly as GET /openapi.json serves it. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-openapi-'));
  try {
    const config = configSchema.parse({ dataDir });
    const deps: AppDeps = {
      engine: fakeEngine(() => {
        throw new Error('no engine in the document builder');
      }),
      config,
      calibrations: () => ({ models: {} }),
      registry: new ModelRegistry({ root: join(dataDir, 'models') }),
      models: { get: async () => undefined },
      identity: { ...(stub() as object), config: identityConfig() } as AppDeps['identity'],
      services: stub(),
      auditPublicKey: undefined,
    };
    const app = await buildApp(deps);
    try {
      const r = await app.inject({ method: 'GET', url: '/openapi.json' });
      if (r.statusCode !== 200) throw new Error(`GET /openapi.json answered ${r.statusCode}: ${r.body}`);
      return r.json() as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of web/src/api/schema.d.ts for the current API. */
export async function schemaTypes(): Promise<string> {
  const doc = await openApiDocument();
  const ast = await openapiTS(doc as never, { alphabetize: true });
  const header =
    "/**\n * Generated from the API's OpenAPI document by `npm run api:types` (scripts/openapi.ts).\n" +
    ' * Do not edit by hand: change the route schemas and regenerate.\n */\n\n';
  const options = (await prettier.resolveConfig(schemaTypesPath)) ?? {};
  return prettier.format(header + astToString(ast), { ...options, filepath: schemaTypesPath });
}

async function main(argv: readonly string[]): Promise<number> {
  const text = await schemaTypes();
  let current = '';
  try {
    current = readFileSync(schemaTypesPath, 'utf8');
  } catch {
    // not generated yet
  }
  if (argv.includes('--check')) {
    if (current === text) return 0;
    console.error(`${schemaTypesPath} is stale: run npm run api:types and commit the result`);
    return 1;
  }
  if (current !== text) writeFileSync(schemaTypesPath, text);
  console.log(`${current === text ? 'unchanged' : 'wrote'} ${schemaTypesPath}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
