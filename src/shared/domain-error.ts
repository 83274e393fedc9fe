/**
 * A refusal decided by a use case (not a fault): what kind it is, a stable code, and a message
 * for people. The HTTP layer maps the kind to a status; the CLI prints the message and exits 2.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'refused' | 'forbidden' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    /** Structured detail a client can act on (e.g. quality reasons); never biometric data. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const domainErrorStatus: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  refused: 422,
  unavailable: 503,
};
