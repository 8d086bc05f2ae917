import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isPlainFileName } from '../../storage/files';
import type { ServerContext } from '../context';

const NO_CACHE = new Set(['waptagent.exe', 'waptsetup-tis.exe', 'waptdeploy.exe']);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The agent-visible repository (docs/wapt-server-api.md §7), served without authentication as nginx does:
 * `/wapt/` (listing, `Packages`, packages, `icons/`), `/wapt-host/<uuid>.wapt` (no listing,
 * `Packages` forbidden), `/waptwua/`. Names are single path segments checked against traversal;
 * `Last-Modified` / `If-Modified-Since` are honoured (agents rely on the index date).
 */
export function registerStaticRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply, dir: string, name: string) => {
    if (!isPlainFileName(name)) return reply.code(404).type('text/plain').send('Not found\n');
    const file = path.join(dir, name);
    if (path.dirname(file) !== dir) return reply.code(404).type('text/plain').send('Not found\n');
    let st;
    try {
      st = await stat(file);
    } catch {
      return reply.code(404).type('text/plain').send('Not found\n');
    }
    if (!st.isFile()) return reply.code(404).type('text/plain').send('Not found\n');
    const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
    reply.header('last-modified', lastModified.toUTCString());
    if (NO_CACHE.has(name)) reply.header('cache-control', 'no-store');
    const ims = request.headers['if-modified-since'];
    if (typeof ims === 'string' && !NO_CACHE.has(name)) {
      const t = Date.parse(ims);
      if (Number.isFinite(t) && lastModified.getTime() <= t) return reply.code(304).send();
    }
    reply.header('content-length', st.size);
    reply.type(
      name.endsWith('.png')
        ? 'image/png'
        : name.endsWith('.crt') || name.endsWith('.sha1')
          ? 'text/plain'
          : 'application/octet-stream',
    );
    if (request.method === 'HEAD') return reply.send();
    return reply.send(createReadStream(file));
  };

  app.get('/wapt/', async (_request, reply) => {
    const names = (await readdir(ctx.dirs.wapt, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    const items = names.map((n) => `<a href="${encodeURIComponent(n)}">${escapeHtml(n)}</a>`).join('\n');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<html><head><title>Index of /wapt/</title></head><body><h1>Index of /wapt/</h1><pre>\n${items}\n</pre></body></html>\n`,
      );
  });
  app.get('/wapt', async (_r, reply) => reply.redirect('/wapt/', 301));
  app.route({
    method: ['GET', 'HEAD'],
    url: '/wapt/:name',
    handler: async (request, reply) =>
      serve(request, reply, ctx.dirs.wapt, (request.params as { name: string }).name),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/wapt/icons/:name',
    handler: async (request, reply) =>
      serve(request, reply, path.join(ctx.dirs.wapt, 'icons'), (request.params as { name: string }).name),
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/wapt-host/:name',
    handler: async (request, reply) => {
      const name = (request.params as { name: string }).name;
      if (name === 'Packages') return reply.code(403).type('text/plain').send('Forbidden\n');
      return serve(request, reply, ctx.dirs.waptHost, name);
    },
  });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/waptwua/:name',
    handler: async (request, reply) =>
      serve(request, reply, ctx.dirs.waptwua, (request.params as { name: string }).name),
  });
}
