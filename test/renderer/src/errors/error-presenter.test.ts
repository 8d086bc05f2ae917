import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxiosError, AxiosHeaders } from 'axios';
import { z } from 'zod';
import { parseControl } from '../../../../common/domain/control';
import { parsePackagesText } from '../../../../common/domain/packages-index-text';
import { validateRulesSpec } from '../../../../common/domain/wua-rules-edit';
import { ConsoleError } from '../../../../common/errors';
import { toApiError } from '../../../../electron/core/api/api-error';
import { WaptClient } from '../../../../electron/core/api/wapt-client';
import { readCertificateFile } from '../../../../electron/core/agent-build/certificates';
import { parseConfig } from '../../../../electron/core/agent-build/build-agent';
import { inspectBaseDir } from '../../../../electron/core/agent-build/base-dir';
import { JobRegistry } from '../../../../electron/core/jobs/job-registry';
import { readCaBundle } from '../../../../electron/core/session/profiles-service';
import { loadPkcs12, loadPrivateKey } from '../../../../wapt/signing/keys';
import { progressText } from '../../../../renderer/src/i18n/progress-text';
import { startTestServer } from '../../../support/reference-server';
import { presentError } from '../../../../renderer/src/errors/presenter';
import { translate } from '../../../../renderer/src/i18n/i18n';
import type { Translate } from '../../../../renderer/src/i18n/i18n';

const t =
  (lang: 'en' | 'fr'): Translate =>
  (key, params) =>
    translate(lang, key, params);

// A throttled login (HTTP 429 + Retry-After, docs/reference-server.md) as the WAPT client maps it.
function throttled(retryAfter?: string): unknown {
  const headers = new AxiosHeaders();
  if (retryAfter !== undefined) headers.set('retry-after', retryAfter);
  const err = new AxiosError('Request failed with status code 429', 'ERR_BAD_REQUEST', undefined, undefined, {
    status: 429,
    statusText: 'Too Many Requests',
    headers,
    config: { headers },
    data: '',
  });
  return toApiError(err, '/api/v3/login');
}

describe('presentError for a throttled login', () => {
  it('says when to try again, in English and French, and offers a retry', () => {
    const err = throttled('30');
    expect(err).toBeInstanceOf(ConsoleError);
    expect(presentError(err, t('en'))).toEqual({
      code: 'SERVER_ERROR',
      retryable: true,
      message: 'Too many attempts: the server refuses more for now. Try again in 30 s.',
    });
    expect(presentError(err, t('fr')).message).toBe(
      'Trop de tentatives : le serveur n’en accepte plus pour l’instant. Réessayez dans 30 s.',
    );
  });

  it('without Retry-After it still names the cause, not a raw endpoint', () => {
    const shown = presentError(throttled(), t('en'));
    expect(shown.message).toBe('Too many attempts: the server refuses more for now. Try again later.');
    expect(shown.message).not.toContain('/api/');
  });
});

/*
 * Errors produced by the real core code, shown in French (issue 15 point 4): the sentence comes
 * from the catalogue, filled with the file, status or attribute main sent as a parameter, never
 * from main's English message.
 */
/** openssl without its progress dots on the test's output. */
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

