/** An in-memory archive index for the unit specs (the rules of ArchiveRepository's SQL). */
import type { Insertable } from 'kysely';
import type { ArchiveStore } from '../../src/archive/archive.repository.ts';
import type { ArchiveBatchRow, ArchiveFacesTable, ArchiveFileRow } from '../../src/db/tables/archive.ts';

const keyOf = (k: { caseId: string; sha256: string }) => `${k.caseId}/${k.sha256}`;

export function memoryArchiveStore(): ArchiveStore & {
  batchRows: ArchiveBatchRow[];
  files: Map<string, ArchiveFileRow>;
  faces: Insertable<ArchiveFacesTable>[];
} {
  const batchRows: ArchiveBatchRow[] = [];
  const files = new Map<string, ArchiveFileRow>();
  const faces: Insertable<ArchiveFacesTable>[] = [];
  return {
    batchRows,
    files,
    faces,
    async insertFileIfAbsent(_q, f) {
      if (files.has(keyOf(f))) return false;
      files.set(keyOf(f), {
        case_id: f.caseId,
        file_sha256: f.sha256,
        batch_id: f.batchId,
        path: f.path,
        kind: f.kind,
        size_bytes: f.size,
        provenance: f.provenance,
        status: 'queued',
        reason: null,
        faces: 0,
        duration_ms: null,
        model_id: null,
        attempts: 0,
        queued_at: f.at,
        finished_at: null,
      });
      return true;
    },
    async file(_q, k) {
      return files.get(keyOf(k));
    },
    async noteAttempt(_q, k) {
      const f = files.get(keyOf(k));
      if (f?.status === 'queued') f.attempts++;
    },
    async finish(_q, k, r) {
      const f = files.get(keyOf(k));
      if (f?.status !== 'queued') return false;
      Object.assign(f, {
        status: r.status,
        reason: r.reason ?? null,
        faces: r.faces,
        duration_ms: r.durationMs ?? null,
        model_id: r.modelId ?? null,
        finished_at: r.at,
      });
      return true;
    },
    async insertFaces(_q, rows) {
      faces.push(...rows);
    },
    async statusCounts(_q, where) {
      const out = { queued: 0, done: 0, failed: 0, faces: 0 };
      for (const f of files.values()) {
        if (f.case_id !== where.caseId || (where.batchId && f.batch_id !== where.batchId)) continue;
        out[f.status]++;
        out.faces += f.faces;
      }
      return out;
    },
    async batches(_q, caseId) {
      return batchRows.filter((b) => b.case_id === caseId);
    },
    async batch(_q, caseId, batchId) {
      return batchRows.find((b) => b.case_id === caseId && b.id === batchId);
    },
    async failedFiles(_q, where) {
      return [...files.values()]
        .filter((f) => f.case_id === where.caseId && f.status === 'failed')
        .filter((f) => where.batchId === undefined || f.batch_id === where.batchId)
        .map((f) => ({ path: f.path, file_sha256: f.file_sha256, kind: f.kind, reason: f.reason }));
    },
    async facesPage() {
      return [];
    },
    async insertBatch(_q, batch) {
      batchRows.push({ ...batch });
    },
    async markScanned(_q, batchId, filesTotal, at) {
      const b = batchRows.find((x) => x.id === batchId);
      if (b) Object.assign(b, { files_total: filesTotal, scanned_at: at });
    },
  };
}
