/** Face routes: detect and compare on uploaded images (multipart/form-data). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, HttpError } from '../errors.ts';
import { compareBody, compareResponse, detectBody, detectResponse } from './faces.dto.ts';
import type { FacesService } from '../../faces/faces.service.ts';

export interface FacesRoutesOptions {
  readonly faces: FacesService;
}

/** Refusals an image upload can meet: bad form, too large, not an image, an unreadable image. */
const uploadErrors = errorResponses(400, 413, 415, 422, 500);

export const facesRoutes: FastifyPluginAsyncZod<FacesRoutesOptions> = async (app, { faces }) => {
  // Every face route takes uploads: say so plainly rather than as a schema failure.
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) {
      throw new HttpError(415, 'unsupported-media-type', 'send the images as multipart/form-data file parts');
    }
  });

  app.post(
    '/v1/faces/detect',
    {
      config: { permission: 'faces:detect', multipartOptions: { limits: { files: 1, fields: 2 } } },
      schema: {
        operationId: 'detectFaces',
        tags: ['faces'],
        summary: 'Find the faces in an image: box, score, five landmarks and quality (never templates)',
        consumes: ['multipart/form-data'],
        body: detectBody,
        response: { 200: detectResponse, ...uploadErrors },
      },
    },
    async (request) => faces.detect(request.body.image),
  );

  app.post(
    '/v1/faces/compare',
    {
      config: { permission: 'faces:compare', multipartOptions: { limits: { files: 2, fields: 2 } } },
      schema: {
        operationId: 'compareFaces',
        tags: ['faces'],
        summary: 'Compare the faces in two images: similarity and the decision at the calibrated threshold',
        description:
          'Each image must show one face, or the faceA/faceB field picks one (0 = largest). The decision is ' +
          '"match" only when the score reaches the threshold; below it the answer is "no match" (R17).',
        consumes: ['multipart/form-data'],
        body: compareBody,
        response: { 200: compareResponse, ...uploadErrors, ...errorResponses(503) },
      },
    },
    async (request) => faces.compare(request.body),
  );
};
