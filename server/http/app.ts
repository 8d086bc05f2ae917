/**
 * The reference server's HTTP application.
 *
 * Framework: fastify 5 (well kept, fast JSON and routing, first-class streams for the raw
 * package uploads). Multipart uploads use @fastify/multipart (the fastify team's plugin over
 * @fastify/busboy), streaming each part to disk instead of buffering it in memory.
 */
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { createUnzip } from 'node:zlib';
import { exceptionEnvelope, sendJson, WaptError } from './envelope';
import type { ServerContext } from './context';
import { registerAuthRoutes } from './routes/auth';
import { registerHostRoutes } from './routes/hosts';
import { registerPackageRoutes } from './routes/packages';
import { registerActionRoutes } from './routes/actions';
import { registerWuaRoutes } from './routes/wua';
import { registerStaticRoutes } from './routes/static';

/** JSON bodies larger than this are refused with 413 (uploads have their own, larger, limit). */
export const JSON_BODY_LIMIT = 16 * 1024 * 1024;

/** The first line of a message, without anything that looks like a file path. */
function oneLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/(?:\/[\w.-]+){2,}/g, '<path>').slice(0, 300);
}

export async function buildApp(ctx: ServerContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: JSON_BODY_LIMIT,
    // Host packages and installers are large; the raw upload routes stream with their own limit.
    routerOptions: { ignoreTrailingSlash: false },
    forceCloseConnections: true,
  });

  // Some endpoints accept a zlib (or gzip) compressed JSON body flagged `Content-Encoding: gzip`
  // (docs/wapt-server-api.md §1). The body limit then applies to the decompressed bytes.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const enc = String(request.headers['content-encoding'] ?? '').toLowerCase();
    if (enc === 'gzip' || enc === 'deflate') {
      const unzip = createUnzip();
      payload.pipe(unzip);
      payload.on('error', (e) => unzip.destroy(e));
      return unzip;
    }
    return payload;
  });

  // Raw package bodies (`binary/octet-stream`, §4.3) reach the handler as a stream.
  app.addContentTypeParser(
    ['application/octet-stream', 'binary/octet-stream', 'application/x-pem-file', 'text/plain'],
    (_req, payload, done) => done(null, payload),
  );
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  await app.register(multipart, {
    limits: { fileSize: ctx.maxUploadBytes, files: 200, fields: 50, parts: 300 },
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof WaptError)
      return sendJson(
        reply,
        { success: false, msg: err.message, error_code: err.errorCode, request_time: null },
        err.httpStatus,
      );
    const status = err.statusCode ?? 500;
    if (
      status === 413 ||
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
      err.code === 'FST_REQ_FILE_TOO_LARGE'
    ) {
      return sendJson(
        reply,
        {
          success: false,
          msg: 'Request body too large',
          error_code: 'requestentitytoolarge',
          request_time: null,
        },
        413,
      );
    }
    if (status >= 400 && status < 500 && !ctx.profile.pythonErrors) {
      // Bad input (malformed JSON or multipart, bad content type…): one line with a code, never a
      // 500 (docs/reference-server.md, "Errors"). The strict profile keeps Flask's answer below.
      return sendJson(
        reply,
        {
          success: false,
          msg: `bad request: ${oneLine(err.message)}`,
          error_code: 'badrequest',
          request_time: null,
        },
        request.url.includes('upload_packages') ? 400 : 200,
      );
    }
    if (status >= 400 && status < 500) {
      // Malformed JSON, bad content type…: what Flask's request.get_json raises inside the handler.
      const env = exceptionEnvelope(Object.assign(new Error(err.message), { name: 'BadRequest' }));
      return sendJson(
        reply,
        { ...env, error_code: 'badrequest' },
        request.url.includes('upload_packages') ? 500 : 200,
      );
    }
    ctx.log(`error on ${request.method} ${request.url}: ${err.stack ?? err.message}`);
    return sendJson(
      reply,
      exceptionEnvelope(err),
      request.url.includes('upload_packages') ? 500 : request.url.includes('upload_host') ? 201 : 200,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('text/plain; charset=utf-8')
      .send(`Not found: ${request.method} ${request.url.split('?')[0]}\n`),
  );

  registerAuthRoutes(app, ctx);
  registerHostRoutes(app, ctx);
  registerPackageRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  // A community server has no Windows-update routes at all: they answer 404 (docs/wapt-server-api.md §9).
  if (ctx.profile.wuaRoutes) registerWuaRoutes(app, ctx);
  registerStaticRoutes(app, ctx);
  return app;
}
