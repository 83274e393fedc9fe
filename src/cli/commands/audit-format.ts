/** How the `vigil audit` commands print what they checked and found (R29). */
import type { AuditAnchor } from '../../governance/audit/audit-anchors.ts';
import type { VerifyResult } from '../../governance/audit/audit-verify.ts';

/** `, 2 witnessed late (acknowledged by local:root in entry #6)` */
export function lateSummary(w: NonNullable<VerifyResult['witness']>): string {
  if (w.lateCount === 0) return '';
  const by = [...new Set(w.late.map((l) => `${l.by} in entry #${l.ack}`))];
  return `, ${w.lateCount} witnessed late (acknowledged by ${by.join('; ')}${w.lateCount > w.late.length ? '; ...' : ''})`;
}

/** What was compared, one line each. */
export function verifySummary(r: VerifyResult, witnessFiles: string[], missingTriggers: string[]): string[] {
  const w = r.witness;
  return [
    `chain: ${r.entries} entries intact` + (r.head ? ` (head #${r.head.seq} ${r.head.hash})` : ''),
    `anchors: ${r.anchors.checked} signed anchor(s) checked against the chain` +
      (r.anchors.latest ? `, latest covers entry ${r.anchors.latest.seq} (${r.anchors.latest.at})` : '') +
      (r.anchors.invalid.length ? `, ${r.anchors.invalid.length} refused` : ''),
    `audit.anchor entries: ${r.anchorEntries.checked}, each with its anchor in audit_anchors`,
    w
      ? `witness (${witnessFiles.join(', ')}): ${w.lines} line(s), ${w.witnessed} entries matched, ` +
        `${w.before} before the witness began, ${w.pendingCount} recent not yet witnessed` +
        lateSummary(w) +
        (w.lastSeq !== null ? `, last witnessed #${w.lastSeq}` : '') +
        (w.invalid.length ? `, ${w.invalid.length} line(s) refused` : '')
      : 'witness: none compared (no witness file: give --witness <file>)',
    missingTriggers.length
      ? `triggers: MISSING ${missingTriggers.join(', ')}`
      : 'triggers: append-only triggers present',
  ];
}

export function anchorLine(a: AuditAnchor): string {
  return `#${a.seq}  ${a.hash}  ${a.at}  key ${a.keyId}`;
}
