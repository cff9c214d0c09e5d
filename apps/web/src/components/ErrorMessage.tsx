interface ErrorMessageProps {
  message: string | null;
  onDismiss?: () => void;
}

/** The one place errors are shown; `data-testid="error-message"` is what tests read. */
export function ErrorMessage({ message, onDismiss }: ErrorMessageProps) {
  if (!message) return null;
  return (
    <div className="error-message" role="alert">
      <span data-testid="error-message">{message}</span>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss error">
          Dismiss
        </button>
      )}
    </div>
  );
}
