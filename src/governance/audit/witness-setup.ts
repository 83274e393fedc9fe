/**
 * The witness every Vigil process opens with its services (the server's roles and the command
 * line alike, so that every entry Vigil appends gets its line): the configured file, signed with
 * the audit signing key. Opening the key here also creates it on a fresh installation before
 * anything is audited. A process that cannot open the key (or has the witness turned off) runs
 * without a witness, with a warning: its entries will show as unwitnessed.
 */
import type { Queryable } from '../../db/database.ts';
import { openAuditWitness, type AuditWitness } from './audit-witness.ts';
import { openAuditSigningKey, signingKeyWarning } from './signing-key.ts';
import { witnessFileOf } from './witness-format.ts';

export interface WitnessConfig {
  readonly dataDir: string;
  readonly audit: {
    readonly keyFile?: string | undefined;
    readonly witnessFile?: string | false | undefined;
    readonly witnessSyslog?: string | undefined;
  };
}

/** Opens the configured witness, or null (with a warning) when there is none. */
export async function openConfiguredWitness(
  db: Queryable,
  config: WitnessConfig,
  warn: (message: string) => void = (m) => process.emitWarning(m, 'VigilAuditWarning'),
): Promise<AuditWitness | null> {
  const file = witnessFileOf(config);
  if (!file) return null;
  let key;
  try {
    key = await openAuditSigningKey(db, { dataDir: config.dataDir, keyFile: config.audit.keyFile });
  } catch (err) {
    warn(
      `no audit witness in this process (${err instanceof Error ? err.message : String(err)}): ` +
        'the entries it appends will show as unwitnessed',
    );
    return null;
  }
  const moved = signingKeyWarning(key, config.dataDir);
  if (moved) warn(moved);
  return openAuditWitness({
    db,
    key,
    file,
    syslog: config.audit.witnessSyslog,
    onError: (err) => warn(`audit witness: ${err instanceof Error ? err.message : String(err)}`),
  });
}
