// Talks to the Consilium server. Every failure becomes an ApiError whose message can be shown
// to the clinician as is, and whose kind tells the UI what to do (sign in again, retry, fix input).

import type { Study } from '../logic/worklist';
import { isStudy } from '../logic/worklist';
import { isTask, type Task } from '../logic/tasks';
import type {
  AbutmentCaseView,
  AuditRecord,
  AuditVerification,
  Me,
  ResultSlice,
  ResultSummary,
  TaskDetail,
  TaskSlice,
  UiConfig,
} from './contract';
import type { DesignCheck, Proposal } from '../logic/abutment';
import { caseListQuery, type AbutmentCaseSummary, type CaseListFilter } from '../logic/abutmentList';
import { firstPart } from '../logic/multipart';

export const REQUEST_TIMEOUT_MS = 10_000;

export type ApiErrorKind =
  | 'unreachable'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'server'
  | 'bad-response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly status: number | null = null,
  ) {
    super(message);
  }

  /** Errors after which every other request would fail the same way. */
  get affectsAll(): boolean {
    return this.kind === 'unreachable' || this.kind === 'unauthenticated';
  }
}

/** Supplies the current access token (null when the server runs without sign-in). */
export type TokenSource = () => Promise<string | null>;

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'invalid';
  return 'server';
}

function messageOf(status: number, what: string, detail: string | null): string {
  const suffix = detail ? `: ${detail}` : '.';
  switch (kindOf(status)) {
    case 'unauthenticated':
      return `Your session has expired while ${what}. Sign in again; unsaved edits are kept on this computer.`;
    case 'forbidden':
      return `You are not allowed to do this (${what})${suffix}`;
    case 'not-found':
      return `Not found while ${what}${suffix}`;
    case 'conflict':
      return `Conflict while ${what}${suffix}`;
    case 'invalid':
      return `The server refused the data while ${what}${suffix}`;
    default:
      return `Server error ${status} while ${what}${suffix}`;
  }
}

export class ApiClient {
  constructor(
    private readonly token: TokenSource,
    private readonly base = '',
  ) {}

