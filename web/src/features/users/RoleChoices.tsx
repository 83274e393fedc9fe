/** The roles as labelled checkboxes, each with what it is for and whether it needs a second approval. */
import type { Role } from '../../api/client';
import { roleHints, roleLabels } from '../../app/labels';
import { reachesBiometrics } from './labels';

const allRoles = Object.keys(roleLabels) as Role[];

export function RoleChoices({
  legend,
  value,
  onChange,
  disabled,
}: {
  legend: string;
  value: readonly Role[];
  onChange: (roles: Role[]) => void;
  disabled?: boolean;
}) {
  const toggle = (r: Role, on: boolean) => onChange(on ? [...value, r] : value.filter((x) => x !== r));
  return (
    <fieldset className="role-choices" disabled={disabled}>
      <legend>{legend}</legend>
      {allRoles.map((r) => (
        <label key={r}>
          <input type="checkbox" checked={value.includes(r)} onChange={(e) => toggle(r, e.target.checked)} />
          <span>
            {roleLabels[r]} <span className="hint">({roleHints[r]})</span>
            {reachesBiometrics(r) && <span className="hint"> · second approval</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
