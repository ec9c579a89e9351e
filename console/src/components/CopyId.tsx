import { useState } from 'react';

/** A resource id in monospace with a copy button: ids are what users paste into forms. */
export function CopyId({ id, label = 'ID' }: { id: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(id);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      /* clipboard refused (insecure origin): the id stays selectable */
    }
  };
  return (
    <span className="copy-id">
      <code className="selectable">{id}</code>
      <button type="button" className="btn btn--ghost btn--small" onClick={copy} aria-label={`Copy ${label} ${id}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
