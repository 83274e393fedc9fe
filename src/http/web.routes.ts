/**
 * The web console: the built single-page application (web/dist) served at `/` by the API process,
 * same origin as the API (so the session cookie, SameSite=Strict, and the Content-Security-Policy
 * of 'self' both hold). Hashed assets under /assets/ are cached for a year; index.html is
 * revalidated every time, so a new build is picked up at once. A path that is not a file and has
 * no extension is a client-side route and gets index.html; API paths never do (they keep the
 * API's JSON 404). The console holds no data of its own: every route here is `public`, and what a
 * user may see is decided by the API behind it. Without a build, `/` says how to make one.
 */
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface WebRoutesOptions {
  /** The built console; default web/dist in the repository. */
  readonly root?: string;
}

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths that belong to the API: never answered with the console. */
const apiPrefixes = ['/v1/', '/v1', '/openapi.json', '/health', '/ready'];
const isApiPath = (path: string): boolean =>
  apiPrefixes.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)));

export const notBuiltMessage =
  'The Vigil web console has not been built. Run `npm run build:web` (or `npm install`, which builds it) ' +
  'in the Vigil checkout, then reload this page. The API itself is running: see /openapi.json.';

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil: console not built</title></head>
<body><h1>Vigil</h1><p>${notBuiltMessage.replace(/`([^`]+)`/g, '<code>$1</code>')}</p></body></html>
`;

function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, o) => {
  const root = resolve(o.root ?? defaultWebRoot);
  const index = join(root, 'index.html');
  // @fastify/static streams the files (content type, ETag, Last-Modified, ranges); the routes below
  // decide which file a path gets, so that each declares its permission like every other route.
  await app.register(fastifyStatic, { root, serve: false, dotfiles: 'ignore', index: false });
  // RFC 9239's name for scripts (the mime table @fastify/static uses still says application/javascript).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type')).startsWith('application/javascript')) {
      reply.header('content-type', 'text/javascript; charset=utf-8');
    }
    return payload;
  });

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    if (!(await isFile(index))) {
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(notBuiltPage);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    } catch {
      return notFound(reply);
    }
    if (isApiPath(path)) return notFound(reply);
    if (path === '/' || path === '/index.html') return sendIndex(reply);
    const file = normalize(join(root, path));
    // No escape from the build folder, no dotfiles.
    if (!file.startsWith(root + sep) || path.includes('\0') || /\/\./.test(path)) return notFound(reply);
    // A path without an extension that is not a file is one of the console's own pages.
    if (extname(path) === '' && !(await isFile(file))) return sendIndex(reply);
    const relative = file.slice(root.length + 1);
    // A missing file is a 404 (@fastify/static calls the not-found handler).
    if (path.startsWith('/assets/')) {
      return reply.sendFile(relative, { cacheControl: true, maxAge: '365d', immutable: true });
    }
    return reply.header('cache-control', 'no-cache').sendFile(relative, { cacheControl: false });
  };
  const options = { config: { permission: 'public' as const }, schema: { hide: true } };
  app.get('/', options, serve);
  app.get('/*', options, serve);
};
