import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dialog } from '../src/components/Dialog';
import { RegionSwitcher } from '../src/components/RegionSwitcher';
import { Tabs } from '../src/components/Tabs';
import { session } from './render';

afterEach(() => vi.unstubAllGlobals());

function TabsHarness() {
  const [sel, setSel] = useState('a');
  return (
    <Tabs label="Sections" tabs={[{ id: 'a', label: 'Alpha' }, { id: 'b', label: 'Beta' }, { id: 'c', label: 'Gamma' }]} selected={sel} onSelect={setSel}>
      <p>panel {sel}</p>
    </Tabs>
  );
}

describe('keyboard use', () => {
  it('tabs move with the arrow keys, Home and End', async () => {
    render(<TabsHarness />);
    const alpha = screen.getByRole('tab', { name: 'Alpha' });
    alpha.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Beta' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Beta' })).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('tabpanel')).toHaveTextContent('panel c');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Alpha' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Gamma' })).toHaveAttribute('tabindex', '-1');
  });

  it('a dialog takes focus, keeps Tab inside, closes on Escape and gives focus back', async () => {
    function Harness() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button onClick={() => setOpen(true)}>Open</button>
          {open && (
            <Dialog title="Edit" onClose={() => setOpen(false)}>
              <input aria-label="First" />
              <button>Save</button>
            </Dialog>
          )}
        </>
      );
    }
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await userEvent.click(opener);
    expect(screen.getByRole('dialog', { name: 'Edit' })).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByLabelText('First')).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Close dialog' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText('First')).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });
});

describe('RegionSwitcher', () => {
  it('lists the projects, and asks for the password when the server will not re-scope a token', async () => {
    const calls: { url: string; body?: unknown }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      const body = init.body ? JSON.parse(init.body as string) : undefined;
      calls.push({ url, body });
      if (url === '/v3/auth/projects') {
        return new Response(JSON.stringify({ projects: [
          { id: session.projectId, name: 'eu-de', enabled: true },
          { id: 'p-nl', name: 'eu-nl', enabled: true },
          { id: 'p-ch', name: 'eu-ch2', enabled: false },
        ] }), { status: 200 });
      }
      if (body?.auth?.identity?.methods?.[0] === 'token') {
        return new Response(JSON.stringify({ error_code: 'IAM.0002', error_msg: 'password required' }), { status: 400 });
      }
      return new Response(JSON.stringify({ token: { expires_at: '2099-01-01T00:00:00Z', user: { id: 'u', name: 'alice', domain: { id: 'd', name: 'acme' } }, project: { id: 'p-nl', name: 'eu-nl' } } }), {
        status: 201, headers: { 'X-Subject-Token': 'tok-nl' },
      });
    }));
    const onSwitch = vi.fn();
    render(<RegionSwitcher session={session} onSwitch={onSwitch} />);
    const select = screen.getByLabelText('Region');
    await screen.findByRole('option', { name: 'eu-nl' });
    expect(screen.getByRole('option', { name: 'eu-ch2 (disabled)' })).toBeDisabled();
    await userEvent.selectOptions(select, 'p-nl');
    const dialog = await screen.findByRole('dialog', { name: 'Switch to eu-nl' });
    await userEvent.type(screen.getByLabelText(/Password/), 'pw');
    await userEvent.click(screen.getByRole('button', { name: 'Switch region' }));
    await waitFor(() => expect(onSwitch).toHaveBeenCalledWith(expect.objectContaining({ token: 'tok-nl', projectId: 'p-nl', projectName: 'eu-nl' })));
    expect(dialog).toBeInTheDocument();
    expect(calls.at(-1)?.body).toEqual({
      auth: { identity: { methods: ['password'], password: { user: { name: 'alice', password: 'pw', domain: { name: 'acme' } } } }, scope: { project: { id: 'p-nl' } } },
    });
  });
});
