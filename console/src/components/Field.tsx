import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** The props that tie a control to its label, hint and error. */
interface Wiring {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * The label, hint and error around one form control, and the ids that tie them to it for
 * assistive technology: the label names the control, the hint and the error (when shown)
 * describe it, and an error marks it invalid.
 */
function FieldFrame({ id, label, required, hint, error, children }: {
  id?: string;
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  children: (wiring: Wiring) => ReactNode;
}) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = `${controlId}-hint`;
  const errId = `${controlId}-error`;
  const describedBy = [hint ? hintId : '', error ? errId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={controlId}>
        {label}
        {required && <span className="field__required" aria-hidden="true"> *</span>}
      </label>
      {children({ id: controlId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string;
  /** Show the error only once the user has tried to submit or left the field. */
  showError?: boolean;
}

/** A labelled text input whose hint and error are tied to it for assistive technology. */
export function Field({ label, value, onChange, hint, error, showError = true, id, ...rest }: FieldProps) {
  return (
    <FieldFrame id={id} label={label} required={rest.required} hint={hint} error={showError ? error : undefined}>
      {(wiring) => <input {...wiring} value={value} onChange={(e) => onChange(e.target.value)} {...rest} />}
    </FieldFrame>
  );
}

interface SelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string; disabled?: boolean }[];
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  id?: string;
  placeholder?: string;
  disabled?: boolean;
}

/** A labelled select whose hint and error are tied to it for assistive technology. */
export function SelectField({ label, value, onChange, options, hint, error, required, id, placeholder, disabled }: SelectProps) {
  return (
    <FieldFrame id={id} label={label} required={required} hint={hint} error={error}>
      {(wiring) => (
        <select {...wiring} value={value} onChange={(e) => onChange(e.target.value)} required={required} disabled={disabled}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
