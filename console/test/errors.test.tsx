import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, parseErrorBody } from '../src/api/errors';
import { http } from '../src/api/http';
import { ErrorBanner } from '../src/components/ErrorBanner';

describe('parseErrorBody', () => {
  it('prefers error_code and error_msg, which every Isthmus error carries', () => {
    expect(parseErrorBody({ code: 'VPC.0115', message: 'x', error_code: 'VPC.0115', error_msg: 'The router name exists.' }, 400)).toEqual({
      code: 'VPC.0115', message: 'The router name exists.',
    });
  });
  it('reads v1 code/message and v2.0 NeutronError bodies', () => {
    expect(parseErrorBody({ code: 'VPC.0101', message: 'getVpc error vpcId is invalid.' }, 400)).toEqual({
      code: 'VPC.0101', message: 'getVpc error vpcId is invalid.',
    });
    expect(
      parseErrorBody({ NeutronError: { type: 'InvalidInput', message: 'Invalid input for operation: Accept VPC id or tenant id is incorrect.', detail: '' } }, 400),
    ).toEqual({ code: 'InvalidInput', message: 'Invalid input for operation: Accept VPC id or tenant id is incorrect.' });
  });
  it('falls back to the gateway message and then to the HTTP status', () => {
    expect(parseErrorBody({ message: 'API not found', request_id: 'r' }, 404)).toEqual({ code: 'HTTP 404', message: 'API not found' });
    expect(parseErrorBody(undefined, 502, 'Bad Gateway')).toEqual({ code: 'HTTP 502', message: 'Bad Gateway' });
  });
});

describe('http', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the token and JSON, and turns an error answer into ApiError with the request id', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(JSON.stringify({ NeutronError: { type: 'Conflict', message: 'A peering already joins these VPCs.', detail: '' }, error_code: 'VPC.1002', error_msg: 'A peering already joins these VPCs.' }), {
        status: 409,
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-42' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const err = await http('/v2.0/vpc/peerings', { method: 'POST', token: 't0k', body: { peering: {} } }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'VPC.1002', message: 'A peering already joins these VPCs.', requestId: 'req-42' });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.headers).toMatchObject({ 'X-Auth-Token': 't0k', 'Content-Type': 'application/json' });
    expect(init.body).toBe('{"peering":{}}');
  });

  it('reports an expired token to the session once', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error_code: 'VPC.0008', error_msg: 'Invalid token in the header.' }), { status: 401 })));
    const onUnauthorized = vi.fn();
    await expect(http('/v1/p/vpcs', { token: 'old', onUnauthorized })).rejects.toThrow('Invalid token in the header.');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('explains a server that cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(http('/v1/p/vpcs')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});

describe('ErrorBanner', () => {
  it('shows the message, code, status and request id exactly as the API gave them', () => {
    const error = new ApiError({ status: 400, code: 'VPC.0115', message: 'The router name exists.', requestId: '7f3c-req', method: 'POST', path: '/v1/p/vpcs' });
    render(<ErrorBanner error={error} title="The VPC was not created" />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The VPC was not created');
    expect(alert).toHaveTextContent('The router name exists.');
    expect(alert).toHaveTextContent('VPC.0115');
    expect(alert).toHaveTextContent('400');
    expect(alert).toHaveTextContent('Request ID7f3c-req');
  });
  it('renders nothing without an error', () => {
    const { container } = render(<ErrorBanner error={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
