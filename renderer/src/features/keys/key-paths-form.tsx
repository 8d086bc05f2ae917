import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm, useFormState } from 'react-hook-form';
import type { AdminKeyStatus } from '../../../../common/ipc/methods/keys';
import { Button } from '../../components/button';
import { ErrorBanner } from '../../errors/presenter';
import { useDraft } from '../../forms/draft-store';
import { useFieldErrors } from '../../forms/field-error';
import { LabelledField } from '../../forms/labelled-field';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyPathsFormResolver, type KeyPathsFormValues } from './unlock-key-form';

/** Where the form sits: the signing-key dialog, or the agent build step. Only the words differ. */
export type KeyPathsFormPlace = 'dialog' | 'agentStep';

interface PlaceTexts {
  keyPath: MessageKey;
  certificatePath: MessageKey;
  submit: MessageKey;
  /** Above the fields in the build step (what the key is for), below them in the dialog. */
  hint: MessageKey;
  hintFirst: boolean;
  /** The dialog's submit sits in its footer (primary); the step's is an ordinary button. */
  inFooter: boolean;
  testIds?: { keyPath: string; certificatePath: string; submit: string };
}

const PLACES: Record<KeyPathsFormPlace, PlaceTexts> = {
  dialog: {
    keyPath: 'keys.keyPath',
    certificatePath: 'keys.certificatePath',
    submit: 'keys.save',
    hint: 'keys.pathsHint',
    hintFirst: false,
    inFooter: true,
  },
  agentStep: {
    keyPath: 'agent.key.keyPath',
    certificatePath: 'agent.key.certPath',
    submit: 'agent.key.use',
    hint: 'agent.key.configureHint',
    hintFirst: true,
    inFooter: false,
    testIds: { keyPath: 'agent-key-path', certificatePath: 'agent-cert-path', submit: 'agent-key-use' },
  },
};

const EMPTY: KeyPathsFormValues = { keyPath: '', certificatePath: '' };

/**
 * "Which signing key": the key file and its certificate (`keys.configure`, on the contract's own
 * schema through unlock-key-form.ts). Only the paths travel; the files are read in main. What is
 * typed is kept in the draft store under `draftKey` (memory only, emptied on Disconnect), so a tab
 * switch, a closed dialog or a language change loses nothing.
 */
export function KeyPathsForm({
  place,
  draftKey,
  onSaved,
}: {
  place: KeyPathsFormPlace;
  draftKey: string;
  onSaved: (status: AdminKeyStatus) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const texts = PLACES[place];
  const [draft, setDraft] = useDraft<KeyPathsFormValues>(draftKey, EMPTY);
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
  const hint = <p className="hint">{t(texts.hint)}</p>;
  const button = (
    <Button
      type="submit"
      {...(texts.inFooter ? { variant: 'primary' as const } : {})}
      data-testid={texts.testIds?.submit}
      disabled={!isValid || configure.isPending || draft.keyPath.trim() === ''}
    >
      {t(texts.submit)}
    </Button>
  );
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      {texts.hintFirst && hint}
      <LabelledField label={t(texts.keyPath)} error={errorOf('keyPath')}>
        {(field) => (
          <input
            {...field}
            {...register('keyPath')}
            required
            spellCheck={false}
            placeholder="/home/admin/private/admin.pem"
            data-testid={texts.testIds?.keyPath}
          />
        )}
      </LabelledField>
      <LabelledField label={t(texts.certificatePath)} error={errorOf('certificatePath')}>
        {(field) => (
          <input
            {...field}
            {...register('certificatePath')}
            spellCheck={false}
            placeholder="/home/admin/private/admin.crt"
            data-testid={texts.testIds?.certificatePath}
          />
        )}
      </LabelledField>
      {!texts.hintFirst && hint}
      {configure.error && <ErrorBanner error={configure.error} t={t} />}
      {texts.inFooter ? <div className="modal__footer">{button}</div> : button}
    </form>
  );
}
