import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, STUDIES_URL, fetchStudies } from './api';
import type { Study } from './worklist';

const study: Study = {
  studyInstanceUid: '1.2.840.1.1',
  modality: 'CT',
  description: 'CT Chest',
  status: 'IN_REVIEW',
  receivedAt: '2025-03-10T08:15:00Z',
};

function stubFetch(implementation: () => Promise<Response>) {
  const fetchMock = vi.fn<typeof fetch>(implementation);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function jsonResponse(body: unknown, init?: ResponseInit): Response {
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json' },
    ...init,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchStudies', () => {
  it('requests the worklist as JSON and returns its rows', async () => {
    const fetchMock = stubFetch(async () => jsonResponse([study]));

    await expect(fetchStudies()).resolves.toEqual([study]);

    expect(fetchMock).toHaveBeenCalledOnce();
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe(STUDIES_URL);
    expect(new Headers(init?.headers).get('Accept')).toBe('application/json');
  });

  it('returns an empty worklist as an empty list', async () => {
    stubFetch(async () => jsonResponse([]));

    await expect(fetchStudies()).resolves.toEqual([]);
  });

  it('reports "Server unreachable" when the network request fails', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));

    const error = await fetchStudies().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      'Server unreachable while loading the worklist. Check the connection and retry.',
    );
  });

  it('reports "Server unreachable" with the wait time when the server does not answer', async () => {
    stubFetch(() => Promise.reject(new DOMException('signal timed out', 'TimeoutError')));

    await expect(fetchStudies()).rejects.toThrow(
      'Server unreachable: no response within 10 s while loading the worklist.',
    );
  });

  it('reports the HTTP status of a server error', async () => {
    stubFetch(async () =>
      jsonResponse({ error: 'boom' }, { status: 500, statusText: 'Internal Server Error' }),
    );

    await expect(fetchStudies()).rejects.toThrow(
      'Server error 500 Internal Server Error while loading the worklist.',
    );
  });

  it('reports a non-2xx status even without a status text', async () => {
    stubFetch(async () => new Response('', { status: 503 }));

    await expect(fetchStudies()).rejects.toThrow('Server error 503 while loading the worklist.');
  });

  it('rejects a body that is not JSON', async () => {
    stubFetch(async () => new Response('<html>proxy login</html>', { status: 200 }));

    await expect(fetchStudies()).rejects.toThrow(
      'Unexpected response from server while loading the worklist.',
    );
  });

  it('rejects rows that do not look like studies instead of showing them', async () => {
    stubFetch(async () => jsonResponse([study, { ...study, status: 'ARCHIVED' }]));

    await expect(fetchStudies()).rejects.toThrow(
      'Unexpected response from server while loading the worklist.',
    );
  });

  it('rejects a JSON body that is not a list', async () => {
    stubFetch(async () => jsonResponse({ studies: [study] }));

    await expect(fetchStudies()).rejects.toBeInstanceOf(ApiError);
  });
});
