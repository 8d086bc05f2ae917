import { ConsoleError } from '../../../common/errors';
import type { z } from 'zod';
import type {
  CreatedKey,
  CreateKeyRequest as CreateKeyRequestSchema,
} from '../../../common/ipc/methods/keys';
import type { PathPicker } from '../ports';
import { certificateInfo } from '../../../wapt/signing/index';
import type { AdminKeyService } from './admin-key-service';
import { createKeyFiles } from './create-key-files';

/** The request after the contract's defaults. */
type Parsed = z.output<typeof CreateKeyRequestSchema>;

/**
 * The dialog's side of key creation (docs/keys.md): checks what only main can check (the two
 * passwords, once more), writes the files, optionally makes the new key the administrator's, and
 * answers with public facts. Nothing here logs; the passwords live only in this call's arguments.
 */
export class KeyCreationService {
  constructor(
    private readonly adminKey: AdminKeyService,
    private readonly picker?: PathPicker,
  ) {}

  async create(req: Parsed): Promise<CreatedKey> {
    if (req.password !== req.passwordAgain)
      throw new ConsoleError('VALIDATION', 'the two passwords differ', {
        details: { reason: 'PASSWORD_MISMATCH' },
      });
    const files = await createKeyFiles({
      name: req.name,
      folder: req.folder,
      bits: req.bits,
      password: req.password,
      commonName: req.commonName,
      organization: req.organization,
      days: req.days,
      codeSigning: req.codeSigning,
      isCA: req.isCA,
      issuer: req.issuer,
      pkcs12: req.pkcs12,
    });
    const adminKey = req.useAsAdminKey
      ? await this.adminKey.configure(files.keyPath, files.certificatePath)
      : await this.adminKey.status();
    const info = certificateInfo(files.certificate);
    return {
      keyPath: files.keyPath,
      certificatePath: files.certificatePath,
      pkcs12Path: files.pkcs12Path,
      certificate: {
        cn: info.cn,
        subject: info.subject,
        issuer: info.issuer,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
        serial: info.serial,
        fingerprintSha256: info.fingerprintSha256,
        codeSigning: info.codeSigning,
        isCA: info.isCA,
      },
      adminKey,
    };
  }

  /** The OS's dialog, opened by main; NOT_SUPPORTED where there is none (browser mode types the path). */
  async choosePath(
    purpose: 'folder' | 'caCertificate' | 'caKey',
    title: string,
  ): Promise<{ path: string | null }> {
    if (this.picker === undefined)
      throw new ConsoleError('NOT_SUPPORTED', 'no file dialog in browser mode: type the path', {
        details: { reason: 'NO_NATIVE_DIALOG' },
      });
    if (purpose === 'folder') return { path: await this.picker.pickFolder({ title }) };
    // Filter names are the patterns themselves: language-neutral, the title carries the words.
    const extensions = purpose === 'caCertificate' ? ['crt', 'pem', 'cer'] : ['pem', 'key'];
    const filters = [{ name: extensions.map((e) => `*.${e}`).join(', '), extensions }];
    return { path: await this.picker.pickFile({ title, filters }) };
  }
}
