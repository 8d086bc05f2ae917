/**
 * Uploads of the agent build: `waptagent.exe` to `POST /upload_waptsetup` (multipart, field
 * `file`, no envelope: docs/wapt-agent-build.md §5) and packages to `POST /api/v3/upload_packages` (raw
 * streamed body: docs/wapt-server-api.md §4.3). Files are streamed, never read into memory.
 */
import { createReadStream } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { ConsoleError } from '../../../common/errors';
import { compareVersions } from '../../../common/domain/version';
import { withoutServerPaths } from './server-text';
import type { WaptClient } from './wapt-client';

export type UploadProgress = (sent: number, total: number | undefined) => void;

const WaptsetupAnswer = z.object({ status: z.string(), message: z.string().optional() }).passthrough();

export async function uploadWaptsetup(
  client: WaptClient,
  exePath: string,
  opts: { onProgress?: UploadProgress; signal?: AbortSignal } = {},
): Promise<{ message: string }> {
  const form = new FormData();
  // The server keeps secure_filename(filename) and requires "waptagent.exe" in it: send exactly that name.
  form.append('file', await openAsBlob(exePath, { type: 'application/octet-stream' }), 'waptagent.exe');
  const answer = await client.postBody('/upload_waptsetup', form, {}, WaptsetupAnswer, {
    raw: true,
    ...(opts.onProgress ? { onUploadProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (answer.status !== 'OK') {
    throw new ConsoleError(
      'SERVER_ERROR',
      `the server refused waptagent.exe: ${answer.message ?? answer.status}`,
      { details: { reason: 'UPLOAD_WAPTSETUP_REFUSED' } },
    );
  }
  return { message: answer.message ?? 'waptagent.exe uploaded' };
}

const UploadPackagesResult = z
  .object({
    done: z.array(
      z
        .object({
          package: z.string().optional(),
          version: z.string().optional(),
          filename: z.string().optional(),
        })
        .passthrough(),
    ),
    errors: z.array(z.unknown()),
  })
  .passthrough();

export async function uploadPackageFile(
  client: WaptClient,
  packagePath: string,
  opts: { onProgress?: UploadProgress; signal?: AbortSignal } = {},
): Promise<{ package: string | undefined; version: string | undefined; filename: string | undefined }> {
  const { size } = await stat(packagePath);
  const result = await client.postBody(
    '/api/v3/upload_packages',
    createReadStream(packagePath, { highWaterMark: 1024 * 1024 }),
    // Not a form content type: the server must not consume the body as a form (docs/wapt-server-api.md §4.3).
    {
      'Content-Type': 'binary/octet-stream',
      'Content-Transfer-Encoding': 'binary',
      'Content-Length': String(size),
    },
    UploadPackagesResult,
    {
      ...(opts.onProgress ? { onUploadProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
  );
  const done = result.done[0];
  if (done === undefined || result.errors.length > 0) {
    throw new ConsoleError(
      'SERVER_ERROR',
      `the server did not store the package: ${withoutServerPaths(result.errors.map(String).join('; ')) || 'no package stored'}`,
      { details: { reason: 'UPLOAD_PACKAGE_REFUSED' } },
    );
  }
  return { package: done.package, version: done.version, filename: done.filename };
}

const PackagesList = z.array(z.object({ package: z.string(), version: z.string() }).passthrough());

/** Highest version of `packageName` in the server repository (for the waptupgrade build counter), or null. */
export async function highestPackageVersion(client: WaptClient, packageName: string): Promise<string | null> {
  const list = await client.request(`/api/v3/packages?q=${encodeURIComponent(packageName)}`, PackagesList);
  const versions = list.filter((p) => p.package === packageName).map((p) => p.version);
  return versions.sort(compareVersions).at(-1) ?? null;
}

const AgentVersion = z
  .object({
    waptagent_version: z.string().nullable().optional(),
    waptagent_sha256: z.string().nullable().optional(),
  })
  .passthrough();

/** What the server now serves (`GET /api/v2/waptagent_version`), to confirm the upload. */
export async function serverAgentVersion(
  client: WaptClient,
): Promise<{ version: string | null; sha256: string | null }> {
  const r = await client.request('/api/v2/waptagent_version', AgentVersion);
  return { version: r.waptagent_version ?? null, sha256: r.waptagent_sha256 ?? null };
}
