import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, fetchUiConfig } from './client';

function stubFetch(implementation: (url: string, init?: RequestInit) => Promise<Response>) {
  const fetchMock = vi.fn<typeof fetch>((url, init) => implementation(String(url), init));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

const study = {
  studyInstanceUid: '1.2.840.1.1',
  modality: 'CT',
  description: 'CT Chest',
  status: 'IN_REVIEW',
  receivedAt: '2025-03-10T08:15:00Z',
};

describe('ApiClient', () => {
  it('sends the bearer token and returns checked rows', async () => {
    const fetchMock = stubFetch(async () => json([study]));
    const client = new ApiClient(async () => 'tok');
    await expect(client.studies()).resolves.toEqual([study]);
    const init = fetchMock.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer tok');
  });

  it('sends no Authorization header when the server runs without sign-in', async () => {
    const fetchMock = stubFetch(async () => json([]));
    await new ApiClient(async () => null).studies();
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).has('Authorization')).toBe(false);
  });

  it('turns 401 into a "session expired" error that keeps edits', async () => {
    stubFetch(async () => json({ error: 'unauthorized' }, 401));
    const error = await new ApiClient(async () => 'old').saveTaskSlice('t1', 0, 'AA==').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('unauthenticated');
    expect((error as ApiError).affectsAll).toBe(true);
    expect((error as ApiError).message).toContain('unsaved edits are kept');
  });

  it('shows the server detail of a 422', async () => {
    stubFetch(async () => json({ error: 'locked pixels changed', detail: '3 pixels outside your region' }, 422));
    const error = (await new ApiClient(async () => 't').saveTaskSlice('t1', 2, 'AA==').catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe('The server refused the data while saving slice 3: locked pixels changed — 3 pixels outside your region');
  });

  it('reports an unreachable server', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = (await new ApiClient(async () => null).studies().catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe('Server unreachable while loading the worklist. Check the connection and retry.');
  });

  it('rejects rows that do not match the contract', async () => {
    stubFetch(async () => json([{ ...study, status: 'WHATEVER' }]));
    await expect(new ApiClient(async () => null).studies()).rejects.toThrow('Unexpected response');
  });

  it('puts labels as {"labels": b64}', async () => {
    const fetchMock = stubFetch(async () => new Response(null, { status: 204 }));
    await new ApiClient(async () => null).saveTaskSlice('t 1', 4, 'AQE=');
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/tasks/t%201/slices/4');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe('{"labels":"AQE="}');
  });
});

describe('fetchUiConfig', () => {
  it('returns the issuer and client id', async () => {
    stubFetch(async () => json({ issuer: 'http://127.0.0.1:58180/realms/consilium', clientId: 'consilium-ui' }));
    await expect(fetchUiConfig()).resolves.toEqual({ issuer: 'http://127.0.0.1:58180/realms/consilium', clientId: 'consilium-ui' });
  });

  it('means "no sign-in configured" on 404', async () => {
    stubFetch(async () => new Response('', { status: 404 }));
    await expect(fetchUiConfig()).resolves.toBeNull();
  });
});
