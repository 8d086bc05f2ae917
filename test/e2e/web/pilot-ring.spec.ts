import { HostPackagesPage, onScreenRows, rowCapacity } from '../pages/host-packages-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { dataDirs } from '../../../server/index';
import { loginToDemo } from '../support/demo';
import { loginToServer } from '../support/server-profiles';
import { startTestServer } from '../../support/reference-server';
import { expect, openConsole, test } from '../support/fixtures';
import { AGENTS_WAIT } from '../support/waits';

type Bridge = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: unknown }> };
const exact = (fqdn: string) => `^${fqdn.replaceAll('.', '\\.')}$`;

/**
 * The pilot ring of the seed documentation, from the console only: new rules at PREPROD on three
 * hosts (their host packages, signed here), the agents apply them, the rollout shows the three
 * hosts, promotion to PROD, then the rules go on a fleet group every host is put in.
 */
/** Steps 1–7 of the pilot ring, on a console already logged in with a usable signing key. */
async function pilotRing(page: Page, testInfo: TestInfo, unlock: () => Promise<void>): Promise<void> {
  const rules = new WuaRulesPage(page);
  const hp = new HostPackagesPage(page);

  // Test data discovery through the console's own API: three connected hosts (apply now reaches them).
  const { pilots, total } = await page.evaluate(async () => {
    const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
    const all = (await bridge.invoke('hosts.list', { limit: 5000 })).value as { rows: { uuid: string }[] };
    const on = (await bridge.invoke('hosts.list', { limit: 5000, search: { connectedOnly: true } }))
      .value as {
      rows: { uuid: string; computer_fqdn: string | null; host_status: string | null }[];
    };
    return {
      // Healthy hosts: an upgrade then has only the new rules to install.
      pilots: on.rows
        .filter((r) => r.computer_fqdn && r.host_status === 'OK')
        .slice(0, 3)
        .map((r) => ({ uuid: r.uuid, fqdn: r.computer_fqdn! })),
      total: all.rows.length,
    };
  });
  expect(pilots).toHaveLength(3);
  expect(total).toBeGreaterThan(8);

  // 1. New rules at PREPROD, built in the rules editor, signed and uploaded.
  await rules.tab.click();
  await rules.newButton.click();
  await page.locator('input[name="rulesPrefix"]').fill('demo');
  await page.locator('input[name="rulesGroup"]').fill('ring1');
  const pkg = (await rules.editorName.textContent())!.trim();
  expect(pkg).toMatch(/^demo-.*ring1/);
  await page.locator('input[name="rulesDescription"]').fill('Pilot ring: new rules');
  await page.locator('select[name="rulesMaturity"]').selectOption('PREPROD');
  await page.locator('select[name="rulesDefaultAllow"]').selectOption('true');
  await rules.reviewSave.click();
  await expect(rules.saveDialog).toBeVisible();
  await rules.signAndUpload.click();
  await unlock();
  await expect(rules.notice).toHaveText(`${pkg} version 1 signed and uploaded.`, { timeout: AGENTS_WAIT });
  await expect(rules.gridRow(pkg).locator('[col-id="maturity"]')).toHaveText('PREPROD');

  // 2. Assign to three hosts, from the row's context menu.
  await rules.gridRow(pkg).click({ button: 'right' });
  await page.getByTestId('rules-menu').getByRole('menuitem', { name: 'Assign to hosts…' }).click();
  await expect(hp.assignDialog).toBeVisible();
  await expect(hp.packages).toHaveValue(pkg);
  for (const [i, p] of pilots.entries()) {
    await hp.pickerSearch.fill(exact(p.fqdn));
    await expect(hp.pickerRows()).toHaveCount(1);
    await expect(hp.pickerRows().first()).toContainText(p.fqdn);
    await hp.pickerCheckbox(0).check();
    await hp.pickerAdd.click();
    await expect(hp.chosen).toContainText(`Chosen hosts: ${i + 1}`);
  }
  await hp.start.click();
  await expect(hp.summary).toHaveText('3/3 done · 3 changed · 0 unchanged · 0 failed', {
    timeout: AGENTS_WAIT,
  });
  for (const p of pilots) await expect(hp.progressState(p.fqdn)).toHaveText('OK');
  // The progress grid is tall enough for 8 rows on screen (here it holds 3).
  // Measured on what is drawn, which settles after the last state arrives: poll, never a delay.
  await expect.poll(() => onScreenRows(hp.progressGrid)).toBe(3);
  await expect.poll(() => rowCapacity(hp.progressGrid)).toBeGreaterThanOrEqual(8);

  // Each pilot's host package now depends on the rules, signed by the console.
  const hostPkgs = await page.evaluate(
    async (uuids) => {
      const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
      return Promise.all(
        uuids.map(async (uuid) => (await bridge.invoke('hostPackages.get', { uuid })).value),
      );
    },
    pilots.map((p) => p.uuid),
  );
  for (const info of hostPkgs as { depends: string[]; signer: string | null }[]) {
    expect(info.depends).toContain(pkg);
    expect(info.signer).not.toBeNull();
  }

  // 3. Apply now: the signed "apply upgrades" action on the three hosts.
  await hp.applyNow.click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Launch' }).click();
  const actionDialog = page.getByTestId('action-progress-dialog');
  const actionStates = actionDialog.locator('.ag-row [col-id="state"]');
  await expect(actionDialog.getByTestId('action-summary')).toContainText('3/3 done', {
    timeout: AGENTS_WAIT,
  });
  // Simulated agents fail an install now and then (as real ones do): the console's "Retry failed"
  // is how a person gets the ring to OK. Each pass waits for the run's states, never for time.
  await expect(async () => {
    const states = await actionStates.allTextContents();
    const retry = actionDialog.getByRole('button', { name: 'Retry failed' });
    if (states.includes('Error') && (await retry.isEnabled())) await retry.click();
    expect(states).toEqual(['OK', 'OK', 'OK']);
  }).toPass({ timeout: 2 * AGENTS_WAIT });
  await testInfo.attach('apply-now', { body: await page.screenshot(), contentType: 'image/png' });
  await actionDialog.getByRole('button', { name: 'Close' }).click();
  await hp.progressDialog.getByRole('button', { name: 'Close' }).click();

  // 4. Check them: hosts with this package and the rollout show the three hosts at version 1, OK.
  await rules.gridRow(pkg).click({ button: 'right' });
  await page.getByTestId('rules-menu').getByRole('menuitem', { name: 'Hosts with this package' }).click();
  await expect(hp.rollout('1', 'hosts')).toHaveText('3');
  await expect(hp.rollout('1', 'ok')).toHaveText('3');
  await expect(hp.rollout('1', 'pending')).toHaveText('0');
  await expect(hp.rollout('1', 'error')).toHaveText('0');
  await expect(hp.panelGrid.locator('.ag-row')).toHaveCount(3);
  for (const p of pilots) await expect(hp.panelGrid).toContainText(p.fqdn);
  await expect.poll(() => onScreenRows(hp.panelGrid)).toBe(3);
  await testInfo.attach('rollout', { body: await page.screenshot(), contentType: 'image/png' });

  // 5. Promote to PROD: same rules, re-signed as version 2 with maturity PROD.
  await page.getByTestId('promote-rules').click();
  await expect(hp.promoteDialog.getByTestId('promote-summary')).toContainText(
    `${pkg} version 1 (maturity PREPROD)`,
  );
  await hp.promoteDialog.getByTestId('promote-confirm').click();
  await expect(rules.notice).toHaveText(`${pkg} version 2 promoted to PROD, signed and uploaded.`, {
    timeout: AGENTS_WAIT,
  });
  await expect(rules.gridRow(pkg).locator('[col-id="maturity"]')).toHaveText('PROD');
  await expect(rules.gridRow(pkg).locator('[col-id="version"]')).toHaveText('2');
  const promoted = await page.evaluate(async (name) => {
    const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
    return (await bridge.invoke('wuaRules.get', { package: name, version: null })).value as {
      version: string;
      maturity: string;
      rules: { default_allow?: boolean };
    };
  }, pkg);
  expect(promoted).toMatchObject({ version: '2', maturity: 'PROD', rules: { default_allow: true } });

  // 6. The fleet group: created in Groups…, the rules added with "Assign to group…".
  await page.getByTestId('open-groups').click();
  await hp.groupsDialog.getByTestId('group-new').click();
  await hp.groupsDialog.locator('input[name="groupName"]').fill('demo-fleet');
  await hp.groupsDialog.locator('input[name="groupDescription"]').fill('Every host of the fleet');
  await hp.groupsDialog.locator('textarea[name="groupPackages"]').fill('demo-7zip');
  await hp.groupsDialog.getByTestId('group-save').click();
  await expect(hp.groupsNotice).toHaveText('Group demo-fleet version 1 signed and uploaded.', {
    timeout: AGENTS_WAIT,
  });
  await expect(hp.groupsGrid.locator('.ag-row', { hasText: 'demo-fleet' })).toBeVisible();
  await hp.groupsDialog.getByRole('button', { name: 'Close' }).last().click();

  await rules.gridRow(pkg).click();
  await page.getByTestId('assign-group').click();
  await hp.toGroupDialog.locator('select[name="toGroup"]').selectOption('demo-fleet');
  await hp.toGroupDialog.getByTestId('to-group-save').click();
  await expect(hp.toGroupDialog.getByTestId('to-group-notice')).toHaveText(
    `${pkg} added to group demo-fleet (version 2).`,
    { timeout: AGENTS_WAIT },
  );
  await hp.toGroupDialog.getByRole('button', { name: 'Close' }).last().click();

  // 7. Every host goes in the fleet group: one signed host package each, progress visible.
  await page.getByTestId('assign-hosts').click();
  await hp.operation.selectOption('joinGroup');
  await hp.group.selectOption('demo-fleet');
  await expect(hp.pickerRows().first()).toBeVisible();
  await expect(hp.assignDialog).toContainText(`${total} hosts found`);
  await hp.pickerSelectAll.check();
  await hp.pickerAdd.click();
  await expect(hp.chosen).toContainText(`Chosen hosts: ${total}`);
  await hp.start.click();
  await expect(hp.summary).toHaveText(`${total}/${total} done · ${total} changed · 0 unchanged · 0 failed`, {
    timeout: 2 * AGENTS_WAIT,
  });
  await expect.poll(() => onScreenRows(hp.progressGrid)).toBeGreaterThanOrEqual(8);
  await testInfo.attach('fleet-group', { body: await page.screenshot(), contentType: 'image/png' });
  const fleet = await page.evaluate(async () => {
    const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
    const groups = (await bridge.invoke('groups.list', {})).value as {
      package: string;
      depends: string[];
    }[];
    return groups.find((g) => g.package === 'demo-fleet');
  });
  expect(fleet?.depends).toEqual(['demo-7zip', pkg]);
  const anyHost = await page.evaluate(async (uuid) => {
    const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
    return (await bridge.invoke('hostPackages.get', { uuid })).value as { depends: string[] };
  }, pilots[0]!.uuid);
  // The pilot keeps its direct dependency and is in the group too.
  expect(anyHost.depends).toEqual(expect.arrayContaining([pkg, 'demo-fleet']));
}

