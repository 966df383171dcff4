import { describe, expect, it } from 'vitest';
import { allowedScreens, primaryRole, receivesLiveEvents } from './contract';

describe('role-dependent navigation', () => {
  it('shows a radiologist the worklist, viewer and results but not audit or abutments', () => {
    const screens = allowedScreens(['radiologist', 'offline_access']);
    expect([...screens].sort()).toEqual(['help', 'result', 'viewer', 'worklist']);
  });

  it('shows an auditor only the audit trail and help', () => {
    expect([...allowedScreens(['auditor'])].sort()).toEqual(['audit', 'help']);
  });

  it('offers an admin no clinical or audit screen, as the server refuses those APIs to admins', () => {
    expect([...allowedScreens(['admin'])]).toEqual(['help']);
  });

  it('gives a dentist the abutment review', () => {
    expect(allowedScreens(['dentist']).has('abutment')).toBe(true);
    expect(allowedScreens(['dentist']).has('viewer')).toBe(false);
  });

  it('names the primary role', () => {
    expect(primaryRole(['uma_authorization', 'dentist'])).toBe('dentist');
    expect(primaryRole([])).toBe('no Consilium role');
  });

  it('subscribes to live events only for the roles the server admits', () => {
    expect(receivesLiveEvents(['radiologist'])).toBe(true);
    expect(receivesLiveEvents(['technician', 'offline_access'])).toBe(true);
    expect(receivesLiveEvents(['auditor'])).toBe(false);
    expect(receivesLiveEvents(['admin'])).toBe(false);
  });
});
