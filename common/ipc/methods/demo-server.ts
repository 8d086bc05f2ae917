import '../zod-setup';
import { z } from 'zod';

/**
 * Progress of the embedded demo server's start (login screen, "Use the local demo server"). The
 * first start generates the whole demo fleet, which takes tens of seconds at 50,000 hosts; each
 * step is reported from the server's process to main, then to the window that asked.
 * Steps, in order: `database` (open or create the SQLite database), `catalog` (generate the
 * Windows-update catalogue), `packages` (build and sign the demo packages), `hosts` (generate the
 * hosts and their update states: `done`/`total` hosts), `repository` (check the package index),
 * `http` (start listening), `connecting` (log the console in). A later start, with the fleet
 * already on disk, reports only `database`, `repository`, `http` and `connecting`.
 */
export const DemoStartStep = z.enum([
  'database',
  'catalog',
  'packages',
  'hosts',
  'repository',
  'http',
  'connecting',
]);
export type DemoStartStep = z.infer<typeof DemoStartStep>;

export const DemoStartProgress = z
  .object({
    step: DemoStartStep,
    /** Units done and in total where the step counts them (hosts); null: an indeterminate step. */
    done: z.number().int().min(0).nullable(),
    total: z.number().int().min(0).nullable(),
  })
  .strict();
export type DemoStartProgress = z.infer<typeof DemoStartProgress>;

export const demoServerEvents = {
  'session.demoProgress': DemoStartProgress,
} as const;
