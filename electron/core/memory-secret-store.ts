import type { SecretStore } from './ports';

/**
 * Where no OS-backed secret store exists (browser mode, CLI), secrets live only in memory for the
 * process lifetime: never in a plain file.
 */
export class MemorySecretStore implements SecretStore {
  readonly encrypted = false;
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}
