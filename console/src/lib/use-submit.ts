import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/errors';

export interface Submit {
  /** The user has tried to submit once: fields show their errors from now on. */
  tried: boolean;
  /** The request is on its way (and stays so after success, while the caller moves on). */
  busy: boolean;
  /** The API's answer to the last failed attempt, for an `ErrorBanner`. */
  error: ApiError | null;
  /** The form's `onSubmit`. */
  submit: (e: FormEvent) => Promise<void>;
}

/**
 * A form that sends one request: submitting marks it tried, stops there while `valid` is
 * false, and otherwise runs `send`. A failure shows the API's error and lets the user try
 * again; after a success the form stays busy, since its owner closes it or moves on.
 */
export function useSubmit(valid: boolean, send: () => Promise<void>): Submit {
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  return { tried, busy, error, submit };
}
