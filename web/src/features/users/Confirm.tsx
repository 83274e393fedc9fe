/**
 * The confirmation shown before anything irreversible: what will happen, a reason where one is
 * kept (the button stays disabled until it is given) and a way back. Shown in place, next to the
 * control that asked for it, so the operator sees which record it is about.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../../app/ui';

export const minReason = 5;

export function Confirm({
  title,
  children,
  confirmLabel,
  reason,
  danger,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** Ask for a reason: required (`required`) or not asked (`none`). */
  reason: 'required' | 'none';
  danger?: boolean;
  busy?: boolean;
  error?: string | undefined;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const first = useRef<HTMLTextAreaElement & HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const short = reason === 'required' && text.trim().length < minReason;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!short) onConfirm(text.trim());
  };
  return (
    <form className="confirm" role="dialog" aria-labelledby={`${id}-t`} onSubmit={submit}>
      <h3 id={`${id}-t`}>{title}</h3>
      {children}
      {reason === 'required' && (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-r`}>
            Reason
          </label>
          <textarea
            id={`${id}-r`}
            ref={first}
            rows={2}
            value={text}
            maxLength={500}
            aria-describedby={`${id}-h`}
            onChange={(e) => setText(e.target.value)}
          />
          <span className="hint" id={`${id}-h`}>
            Kept in the audit log; at least {minReason} characters.
          </span>
        </div>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className={danger ? 'danger' : ''} disabled={busy || short}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