test.describe('pilot ring', () => {
  test('PREPROD rules on three hosts, checked, promoted to PROD, then on the fleet group', async ({
    page,
    consoleApp,
  }, testInfo) => {
    // Several long steps (agents, uploads, builds): the configured timeout, tripled.
    test.slow();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    // The demo server configures its signer as the administrator's key; it only needs unlocking.
    await pilotRing(page, testInfo, async () => {
      const dialog = new WuaRulesPage(page).unlockDialog;
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Unlock' }).click();
    });
    expect(pageErrors).toEqual([]);
  });

  test('the same pilot ring against the strict WAPT 1.8.2 profile (Enterprise edition for the WUA tab)', async ({
    page,
    consoleApp,
  }, testInfo) => {
    // Several long steps (agents, uploads, builds): the configured timeout, tripled.
    test.slow();
    // Host packages, groups and hosts_for_package are community features; the WUA rules tab needs
    // an Enterprise server, so the strict profile runs here with that edition.
    const server = await startTestServer({
      hosts: 30,
      profile: 'wapt-1.8.2',
      edition: 'enterprise',
      speed: 400,
    });
    try {
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await openConsole(page, consoleApp);
      await loginToServer(page, server.url);
      // The administrator's key = the server's demo signer, configured as a person would in Keys.
      const signer = server.demoSigner!;
      expect(signer).toBeDefined();
      await page.evaluate(async (s) => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        await bridge.invoke('keys.configure', { keyPath: s.keyPath, certificatePath: s.certificatePath });
      }, signer);
      await pilotRing(page, testInfo, async () => {
        const dialog = new WuaRulesPage(page).unlockDialog;
        await expect(dialog).toBeVisible();
        await dialog.getByRole('button', { name: 'Unlock' }).click();
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
  test('a host that fails shows Error with its reason; Retry failed re-runs only that host', async ({
    page,
    consoleApp,
  }) => {
    // Several long steps (agents, uploads, builds): the configured timeout, tripled.
    test.slow();
    const server = await startTestServer({ hosts: 30, speed: 400 });
    try {
      await openConsole(page, consoleApp);
      await loginToServer(page, server.url);
      await page.evaluate(async (s) => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        await bridge.invoke('keys.configure', { keyPath: s.keyPath, certificatePath: s.certificatePath });
      }, server.demoSigner!);
      const two = await page.evaluate(async () => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        const l = (await bridge.invoke('hosts.list', { limit: 2 })).value as {
          rows: { uuid: string; computer_fqdn: string }[];
        };
        return l.rows.map((r) => ({ uuid: r.uuid, fqdn: r.computer_fqdn }));
      });
      expect(two).toHaveLength(2);
      const [bad, good] = two as [(typeof two)[0], (typeof two)[0]];
      // An encrypted host package on the server (WAPT's encrypt_host_packages): the console refuses to edit it.
      const file = path.join(dataDirs(server.dataDir).waptHost, `${bad.uuid}.wapt`);
      writeFileSync(file, Buffer.concat([Buffer.from('RSAFERNET'), Buffer.alloc(64, 7)]));

      const rules = new WuaRulesPage(page);
      const hp = new HostPackagesPage(page);
      await rules.tab.click();
      await rules.gridRow('demo-waptwua-pilot').click();
      // The context menu from the keyboard (Shift+F10), as in the other grids; Escape closes it.
      await page.keyboard.press('Shift+F10');
      const menu = page.getByTestId('rules-menu');
      await expect(menu.getByRole('menuitem')).toHaveText([
        /^Edit/,
        'Assign to hosts…',
        'Assign to group…',
        'Hosts with this package',
        'Promote to PROD…',
      ]);
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await page.getByTestId('assign-hosts').click();
      await expect(hp.packages).toHaveValue('demo-waptwua-pilot');
      for (const h of two) {
        await hp.pickerSearch.fill(exact(h.fqdn));
        await expect(hp.pickerRows()).toHaveCount(1);
        await hp.pickerCheckbox(0).check();
        await hp.pickerAdd.click();
      }
      await expect(hp.chosen).toContainText('Chosen hosts: 2');
      await hp.start.click();
      await expect(rules.unlockDialog).toBeVisible();
      await rules.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
      await expect(hp.summary).toHaveText('2/2 done · 1 changed · 0 unchanged · 1 failed', {
        timeout: AGENTS_WAIT,
      });
      await expect(hp.progressState(bad.fqdn)).toHaveText('Error');
      await expect(hp.progressState(good.fqdn)).toHaveText('OK');
      await expect(hp.progressGrid.locator('[role="row"]', { hasText: bad.fqdn })).toContainText(/encrypt/i);

      // The administrator deals with it (here: the encrypted copy goes away), then retries the failure only.
      rmSync(file);
      await hp.progressDialog.getByTestId('assign-retry').click();
      await expect(hp.summary).toHaveText('2/2 done · 2 changed · 0 unchanged · 0 failed', {
        timeout: AGENTS_WAIT,
      });
      await expect(hp.progressState(bad.fqdn)).toHaveText('OK');
      await expect(hp.progressGrid.locator('[role="row"]', { hasText: bad.fqdn })).toContainText('1 (new)');
      const info = await page.evaluate(async (uuid) => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        return (await bridge.invoke('hostPackages.get', { uuid })).value as {
          depends: string[];
          version: string;
        };
      }, bad.uuid);
      expect(info).toMatchObject({ depends: ['demo-waptwua-pilot'], version: '1' });
    } finally {
      await server.stop();
    }
  });
});
