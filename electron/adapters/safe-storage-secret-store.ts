import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import { writeFileAtomic } from '../../wapt/fs/atomic-write';
import type { SecretStore } from '../core/ports';

/**
 * Secrets (saved server passwords) encrypted with the OS keychain through safeStorage, kept in
 * one file of ciphertexts. Where the OS offers no encryption, nothing is persisted: the store
 * degrades to memory rather than writing plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();
  constructor(private readonly file: string) {}

  static inDirectory(dir: string) {
    return new SafeStorageSecretStore(path.join(dir, 'secrets.bin.json'));
  }

  get encrypted(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  private async readAll(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  async get(key: string): Promise<string | null> {
    if (!this.encrypted) return this.memory.get(key) ?? null;
    const b64 = (await this.readAll())[key];
    return b64 === undefined ? null : safeStorage.decryptString(Buffer.from(b64, 'base64'));
  }

  async set(key: string, value: string): Promise<void> {
    if (!this.encrypted) {
      this.memory.set(key, value);
      return;
    }
    const all = await this.readAll();
    all[key] = safeStorage.encryptString(value).toString('base64');
    await writeFileAtomic(this.file, JSON.stringify(all));
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    const all = await this.readAll();
    if (key in all) {
      delete all[key];
      await writeFileAtomic(this.file, JSON.stringify(all));
    }
  }
}
