import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../server/auth/passwords';
import { isAcceptablePackageName, isPlainFileName, secureFilename } from '../../../server/storage/files';

describe('admin password hashes (passlib $pbkdf2-sha256$)', () => {
  it('hashes with a random salt and verifies', async () => {
    const a = await hashPassword('s3cret passphrase', 1000);
    const b = await hashPassword('s3cret passphrase', 1000);
    expect(a).toMatch(/^\$pbkdf2-sha256\$1000\$[A-Za-z0-9./]+\$[A-Za-z0-9./]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret passphrase', a)).toBe(true);
    expect(await verifyPassword('s3cret passphrasE', a)).toBe(false);
  });

  it('verifies a hash computed independently (Python hashlib.pbkdf2_hmac + passlib ab64 encoding)', async () => {
    const vector = '$pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M';
    expect(await verifyPassword('correct horse', vector)).toBe(true);
    expect(await verifyPassword('correct horsf', vector)).toBe(false);
  });

  it('refuses unknown formats without throwing', async () => {
    for (const h of [
      '',
      'plain',
      '$2b$12$abcdefghijklmnopqrstuv',
      '$pbkdf2-sha256$0$aa$bb',
      '$pbkdf2-sha256$99999999999$aa$bb',
    ]) {
      expect(await verifyPassword('x', h)).toBe(false);
    }
  });
});

describe('file names', () => {
  it('secure_filename like werkzeug', () => {
    expect(secureFilename('My cool movie.mov')).toBe('My_cool_movie.mov');
    expect(secureFilename('../../../etc/passwd')).toBe('etc_passwd');
    expect(secureFilename('i contain cool \xfcml\xe4uts.txt')).toBe('i_contain_cool_umlauts.txt');
  });
  it('package names must be ASCII, secure_filename-stable and end with .wapt', () => {
    expect(isAcceptablePackageName('tis-7zip_19.0.0-12_x64_PROD_0123abcd.wapt')).toBe(true);
    for (const bad of ['../x.wapt', 'a b.wapt', 'x.zip', 'é.wapt', '.wapt', '_x.wapt', 'x/y.wapt'])
      expect(isAcceptablePackageName(bad)).toBe(false);
  });
  it('plain file names: no separators, no dot files', () => {
    expect(isPlainFileName('Packages')).toBe(true);
    for (const bad of ['', '..', '.hidden', 'a/b', 'a\\b', 'a\0b']) expect(isPlainFileName(bad)).toBe(false);
  });
});
