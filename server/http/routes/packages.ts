import { createHash, X509Certificate } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import forge from 'node-forge';
import { ConsoleError } from '../../../common/errors';
import { writeFileAtomic } from '../../../wapt/fs/atomic-write';
import { loadCertificates } from '../../../wapt/signing/index';
import { requireAuth } from '../../auth/authenticator';
import { isAcceptablePackageName, moveIntoPlace, streamToTempFile, type TempFile } from '../../storage/files';
import { csv, isoTimestamp } from '../../util';
import type { ServerContext } from '../context';
import { elapsedSeconds, okEnvelope, sendJson, WaptError } from '../envelope';

const VIEW = ['admin', 'view'];
const EDIT_PACKAGES = [
  'admin',
  'edit_base_package',
  'edit_group_package',
  'edit_host_package',
  'edit_unit_package',
  'edit_profile_package',
  'edit_wua_package',
  'edit_self_service_package',
];

function isStream(v: unknown): v is Readable {
  return v !== null && typeof v === 'object' && typeof (v as { pipe?: unknown }).pipe === 'function';
}

function describe(err: unknown): string {
  if (err instanceof ConsoleError) return `${err.message}${err.reason ? ` (${err.reason})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

/** Reads the FileVersion string of a PE file's version resource (UTF-16LE `FileVersion\0…`). */
export async function peFileVersion(file: string): Promise<string | null> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    // Version resources sit in .rsrc, near the end of Inno Setup and most installers: scan the last 4 MiB then the first 4 MiB.
    const windows = [Math.max(0, size - 4 * 1024 * 1024), 0];
    const key = Buffer.from('FileVersion\0', 'utf16le');
    for (const start of windows) {
      const buf = Buffer.alloc(Math.min(4 * 1024 * 1024, size - start));
      await fh.read(buf, 0, buf.length, start);
      let i = buf.indexOf(key);
      while (i >= 0) {
        let j = i + key.length;
        while (j + 1 < buf.length && buf[j] === 0 && buf[j + 1] === 0) j += 2;
        let s = '';
        while (j + 1 < buf.length && !(buf[j] === 0 && buf[j + 1] === 0) && s.length < 64) {
          s += String.fromCharCode(buf.readUInt16LE(j));
          j += 2;
        }
        if (/^\d+(\.\d+){1,3}/.test(s)) return s.trim();
        i = buf.indexOf(key, i + 1);
      }
    }
    return null;
  } finally {
    await fh.close();
  }
}

/** Certificate description of trusted_signers_certificates (docs/wapt-server-api.md §3.6). */
function certRecord(pem: string): Record<string, unknown> {
  const x = new X509Certificate(pem);
  const der = x.raw;
  const cn = (s: string) => /(?:^|\n)CN=([^\n]*)/.exec(s)?.[1] ?? null;
  let ski: string | null = null;
  let aki: string | null = null;
  try {
    const fc = forge.pki.certificateFromPem(pem);
    const skiExt = fc.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
    ski = skiExt?.subjectKeyIdentifier ?? null;
    const akiExt = fc.getExtension('authorityKeyIdentifier') as { value?: string } | null;
    if (akiExt?.value) {
      const asn = forge.asn1.fromDer(akiExt.value);
      const first = (asn.value as forge.asn1.Asn1[])[0];
      if (first && typeof first.value === 'string') aki = forge.util.bytesToHex(first.value);
    }
  } catch {
    /* keep nulls: identifiers are informative only */
  }
  return {
    cn: cn(x.subject),
    issuer_cn: cn(x.issuer),
    subject_key_identifier: ski,
    authority_key_identifier: aki,
    fingerprint_sha1: createHash('sha1').update(der).digest('hex'),
    fingerprint: createHash('sha256').update(der).digest('hex'),
    pem,
  };
}

interface UploadRefusal {
  status: number;
  errorCode: string;
}
/** Upload refusals of this server that a client must tell apart (not in WAPT 1.8.2). */
const UPLOAD_REFUSALS: Partial<Record<string, UploadRefusal>> = {
  CONFLICT: { status: 409, errorCode: 'ewaptpackageconflict' },
  PRIVATE_KEY_LEAK: { status: 422, errorCode: 'ewaptprivatekeyinpackage' },
};

