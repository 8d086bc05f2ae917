import { MIN_KEY_PASSWORD_LENGTH } from '../../../../common/domain/key-password';

/**
 * The "strength" hint of the new-key dialog: a rough guide, not a policy. Main refuses only
 * passwords shorter than MIN_KEY_PASSWORD_LENGTH (common/domain/key-password.ts); the
 * hint nudges towards long passphrases, which protect a stolen key file far better.
 */
export type PasswordStrength = 'tooShort' | 'weak' | 'fair' | 'strong';

/** Main's floor, from the rule both sides share. */
export const MIN_PASSWORD_LENGTH = MIN_KEY_PASSWORD_LENGTH;

export function passwordStrength(password: string): PasswordStrength {
  if (password.length < MIN_PASSWORD_LENGTH) return 'tooShort';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  // One repeated character or a single class of few characters falls to a dictionary or brute force.
  if (new Set(password).size < 5 || (classes < 2 && password.length < 16)) return 'weak';
  if (password.length >= 16 || (password.length >= 12 && classes >= 3)) return 'strong';
  return 'fair';
}
