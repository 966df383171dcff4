// Talks to the Consilium server. Every failure becomes an ApiError whose message can be
// shown to the clinician as is.

import { isStudy, type Study } from './worklist';

export const STUDIES_URL = '/api/studies';
export const REQUEST_TIMEOUT_MS = 10_000;

export class ApiError extends Error {
  override readonly name = 'ApiError';
}

/** Loads the worklist. Rejects with an ApiError carrying a user-facing message. */
export async function fetchStudies(): Promise<Study[]> {
  const body = await getJson(STUDIES_URL, 'the worklist');
  if (!Array.isArray(body) || !body.every(isStudy)) {
    throw new ApiError('Unexpected response from server while loading the worklist.');
  }
  return body;
}

async function getJson(url: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new ApiError(
        `Server unreachable: no response within ${REQUEST_TIMEOUT_MS / 1000} s while loading ${what}.`,
      );
    }
    throw new ApiError(`Server unreachable while loading ${what}. Check the connection and retry.`);
  }
  if (!response.ok) {
    const reason = response.statusText ? ` ${response.statusText}` : '';
    throw new ApiError(`Server error ${response.status}${reason} while loading ${what}.`);
  }
  try {
    return await response.json();
  } catch {
    throw new ApiError(`Unexpected response from server while loading ${what}.`);
  }
}
