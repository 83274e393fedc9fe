// The gallery index over a real database (SQLite and PostgreSQL): built from sealed templates,
// saved sealed, reloaded, reconciled after a crash between a commit and a save, rebuilt when corrupt.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { l2Normalise } from '../faces/template.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { openGalleryIndex, templateContext } from './gallery-index.ts';
import { galleryRepository } from './gallery.repository.ts';

const modelId = 'test-model-000000000000';
const dims = 16;

function vector(seed: number): Float32Array {
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) v[i] = Math.sin(seed * 7.1 + i * 1.3);
  return l2Normalise(v);
}

for (const target of testDatabases()) {
  describe(`gallery index on ${target.name}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-index-'));
    after(() => rmSync(dataDir, { recursive: true, force: true }));

    it('follows the database through saves, a crash and a corrupt file', async () => {
      const database = await target.open();
      const cipher = new ByteCipher(randomBytes(32));
      const { db } = database;
      const now = new Date().toISOString();
      const insert = async (n: number): Promise<number> => {
        const id = `s${n}`;
        await galleryRepository.insertSubject(db, {
          id,
          reference: id,
          display_name: id,
          category: null,
          date_of_birth: null,
          created_at: now,
          created_by: 't',
        });
        await galleryRepository.insertImage(db, {
          id: `i${n}`,
          subject_id: id,
          media_id: 'm',
          sha256: 'h',
          width: 1,
          height: 1,
          format: 'jpeg',
          source: 's',
          legal_basis: 'l',
          capture_date: null,
          added_by: 't',
          reason: 'r',
          quality_json: '{}',
          import_key: null,
          created_at: now,
        });
        return galleryRepository.insertTemplate(db, {
          imageId: `i${n}`,
          subjectId: id,
          modelId,
          vectorSealed: cipher.sealVector(vector(n), templateContext(modelId)),
          createdAt: now,
        });
      };
      const open = () => openGalleryIndex({ db, cipher, dataDir, modelId, dimensions: dims, saveEveryMs: 0 });
      try {
        const keys = [await insert(1), await insert(2), await insert(3)];
        const first = await open();
        assert.equal(first.opened, 'rebuilt');
        assert.equal(first.index.size, 3);
        assert.equal(first.index.search(vector(2), 1)[0]?.key, keys[1]);
        await first.close();

        const second = await open();
        assert.equal(second.opened, 'loaded');
        assert.equal(second.index.size, 3);
        // A crash: the database changes, the index is never saved.
        const k4 = await insert(4);
        await galleryRepository.deleteSubject(db, 's1');
        await second.index.close();

        const third = await open();
        assert.equal(third.opened, 'reconciled');
        assert.ok(third.index.has(k4) && !third.index.has(keys[0]!));
        assert.equal(third.index.search(vector(4), 1)[0]?.key, k4);
        await third.close();

        const dir = join(dataDir, 'index', modelId);
        for (const f of readdirSync(dir)) writeFileSync(join(dir, f), 'garbage');
        const fourth = await open();
        assert.equal(fourth.opened, 'rebuilt');
        assert.ok(fourth.reason);
        assert.equal(fourth.index.size, 3);
        await fourth.close();
      } finally {
        await database.close();
      }
    });
  });
}
