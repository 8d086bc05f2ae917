import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GroupFormSchema } from '../../../../../renderer/src/features/host-packages/group-form';
import { GroupsDialog } from '../../../../../renderer/src/features/host-packages/groups-dialog';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { translate } from '../../../../../renderer/src/i18n/i18n';
import { startConnectedMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * The Groups dialog's form on react-hook-form (group-form.ts: the contract's `groups.save` rules,
 * WAPT's package-name style for a new group, each request checked by common/domain/package-requests):
 * Save is gated on that schema, its issues read in French for a French run, and what was typed
 * stays. The dialog lists groups from a real reference server through the real core.
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: 2 });
});
afterAll(async () => main?.stop());

describe('group form schema', () => {
  const base = { mode: 'create', groupDescription: '', groupPackages: '', groupConflicts: '' } as const;
  it('gives the name, description and the typed lists split into requests', () => {
    const ok = GroupFormSchema.safeParse({
      ...base,
      groupName: ' fleet ',
      groupPackages: 'tis-7zip, tis-firefox(>=60)\n\n',
    });
    expect(ok.success && ok.data).toEqual({
      mode: 'create',
      name: 'fleet',
      description: '',
      packages: ['tis-7zip', 'tis-firefox(>=60)'],
      conflicts: [],
    });
  });
  it('a new group needs a lower-case package name; an edited one keeps the name it has', () => {
    expect(GroupFormSchema.safeParse({ ...base, groupName: 'Fleet' }).success).toBe(false);
    expect(GroupFormSchema.safeParse({ ...base, mode: 'edit', groupName: 'Fleet' }).success).toBe(true);
  });
});

describe('groups dialog form', () => {
  it('in French: a bad name and a bad request read in French, Save stays disabled, typed text stays', async () => {
    const { user } = renderInConsole(<GroupsDialog onClose={vi.fn()} />, main, { language: 'fr' });
    await screen.findByRole('dialog', { name: fr['hostPkg.groups.title'] });
    const name = screen.getByRole('textbox', { name: fr['hostPkg.groups.col.name'] });
    const description = screen.getByRole('textbox', { name: fr['wuaRules.col.description'] });
    const packages = screen.getByRole('textbox', { name: fr['hostPkg.groups.packagesHint'] });
    const save = screen.getByTestId<HTMLButtonElement>('group-save');
    expect(save.disabled).toBe(true);

    await user.type(name, 'Mes Postes');
    await user.type(description, 'Les postes du siège');
    await user.type(packages, 'tis-7zip{Enter}tis-firefox(>>60)');
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      fr['issue.GROUP_NAME'],
      translate('fr', 'issue.PACKAGE_REQUESTS', { names: 'tis-firefox(>>60)' }),
    ]);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).not.toContain(en['issue.GROUP_NAME']);
    expect(save.disabled).toBe(true);

    await user.clear(name);
    await user.type(name, 'mes-postes');
    await user.clear(packages);
    await user.type(packages, 'tis-7zip{Enter}tis-firefox(>=60)');
    await waitFor(() => expect(save.disabled).toBe(false));
    expect(screen.queryByRole('alert')).toBeNull();
    expect((description as HTMLInputElement).value).toBe('Les postes du siège');
    expect(main.invoked).not.toContain('groups.save');
  });
});
