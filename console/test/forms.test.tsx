import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/errors';
import { ErrorBanner } from '../src/components/ErrorBanner';
import { FormActions } from '../src/components/FormActions';
import { ResourceTable } from '../src/components/ResourceTable';
import { useSubmit } from '../src/lib/use-submit';

function Form({ valid, send }: { valid: boolean; send: () => Promise<void> }) {
  const { tried, busy, error, submit } = useSubmit(valid, send);
  return (
    <form onSubmit={submit} aria-label="Test form">
      {tried && <p>tried</p>}
      <ErrorBanner error={error} title="Failed" />
      <FormActions onCancel={() => {}} busy={busy} busyLabel="Saving…" submitLabel="Save" />
    </form>
  );
}

describe('useSubmit with FormActions', () => {
  it('marks the form tried and sends nothing while invalid', async () => {
    const send = vi.fn(async () => {});
    render(<Form valid={false} send={send} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('tried')).toBeInTheDocument();
    expect(send).not.toHaveBeenCalled();
  });

  it('shows the API error and lets the user try again, then stays busy after success', async () => {
    const send = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new ApiError({ status: 409, code: 'VPC.1', message: 'No.', requestId: 'rq', method: 'POST', path: '' }))
      .mockResolvedValueOnce(undefined);
    render(<Form valid send={send} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No.');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled();
    expect(send).toHaveBeenCalledTimes(2);
  });
});

describe('ResourceTable', () => {
  it('is named by its caption and names the actions column for assistive technology', () => {
    render(
      <ResourceTable caption="Things" columns={['Name', 'Status']} actions>
        <tr><td>a</td><td>ok</td><td><button type="button">Delete</button></td></tr>
      </ResourceTable>,
    );
    const table = screen.getByRole('table', { name: 'Things' });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Status', 'Actions']);
    expect(table.closest('.table-wrap')).not.toBeNull();
  });
});
