import type { ReactNode } from 'react';

/**
 * The buttons at the foot of a form: any extra ones (`children`), Cancel when the form can
 * be left, then the submit button, disabled and saying what it does while `busy`.
 */
export function FormActions({ submitLabel, busyLabel, busy, disabled, onCancel, children }: {
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  /** Disables the submit button for another reason than being busy. */
  disabled?: boolean;
  onCancel?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      {children}
      {onCancel && (
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      )}
      <button type="submit" className="btn btn--primary" disabled={busy || disabled}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
