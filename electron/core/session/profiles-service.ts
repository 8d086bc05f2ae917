import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConsoleError } from '../../../common/errors';
import type { Parsed, SessionStatus } from '../../../common/ipc/contract';
import type { ServerProfile } from '../../../common/ipc/methods/profiles';
import type { SecretStore } from '../ports';
import type { JsonSettingsStore, StoredProfile } from '../settings/json-settings-store';
import type { SessionService } from './session-service';

const secretKey = (id: string) => `profile-password:${id}`;

/** Reads the CA bundle a connection trusts; a clear error names the file when it is not a PEM bundle. */
export async function readCaBundle(file: string | null): Promise<string | undefined> {
  if (file === null || file === '') return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConsoleError('IO', `the CA bundle was not found or cannot be read: ${file}`, {
      details: { reason: 'CA_BUNDLE', file },
    });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new ConsoleError('CERT_INVALID', `the CA bundle holds no PEM certificate: ${file}`, {
      details: { reason: 'CA_BUNDLE', file },
    });
  return text;
}

/**
 * Saved server connections. Settings keep URL, user and TLS choices; a saved password goes only to
 * the SecretStore, and only when it encrypts (Electron's safeStorage): never to a plain file.
 */
export class ProfilesService {
  constructor(
    private readonly settings: JsonSettingsStore,
    private readonly secrets: SecretStore,
    private readonly session: SessionService,
  ) {}

  private async view(p: StoredProfile): Promise<ServerProfile> {
    return { ...p, remembered: this.secrets.encrypted && (await this.secrets.get(secretKey(p.id))) !== null };
  }

  async list(): Promise<{ profiles: ServerProfile[]; canRemember: boolean }> {
    const stored = await this.settings.getProfiles();
    return {
      profiles: await Promise.all(stored.map((p) => this.view(p))),
      canRemember: this.secrets.encrypted,
    };
  }

  async save(input: Parsed<'profiles.save'>): Promise<ServerProfile> {
    const profiles = await this.settings.getProfiles();
    const url = input.serverUrl.replace(/\/+$/, '');
    const existing = profiles.find((p) => p.serverUrl === url && p.user === input.user);
    const profile: StoredProfile = {
      id: existing?.id ?? randomUUID(),
      name: input.name,
      serverUrl: url,
      user: input.user,
      verifyTls: input.verifyTls,
      caBundlePath: input.caBundlePath,
      allowInsecureHttp: input.allowInsecureHttp,
    };
    await this.settings.setProfiles([...profiles.filter((p) => p.id !== profile.id), profile]);
    if (input.password !== null && this.secrets.encrypted)
      await this.secrets.set(secretKey(profile.id), input.password);
    if (input.password === null) await this.secrets.delete(secretKey(profile.id));
    return this.view(profile);
  }

  async remove(id: string): Promise<void> {
    await this.settings.setProfiles((await this.settings.getProfiles()).filter((p) => p.id !== id));
    await this.secrets.delete(secretKey(id));
  }

  async connect(id: string, password: string | null): Promise<SessionStatus> {
    const p = (await this.settings.getProfiles()).find((x) => x.id === id);
    if (!p)
      throw new ConsoleError('NOT_FOUND', 'this saved connection no longer exists', {
        details: { reason: 'UNKNOWN_PROFILE' },
      });
    const pw = password ?? (await this.secrets.get(secretKey(id)));
    if (pw === null)
      throw new ConsoleError('VALIDATION', 'no password is saved for this connection: type it', {
        details: { reason: 'PASSWORD_REQUIRED' },
      });
    const caPem = await readCaBundle(p.caBundlePath);
    return this.session.connect({
      baseUrl: p.serverUrl,
      user: p.user,
      password: pw,
      verifyTls: p.verifyTls,
      allowInsecureHttp: p.allowInsecureHttp,
      ...(caPem ? { caPem } : {}),
    });
  }
}
