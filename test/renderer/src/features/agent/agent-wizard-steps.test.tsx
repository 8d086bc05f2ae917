// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentConfig, type AgentConfig } from '../../../../../common/domain/agent-config';
import {
  agentFormResolver,
  toFormValues,
  type AgentFormValues,
} from '../../../../../renderer/src/features/agent/agent-form';
import { AgentTab } from '../../../../../renderer/src/features/agent/agent-tab';
import { AgentOptionsStep } from '../../../../../renderer/src/features/agent/steps/agent-options-step';
import { ServerStep } from '../../../../../renderer/src/features/agent/steps/server-step';
import { useDraftStore } from '../../../../../renderer/src/forms/draft-store';
import { useI18n } from '../../../../../renderer/src/i18n/i18n';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * Issue 14 points 2 and 4: the wizard's steps are react-hook-form fields validated by the build
 * request's schema (agent-form.ts) and say their issues in the user's language. The steps run on
 * the real resolver; the whole tab runs over the console's real main process (its own Node
 * process, fake-bridge.ts), which loads the configuration and makes the preview.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
});
afterAll(async () => main?.stop());

const start = toFormValues(
  defaultAgentConfig({ certificates: ['/certs/admin.crt'], serverUrl: 'https://srvwapt.example.lan' }),
);

/** A step inside a form as the wizard makes it, with the form's values shown for the test. */
function InForm({ children }: { children: ReactNode }) {
  const form = useForm<AgentFormValues, unknown, AgentConfig>({
    defaultValues: start,
    resolver: agentFormResolver,
    mode: 'onChange',
  });
  const values = useWatch({ control: form.control });
  return (
    <FormProvider {...form}>
      {children}
      <output data-testid="form-values">{JSON.stringify(values)}</output>
    </FormProvider>
  );
}

const formValues = () => JSON.parse(screen.getByTestId('form-values').textContent ?? '{}') as AgentFormValues;
/** The hint under the field whose input is `input`. */
const hintOf = (input: HTMLElement) => input.closest('label.field')!.querySelector('.hint.error');

describe('agent wizard steps on the real form schema', () => {
  it('the server step says a wrong repository URL in French, and forgets it once fixed', async () => {
    const { user } = renderInConsole(
      <InForm>
        <ServerStep issues={[]} onError={() => undefined} />
      </InForm>,
      main,
      { language: 'fr' },
    );
    const repo = screen.getByTestId('agent-repo-url');
    await user.clear(repo);
    await user.type(repo, 'ftp://nope');
    await waitFor(() =>
      expect(hintOf(repo)?.textContent).toBe(
        'repoUrl doit être une URL http(s), par exemple https://srvwapt.corp.lan',
      ),
    );
    await user.clear(repo);
    await user.type(repo, 'https://wapt.example.test/wapt');
    await waitFor(() => expect(hintOf(repo)).toBeNull());
    expect(formValues().repoUrl).toBe('https://wapt.example.test/wapt');
  });

  it('the server step keeps verify_cert as one value: off, system CAs or a bundle path', async () => {
    const { user } = renderInConsole(
      <InForm>
        <ServerStep issues={[]} onError={() => undefined} />
      </InForm>,
      main,
    );
    expect(formValues().verifyCert).toBe('1');
    // The label wraps the input and its button: the accessible name starts with the field's.
    const bundleName = /^Path to the HTTPS CA bundle \(empty: system CAs\)/;
    const bundle = screen.getByRole('textbox', { name: bundleName });
    await user.type(bundle, '/etc/ssl/corp-ca.pem');
    expect(formValues().verifyCert).toBe('/etc/ssl/corp-ca.pem');
    await user.clear(bundle);
    expect(formValues().verifyCert).toBe('1');
    await user.click(screen.getByTestId('agent-verify-cert'));
    expect(formValues().verifyCert).toBe('0');
    expect(screen.queryByRole('textbox', { name: bundleName })).toBeNull();
  });

  it('the agent step puts a bad host profile and a bad audit period under their fields', async () => {
    const { user } = renderInConsole(
      <InForm>
        <AgentOptionsStep issues={[]} />
      </InForm>,
      main,
      { language: 'fr' },
    );
    const profiles = screen.getByTestId('agent-host-profiles');
    await user.type(profiles, 'postes, labo/paris');
    await waitFor(() => expect(hintOf(profiles)?.textContent).toBe('Format inattendu'));
    const audit = screen.getByTestId('agent-audit-period');
    await user.type(audit, '3 jours');
    await waitFor(() =>
      expect(hintOf(audit)?.textContent).toBe('auditPeriod : vide, ou une période comme 120m, 6h, 1d, 7d'),
    );
    await user.clear(profiles);
    await user.type(profiles, 'postes, labo-paris');
    await waitFor(() => expect(hintOf(profiles)).toBeNull());
    expect(formValues().appendHostProfiles).toBe('postes, labo-paris');
  });
});

/** The console's tab area in miniature: the wizard can be left (unmounted) and come back. */
function TabSwitcher() {
  const [shown, setShown] = useState(true);
  const store = useDraftStore();
  const { t } = useI18n();
  const unsaved = useSyncExternalStore(store.subscribe, () =>
    store
      .unsavedForms()
      .map((f) => t(f))
      .join('|'),
  );
  return (
    <>
      <button type="button" onClick={() => setShown((s) => !s)}>
        switch tab
      </button>
      <output data-testid="unsaved">{unsaved}</output>
      {shown && <AgentTab />}
    </>
  );
}

