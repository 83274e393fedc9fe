// The console's API types (web/src/api/schema.d.ts) are generated from the OpenAPI document and
// committed; this fails when a route schema changed without `npm run api:types`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { schemaTypes, schemaTypesPath } from '../../scripts/openapi.ts';

test('the committed web API types match the API (npm run api:types regenerates them)', async () => {
  const committed = readFileSync(schemaTypesPath, 'utf8');
  assert.ok(committed === (await schemaTypes()), `${schemaTypesPath} is stale: run npm run api:types and commit it`);
});
