import type { ApiError } from '../api/errors';

/**
 * An API failure as the API reported it: its message, its error code, the HTTP status
 * and the request id a user can quote to an operator.
 */
export function ErrorBanner({ error, title, onDismiss }: { error: ApiError | null; title?: string; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <div className="error-banner__body">
        {title && <p className="error-banner__title">{title}</p>}
        <p className="error-banner__message">{error.message}</p>
        <dl className="error-banner__meta">
          <div>
            <dt>Error code</dt>
            <dd>
              <code>{error.code}</code>
            </dd>
          </div>
          {error.status > 0 && (
            <div>
              <dt>HTTP status</dt>
              <dd>{error.status}</dd>
            </div>
          )}
          {error.requestId && (
            <div>
              <dt>Request ID</dt>
              <dd>
                <code className="selectable">{error.requestId}</code>
              </dd>
            </div>
          )}
        </dl>
      </div>
      {onDismiss && (
        <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss} aria-label="Dismiss error">
          ✕
        </button>
      )}
    </div>
  );
}