/** Package listings, uploads, deletion, trusted signers, agent version (docs/wapt-server-api.md §3.4–§4.6). */
export function registerPackageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v3/packages', { preHandler: requireAuth(ctx.auth, VIEW) }, async (request, reply) => {
    const t0 = performance.now();
    const q = request.query as Record<string, string | undefined>;
    const rows = ctx.repo.list(csv(q.q));
    return sendJson(reply, okEnvelope(rows, `${rows.length} packages`, elapsedSeconds(t0)));
  });

  app.get('/api/v3/known_packages', { preHandler: requireAuth(ctx.auth, VIEW) }, async (request, reply) => {
    const t0 = performance.now();
    const exclude = csv((request.query as Record<string, string | undefined>).exclude_sections);
    const rows = ctx.db
      .prepare(
        `SELECT package, MAX(signature_date) AS last_signature_date FROM packages
         ${exclude.length ? `WHERE coalesce(section, '') NOT IN (${exclude.map(() => '?').join(',')})` : ''} GROUP BY package ORDER BY package`,
      )
      .all(...exclude);
    return sendJson(reply, okEnvelope(rows, `${rows.length} known packages`, elapsedSeconds(t0)));
  });

  /**
   * The parts of a multipart body; a malformed body (bad boundary, truncated part…) is bad input,
   * answered in one line with a code, not a server error (docs/reference-server.md, "Errors").
   */
  async function* multipartParts(request: FastifyRequest) {
    try {
      yield* request.parts();
    } catch (err) {
      if (err instanceof WaptError || ctx.profile.pythonErrors) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw err;
      const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
      throw new WaptError('badrequest', `malformed multipart body: ${first}`, 400);
    }
  }

  /**
   * A multipart file part to a temp file. A part cut short is the client's malformed body: it is
   * returned (not thrown) so the loop over the parts runs to its end; leaving that loop early
   * while the multipart parser still waits for the body would never answer.
   */
  const partToTempFile = async (file: Readable): Promise<TempFile | WaptError> => {
    try {
      return await streamToTempFile(file, ctx.dirs.tmp, ctx.maxUploadBytes);
    } catch (err) {
      if (err instanceof WaptError) return err;
      if (ctx.profile.pythonErrors) throw err;
      const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
      return new WaptError('badrequest', `malformed multipart body: ${first}`, 400);
    }
  };

  /**
   * Runs one uploaded file through the repository; the temp file never survives. A message never
   * shows where the server keeps its files (the temp file is "the upload").
   */
  const ingestOne = async (tmp: TempFile, label: string, user: string, hostName?: string) => {
    try {
      return {
        ok: true as const,
        res: await ctx.repo.ingest(tmp, {
          user,
          refuseVersionConflicts: ctx.profile.refuseVersionConflicts,
          ...(hostName !== undefined ? { hostUpload: hostName } : {}),
        }),
      };
    } catch (err) {
      const why = hideServerPaths(describe(err), tmp.path);
      ctx.log(`upload of ${label} refused: ${why}`);
      return {
        ok: false as const,
        error: `${label}: ${why}`,
        refusal: err instanceof ConsoleError ? UPLOAD_REFUSALS[err.code] : undefined,
      };
    } finally {
      await rm(tmp.path, { force: true });
    }
  };
  const hideServerPaths = (message: string, tmpPath: string) =>
    [tmpPath, ctx.dirs.tmp, ctx.dirs.root].reduce((m, p) => m.split(p).join('<upload>'), message);

  app.head(
    '/api/v3/upload_packages',
    { preHandler: requireAuth(ctx.auth, EDIT_PACKAGES) },
    async (_r, reply) => reply.code(200).send(),
  );
  app.post(
    '/api/v3/upload_packages',
    { preHandler: requireAuth(ctx.auth, EDIT_PACKAGES), bodyLimit: ctx.maxUploadBytes },
    async (request, reply) => {
      const t0 = performance.now();
      const user = request.auth!.user;
      const done: Record<string, unknown>[] = [];
      const errors: string[] = [];
      let refusal: UploadRefusal | undefined;
      let malformed: WaptError | undefined;
      if (request.isMultipart()) {
        for await (const part of multipartParts(request)) {
          if (part.type !== 'file') continue;
          // Parts whose file name fails the check are silently skipped (docs/wapt-server-api.md §4.3).
          if (!isAcceptablePackageName(part.filename)) {
            part.file.resume();
            continue;
          }
          const tmp = await partToTempFile(part.file);
          if (tmp instanceof WaptError) {
            malformed ??= tmp;
            continue;
          }
          if (part.file.truncated) {
            await rm(tmp.path, { force: true });
            throw new WaptError(
              'requestentitytoolarge',
              `${part.filename} is larger than ${ctx.maxUploadBytes} bytes`,
              413,
            );
          }
          const r = await ingestOne(tmp, part.filename, user);
          if (r.ok) done.push(r.res.entry);
          else {
            errors.push(r.error);
            refusal ??= r.refusal;
          }
        }
        if (malformed !== undefined && done.length === 0) throw malformed;
      } else {
        if (!isStream(request.body))
          throw new WaptError('ewaptmissingparameter', 'the request has no package body');
        const tmp = await streamToTempFile(request.body, ctx.dirs.tmp, ctx.maxUploadBytes);
        if (tmp.size === 0) {
          await rm(tmp.path, { force: true });
          errors.push('body: empty request body');
        } else {
          const r = await ingestOne(tmp, 'body', user);
          if (r.ok) done.push(r.res.entry);
          else {
            errors.push(r.error);
            refusal ??= r.refusal;
          }
        }
      }
      const indexResult = done.some((d) => String(d.section) !== 'host')
        ? await ctx.repo.rebuildIndex()
        : null;
      const details = errors.length ? `\n${errors.join('\n')}` : '';
      // A refusal by policy (existing version, private key) has its own status and error_code so
      // a client tells it from a broken upload (docs/reference-server.md, "Uploads").
      // Nothing at all to store: say so with a code (the genuine answer has neither).
      const empty = done.length === 0 && errors.length === 0 && !ctx.profile.pythonErrors;
      return sendJson(
        reply,
        {
          success: errors.length === 0 && done.length > 0,
          msg: `${done.length} Packages uploaded, ${errors.length} errors.${details}${empty ? ' The request holds no .wapt file part.' : ''}`,
          ...(refusal
            ? { error_code: refusal.errorCode }
            : empty
              ? { error_code: 'ewaptmissingparameter' }
              : {}),
          result: { done, errors, packages_index_result: indexResult },
          request_time: elapsedSeconds(t0),
        },
        refusal?.status ?? 200,
      );
    },
  );

  const uploadHosts = async (request: FastifyRequest, reply: FastifyReply) => {
    const t0 = performance.now();
    if (!request.isMultipart())
      throw new WaptError('ewaptmissingparameter', 'multipart/form-data body expected', 201);
    const done: string[] = [];
    const errors: string[] = [];
    let malformed: WaptError | undefined;
    for await (const part of multipartParts(request)) {
      if (part.type !== 'file') continue;
      if (!isAcceptablePackageName(part.filename)) {
        part.file.resume();
        errors.push(part.filename);
        continue;
      }
      const tmp = await partToTempFile(part.file);
      if (tmp instanceof WaptError) {
        malformed ??= tmp;
        continue;
      }
      const r = await ingestOne(tmp, part.filename, request.auth!.user, part.filename);
      if (r.ok) done.push(r.res.filename);
      else errors.push(r.error);
    }
    if (malformed !== undefined && done.length === 0) throw malformed;
    return sendJson(
      reply,
      okEnvelope(
        { done, errors },
        `${done.length} Host packages uploaded, ${errors.length} errors`,
        elapsedSeconds(t0),
      ),
    );
  };
  for (const url of ['/api/v3/upload_hosts', '/upload_host']) {
    app.post(
      url,
      { preHandler: requireAuth(ctx.auth, ['admin', 'edit_host_package']), bodyLimit: ctx.maxUploadBytes },
      uploadHosts,
    );
  }

  // No envelope for this one (docs/wapt-server-api.md §4.5).
  app.post(
    '/upload_waptsetup',
    { preHandler: requireAuth(ctx.auth, ['admin']), bodyLimit: ctx.maxUploadBytes },
    async (request, reply) => {
      const answer = (status: 'OK' | 'ERROR', message: string) =>
        reply.type('application/json').send(JSON.stringify({ status, message }));
      if (!request.isMultipart()) return answer('ERROR', 'multipart/form-data with a "file" part expected');
      let stored = false;
      try {
        for await (const part of request.parts()) {
          if (part.type !== 'file') continue;
          if (part.fieldname !== 'file' || !part.filename.includes('waptagent.exe')) {
            part.file.resume();
            continue;
          }
          const tmp = await streamToTempFile(part.file, ctx.dirs.tmp, ctx.maxUploadBytes);
          await moveIntoPlace(tmp.path, path.join(ctx.dirs.wapt, 'waptagent.exe'));
          stored = true;
        }
      } catch (err) {
        return answer('ERROR', describe(err));
      }
      return stored
        ? answer('OK', 'waptagent.exe uploaded')
        : answer('ERROR', 'no "file" part named waptagent.exe');
    },
  );

  app.post(
    '/api/v3/packages_delete',
    {
      preHandler: requireAuth(ctx.auth, [
        'admin',
        'edit_host_package',
        'edit_base_package',
        'edit_group_package',
      ]),
    },
    async (request, reply) => {
      const t0 = performance.now();
      const names = request.body;
      if (!Array.isArray(names))
        throw new WaptError('ewaptmissingparameter', 'body must be a JSON list of package file names');
      const { deleted, errors } = await ctx.repo.deleteFiles(names);
      const index = await ctx.repo.rebuildIndex();
      const msg = `${deleted.length} packages deleted${errors.length ? `\nERROR : ${errors.length} packages could not be deleted` : ''}`;
      return sendJson(
        reply,
        okEnvelope({ ...index, errors: [...index.errors, ...errors] }, msg, elapsedSeconds(t0)),
      );
    },
  );

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/api/v3/trusted_signers_certificates',
    preHandler: requireAuth(ctx.auth, ['admin']),
    handler: async (request, reply) => {
      const t0 = performance.now();
      const dir = ctx.dirs.trusted;
      if (request.method === 'POST') {
        let text: string;
        if (isStream(request.body)) {
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const c of request.body) {
            size += (c as Buffer).length;
            if (size > 1024 * 1024)
              throw new WaptError('requestentitytoolarge', 'certificate body larger than 1 MiB', 413);
            chunks.push(c as Buffer);
          }
          text = Buffer.concat(chunks).toString('utf8');
        } else if (typeof request.body === 'string') text = request.body;
        else throw new WaptError('ewaptmissingparameter', 'raw PEM body expected');
        let certs;
        try {
          certs = loadCertificates(text);
        } catch (err) {
          throw new WaptError('ewaptbadcertificate', `not a PEM certificate: ${describe(err)}`);
        }
        const stored: string[] = [];
        for (const c of certs) {
          const sha1 = createHash('sha1').update(c.der).digest('hex');
          await writeFileAtomic(path.join(dir, `${sha1}.crt`), c.pem, 0o644);
          stored.push(sha1);
        }
        await ctx.reloadTrusted();
        return sendJson(
          reply,
          okEnvelope(stored, `${stored.length} certificate(s) added`, elapsedSeconds(t0)),
        );
      }
      if (request.method === 'DELETE') {
        const list = request.body;
        if (!Array.isArray(list) || !list.every((f) => typeof f === 'string'))
          throw new WaptError('ewaptmissingparameter', 'body must be a JSON list of SHA-1 fingerprints');
        const removed: string[] = [];
        for (const f of list) {
          const fp = f.toLowerCase().replace(/:/g, '');
          if (!/^[0-9a-f]{40}$/.test(fp)) continue;
          const p = path.join(dir, `${fp}.crt`);
          if (existsSync(p)) {
            await rm(p);
            removed.push(fp);
          }
        }
        await ctx.reloadTrusted();
        return sendJson(
          reply,
          okEnvelope(removed, `${removed.length} certificate(s) removed`, elapsedSeconds(t0)),
        );
      }
      const trusted: Record<string, unknown>[] = [];
      const certificates: Record<string, unknown>[] = [];
      for (const f of (await readdir(dir)).filter((n) => n.endsWith('.crt')).sort()) {
        try {
          const all = loadCertificates(await readFile(path.join(dir, f), 'utf8'));
          trusted.push(certRecord(all[0]!.pem));
          for (const c of all) certificates.push(certRecord(c.pem));
        } catch {
          /* an unreadable file in the folder is skipped, as WAPT does */
        }
      }
      return sendJson(
        reply,
        okEnvelope({ trusted, certificates }, `${trusted.length} trusted certificate(s)`, elapsedSeconds(t0)),
      );
    },
  });

  app.get(
    '/api/v2/waptagent_version',
    { preHandler: requireAuth(ctx.auth, VIEW) },
    async (_request, reply) => {
      const t0 = performance.now();
      const describeFile = async (name: string) => {
        const p = path.join(ctx.dirs.wapt, name);
        if (!existsSync(p)) return { version: null, sha256: null, timestamp: null };
        const st = await stat(p);
        const sha = createHash('sha256');
        for await (const c of createReadStream(p)) sha.update(c as Buffer);
        return {
          version: await peFileVersion(p),
          sha256: sha.digest('hex'),
          timestamp: isoTimestamp(st.mtimeMs),
        };
      };
      const agent = await describeFile('waptagent.exe');
      const setup = await describeFile('waptsetup-tis.exe');
      let msg: string;
      if (agent.sha256 === null) msg = 'Problem : waptagent.exe not found on the server';
      else if (setup.sha256 === null) msg = 'OK : waptagent.exe found; waptsetup-tis.exe not found';
      else if (agent.version !== null && setup.version !== null && agent.version < setup.version)
        msg = `Problem : waptagent.exe ${agent.version} is older than waptsetup ${setup.version}`;
      else msg = `OK : waptagent.exe ${agent.version ?? '?'}`;
      const rt = elapsedSeconds(t0);
      return sendJson(
        reply,
        okEnvelope(
          {
            waptagent_version: agent.version,
            waptagent_sha256: agent.sha256,
            waptagent_timestamp: agent.timestamp,
            waptsetup_version: setup.version,
            waptsetup_timestamp: setup.timestamp,
            request_time: rt,
          },
          msg,
          rt,
        ),
      );
    },
  );
}
