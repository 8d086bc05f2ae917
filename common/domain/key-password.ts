/**
 * The shortest password a new signing key may have (docs/keys.md). One rule for both sides: main
 * refuses a shorter one (VALIDATION/PASSWORD_TOO_SHORT, electron/core/keys/create-key-files.ts)
 * and the new-key form does not submit it (renderer/src/features/keys/create-key-form.ts).
 */
export const MIN_KEY_PASSWORD_LENGTH = 8;
