import { describe, expect, it } from 'vitest';
import { MIN_KEY_PASSWORD_LENGTH } from '../../../../../electron/core/keys/create-key-files';
import {
  MIN_PASSWORD_LENGTH,
  passwordStrength,
} from '../../../../../renderer/src/features/keys/password-strength';

describe('new key password strength hint', () => {
  it('uses the same floor as main', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(MIN_KEY_PASSWORD_LENGTH);
  });
  it.each([
    ['', 'tooShort'],
    ['Ab1!xyz', 'tooShort'],
    ['aaaaaaaaaaaa', 'weak'],
    ['lowercase', 'weak'],
    ['Lowercase1', 'fair'],
    ['Corr3ct-horse!', 'strong'],
    ['correct horse battery staple', 'strong'],
  ] as const)('%j is %s', (pw, expected) => {
    expect(passwordStrength(pw)).toBe(expected);
  });
});
