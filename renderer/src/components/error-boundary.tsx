import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { useI18n, type Translate } from '../i18n/i18n';
import { Button } from './button';

interface BoundaryProps {
  /** What failed, as a person names it (the tab's label). */
  what: string;
  t: Translate;
  children: ReactNode;
}

interface BoundaryState {
  error: Error | null;
  /** Bumped by "Reload this tab": the children get a new key, so React mounts them afresh. */
  generation: number;
}

/**
 * React catches render exceptions only in a class component with getDerivedStateFromError. One of
 * these wraps each tab, so a bug in one tab replaces that tab (and only it) with a panel saying
 * what failed, the error's message on demand, and a way to start the tab over.
 */
class Boundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // React already reports the error; the component stack says which component of the tab threw.
    console.error('tab failed to render', error, info.componentStack);
  }

  private readonly reload = () => this.setState((s) => ({ error: null, generation: s.generation + 1 }));

  override render() {
    const { error, generation } = this.state;
    const { t, what, children } = this.props;
    if (error === null) return <Fragment key={generation}>{children}</Fragment>;
    return (
      <div className="tab-error" role="alert" data-testid="tab-error">
        <h2 className="tab-error__title">{t('tabError.title', { tab: what })}</h2>
        <p>{t('tabError.body')}</p>
        <Button variant="primary" onClick={this.reload}>
          {t('tabError.reload')}
        </Button>
        <details className="tab-error__details">
          <summary>{t('tabError.details')}</summary>
          <pre>{error.message || error.name}</pre>
        </details>
      </div>
    );
  }
}

/** A tab's error boundary, in the current language. */
export function TabErrorBoundary({ what, children }: { what: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Boundary what={what} t={t}>
      {children}
    </Boundary>
  );
}
