import { startConsole } from '../support/browser-mode';
import { expect, openConsole, test } from '../support/fixtures';
import { LoginPage } from '../pages/login-page';
import { HostsPage } from '../pages/hosts-page';
import { waitWhileProgressing } from '../support/waits';

/** What the page showed at each change of the demo-start progress (recorded in the page). */
interface Seen {
  step: string;
  label: string;
  value: string | null;
  max: string | null;
}

test.describe('first start of the demo server', () => {
  test('shows each step, with a determinate bar while the hosts are generated', async ({ page }) => {
    // The test's own bound is the stall detector below, not the whole generation's duration.
    test.slow();
    // A fleet large enough that generating it is a step a person waits for.
    const app = await startConsole({
      env: { WAPT_CONSOLE_DEMO_SPEED: '400' },
      args: ['--demo-hosts', '3000'],
    });
    try {
      await openConsole(page, app);
      // Every state the progress element goes through is recorded by the page itself, so the
      // test reads what a person saw without racing the server's speed.
      await page.evaluate(() => {
        const seen: Seen[] = [];
        (window as unknown as { __demoSteps: Seen[] }).__demoSteps = seen;
        const record = () => {
          const el = document.querySelector('[data-testid="demo-progress"]');
          if (!el) return;
          const bar = el.querySelector('progress');
          const entry = {
            step: el.getAttribute('data-step') ?? '',
            label: el.querySelector('[role="status"]')?.textContent ?? '',
            value: bar?.getAttribute('value') ?? null,
            max: bar?.getAttribute('max') ?? null,
          };
          const last = seen.at(-1);
          if (!last || last.label !== entry.label || last.value !== entry.value) seen.push(entry);
        };
        new MutationObserver(record).observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
        });
      });
      const login = new LoginPage(page);
      await login.demoButton.click();
      // The progress is visible to a person (not only in the DOM) while the server starts.
      await expect(page.getByTestId('demo-progress')).toBeVisible();
      // Generating 3,000 hosts on a saturated machine takes minutes: wait while the steps advance.
      await waitWhileProgressing(new HostsPage(page).row(0), page.getByTestId('demo-progress'));

      const seen = await page.evaluate(() => (window as unknown as { __demoSteps: Seen[] }).__demoSteps);
      const order = [
        'process',
        'database',
        'catalog',
        'packages',
        'hosts',
        'repository',
        'http',
        'connecting',
      ];
      const steps = seen.map((s) => s.step).filter((s, i, all) => all[i - 1] !== s);
      // Steps only move forward (a fast step may be drawn over before it is painted).
      const ranks = steps.map((s) => order.indexOf(s));
      expect(ranks.every((r) => r >= 0)).toBe(true);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(steps).toContain('hosts');
      // Hosts: N / M in words and on a determinate bar; the other steps have an indeterminate bar.
      const hosts = seen.filter((s) => s.step === 'hosts');
      for (const h of hosts) {
        expect(h.label).toMatch(/^Generating hosts: [\d,]+ \/ 3,000$/);
        expect(h.max).toBe('3000');
        expect(Number(h.value)).toBeGreaterThan(0);
      }
      for (const s of seen.filter((s) => s.step !== 'hosts')) expect(s.value).toBeNull();
    } finally {
      await app.stop();
    }
  });
});
