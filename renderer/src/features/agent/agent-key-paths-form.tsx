import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm, useFormState } from 'react-hook-form';
import type { AdminKeyStatus } from '../../../../common/ipc/methods/keys';
import { Button } from '../../components/button';
import { ErrorBanner } from '../../errors/presenter';
import { useDraft } from '../../forms/draft-store';
import { useFieldErrors } from '../../forms/field-error';
import { LabelledField } from '../../forms/labelled-field';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyPathsFormResolver, type KeyPathsFormValues } from '../keys/unlock-key-form';

/**
 * The build step's "which signing key" form: the key dialog's own `keys.configure` schema
 * (keys/unlock-key-form.ts) on react-hook-form. What is typed is kept in the draft store (memory
 * only, emptied on Disconnect), so a tab switch or a language change loses nothing.
 */
export function AgentKeyPathsForm({ onSaved }: { onSaved: (status: AdminKeyStatus) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [draft, setDraft] = useDraft<KeyPathsFormValues>('agent.build.keyPaths', {
    keyPath: '',
    certificatePath: '',
  });
  // react-hook-form reads its defaults once: the draft as it was when this mount began.
  const [startValues] = useState(draft);
  const { register, control, handleSubmit, subscribe } = useForm<
    KeyPathsFormValues,
    unknown,
    { keyPath: string; certificatePath: string | null }
  >({ defaultValues: startValues, resolver: keyPathsFormResolver, mode: 'onChange' });
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        // A copy: react-hook-form changes its own object in place, the store needs a new value.
        callback: ({ values }) => setDraft({ ...values }),
      }),
    [subscribe, setDraft],
  );
  const { isValid } = useFormState({ control });
  const errorOf = useFieldErrors(control);
  const configure = useMutation({
    mutationFn: (request: { keyPath: string; certificatePath: string | null }) =>
      api.call('keys.configure', request),
    onSuccess: onSaved,
  });
  const submit = handleSubmit((request) => configure.mutate(request));
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <p className="hint">{t('agent.key.configureHint')}</p>
      <LabelledField label={t('agent.key.keyPath')} error={errorOf('keyPath')}>
        {(field) => (
          <input {...field} {...register('keyPath')} spellCheck={false} data-testid="agent-key-path" />
        )}
      </LabelledField>
      <LabelledField label={t('agent.key.certPath')} error={errorOf('certificatePath')}>
        {(field) => (
          <input
            {...field}
            {...register('certificatePath')}
            spellCheck={false}
            data-testid="agent-cert-path"
          />
        )}
      </LabelledField>
      <Button
        type="submit"
        data-testid="agent-key-use"
        disabled={!isValid || configure.isPending || draft.keyPath.trim() === ''}
      >
        {t('agent.key.use')}
      </Button>
      {configure.error && <ErrorBanner error={configure.error} t={t} />}
    </form>
  );
}
