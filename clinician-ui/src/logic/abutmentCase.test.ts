import { describe, expect, it } from 'vitest';
import { archPosition, caseProblems, defaultSite, toCaseJson, toSubmission, type CaseForm } from './abutmentCase';

const form = (): CaseForm => ({
  caseId: 'case-7',
  patientId: '',
  crownMaterial: 'monolithic zirconia',
  instructions: '  screw-retained, margin 0.5 mm subgingival ',
  sites: [defaultSite(36), { ...defaultSite(11), bridge: 'B1' }],
});

describe('abutment case form', () => {
  it('builds the case JSON of the schema', () => {
    const json = toCaseJson(form()) as { instructions: string; sites: { tooth: number; implant: { system: string; platformDiameterMm: number; axis: number[] }; bridge: string | null }[] };
    expect(json.instructions).toBe('screw-retained, margin 0.5 mm subgingival');
    expect(json.sites[0]).toMatchObject({ tooth: 36, bridge: null, implant: { system: 'Straumann BLT', platformDiameterMm: 4.1, axis: [0, 0, 1] } });
    expect(json.sites[1]).toMatchObject({ tooth: 11, bridge: 'B1', implant: { axis: [0, 0, -1] } });
  });

  it('files the case under a patient only when a Patient ID is given', () => {
    expect(toSubmission(form())).toEqual(toCaseJson(form()));
    const filed = { ...form(), patientId: ' PAT-0042 ' };
    expect(toSubmission(filed)).toEqual({ patientId: 'PAT-0042', case: toCaseJson(form()) });
    expect(caseProblems({ ...form(), patientId: 'A\\B' })).toEqual(['Patient ID: at most 64 characters, no backslash or control characters.']);
    expect(caseProblems({ ...form(), patientId: 'x'.repeat(65) })).toHaveLength(1);
  });

  it('places teeth on the correct side of the arch', () => {
    expect(archPosition(36)[0]).toBeGreaterThan(0); // patient's left
    expect(archPosition(46)[0]).toBeLessThan(0);
    expect(archPosition(11)[1]).toBeGreaterThan(archPosition(16)[1]); // incisors anterior
  });

  it('names every out-of-range field with its tooth', () => {
    const bad = form();
    bad.caseId = ' ';
    (bad.sites[0] as { occlusalClearanceMm: number }).occlusalClearanceMm = 20;
    expect(caseProblems(bad)).toEqual([
      'Case ID is required (no patient identifiers).',
      'Tooth 36: occlusalClearanceMm must be between 1 and 15, is 20.',
    ]);
    expect(() => toCaseJson(bad)).toThrow('Tooth 36');
  });
});