  async request(method: string, path: string, what: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    const headers = new Headers({ Accept: accept });
    const token = await this.token();
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ApiError(
          `Server unreachable: no response within ${REQUEST_TIMEOUT_MS / 1000} s while ${what}.`,
          'unreachable',
        );
      }
      throw new ApiError(`Server unreachable while ${what}. Check the connection and retry.`, 'unreachable');
    }
    if (!response.ok) {
      let detail: string | null = null;
      try {
        const err = (await response.json()) as { error?: string; detail?: string };
        detail = [err.error, err.detail].filter((s) => typeof s === 'string' && s !== '').join(' — ') || null;
      } catch {
        detail = response.statusText || null;
      }
      throw new ApiError(messageOf(response.status, what, detail), kindOf(response.status), response.status);
    }
    return response;
  }

  async json<T>(method: string, path: string, what: string, body?: unknown, check?: (v: unknown) => boolean): Promise<T> {
    const response = await this.request(method, path, what, body);
    let value: unknown;
    try {
      value = response.status === 204 ? null : await response.json();
    } catch {
      throw new ApiError(`Unexpected response from server while ${what}.`, 'bad-response', response.status);
    }
    if (check !== undefined && !check(value)) {
      throw new ApiError(`Unexpected response from server while ${what}.`, 'bad-response', response.status);
    }
    return value as T;
  }

  me(): Promise<Me> {
    return this.json('GET', '/api/me', 'loading your profile');
  }

  studies(): Promise<Study[]> {
    return this.json('GET', '/api/studies', 'loading the worklist', undefined, (v) => Array.isArray(v) && v.every(isStudy));
  }

  tasks(mine: boolean): Promise<Task[]> {
    return this.json('GET', `/api/tasks?mine=${mine}`, 'loading your Tasks', undefined, (v) => Array.isArray(v) && v.every(isTask));
  }

  task(id: string): Promise<TaskDetail> {
    return this.json('GET', `/api/tasks/${encodeURIComponent(id)}`, 'opening the Task', undefined, isTask);
  }

  taskSlice(id: string, k: number): Promise<TaskSlice> {
    return this.json('GET', `/api/tasks/${encodeURIComponent(id)}/slices/${k}`, `loading slice ${k + 1} of the Task`);
  }

  async saveTaskSlice(id: string, k: number, labelsBase64: string): Promise<void> {
    await this.request('PUT', `/api/tasks/${encodeURIComponent(id)}/slices/${k}`, `saving slice ${k + 1}`, {
      labels: labelsBase64,
    });
  }

  async completeTask(id: string): Promise<void> {
    await this.request('POST', `/api/tasks/${encodeURIComponent(id)}/completion`, 'submitting the Task');
  }

  result(id: string): Promise<ResultSummary> {
    return this.json('GET', `/api/results/${encodeURIComponent(id)}`, 'loading the result');
  }

  resultSlice(id: string, k: number): Promise<ResultSlice> {
    return this.json('GET', `/api/results/${encodeURIComponent(id)}/slices/${k}`, `loading slice ${k + 1} of the result`);
  }

  /** A stored instance as a Part-10 file: QIDO-RS finds its series, WADO-RS retrieves it. */
  async dicomInstance(study: string, sop: string, what: string): Promise<Blob> {
    const enc = encodeURIComponent;
    const found = await this.json<Record<string, { Value?: string[] }>[]>('GET', `/dicomweb/studies/${enc(study)}/instances?SOPInstanceUID=${enc(sop)}&includefield=0020000E`, what, undefined, (v) => Array.isArray(v));
    const series = found[0]?.['0020000E']?.Value?.[0];
    if (series === undefined) throw new ApiError(`Not found while ${what}: no instance ${sop} in the archive.`, 'not-found', 404);
    const r = await this.request('GET', `/dicomweb/studies/${enc(study)}/series/${enc(series)}/instances/${enc(sop)}`, what, undefined, 'multipart/related; type="application/dicom"');
    return new Blob([firstPart(await r.arrayBuffer(), r.headers.get('Content-Type'))], { type: 'application/dicom' });
  }

  createAbutmentCase(caseJson: unknown): Promise<AbutmentCaseView> {
    return this.json('POST', '/api/abutment/cases', 'proposing abutments', caseJson);
  }

  abutmentCases(filter: CaseListFilter): Promise<AbutmentCaseSummary[]> {
    return this.json('GET', `/api/abutment/cases?${caseListQuery(filter)}`, 'loading the abutment cases', undefined, (v) => Array.isArray(v));
  }

  abutmentCase(id: string): Promise<AbutmentCaseView> {
    return this.json('GET', `/api/abutment/cases/${encodeURIComponent(id)}`, 'loading the abutment case');
  }

  checkAbutmentDesign(id: string, design: Proposal): Promise<DesignCheck[]> {
    return this.json('POST', `/api/abutment/cases/${encodeURIComponent(id)}/check`, 'checking the constraints', design, (v) => Array.isArray(v));
  }

  decideAbutmentCase(id: string, approve: boolean, reason: string, design: Proposal): Promise<AbutmentCaseView> {
    return this.json('POST', `/api/abutment/cases/${encodeURIComponent(id)}/decision`, 'recording the decision', {
      approve,
      reason,
      design,
    });
  }

  /** The abutment of tooth `fdi` as stored, or as an unsaved edited design would make it. */
  async abutmentStl(id: string, fdi: number, edited?: Proposal): Promise<ArrayBuffer> {
    const r = await this.request(edited === undefined ? 'GET' : 'POST', `/api/abutment/cases/${encodeURIComponent(id)}/implants/${fdi}/stl`, `loading the abutment of ${fdi}`, edited, 'model/stl');
    return r.arrayBuffer();
  }

  async auditRecords(query: string): Promise<AuditRecord[]> {
    const page = await this.json<{ records: AuditRecord[] }>('GET', `/api/audit/records?${query}`, 'searching the audit trail');
    return page.records;
  }

  auditVerification(): Promise<AuditVerification> {
    return this.json('GET', '/api/audit/verify', 'verifying the audit chain');
  }
}

/** Public, unauthenticated: where to sign in. 404 means the server has no sign-in configured. */
export async function fetchUiConfig(base = ''): Promise<UiConfig | null> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/ui-config`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    throw new ApiError('Server unreachable while starting. Check the connection and reload.', 'unreachable');
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(messageOf(response.status, 'starting', null), kindOf(response.status), response.status);
  const config = (await response.json()) as UiConfig;
  return config.issuer ? config : null;
}
