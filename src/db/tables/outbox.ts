/**
 * The job outbox (issue 14): a job to queue, written in the same transaction as the change that
 * calls for it (an archive batch, a file of a batch), and moved to the queue by the relay
 * (outbox.ts). Merged into VigilSchema; same conventions as the rest (ISO text times, JSON text).
 */
export interface JobOutboxTable {
  /** The job's id in the queue: the idempotency key, so relaying a row twice queues it once. */
  id: string;
  /** A job name of the catalogue (src/jobs/catalogue.ts). */
  name: string;
  payload_json: string;
  created_at: string;
  /** When the queue accepted it; null while it waits to be relayed (again, after a restart). */
  relayed_at: string | null;
  /** Relay attempts that failed (the queue unreachable, a payload the catalogue refuses). */
  attempts: number;
  last_error: string | null;
}

export interface OutboxTables {
  job_outbox: JobOutboxTable;
}
