import { forwardRef, type ButtonHTMLAttributes } from 'react';

/**
 * The console's button. Every button of the interface goes through here so that a variant is a
 * prop checked by the compiler, not a class name that may not exist (`className="btn primary"`
 * once left the agent wizard's main buttons unstyled: only `.btn--primary` is defined).
 */
export type ButtonVariant = 'default' | 'primary' | 'ghost' | 'danger' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
}

/** The class list of a variant and size (exported for the rare element that is not a button). */
export function buttonClass(
  variant: ButtonVariant = 'default',
  size: 'normal' | 'small' = 'normal',
  extra?: string,
) {
  return [
    'btn',
    variant === 'default' ? '' : `btn--${variant}`,
    size === 'small' ? 'btn--small' : '',
    extra ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'default', size = 'normal', className, type = 'button', ...rest },
  ref,
) {
  return <button ref={ref} type={type} className={buttonClass(variant, size, className)} {...rest} />;
});
