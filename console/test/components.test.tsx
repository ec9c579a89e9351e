import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/errors';
import { LoginPage } from '../src/pages/LoginPage';
import { PeeringCreateDialog } from '../src/pages/PeeringCreateDialog';
import { PeeringsPage, filterPeerings } from '../src/pages/PeeringsPage';
import { Verdict } from '../src/pages/ReachabilityPanel';
import { SubnetCreateDialog } from '../src/pages/SubnetCreateDialog';
import { VpcCreateDialog } from '../src/pages/VpcCreateDialog';
import { DeletePeeringDialog } from '../src/pages/PeeringDialogs';
import * as f from './fixtures';
import { fakeCloud, renderWithApp } from './render';

afterEach(() => vi.unstubAllGlobals());

describe('PeeringsPage', () => {
  const cloud = () =>
    fakeCloud({
      listPeerings: vi.fn(async () => [f.peeringAB, f.incomingToB, f.outgoingFromA]),
      listVpcs: vi.fn(async () => [f.vpcA, f.vpcB]),
      acceptPeering: vi.fn(async () => ({ ...f.incomingToB, status: 'ACTIVE' })),
      rejectPeering: vi.fn(async () => ({ ...f.incomingToB, status: 'REJECTED' })),
    });

  it('highlights incoming requests with Accept and Reject, and only those', async () => {
    renderWithApp(<PeeringsPage />, cloud());
    const section = await screen.findByRole('region', { name: /Incoming requests/ });
    const items = within(section).getAllByTestId('incoming-request');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('from-partner');
    expect(items[0]).toHaveTextContent(f.OTHER);
    expect(items[0]).toHaveTextContent('VPC-B (172.16.0.0/16)');
    expect(within(items[0]).getByRole('button', { name: 'Accept peering request from-partner' })).toBeEnabled();
    expect(within(items[0]).getByRole('button', { name: 'Reject peering request from-partner' })).toBeEnabled();
    // The outgoing request waits for the other account: no Accept for it.
    expect(screen.queryByRole('button', { name: /Accept peering request to-partner/ })).toBeNull();
    const row = screen.getByRole('link', { name: 'from-partner' }).closest('tr')!;
    expect(row).toHaveClass('row--incoming');
    expect(within(row).getByTitle('PENDING_ACCEPTANCE')).toHaveTextContent('Pending acceptance');
  });

  it('accepts a request through the API and says so', async () => {
    const c = cloud();
    const { notify } = renderWithApp(<PeeringsPage />, c);
    await userEvent.click(await screen.findByRole('button', { name: 'Accept peering request from-partner' }));
    await waitFor(() => expect(c.acceptPeering).toHaveBeenCalledWith(f.incomingToB.id));
    expect(notify).toHaveBeenCalledWith(expect.stringMatching(/accepted.*active/));
  });

  it('shows the API error when answering fails', async () => {
    const c = fakeCloud({
      listPeerings: vi.fn(async () => [f.incomingToB]),
      listVpcs: vi.fn(async () => [f.vpcB]),
      rejectPeering: vi.fn(async () => {
        throw new ApiError({ status: 409, code: 'VPC.1010', message: 'The peering is not pending acceptance.', requestId: 'rq-9', method: 'PUT', path: '' });
      }),
    });
    renderWithApp(<PeeringsPage />, c);
    await userEvent.click(await screen.findByRole('button', { name: 'Reject peering request from-partner' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The peering is not pending acceptance.');
    expect(alert).toHaveTextContent('VPC.1010');
    expect(alert).toHaveTextContent('rq-9');
  });

  it('filters by status, VPC and name', () => {
    const all = [f.peeringAB, f.incomingToB, f.outgoingFromA, f.rejected];
    expect(filterPeerings(all, { status: 'PENDING_ACCEPTANCE', vpcId: '', name: '' }).map((p) => p.name)).toEqual(['from-partner', 'to-partner']);
    expect(filterPeerings(all, { status: '', vpcId: f.vpcB.id, name: '' }).map((p) => p.name)).toEqual(['peering-AB', 'from-partner']);
    expect(filterPeerings(all, { status: '', vpcId: '', name: 'PARTNER' }).map((p) => p.name)).toEqual(['from-partner', 'to-partner']);
  });
});

describe('VpcCreateDialog', () => {
  it('shows no error before the user has touched a field', () => {
    renderWithApp(<VpcCreateDialog onClose={() => {}} onCreated={() => {}} />, fakeCloud());
    expect(screen.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Name is required.')).toBeNull();
  });

  it('validates name and CIDR like the API before sending anything', async () => {
    const c = fakeCloud();
    renderWithApp(<VpcCreateDialog onClose={() => {}} onCreated={() => {}} />, c);
    const name = screen.getByLabelText(/^Name/);
    const cidr = screen.getByLabelText(/IPv4 CIDR block/);
    await userEvent.type(name, 'my vpc');
    await userEvent.clear(cidr);
    await userEvent.type(cidr, '172.32.0.0/16');
    await userEvent.click(screen.getByRole('button', { name: 'Create VPC' }));
    expect(screen.getByText(/may contain only letters/)).toBeInTheDocument();
    expect(screen.getByText(/not a private block/)).toBeInTheDocument();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(c.createVpc).not.toHaveBeenCalled();
    // The allowed ranges are explained next to the field.
    expect(screen.getByRole('button', { name: '10.0.0.0/8' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '172.16.0.0/12' })).toBeInTheDocument();
  });

  it('sends a valid VPC and shows the API error as given', async () => {
    const createVpc = vi.fn(async () => {
      throw new ApiError({ status: 400, code: 'VPC.0115', message: 'The router name exists.', requestId: 'req-vpc', method: 'POST', path: '' });
    });
    renderWithApp(<VpcCreateDialog onClose={() => {}} onCreated={() => {}} />, fakeCloud({ createVpc }));
    await userEvent.type(screen.getByLabelText(/^Name/), 'vpc-a');
    await userEvent.click(screen.getByRole('button', { name: 'Create VPC' }));
    expect(createVpc).toHaveBeenCalledWith({ name: 'vpc-a', cidr: '192.168.0.0/16' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The router name exists.');
    expect(alert).toHaveTextContent('VPC.0115');
    expect(alert).toHaveTextContent('req-vpc');
  });
});

describe('SubnetCreateDialog', () => {
  it('proposes a free block and refuses one outside the VPC', async () => {
    const c = fakeCloud();
    renderWithApp(<SubnetCreateDialog vpc={f.vpcA} subnets={[f.subnetA]} onClose={() => {}} onCreated={() => {}} />, c);
    const cidr = screen.getByLabelText(/IPv4 CIDR block/);
    expect(cidr).toHaveValue('192.168.0.0/24');
    expect(screen.getByLabelText(/Gateway/)).toHaveValue('192.168.0.1');
    await userEvent.clear(cidr);
    await userEvent.type(cidr, '10.0.0.0/24');
    await userEvent.click(screen.getByRole('button', { name: 'Create subnet' }));
    expect(screen.getByText(/inside the VPC's block 192.168.0.0\/16/)).toBeInTheDocument();
    expect(c.createSubnet).not.toHaveBeenCalled();
  });
});

describe('PeeringCreateDialog', () => {
  it('offers a VPC in another account, explains acceptance, and sends the peer project id', async () => {
    const createPeering = vi.fn(async () => ({ ...f.outgoingFromA }));
    const { notify } = renderWithApp(<PeeringCreateDialog vpcs={[f.vpcA, f.vpcB]} onClose={() => {}} onCreated={() => {}} />, fakeCloud({ createPeering }));
    await userEvent.click(screen.getByRole('radio', { name: /A VPC in another account/ }));
    expect(screen.getByText(/The other account must accept this request/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Name/), 'to-partner');
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(screen.getByText('Peer project ID is required.')).toBeInTheDocument();
    expect(createPeering).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(/Peer project ID/), f.OTHER);
    await userEvent.type(screen.getByLabelText(/Peer VPC ID/), f.U(98));
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(createPeering).toHaveBeenCalledWith({
      name: 'to-partner',
      request_vpc_info: { vpc_id: f.vpcA.id },
      accept_vpc_info: { vpc_id: f.U(98), tenant_id: f.OTHER },
    });
    await waitFor(() => expect(notify).toHaveBeenCalledWith(expect.stringMatching(/other account accepts/)));
  });

  it('a VPC in my project needs no project id and warns about overlap', async () => {
    const createPeering = vi.fn(async () => f.peeringAB);
    renderWithApp(
      <PeeringCreateDialog vpcs={[f.vpcA, { ...f.vpcB, cidr: '192.168.0.0/24' }]} onClose={() => {}} onCreated={() => {}} />,
      fakeCloud({ createPeering }),
    );
    await userEvent.type(screen.getByLabelText(/^Name/), 'peering-AB');
    await userEvent.selectOptions(screen.getByLabelText(/^Peer VPC/), f.vpcB.id);
    expect(screen.getByText(/overlap/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create peering' }));
    expect(createPeering).toHaveBeenCalledWith({ name: 'peering-AB', request_vpc_info: { vpc_id: f.vpcA.id }, accept_vpc_info: { vpc_id: f.vpcB.id } });
  });
});

describe('DeletePeeringDialog', () => {
  it('lists the routes that go with the peering', async () => {
    const c = fakeCloud({
      listRouteTables: vi.fn(async (vpcId?: string) => [
        {
          id: `rt-${vpcId}`, name: 'rtb', default: true, vpc_id: vpcId!, subnets: [],
          routes: vpcId === f.vpcA.id
            ? [{ type: 'local', destination: '192.168.1.0/24', nexthop: '-' }, { type: 'peering', destination: '172.16.0.0/16', nexthop: f.peeringAB.id }]
            : [{ type: 'peering', destination: '192.168.0.0/16', nexthop: f.peeringAB.id }],
        },
      ]),
      listPeeringRoutes: vi.fn(async () => []),
      deletePeering: vi.fn(async () => {}),
    });
    renderWithApp(<DeletePeeringDialog peering={f.peeringAB} myVpcs={[f.vpcA, f.vpcB]} onClose={() => {}} onDone={() => {}} />, c);
    const list = await screen.findByRole('list', { name: 'Routes deleted with the peering' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['172.16.0.0/16 in VPC-A', '192.168.0.0/16 in VPC-B']);
    await userEvent.click(screen.getByRole('button', { name: 'Delete peering' }));
    expect(c.deletePeering).toHaveBeenCalledWith(f.peeringAB.id);
  });
});

describe('LoginPage', () => {
  it('signs in with the Keystone password body scoped to the region', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(
        JSON.stringify({ token: { expires_at: '2099-01-01T00:00:00.000000Z', user: { id: 'u', name: 'alice', domain: { id: 'd', name: 'acme' } }, project: { id: 'p1', name: 'eu-de' } } }),
        { status: 201, headers: { 'X-Subject-Token': 'tok-123' } },
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onLogin = vi.fn();
    render(<LoginPage onLogin={onLogin} />);
    await userEvent.type(screen.getByLabelText(/Account name/), 'acme');
    await userEvent.type(screen.getByLabelText(/IAM user name/), 'alice');
    await userEvent.type(screen.getByLabelText(/Password/), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onLogin).toHaveBeenCalled());
    expect(onLogin.mock.calls[0][0]).toMatchObject({ token: 'tok-123', projectId: 'p1', projectName: 'eu-de', accountName: 'acme', userName: 'alice' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/v3/auth/tokens');
    expect(JSON.parse(init.body as string)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'alice', password: 's3cret', domain: { name: 'acme' } } } },
        scope: { project: { name: 'eu-de', domain: { name: 'acme' } } },
      },
    });
  });

  it('requires every field and shows a refused sign-in as the API said it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error_code: 'IAM.0002', error_msg: 'The username or password is wrong.' }), { status: 401, headers: { 'X-Request-Id': 'login-rq' } })));
    render(<LoginPage onLogin={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Account name is required.')).toBeInTheDocument();
    expect(screen.getByText('Password is required.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Account name/), 'acme');
    await userEvent.type(screen.getByLabelText(/IAM user name/), 'alice');
    await userEvent.type(screen.getByLabelText(/Password/), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The username or password is wrong.');
    expect(alert).toHaveTextContent('IAM.0002');
    expect(alert).toHaveTextContent('login-rq');
  });
});

describe('Verdict', () => {
  it('shows the verdict, the reason, the explanation and both paths', () => {
    render(
      <Verdict result={{
        reachable: false, reason: 'NO_RETURN_ROUTE', explanation: 'Add a route to 192.168.0.0/16 via peering-AB in VPC-B.',
        forward: [{ at: 'ECS-A01', action: 'send', detail: 'icmp to 172.16.1.10' }, { at: 'VPC-B', action: 'deliver', detail: '' }],
        return: [{ at: 'VPC-B', action: 'drop', detail: 'no route to 192.168.1.10' }],
      }} />,
    );
    const v = screen.getByTestId('verdict');
    expect(v).toHaveTextContent('Not reachable');
    expect(v).toHaveTextContent('NO_RETURN_ROUTE');
    expect(v).toHaveTextContent('Add a route to 192.168.0.0/16 via peering-AB in VPC-B.');
    expect(screen.getByRole('heading', { name: 'Request path' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Reply path' })).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });
});
