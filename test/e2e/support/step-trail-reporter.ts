import { existsSync, readFileSync } from 'node:fs';
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/**
 * When a test fails, prints the last steps it ran (Playwright calls and expectations, with their
 * durations; a step still open when the test ended is marked) and the page's accessibility
 * snapshot from error-context.md. CI keeps only the log: a "Test timeout exceeded" with no pending
 * call named is otherwise impossible to place.
 */
const KEPT_STEPS = 15;
// Whole pages (a grid and its status bar sit past the first hundred lines of the shell).
const SNAPSHOT_LINES = 400;

interface TrailEntry {
  step: TestStep;
  ended: boolean;
}

export default class StepTrailReporter implements Reporter {
  private readonly trails = new Map<TestResult, TrailEntry[]>();

  printsToStdio(): boolean {
    return true;
  }

  onStepBegin(_test: TestCase, result: TestResult, step: TestStep): void {
    // The test's own steps only: fixture set-up and tear-down would push them out of the trail.
    for (let s: TestStep | undefined = step; s; s = s.parent) {
      if (s.category === 'hook' || s.category === 'fixture') return;
    }
    const trail = this.trails.get(result) ?? [];
    trail.push({ step, ended: false });
    if (trail.length > KEPT_STEPS) trail.shift();
    this.trails.set(result, trail);
  }

  onStepEnd(_test: TestCase, result: TestResult, step: TestStep): void {
    const entry = this.trails.get(result)?.find((e) => e.step === step);
    if (entry) entry.ended = true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const trail = this.trails.get(result) ?? [];
    this.trails.delete(result);
    if (result.status === 'passed' || result.status === 'skipped') return;
    const lines = [`\n--- last steps of "${test.title}" (attempt ${result.retry + 1}, ${result.status}):`];
    for (const { step, ended } of trail) {
      const where = step.location ? ` (${step.location.file.split('/').pop()}:${step.location.line})` : '';
      const state = ended ? `${step.duration} ms${step.error ? ', failed' : ''}` : 'STILL RUNNING';
      lines.push(`  ${step.category.padEnd(7)} ${step.title}${where}: ${state}`);
    }
    const context = result.attachments.find((a) => a.name === 'error-context')?.path;
    if (context && existsSync(context)) {
      const text = readFileSync(context, 'utf8');
      const snapshot = text.slice(Math.max(0, text.indexOf('# Page snapshot'))).split('\n');
      lines.push(`--- page at the failure (first ${SNAPSHOT_LINES} of ${snapshot.length} lines):`);
      lines.push(...snapshot.slice(0, SNAPSHOT_LINES));
    }
    console.log(lines.join('\n'));
  }
}
