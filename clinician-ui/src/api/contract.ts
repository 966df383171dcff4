// Shapes of the server's REST API for the UI (CONTRACTS.md), with the checks the UI runs
// before trusting a response.

import type { Proposal } from '../logic/abutment';
import type { Task } from '../logic/tasks';

export const ROLES = ['radiologist', 'dentist', 'technician', 'integrator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Me {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly expertIndex: number | null;
}

/** `GET /api/ui-config`: where the browser signs in (public, before any token). */
export interface UiConfig {
  readonly issuer: string | null;
  readonly clientId: string;
}

export interface TaskDetail extends Task {
  readonly rows: number;
  readonly columns: number;
  readonly slices: readonly { index: number; sopInstanceUid: string }[];
  /** Present when the server adds it; otherwise the viewer asks the result. */
  readonly seriesInstanceUid?: string;
}

export interface ResultSummary {
  readonly id: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly status: 'AWAITING_REVIEW' | 'FINAL' | 'SUPERSEDED' | 'WITHDRAWN';
  /** Why a WITHDRAWN result must not be used. */
  readonly failure?: string | null;
  readonly rows: number;
  readonly columns: number;
  readonly sliceCount: number;
  readonly experts: readonly string[];
  readonly deferralRate: number;
  readonly expertShare: Readonly<Record<string, number>>;
  readonly volumeMl: number | null;
  readonly segInstanceUid: string | null;
  readonly diagnosticReport: string | null;
  readonly model: { readonly name: string; readonly version: string };
}

export interface ResultSlice {
  readonly index: number;
  readonly sopInstanceUid: string;
  readonly aiMask: string;
  readonly deferral: string;
  readonly confidence: string;
  readonly merged: string | null;
  readonly provenance: string | null;
}

export interface TaskSlice {
  readonly index: number;
  readonly region: string;
  readonly labels: string;
}

export interface AbutmentCaseView {
  readonly id: string;
  readonly status: string;
  readonly proposal: Proposal;
  readonly case?: unknown;
}

export interface AuditRecord {
  readonly stream: string;
  readonly sequence: number;
  readonly recordedAt: string;
  readonly actorKind: string;
  readonly actorId: string;
  readonly actorRole: string | null;
  readonly action: string;
  readonly targets: readonly string[];
  readonly outcome: string;
  readonly outcomeText: string | null;
  readonly source: string | null;
  readonly patientId: string | null;
  readonly hash: string;
}

export interface AuditVerification {
  readonly intact: boolean;
  readonly records: number;
  readonly streams: readonly {
    stream: string;
    intact: boolean;
    verifiedRecords: number;
    verifiedCheckpoints: number;
    firstBrokenSequence: number | null;
    reason: string | null;
  }[];
}

/**
 * What each role may open: the screens whose REST calls the server's role checks (@RolesAllowed) let that role make,
 * so nobody is shown a screen that can only answer 403. Keeps navigation and routes in one place.
 */
export type Screen = 'worklist' | 'viewer' | 'result' | 'abutment' | 'audit' | 'help';

const SCREENS_BY_ROLE: Readonly<Record<Role, readonly Screen[]>> = {
  radiologist: ['worklist', 'viewer', 'result'],
  dentist: ['abutment'],
  technician: ['abutment'],
  integrator: ['worklist'],
  auditor: ['audit'],
  // The server gives admin the job and retrieval APIs only, which have no screen yet.
  admin: [],
};

export function allowedScreens(roles: readonly string[]): Set<Screen> {
  const screens = new Set<Screen>(['help']);
  for (const role of roles) {
    for (const s of SCREENS_BY_ROLE[role as Role] ?? []) screens.add(s);
  }
  return screens;
}

/** The roles GET /api/events admits (EventResource): the auditor and admin have no live screen to update. */
const LIVE_EVENT_ROLES: readonly Role[] = ['radiologist', 'dentist', 'technician', 'integrator'];

/** Whether the UI subscribes to live events for this user: a refused subscription would be audited each retry. */
export function receivesLiveEvents(roles: readonly string[]): boolean {
  return roles.some((r) => LIVE_EVENT_ROLES.includes(r as Role));
}

/** The role shown next to the name: the first Consilium role the user holds. */
export function primaryRole(roles: readonly string[]): string {
  return ROLES.find((r) => roles.includes(r)) ?? 'no Consilium role';
}