describe('real core errors, presented in French with their parameters', () => {
  const fr = t('fr');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wapt-presenter-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function caught(p: Promise<unknown> | (() => unknown)): Promise<ConsoleError> {
    try {
      await (typeof p === 'function' ? p() : p);
    } catch (err) {
      expect(err).toBeInstanceOf(ConsoleError);
      return err as ConsoleError;
    }
    throw new Error('expected a ConsoleError');
  }

  it('a missing CA bundle names the file', async () => {
    const file = path.join(dir, 'absent-ca.pem');
    const err = await caught(readCaBundle(file));
    expect([err.code, err.reason, err.details?.file]).toEqual(['IO', 'CA_BUNDLE', file]);
    expect(presentError(err, fr).message).toBe(
      `Une opération sur un fichier local a échoué : le fichier d’AC ${file} est absent, illisible ou ne contient aucun certificat PEM`,
    );
    // The English message main wrote is not what the French window shows.
    expect(presentError(err, fr).message).not.toContain(err.message);
  });

  it('a wrong password on an encrypted PEM key made by openssl', async () => {
    const keyFile = path.join(dir, 'key.pem');
    openssl([
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-aes-256-cbc',
      '-pass',
      'pass:the-right-one',
      '-out',
      keyFile,
    ]);
    const err = await caught(() => loadPrivateKey(readFileSync(keyFile, 'utf8'), 'not-the-right-one'));
    expect([err.code, err.reason]).toEqual(['KEY_INVALID', 'WRONG_PASSWORD']);
    expect(presentError(err, fr).message).toBe(
      'La clé privée est inutilisable : mot de passe incorrect : la clé n’a pas pu être déchiffrée',
    );
    expect(presentError(err, fr).message).not.toContain('not-the-right-one');
  });

  it('a wrong password on a PKCS#12 file made by openssl', async () => {
    const key = path.join(dir, 'p12-key.pem');
    const cert = path.join(dir, 'p12-cert.pem');
    const p12 = path.join(dir, 'admin.p12');
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=presenter-test',
      '-days',
      '2',
    ]);
    openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', 'pass:p12-pass', '-out', p12]);
    const err = await caught(() => loadPkcs12(readFileSync(p12), 'wrong-p12-pass'));
    expect([err.code, err.reason]).toEqual(['KEY_INVALID', 'WRONG_PASSWORD']);
    expect(presentError(err, fr).message).toBe(
      'La clé privée est inutilisable : mot de passe incorrect : la clé n’a pas pu être déchiffrée',
    );
  });

  it('a control file with an attribute twice names the attribute', async () => {
    const err = await caught(() => parseControl('package: tis-demo\nversion: 1-0\nversion: 2-0\n'));
    expect([err.code, err.reason, err.details?.attribute]).toEqual([
      'CONTROL_INVALID',
      'DUPLICATE_KEY',
      'version',
    ]);
    expect(presentError(err, fr).message).toBe(
      'Les données de contrôle du paquet ne sont pas valides : l’attribut version apparaît deux fois',
    );
  });

  it('a wrapped error says its context around the reason, both in French', async () => {
    const err = await caught(() =>
      parsePackagesText('package: tis-a\nversion: 1-0\n\npackage: tis-b\nversion: 1-0\nversion: 2-0\n'),
    );
    expect([err.reason, err.details?.context, err.details?.entry]).toEqual([
      'DUPLICATE_KEY',
      'INDEX_ENTRY',
      2,
    ]);
    expect(presentError(err, fr).message).toBe(
      'Les données de contrôle du paquet ne sont pas valides : entrée 2 de l’index Packages : l’attribut version apparaît deux fois',
    );
  });

  it('a certificate file that cannot be read as a certificate names the file', async () => {
    const file = path.join(dir, 'broken.crt');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n');
    const err = await caught(readCertificateFile(file));
    expect([err.code, err.details?.context, err.details?.file]).toEqual([
      'CERT_INVALID',
      'CERTIFICATE_FILE',
      file,
    ]);
    expect(presentError(err, fr).message).toMatch(
      new RegExp(`^Problème de certificat : ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} : `),
    );
    expect(presentError(err, fr).message).not.toContain(err.message);
  });

  describe('against a real reference server', () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      server = await startTestServer({ hosts: 2 });
    });
    afterAll(async () => server?.stop());

    it('a wrong password at login (401) reads in French', async () => {
      const client = new WaptClient({
        baseUrl: server.url,
        user: 'admin',
        password: 'wrong',
        verifyTls: true,
      });
      const err = await caught(client.login());
      expect([err.code, err.reason, err.details?.status]).toEqual([
        'UNAUTHENTICATED',
        'BAD_CREDENTIALS',
        401,
      ]);
      expect(presentError(err, fr).message).toBe(
        'Le serveur a refusé le nom d’utilisateur ou le mot de passe.',
      );
    });

    it('a request without a session (401 mid-session) reads in French', async () => {
      const client = new WaptClient({
        baseUrl: server.url,
        user: 'admin',
        password: 'wrong',
        verifyTls: true,
      });
      const err = await caught(client.request('/api/v1/hosts', z.unknown()));
      expect([err.code, err.reason]).toEqual(['UNAUTHENTICATED', 'HTTP_401']);
      expect(presentError(err, fr).message).toBe(
        'Le serveur a refusé le nom d’utilisateur ou le mot de passe.',
      );
    });
  });

  it('any other HTTP status is said with the status main sent', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('maintenance');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new WaptClient({
        baseUrl: `http://127.0.0.1:${port}`,
        user: 'a',
        password: 'b',
        verifyTls: true,
      });
      const err = await caught(client.request('/api/v1/hosts', z.unknown()));
      expect([err.code, err.reason, err.details?.status]).toEqual(['SERVER_ERROR', 'HTTP_503', 503]);
      expect(presentError(err, fr).message).toBe(
        'Le serveur a signalé une erreur : le serveur a répondu avec le statut HTTP 503',
      );
      expect(presentError(err, t('en')).message).toBe(
        'The server reported an error: the server answered with HTTP status 503',
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('an invalid agent configuration says its first issue in French, path included', async () => {
    const err = await caught(() =>
      parseConfig({ prefix: 'demo', repoUrl: 'https://srv/wapt', uuidMode: 'serial' }),
    );
    expect([err.code, err.reason]).toEqual(['VALIDATION', 'CONFIG_INVALID']);
    const shown = presentError(err, fr).message;
    expect(shown).toMatch(
      /^Une saisie n’est pas valide : la configuration de l’agent n’est pas valide : uuidMode : /,
    );
    // The zod issue is said from its code, not in zod's English.
    const issue = (err.details?.issues as { message: string }[])[0]!.message;
    expect(shown).not.toContain(issue);
  });

  it('a folder that is not a WAPT installation names the folder and what it lacks', async () => {
    const empty = mkdtempSync(path.join(dir, 'not-wapt-'));
    const lacking = await caught(inspectBaseDir(empty));
    expect([lacking.reason, lacking.details?.dir, lacking.details?.missing]).toEqual([
      'BASE_DIR_INVALID',
      empty,
      'wapt-get.exe',
    ]);
    expect(presentError(lacking, fr).message).toBe(
      `Une saisie n’est pas valide : ${empty} n’est pas une installation complète de WAPT : il manque wapt-get.exe`,
    );
    const absent = await caught(inspectBaseDir(path.join(dir, 'no-such-folder')));
    expect(presentError(absent, fr).message).toBe(
      `Une saisie n’est pas valide : le dossier d’installation de WAPT ${path.join(dir, 'no-such-folder')} n’existe pas`,
    );
  });

  it('a rule-package refusal says its first issue in French', () => {
    const issues = validateRulesSpec({
      package: 'tis-wua-rules',
      version: '1-0',
      description: '',
      maturity: 'PROD',
      rules: { allowed_kbs: ['KB12'] },
    });
    const err = new ConsoleError('VALIDATION', issues.map((i) => i.message).join('; '), {
      details: { reason: 'RULES_INVALID', issues },
    });
    expect(presentError(err, fr).message).toBe(
      'Une saisie n’est pas valide : les règles ne sont pas valides : allowed_kbs : « KB12 » n’est pas un numéro de KB',
    );
  });
});

describe('progress steps of a real job', () => {
  it('cross as step + params and read in French; main keeps its English message', async () => {
    const jobs = new JobRegistry({ now: () => new Date() });
    const events: { step?: string; params?: Record<string, string | number>; message: string }[] = [];
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    jobs.start(
      'agentBuild',
      'Build',
      (event, payload) => {
        if (event === 'jobs.progress') events.push(payload as (typeof events)[number]);
      },
      async (job) => {
        job.progress({
          percent: 12,
          step: 'agentBuild.PACKED_CLEAN',
          params: { count: 3 },
          message: '3 files to pack, none holds a private key',
        });
        job.progress({ percent: 13 });
        job.progress({ percent: 14, message: 'a message without a step' });
        release();
      },
    );
    await done;
    expect(events.map((e) => progressText(e, t('fr')))).toEqual([
      '3 fichiers à embarquer, aucun ne contient de clé privée',
      // An update that only moves the bar keeps the step.
      '3 fichiers à embarquer, aucun ne contient de clé privée',
      'a message without a step',
    ]);
    expect(events[0]!.message).toBe('3 files to pack, none holds a private key');
  });
});
