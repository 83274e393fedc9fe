/** The audit log's filters: who, what (a group of actions or one action), outcome, and a time range. */
import { useState, type FormEvent } from 'react';
import { auditActionGroups, auditActionLabels, outcomeLabels, type AuditOutcome } from '../../app/labels';
import { Field } from '../../app/ui';

export interface Filters {
  readonly actor: string;
  readonly action: string;
  readonly outcome: '' | AuditOutcome;
  readonly from: string;
  readonly to: string;
}
export const noFilters: Filters = { actor: '', action: '', outcome: '', from: '', to: '' };

const actionsByGroup = Object.entries(auditActionGroups).map(([prefix, label]) => ({
  prefix,
  label,
  actions: Object.entries(auditActionLabels).filter(([a]) => a.startsWith(`${prefix}.`)),
}));

export function AuditFilters({ onApply }: { onApply: (f: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(noFilters);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form className="inline card" onSubmit={submit} aria-label="Filter the audit log">
      <Field label="Who" hint="username">
        <input value={draft.actor} onChange={set('actor')} maxLength={100} size={14} />
      </Field>
      <Field label="Action">
        <select value={draft.action} onChange={set('action')}>
          <option value="">Any action</option>
          {actionsByGroup.map((g) => (
            <optgroup key={g.prefix} label={g.label}>
              <option value={`${g.prefix}.`}>All: {g.label.toLowerCase()}</option>
              {g.actions.map(([a, label]) => (
                <option key={a} value={a}>
                  {label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field label="Outcome">
        <select value={draft.outcome} onChange={set('outcome')}>
          <option value="">Any outcome</option>
          {(Object.keys(outcomeLabels) as AuditOutcome[]).map((o) => (
            <option key={o} value={o}>
              {outcomeLabels[o]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="From">
        <input type="datetime-local" value={draft.from} onChange={set('from')} />
      </Field>
      <Field label="To">
        <input type="datetime-local" value={draft.to} onChange={set('to')} />
      </Field>
      <button type="submit">Apply filters</button>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setDraft(noFilters);
          onApply(noFilters);
        }}
      >
        Clear
      </button>
    </form>
  );
}
