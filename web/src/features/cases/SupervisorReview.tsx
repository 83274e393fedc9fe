/** A supervisor's reviews of a search (R38): every review is kept; a new one is added, never edited. */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, describeError, ok } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime } from '../../app/ui';
import type { SearchResult } from './queries';

export function SupervisorReview({ result, onReviewed }: { result: SearchResult; onReviewed: () => Promise<void> }) {
  const { can } = useSession();
  const [note, setNote] = useState('');
  const record = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/searches/{searchId}/supervisor-review', {
          params: { path: { searchId: result.search.id } },
          body: { note: note.trim() },
        }),
      ),
    onSuccess: async () => {
      setNote('');
      await onReviewed();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  const reviews = result.supervisorReviews;
  return (
    <section className="subcard" aria-labelledby="supervision-title" data-testid="supervisor-reviews">
      <h3 id="supervision-title">Supervisor review</h3>
      {reviews.length === 0 ? (
        <p className="muted">Not reviewed by a supervisor yet.</p>
      ) : (
        <ol className="reviews">
          {reviews.map((r) => (
            <li key={`${r.by}-${r.at}`}>
              <strong>{r.byName ?? r.by}</strong>, {formatTime(r.at)}: {r.note}
            </li>
          ))}
        </ol>
      )}
      {can('search:supervise') && (
        <form onSubmit={submit}>
          <Field
            label="Review note"
            hint="whether the search was necessary, proportionate and properly justified; recorded with your name, never edited"
          >
            <textarea value={note} onChange={(e) => setNote(e.target.value)} required rows={2} maxLength={2000} />
          </Field>
          <ErrorMessage error={record.error ? describeError(record.error) : undefined} />
          <button type="submit" disabled={record.isPending || note.trim() === ''}>
            {record.isPending ? 'Recording…' : 'Record review'}
          </button>
        </form>
      )}
    </section>
  );
}
