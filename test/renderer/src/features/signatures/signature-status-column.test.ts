import type { ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import { describe, expect, it } from 'vitest';
import type { PackageSignatureStatus } from '../../../../../common/ipc/methods/signatures';
import {
  signatureStatusColumn,
  signatureTooltip,
} from '../../../../../renderer/src/features/signatures/signature-status';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import type { MessageKey } from '../../../../../renderer/src/i18n/en';

type Row = { filename: string };
const cert = (cn: string) => ({
  cn,
  fingerprintSha256: 'ab'.repeat(32),
  issuerCn: cn,
  notAfter: '2036-01-01T00:00:00.000Z',
  isCA: true,
});
const untrusted: PackageSignatureStatus = {
  filename: 'x_1.wapt',
  state: 'untrusted',
  problem: {
    code: 'CERT_INVALID',
    reason: 'UNTRUSTED',
    message: 'does not chain to any trusted certificate',
  },
  signer: cert('Stranger'),
  chain: [cert('Stranger'), cert('Stranger CA')],
  trustedBy: null,
};

describe('signature status column', () => {
  for (const language of ['en', 'fr'] as const) {
    const t = (k: MessageKey, p?: Record<string, string | number>) => translate(language, k, p);
    it(`shows translated labels, keeps the state code as value, and says "checking" until main answers (${language})`, () => {
      const col = signatureStatusColumn<Row>(t, new Map([['x_1.wapt', untrusted]]), (r) => r.filename);
      const get = col.valueGetter as (p: Partial<ValueGetterParams<Row>>) => string;
      const format = col.valueFormatter as (p: Partial<ValueFormatterParams<Row>>) => string;
      expect(get({ data: { filename: 'x_1.wapt' } })).toBe('untrusted');
      expect(get({ data: { filename: 'other_1.wapt' } })).toBe('checking');
      expect(format({ value: 'untrusted' })).toBe(
        language === 'en' ? 'Valid, not trusted' : 'Valide, non approuvée',
      );
      expect(format({ value: 'checking' })).toBe(language === 'en' ? 'Checking…' : 'Vérification…');
      const tip = signatureTooltip(t, untrusted);
      // The code as main sent it, the reason said in the chosen language (main's English only in English).
      expect(tip).toContain(
        language === 'en'
          ? 'CERT_INVALID/UNTRUSTED: the signer’s certificate is not trusted'
          : 'CERT_INVALID/UNTRUSTED: le certificat du signataire n’est pas approuvé',
      );
      expect(tip).not.toContain('does not chain');
      expect(tip).toContain('Stranger → Stranger CA');
    });
  }
});
