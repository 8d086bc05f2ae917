import { z } from 'zod';
import { MIN_KEY_PASSWORD_LENGTH } from '../../../../common/domain/key-password';
import { CreateKeyRequest } from '../../../../common/ipc/methods/keys';
import { codedZodResolver } from '../../forms/coded-zod-resolver';

/**
 * The new-key form (react-hook-form) and its schema. Each field's rule is the contract's
 * (`keys.create`: common/ipc/methods/keys.ts); the form holds a few things differently (who issues
 * the certificate is a radio, the CA's files and the .p12 password are fields even when unused), so
 * the form schema is derived here and turned into the request. The rules that span two fields are
 * main's too (docs/keys.md): the shortest password and the password typed twice.
 */

const Request = CreateKeyRequest.shape;
/** The contract's CA issuer object (`issuer` is optional and nullable in the request). */
const Issuer = Request.issuer.unwrap().unwrap().shape;
/** The contract's .p12 password: null means "the key's own", a typed one may not be empty. */
const P12Password = Request.pkcs12.unwrap().unwrap().shape.password.unwrap();

/**
 * What the form holds. The names are the inputs' `name`s (react-hook-form finds a field by its
 * input's name; the end-to-end tests find the inputs by them too); the request's names differ.
 */
export interface CreateKeyFormValues {
  keyName: string;
  keyFolder: string;
  keyBits: 2048 | 3072 | 4096;
  newKeyPassword: string;
  newKeyPasswordAgain: string;
  /** Empty: the certificate is named after the key. */
  commonName: string;
  organization: string;
  validityDays: number;
  codeSigning: boolean;
  isCA: boolean;
  issuer: 'self' | 'ca';
  caCertificate: string;
  caKey: string;
  caPassword: string;
  exportP12: boolean;
  p12SamePassword: boolean;
  p12Password: string;
  useAsAdminKey: boolean;
}

export function defaultCreateKeyValues(useAsAdminKey: boolean): CreateKeyFormValues {
  return {
    keyName: 'admin',
    keyFolder: '',
    keyBits: 3072,
    newKeyPassword: '',
    newKeyPasswordAgain: '',
    commonName: '',
    organization: '',
    validityDays: 3650,
    codeSigning: true,
    isCA: true,
    issuer: 'self',
    caCertificate: '',
    caKey: '',
    caPassword: '',
    exportP12: false,
    p12SamePassword: true,
    p12Password: '',
    useAsAdminKey,
  };
}

/**
 * A rule between fields is checked even while another field is wrong (zod skips an object's
 * refinements once a field failed): the mismatch must show while the folder is still empty.
 */
const always = { when: () => true } as const;
/** The refinement's own issue code, translated by errors/issues.ts (`issue.<code>`). */
const coded = (issue: string, path: string, extra: Record<string, number> = {}) => ({
  ...always,
  path: [path],
  params: { issue, ...extra },
});

export const CreateKeyFormSchema = z
  .object({
    keyName: Request.name,
    keyFolder: Request.folder,
    keyBits: Request.bits,
    newKeyPassword: Request.password,
    newKeyPasswordAgain: Request.passwordAgain,
    commonName: z.string().trim().pipe(z.literal('').or(Request.commonName)),
    organization: Request.organization,
    validityDays: Request.days,
    codeSigning: Request.codeSigning,
    isCA: Request.isCA,
    issuer: z.enum(['self', 'ca']),
    caCertificate: z.string(),
    caKey: z.string(),
    caPassword: Issuer.password,
    exportP12: z.boolean(),
    p12SamePassword: z.boolean(),
    p12Password: z.string(),
    useAsAdminKey: Request.useAsAdminKey,
  })
  .refine(
    (v) => v.newKeyPassword.length >= MIN_KEY_PASSWORD_LENGTH,
    coded('PASSWORD_TOO_SHORT', 'newKeyPassword', { minimum: MIN_KEY_PASSWORD_LENGTH }),
  )
  .refine(
    (v) => v.newKeyPassword === v.newKeyPasswordAgain,
    coded('PASSWORD_MISMATCH', 'newKeyPasswordAgain'),
  )
  .refine(
    (v) => v.issuer !== 'ca' || Issuer.certificatePath.safeParse(v.caCertificate).success,
    coded('REQUIRED', 'caCertificate'),
  )
  .refine((v) => v.issuer !== 'ca' || Issuer.keyPath.safeParse(v.caKey).success, coded('REQUIRED', 'caKey'))
  .refine(
    (v) => !v.exportP12 || v.p12SamePassword || P12Password.safeParse(v.p12Password).success,
    coded('REQUIRED', 'p12Password'),
  )
  .transform((v): CreateKeyRequest => ({
    name: v.keyName,
    folder: v.keyFolder,
    bits: v.keyBits,
    password: v.newKeyPassword,
    passwordAgain: v.newKeyPasswordAgain,
    commonName: v.commonName === '' ? v.keyName : v.commonName,
    organization: v.organization,
    days: v.validityDays,
    codeSigning: v.codeSigning,
    isCA: v.isCA,
    issuer:
      v.issuer === 'ca'
        ? { certificatePath: v.caCertificate.trim(), keyPath: v.caKey.trim(), password: v.caPassword }
        : null,
    pkcs12: v.exportP12 ? { password: v.p12SamePassword ? null : v.p12Password } : null,
    useAsAdminKey: v.useAsAdminKey,
  }));

/** The resolver the dialog's useForm runs: issues keep their code and parameters for translation. */
export const createKeyFormResolver = codedZodResolver<CreateKeyFormValues, CreateKeyRequest>(
  CreateKeyFormSchema,
);