describe('the agent wizard over the real main process', () => {
  it('keeps what was typed across a tab switch and marks it unsaved', async () => {
    const { user } = renderInConsole(<TabSwitcher />, main);
    await user.click(await screen.findByTestId('agent-step-server', {}, { timeout: 60_000 }));
    // The step buttons are the console's buttons: the one on screen is pressed and primary.
    const serverStep = screen.getByTestId('agent-step-server');
    expect(serverStep.getAttribute('aria-pressed')).toBe('true');
    expect(serverStep.className.split(' ')).toContain('btn--primary');
    expect(screen.getByTestId('agent-step-agent').getAttribute('aria-pressed')).toBe('false');

    const server = screen.getByTestId<HTMLInputElement>('agent-server-url');
    const loaded = server.value;
    expect(screen.getByTestId('unsaved').textContent).toBe('');
    await user.clear(server);
    await user.type(server, 'http://typed.example.test');
    // The whole-configuration check's warning and main's preview both follow the typing.
    await waitFor(() =>
      expect(
        within(screen.getByTestId('agent-issues')).getByText('The server is reached over plain HTTP'),
      ).toBeTruthy(),
    );
    await waitFor(
      () =>
        expect(screen.getByTestId('agent-preview').textContent).toContain(
          'wapt_server=http://typed.example.test',
        ),
      { timeout: 30_000 },
    );
    expect(screen.getByTestId('unsaved').textContent).toBe('The agent wizard');

    await user.click(screen.getByText('switch tab'));
    expect(screen.queryByTestId('agent-tab')).toBeNull();
    await user.click(screen.getByText('switch tab'));
    const again = await screen.findByTestId<HTMLInputElement>('agent-server-url');
    expect(again.value).toBe('http://typed.example.test');
    expect(screen.getByTestId('agent-step-server').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('unsaved').textContent).toBe('The agent wizard');

    // Typed back to what was loaded: nothing unsaved any more.
    await user.clear(again);
    if (loaded !== '') await user.type(again, loaded);
    await waitFor(() => expect(screen.getByTestId('unsaved').textContent).toBe(''));
  });

  it('gates saving on the schema, previews what is typed and saves the validated configuration', async () => {
    const { user } = renderInConsole(<TabSwitcher />, main);
    await user.click(await screen.findByTestId('agent-step-server', {}, { timeout: 60_000 }));
    const save = screen.getByTestId<HTMLButtonElement>('agent-save');
    const issues = () => screen.queryByTestId('agent-issues')?.textContent ?? '';
    await waitFor(() => expect(save.disabled).toBe(false));

    const repo = screen.getByTestId<HTMLInputElement>('agent-repo-url');
    const loadedRepo = repo.value;
    await user.clear(repo);
    await user.type(repo, 'ftp://nope');
    await waitFor(() => expect(issues()).toContain('repoUrl must be an http(s) URL'));
    await waitFor(() => expect(save.disabled).toBe(true));
    await user.clear(repo);
    await user.type(repo, loadedRepo);
    await waitFor(() => expect(issues()).not.toContain('repoUrl'));
    await waitFor(() => expect(save.disabled).toBe(false));

    await user.click(screen.getByTestId('agent-step-agent'));
    await user.click(screen.getByTestId('agent-uuid-fqdn'));
    const audit = screen.getByTestId('agent-audit-period');
    await user.clear(audit);
    await user.type(audit, '3 days');
    await waitFor(() => expect(issues()).toContain('auditPeriod: empty, or a period'));
    await user.clear(audit);
    await user.type(audit, '1d');
    await waitFor(() => expect(issues()).not.toContain('auditPeriod: empty, or a period'));

    await user.click(screen.getByTestId('agent-step-wua'));
    await user.click(screen.getByTestId('agent-wua-enabled'));
    const preview = () => screen.getByTestId('agent-preview').textContent ?? '';
    await waitFor(
      () => {
        expect(preview()).toContain('use_fqdn_as_uuid=1');
        expect(preview()).toContain('waptaudit_task_period=1d');
        expect(preview()).toContain('[waptwua]');
      },
      { timeout: 30_000 },
    );
    const issTab = screen.getByTestId('agent-preview-iss-tab');
    await user.click(issTab);
    expect(issTab.getAttribute('aria-pressed')).toBe('true');
    expect(issTab.className.split(' ')).toContain('btn--primary');
    await waitFor(() => expect(preview()).toContain(`#define repo_url "${loadedRepo}"`));

    expect(screen.getByTestId('unsaved').textContent).toBe('The agent wizard');
    await user.click(save);
    await screen.findByText('Settings saved');
    await waitFor(() => expect(screen.getByTestId('unsaved').textContent).toBe(''));
    // What main saved is the form's validated output.
    const saved = await main.call('agent.loadConfig', {});
    expect(saved.config.uuidMode).toBe('fqdn');
    expect(saved.config.auditPeriod).toBe('1d');
    expect(saved.config.waptwua.enabled).toBe(true);
    expect(saved.config.repoUrl).toBe(loadedRepo);
  });
});
