import type { FieldErrors, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { defaultAgentConfig, type AgentConfig } from '../../../../../common/domain/agent-config';
import { agentBuildMethods } from '../../../../../common/ipc/methods/agent-build';
import { issueText } from '../../../../../renderer/src/errors/issues';
import {
  AgentFormSchema,
  agentFormResolver,
  BuildRequestConfig,
  splitProfiles,
  toConfigDraft,
  toFormValues,
  type AgentFormValues,
} from '../../../../../renderer/src/features/agent/agent-form';
import { codedErrorAt } from '../../../../../renderer/src/forms/coded-zod-resolver';
import { translate, type Translate } from '../../../../../renderer/src/i18n/i18n';

const t =
  (lang: 'en' | 'fr'): Translate =>
  (key, params) =>
    translate(lang, key, params);

const options: ResolverOptions<AgentFormValues> = { fields: {}, shouldUseNativeValidation: false };

/** What the wizard starts from: a valid configuration with one trusted certificate. */
function validValues(patch: Partial<AgentFormValues> = {}): AgentFormValues {
  return {
    ...toFormValues(
      defaultAgentConfig({ certificates: ['/certs/admin.crt'], serverUrl: 'https://srvwapt.example.lan' }),
    ),
    ...patch,
  };
}

async function resolve(values: AgentFormValues) {
  return agentFormResolver(values, undefined, options);
}

/** The form's error at `path`, said in English and in French. */
async function said(values: AgentFormValues, path: string) {
  const { errors } = await resolve(values);
  const issue = codedErrorAt(errors, path);
  if (!issue) throw new Error(`no error at ${path}: ${JSON.stringify(Object.keys(errors))}`);
  return {
    code: issue.code,
    params: issue.params,
    en: issueText(issue, t('en')),
    fr: issueText(issue, t('fr')),
  };
}

describe('the agent wizard form schema (derived from the build request contract)', () => {
  it('accepts a valid form and returns the configuration the build request takes', async () => {
    const result = await resolve(validValues({ appendHostProfiles: 'sales, it-*, , lab.paris' }));
    expect(result.errors).toEqual({});
    const config = result.values as AgentConfig;
    expect(config.appendHostProfiles).toEqual(['sales', 'it-*', 'lab.paris']);
    expect(config.repoUrl).toBe('https://srvwapt.example.lan/wapt');
    // The output goes as is into `agent.start` (the password travels beside it).
    expect(() => agentBuildMethods['agent.start'].input.parse({ config, password: '' })).not.toThrow();
  });

  it('is the contract schema itself, apart from the profiles line', () => {
    expect(BuildRequestConfig).toBe(agentBuildMethods['agent.start'].input.shape.config);
    const formKeys = Object.keys(AgentFormSchema.shape).sort();
    expect(formKeys).toEqual(Object.keys(BuildRequestConfig.shape).sort());
    for (const key of formKeys)
      if (key !== 'appendHostProfiles')
        expect(AgentFormSchema.shape[key as keyof typeof AgentFormSchema.shape]).toBe(
          BuildRequestConfig.shape[key as keyof typeof BuildRequestConfig.shape],
        );
  });

  it('finds exactly the issues the contract finds in the same configuration', () => {
    const cases: Array<Partial<AgentFormValues>> = [
      {},
      { repoUrl: 'ftp://nope' },
      { serverUrl: 'not a url', prefix: 'Tis' },
      { auditPeriod: '3 days', organization: 'x'.repeat(201) },
      { appendHostProfiles: 'ok, bad/name' },
      { verifyCert: '  ' },
      { waptwua: { install_delay: 'soon', user_locale: 'fr' } },
      { certificates: [''] },
    ];
    for (const patch of cases) {
      const values = validValues(patch);
      const form = AgentFormSchema.safeParse(values);
      const contract = BuildRequestConfig.safeParse(toConfigDraft(values));
      expect(form.success).toBe(contract.success);
      const shape = (r: typeof form | typeof contract) =>
        r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.code}`);
      expect(shape(form)).toEqual(shape(contract));
    }
  });

  it('names a repository URL that is not http(s), in English and French', async () => {
    const issue = await said(validValues({ repoUrl: 'ftp://nope' }), 'repoUrl');
    expect(issue.code).toBe('HTTP_URL');
    expect(issue.params).toEqual({ field: 'repoUrl' });
    expect(issue.en).toBe('repoUrl must be an http(s) URL such as https://srvwapt.corp.lan');
    expect(issue.fr).toBe('repoUrl doit être une URL http(s), par exemple https://srvwapt.corp.lan');
  });

  it('refuses a server URL with credentials in it', async () => {
    const issue = await said(
      validValues({ serverUrl: 'https://admin:secret@srvwapt.example.lan' }),
      'serverUrl',
    );
    expect(issue.code).toBe('HTTP_URL_OR_EMPTY');
    // The parameters name the field, never the value typed (it may hold a password).
    expect(JSON.stringify(issue.params)).not.toContain('secret');
    expect(issue.fr).toBe('serverUrl doit être vide ou une URL http(s)');
  });

  it('says what an audit period looks like', async () => {
    const issue = await said(validValues({ auditPeriod: '3 days' }), 'auditPeriod');
    expect(issue.code).toBe('PERIOD_OR_EMPTY');
    expect(issue.en).toBe('auditPeriod: empty, or a period such as 120m, 6h, 1d, 7d');
    expect(issue.fr).toBe('auditPeriod : vide, ou une période comme 120m, 6h, 1d, 7d');
  });

  it('translates zod’s own codes with their parameters (prefix format, organization length)', async () => {
    const prefix = await said(validValues({ prefix: 'Not OK' }), 'prefix');
    expect(prefix.code).toBe('invalid_format');
    expect(prefix.params).toEqual({ format: 'regex', origin: 'string' });
    expect(prefix.fr).toBe('Format inattendu');
    const organization = await said(validValues({ organization: 'x'.repeat(201) }), 'organization');
    expect(organization.code).toBe('too_big');
    expect(organization.params).toMatchObject({ maximum: 200, origin: 'string' });
    expect(organization.en).toBe('At most 200 characters');
    expect(organization.fr).toBe('Au plus 200 caractères');
  });

  it('puts a bad host profile on the profiles field, whichever item it is', async () => {
    const { errors } = await resolve(validValues({ appendHostProfiles: 'ok, bad/name' }));
    expect(codedErrorAt(errors as FieldErrors, 'appendHostProfiles.1')?.code).toBe('invalid_format');
    expect(codedErrorAt(errors as FieldErrors, 'appendHostProfiles.0')).toBeUndefined();
    const issue = await said(validValues({ appendHostProfiles: 'ok, bad/name' }), 'appendHostProfiles');
    expect(issue.en).toBe('Not in the expected format');
  });

  it('nests [waptwua] issues under their key', async () => {
    const issue = await said(
      validValues({ waptwua: { enabled: true, install_delay: 'soon' } }),
      'waptwua.install_delay',
    );
    expect(issue.code).toBe('PERIOD');
    expect(issue.params).toEqual({ field: 'install_delay' });
    expect(issue.fr).toBe(
      'install_delay : un nombre suivi éventuellement d’une unité s, m, h, d ou w, par exemple 1d, 12h, 120m',
    );
    const { errors } = await resolve(validValues({ waptwua: { enabled: true, install_delay: 'soon' } }));
    expect(Object.keys(errors)).toEqual(['waptwua']);
  });

  it('refuses a line break in a value written to wapt-get.ini', async () => {
    const issue = await said(validValues({ organization: 'Corp\n[global]' }), 'organization');
    expect(issue.code).toBe('CONTROL_CHARS');
    expect(issue.fr).toContain('organization');
  });

  it('reports a field the contract does not know at the form root', async () => {
    const { errors } = await resolve({ ...validValues(), surprise: 1 } as AgentFormValues);
    const issue = codedErrorAt(errors, 'root');
    expect(issue?.code).toBe('unrecognized_keys');
    expect(issueText(issue!, t('fr'))).toBe('Champs inconnus : surprise');
  });

  it('splits the profiles line as the form shows it back', () => {
    expect(splitProfiles(' a ,b,, c ,')).toEqual(['a', 'b', 'c']);
    expect(splitProfiles('')).toEqual([]);
    const config = defaultAgentConfig({ appendHostProfiles: ['a', 'b'] });
    expect(toFormValues(config).appendHostProfiles).toBe('a, b');
    expect(toConfigDraft(toFormValues(config))).toEqual(config);
  });
});
