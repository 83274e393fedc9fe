/**
 * The API's one error shape, `{ error: { code, message } }`, and the mapping from every error a
 * request can meet (validation, upload limits, refused images, domain refusals, faults) to a
 * status and a stable code. A fault (5xx) never shows its internals: the client gets the request
 * id to quote, the log gets the error.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FaceChoiceError } from '../faces/face-choice.ts';
import { ImageError, type ImageErrorCode } from '../faces/image-decode.ts';
import { ThresholdError } from '../faces/thresholds.ts';
import { DomainError, domainErrorStatus } from '../shared/domain-error.ts';
import { MediaNotFoundError } from '../storage/media-store.ts';
import { VideoError, type VideoErrorCode } from '../video/video-source.ts';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable, machine-readable reason, e.g. "corrupt" or "too-many-bytes"'),
      message: z.string().describe('for people; never contains internals'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('structured detail to act on, e.g. the quality gates an image failed'),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorSchema>;

/** Declares the error responses of a route in its schema (so they appear in the OpenAPI document). */
export function errorResponses<const S extends readonly number[]>(
  ...statuses: S
): Record<S[number], typeof errorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema])) as Record<S[number], typeof errorSchema>;
}

/** A refusal raised by a service or route, carrying its status and code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const imageStatus: Record<ImageErrorCode, number> = {
  empty: 422,
  corrupt: 422,
  'not-an-image': 415,
  'unsupported-format': 415,
  'too-many-bytes': 413,
  'too-many-pixels': 413,
};

/** An uploaded video the server could not use: the client's file, except a missing ffmpeg (the operator's). */
const videoStatus: Record<VideoErrorCode, number> = {
  empty: 422,
  'not-found': 422,
  'not-a-video': 415,
  truncated: 422,
  'too-long': 413,
  'too-large': 413,
  'decode-failed': 422,
  timeout: 422,
  'unsupported-source': 415,
  'ffmpeg-missing': 503,
};

/** Fastify and @fastify/multipart errors whose code we rename; their messages are safe to show. */
const frameworkCodes: Record<string, string> = {
  FST_ERR_VALIDATION: 'invalid-request',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'too-many-bytes',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-request',
  FST_REQ_FILE_TOO_LARGE: 'too-many-bytes',
  FST_FILES_LIMIT: 'too-many-files',
  FST_FIELDS_LIMIT: 'too-many-fields',
  FST_PARTS_LIMIT: 'too-many-parts',
  FST_PROTO_VIOLATION: 'invalid-request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported-media-type',
  FST_MP_PREMATURE_CLOSE: 'invalid-request',
};

export interface MappedError {
  readonly status: number;
  readonly body: ErrorBody;
  /** Something went wrong inside the server (as opposed to a refusal it chose to make). */
  readonly fault: boolean;
}

const body = (code: string, message: string, details?: Readonly<Record<string, unknown>>): ErrorBody => ({
  error: details ? { code, message, details: { ...details } } : { code, message },
});

/** The response for an error; `maxImageBytes` names the limit in the message of an over-size upload. */
export function mapError(err: unknown, requestId: string, maxImageBytes: number): MappedError {
  if (err instanceof HttpError) return { status: err.status, body: body(err.code, err.message), fault: false };
  if (err instanceof DomainError)
    return { status: domainErrorStatus[err.kind], body: body(err.code, err.message, err.details), fault: false };
  if (err instanceof ImageError)
    return { status: imageStatus[err.code], body: body(err.code, err.message), fault: false };
  if (err instanceof VideoError)
    return { status: videoStatus[err.code], body: body(err.code, err.message), fault: false };
  if (err instanceof MediaNotFoundError) {
    return {
      status: 404,
      body: body('image-gone', 'this image is no longer held (deleted under the retention policy)'),
      fault: false,
    };
  }
  if (err instanceof FaceChoiceError) return { status: 422, body: body(err.code, err.message), fault: false };
  if (err instanceof ThresholdError) return { status: 503, body: body('no-threshold', err.message), fault: false };
  const fe = err as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = (fe.code && frameworkCodes[fe.code]) ?? (status === 413 ? 'too-large' : 'bad-request');
    const message =
      fe.code === 'FST_REQ_FILE_TOO_LARGE'
        ? `the uploaded file is larger than the limit of ${maxImageBytes} bytes`
        : (fe.message ?? 'bad request');
    return { status, body: body(code, message), fault: false };
  }
  return {
    status: 500,
    body: body('internal', `internal error; quote request ${requestId} to the operator`),
    fault: true,
  };
}

/**
 * Fastify error handler: one shape for every error. A fault is logged with its stack; a refusal
 * that an operator should act on (5xx, e.g. no calibration) with its code and message; other
 * refusals only in the request line.
 */
export function errorHandler(maxImageBytes: number) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const mapped = mapError(err, request.id, maxImageBytes);
    if (mapped.fault) request.log.error({ err }, 'request failed');
    else if (mapped.status >= 500) request.log.warn({ code: mapped.body.error.code }, mapped.body.error.message);
    return reply.code(mapped.status).send(mapped.body);
  };
}
