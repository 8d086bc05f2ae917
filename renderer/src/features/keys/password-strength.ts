/**
 * The "strength" hint of the new-key dialog: a rough guide, not a policy. Main refuses only
 * passwords shorter than MIN_KEY_PASSWORD_LENGTH (electron/core/keys/create-key-files.ts); the
 * hint nudges towards long passphrases, which protect a stolen key file far better.
 */
export type PasswordStrength = 'tooShort' | 'weak' | 'fair' | 'strong';

/** Same floor as main's (a copy, since the renderer cannot import main's code). */
export const MIN_PASSWORD_LENGTH = 8;

export function passwordStrength(password: string): PasswordStrength {
  if (password.length < MIN_PASSWORD_LENGTH) return 'tooShort';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  // One repeated character or a single class of few characters falls to a dictionary or brute force.
  if (new Set(password).size < 5 || (classes < 2 && password.length < 16)) return 'weak';
  if (password.length >= 16 || (password.length >= 12 && classes >= 3)) return 'strong';
  return 'fair';
}
