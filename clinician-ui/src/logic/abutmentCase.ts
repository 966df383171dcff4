// The dentist's case form -> the case JSON of abutment-design's case schema, with the schema's
// ranges checked before anything is sent, and sensible starting values per tooth.

import { isFdiTooth, jawOf } from './fdi';

export const CROWN_MATERIALS = ['monolithic zirconia', 'lithium disilicate', 'metal ceramic', 'composite'] as const;
export type CrownMaterial = (typeof CROWN_MATERIALS)[number];

/** The implant catalogue abutment-design accepts: system -> platform -> diameter and connection. */
export const IMPLANT_CATALOGUE: readonly { system: string; platform: string; diameterMm: number; connection: string }[] = [
  { system: 'Straumann BLT', platform: 'NC', diameterMm: 3.3, connection: 'internal conical' },
  { system: 'Straumann BLT', platform: 'RC', diameterMm: 4.1, connection: 'internal conical' },
  { system: 'Nobel Biocare NobelActive', platform: 'NP', diameterMm: 3.5, connection: 'internal conical' },
  { system: 'Nobel Biocare NobelActive', platform: 'RP', diameterMm: 3.9, connection: 'internal conical' },
  { system: 'Nobel Biocare Branemark', platform: 'NP', diameterMm: 3.5, connection: 'external hex' },
  { system: 'Nobel Biocare Branemark', platform: 'RP', diameterMm: 4.1, connection: 'external hex' },
  { system: 'Nobel Biocare Branemark', platform: 'WP', diameterMm: 5.1, connection: 'external hex' },
  { system: 'Zimmer Biomet TSV', platform: '3.5', diameterMm: 3.5, connection: 'internal hex' },
  { system: 'Zimmer Biomet TSV', platform: '4.5', diameterMm: 4.5, connection: 'internal hex' },
  { system: 'Zimmer Biomet TSV', platform: '5.7', diameterMm: 5.7, connection: 'internal hex' },
  { system: 'Astra Tech EV', platform: '3.6', diameterMm: 3.6, connection: 'internal conical' },
  { system: 'Astra Tech EV', platform: '4.2', diameterMm: 4.2, connection: 'internal conical' },
  { system: 'Astra Tech EV', platform: '4.8', diameterMm: 4.8, connection: 'internal conical' },
];

export interface SiteForm {
  tooth: number;
  /** Index into IMPLANT_CATALOGUE. */
  implant: number;
  lengthMm: number;
  softTissueHeightMm: number;
  softTissueThicknessMm: number;
  mesialGapMm: number;
  distalGapMm: number;
  occlusalClearanceMm: number;
  bridge: string;
}

export interface CaseForm {
  caseId: string;
  /** The DICOM Patient ID the case is filed under (optional); sent in the body, never in a URL. */
  patientId: string;
  crownMaterial: CrownMaterial;
  instructions: string;
  sites: SiteForm[];
}

/**
 * Approximate platform centre on a parabolic arch in the jaw frame (x to the patient's left,
 * y anterior, origin between the first molars): enough for a first proposal and the 3D view.
 */
export function archPosition(tooth: number): [number, number, number] {
  const quadrant = Math.floor(tooth / 10);
  const n = tooth % 10;
  const side = quadrant === 2 || quadrant === 3 ? 1 : -1;
  const halfWidth = jawOf(tooth) === 'upper' ? 25 : 23;
  const x = side * Math.min(halfWidth, 4 + (n - 1) * (halfWidth - 4) / 7);
  const depth = 28;
  const y = depth * (1 - (x / halfWidth) ** 2) - 8;
  return [round1(x), round1(y), jawOf(tooth) === 'upper' ? 1 : -1];
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Molars get wide platforms and gaps; incisors narrow ones. */
export function defaultSite(tooth: number): SiteForm {
  if (!isFdiTooth(tooth)) throw new Error(`${tooth} is not an FDI tooth number.`);
  const n = tooth % 10;
  const molar = n >= 6;
  return {
    tooth,
    implant: molar ? 1 : 0,
    lengthMm: molar ? 10 : 12,
    softTissueHeightMm: 3,
    softTissueThicknessMm: 2,
    mesialGapMm: molar ? 5 : 3.5,
    distalGapMm: molar ? 5 : 3.5,
    occlusalClearanceMm: molar ? 7 : 8,
    bridge: '',
  };
}

const RANGES: Record<string, [number, number]> = {
  lengthMm: [4, 20],
  softTissueHeightMm: [0.5, 8],
  softTissueThicknessMm: [0.3, 6],
  mesialGapMm: [1, 12],
  distalGapMm: [1, 12],
  occlusalClearanceMm: [1, 15],
};

/** Problems a user must fix, each naming the tooth and field; empty when the form is valid. */
export function caseProblems(form: CaseForm): string[] {
  const problems: string[] = [];
  if (form.caseId.trim() === '') problems.push('Case ID is required (no patient identifiers).');
  const patientId = form.patientId.trim();
  // The server's limits for a DICOM Patient ID (LO): 64 characters, no backslash or control characters.
  if (patientId.length > 64 || /[\\\u0000-\u001f]/.test(patientId)) problems.push('Patient ID: at most 64 characters, no backslash or control characters.');
  if (form.sites.length === 0) problems.push('Choose at least one implant site on the chart.');
  if (form.sites.length > 16) problems.push('At most 16 implant sites per case.');
  for (const site of form.sites) {
    if (IMPLANT_CATALOGUE[site.implant] === undefined) problems.push(`Tooth ${site.tooth}: choose an implant system.`);
    for (const [field, [lo, hi]] of Object.entries(RANGES)) {
      const v = site[field as keyof SiteForm] as number;
      if (!Number.isFinite(v) || v < lo || v > hi) problems.push(`Tooth ${site.tooth}: ${field} must be between ${lo} and ${hi}, is ${v}.`);
    }
  }
  return problems;
}

/** What the form posts: the case JSON, wrapped with the Patient ID when the case is filed under a patient. */
export function toSubmission(form: CaseForm): unknown {
  const caseJson = toCaseJson(form);
  const patientId = form.patientId.trim();
  return patientId === '' ? caseJson : { patientId, case: caseJson };
}

export function toCaseJson(form: CaseForm): unknown {
  const problems = caseProblems(form);
  if (problems.length > 0) throw new Error(problems.join(' '));
  return {
    caseId: form.caseId.trim(),
    crownMaterial: form.crownMaterial,
    instructions: form.instructions.trim() === '' ? null : form.instructions.trim(),
    sites: form.sites.map((s) => {
      const implant = IMPLANT_CATALOGUE[s.implant] as (typeof IMPLANT_CATALOGUE)[number];
      const up = jawOf(s.tooth) === 'upper' ? -1 : 1;
      return {
        tooth: s.tooth,
        implant: {
          system: implant.system,
          platform: implant.platform,
          platformDiameterMm: implant.diameterMm,
          connection: implant.connection,
          lengthMm: s.lengthMm,
          position: archPosition(s.tooth),
          // Axis from apex to platform: towards the occlusal plane.
          axis: [0, 0, up],
        },
        softTissue: { heightMm: s.softTissueHeightMm, thicknessMm: s.softTissueThicknessMm },
        mesialGapMm: s.mesialGapMm,
        distalGapMm: s.distalGapMm,
        occlusalClearanceMm: s.occlusalClearanceMm,
        bridge: s.bridge.trim() === '' ? null : s.bridge.trim(),
      };
    }),
  };
}
