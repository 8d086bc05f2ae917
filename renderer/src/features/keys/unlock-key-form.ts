import { z } from 'zod';
import { keysMethods } from '../../../../common/ipc/methods/keys';
import { codedZodResolver } from '../../forms/coded-zod-resolver';

/**
 * The two forms of the signing-key dialog (react-hook-form), on the contract's own schemas:
 * `keys.configure` (where the key and its certificate are) and `keys.unlock` (its password).
 */
const Configure = keysMethods['keys.configure'].input;

/** The paths as typed; an empty certificate path means "next to the key" (null in the request). */
export interface KeyPathsFormValues {
  keyPath: string;
  certificatePath: string;
}

export const KeyPathsFormSchema = z
  .object({
    keyPath: Configure.shape.keyPath,
    certificatePath: z.string(),
  })
  .transform((v) => ({
    keyPath: v.keyPath,
    certificatePath: v.certificatePath.trim() === '' ? null : v.certificatePath,
  }))
  .pipe(Configure);

export const keyPathsFormResolver = codedZodResolver<KeyPathsFormValues, z.output<typeof Configure>>(
  KeyPathsFormSchema,
);

/** The input's name is `keyPassword` (react-hook-form finds a field by its input's name). */
export interface UnlockFormValues {
  keyPassword: string;
}

export const UnlockFormSchema = z
  .object({ keyPassword: keysMethods['keys.unlock'].input.shape.password })
  .transform((v) => ({ password: v.keyPassword }));

export const unlockFormResolver = codedZodResolver<UnlockFormValues, { password: string }>(UnlockFormSchema);
