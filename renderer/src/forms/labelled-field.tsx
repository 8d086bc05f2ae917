import { useId, type HTMLAttributes, type ReactNode } from 'react';

/** What the control inside a LabelledField spreads on itself so the label, hint and error reach it. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** Extra attributes of the hint or error line (a test id, `aria-live`, `role="alert"`). */
type LineProps = HTMLAttributes<HTMLParagraphElement> & Record<`data-${string}`, string | undefined>;

/**
 * One labelled form field: the label, the control, an optional hint and the field's error.
 *
 * The control is given by a render function so it can be any element (input, select, textarea, an
 * input with a Browse… button beside it): it receives the id the label points at, `aria-invalid`,
 * and `aria-describedby` naming the hint and the error, so a screen reader reads them with the
 * control. The error is already translated (forms/field-error.ts says a coded issue in the user's
 * language). It is not an alert by default: the login screen's only alert is the server's refusal.
 */
export function LabelledField({
  label,
  hint,
  hintProps,
  error,
  errorProps,
  className = 'field',
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  hintProps?: LineProps;
  error?: string | undefined;
  errorProps?: LineProps;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== '';
  const described = [hint !== undefined ? hintId : null, hasError ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': hasError,
        ...(described !== '' ? { 'aria-describedby': described } : {}),
      })}
      {hint !== undefined && (
        <p className="hint" id={hintId} {...hintProps}>
          {hint}
        </p>
      )}
      {hasError && (
        <p className="hint error" id={errorId} {...errorProps}>
          {error}
        </p>
      )}
    </div>
  );
}
