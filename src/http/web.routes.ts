/**
 * The web console: the built single-page application (web/dist) served at `/` by the API process,
 * same origin as the API (so the session cookie, SameSite=Strict, and the Content-Security-Policy
 * of 'self' both hold). Hashed assets under /assets/ are cached for a year; index.html is
 * revalidated every time, so a new build is picked up at once. A path that is not a file and has
 * no extension is a client-side route and gets index.html; API paths never do (they keep the
 * API's JSON 404). The console holds no data of its own: every route here is `public`, and what a
 * user may see is decided by the API behind it. Without a build, `/` says how to make one.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface WebRoutesOptions {
  /** The built console; default web/dist in the repository. */
  readonly root?: string;
}

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

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

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    let html: Buffer;
    try {
      html = await readFile(index);
    } catch {
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(notBuiltPage);
    }
    return reply.header('content-type', contentTypes['.html']).header('cache-control', 'no-cache').send(html);
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
    if (await isFile(file)) {
      const immutable = path.startsWith('/assets/');
      return reply
        .header('content-type', contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(await readFile(file));
    }
    // A missing file is a 404; a path without an extension is one of the console's own pages.
    if (extname(path) !== '') return notFound(reply);
    return sendIndex(reply);
  };

  const options = { config: { permission: 'public' as const }, schema: { hide: true } };
  app.get('/', options, serve);
  app.get('/*', options, serve);
};
