import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { SessionStatus } from '../../../../common/ipc/contract';
import type { DemoStartProgress } from '../../../../common/ipc/methods/demo-server';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';

/**
 * "Use the local demo server", with the steps of its start: the first start generates the demo
 * fleet (tens of seconds at 50,000 hosts), reported step by step from the server's process
 * (common/ipc/methods/demo-server.ts).
 */
export function useDemoStart(onConnected: (status: SessionStatus) => void) {
  const api = useApi();
  const [progress, setProgress] = useState<DemoStartProgress | null>(null);
  const demo = useMutation({
    mutationFn: async () => {
      setProgress(null);
      // Listening before the call: the first steps arrive while it is under way.
      const off = api.on('session.demoProgress', setProgress);
      try {
        return await api.call('session.useDemoServer', {});
      } finally {
        off();
      }
    },
    onSuccess: onConnected,
  });
  return { demo, progress };
}

/**
 * The current step in words and a bar: determinate (hosts N / M) where the step counts, otherwise
 * indeterminate. Before the first step arrives the server's process is still starting.
 */
export function DemoStartProgressBar({ progress }: { progress: DemoStartProgress | null }) {
  const { t, language } = useI18n();
  const number = new Intl.NumberFormat(language);
  const counted =
    progress !== null && progress.done !== null && progress.total !== null && progress.total > 0;
  const label =
    progress === null
      ? t('login.demoStep.process')
      : progress.step === 'hosts' && counted
        ? t('login.demoStep.hosts', {
            done: number.format(progress.done!),
            total: number.format(progress.total!),
          })
        : t(`login.demoStep.${progress.step}`);
  return (
    <div className="demo-progress" data-testid="demo-progress" data-step={progress?.step ?? 'process'}>
      <span className="demo-progress__label" role="status">
        {label}
      </span>
      {counted ? (
        <progress
          aria-label={t('login.demoProgress')}
          max={progress.total!}
          value={progress.done!}
          aria-valuetext={label}
        />
      ) : (
        // No value: the browser draws an indeterminate bar and exposes no value.
        <progress aria-label={t('login.demoProgress')} aria-valuetext={label} />
      )}
      <span className="hint">{t('login.demoFirstRun')}</span>
    </div>
  );
}
