// Abutment review: the proposal (abutment-design's proposal schema) as a table, the
// clinician's edits of single parameters, and the constraint notes shown beside them.

export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly unit: 'mm' | 'deg';
}

export const PARAMETERS = [
  ['marginHeightBuccal', 'Margin height buccal'],
  ['marginHeightLingual', 'Margin height lingual'],
  ['marginHeightMesial', 'Margin height mesial'],
  ['marginHeightDistal', 'Margin height distal'],
  ['emergenceAngle', 'Emergence angle'],
  ['cuffHeight', 'Cuff height'],
  ['totalHeight', 'Total height'],
  ['marginDiameterMesiodistal', 'Margin diameter MD'],
  ['marginDiameterBuccolingual', 'Margin diameter BL'],
  ['angulationCorrectionMesial', 'Angulation correction mesial'],
  ['angulationCorrectionBuccal', 'Angulation correction buccal'],
  ['screwChannelAngle', 'Screw-channel angle'],
] as const;

export type ParameterName = (typeof PARAMETERS)[number][0];

export interface Adjustment {
  readonly constraint: string;
  readonly parameter: string;
  readonly before: string;
  readonly after: string;
}

export interface ProposedAbutment {
  readonly tooth: number;
  readonly parameters: Readonly<Record<ParameterName, Estimate>>;
  readonly angulationCorrection: { readonly magnitude: Estimate; readonly azimuthDeg: number; readonly direction: string };
  readonly material: { readonly value: string; readonly probability: number; readonly requested: boolean };
  readonly experts: readonly { expert: number; specialty: string; weight: number }[];
  readonly adjustments: readonly Adjustment[];
  readonly feasible: boolean;
  readonly infeasibleReasons: readonly string[];
  readonly minimumWallThicknessMm?: number | null;
}

export interface Proposal {
  readonly caseId: string;
  readonly model: string;
  readonly abutments: readonly ProposedAbutment[];
  readonly bridges: readonly { bridge: string; teeth: number[]; maxDeviationDeg: number; toleranceDeg: number }[];
  readonly warnings: readonly string[];
}

export interface ParameterRow {
  readonly tooth: number;
  readonly parameter: ParameterName;
  readonly label: string;
  readonly unit: 'mm' | 'deg';
  readonly proposed: number;
  readonly low: number;
  readonly high: number;
  /** The clinician's value, or null when unchanged. */
  readonly edited: number | null;
  /** The edited value lies outside the model's 95 % interval: worth a second look. */
  readonly outsideInterval: boolean;
  /** Constraint adjustments the designer made to this parameter. */
  readonly adjustedBy: readonly string[];
}

/** Edits keyed "tooth/parameter". */
export type Edits = ReadonlyMap<string, number>;

export function editKey(tooth: number, parameter: ParameterName): string {
  return `${tooth}/${parameter}`;
}

export function formatEstimate(e: Estimate): string {
  const digits = e.unit === 'mm' ? 1 : 0;
  return `${e.value.toFixed(digits)} ${e.unit} (95 % ${e.low.toFixed(digits)}–${e.high.toFixed(digits)})`;
}

export function parameterRows(abutment: ProposedAbutment, edits: Edits): ParameterRow[] {
  return PARAMETERS.map(([parameter, label]) => {
    const estimate = abutment.parameters[parameter];
    const edited = edits.get(editKey(abutment.tooth, parameter)) ?? null;
    const value = edited ?? estimate.value;
    return {
      tooth: abutment.tooth,
      parameter,
      label,
      unit: estimate.unit,
      proposed: estimate.value,
      low: estimate.low,
      high: estimate.high,
      edited,
      outsideInterval: value < estimate.low || value > estimate.high,
      adjustedBy: abutment.adjustments.filter((a) => a.parameter === parameter).map((a) => a.constraint),
    };
  });
}

/** Validates a typed value; edits that restore the proposal are dropped. */
export function applyEdit(
  edits: Edits,
  abutment: ProposedAbutment,
  parameter: ParameterName,
  input: string,
): Map<string, number> {
  const value = Number(input.trim().replace(',', '.'));
  if (input.trim() === '' || !Number.isFinite(value)) {
    throw new Error(`${parameter} of tooth ${abutment.tooth}: "${input}" is not a number.`);
  }
  const next = new Map(edits);
  const key = editKey(abutment.tooth, parameter);
  if (Math.abs(value - abutment.parameters[parameter].value) < 1e-9) next.delete(key);
  else next.set(key, value);
  return next;
}

/**
 * The edited design sent to the check and decision endpoints: the proposal itself (the server reads
 * abutment-design's proposal schema) with the clinician's values in place of the proposed ones.
 */
export function editedDesign(proposal: Proposal, edits: Edits): Proposal {
  return {
    ...proposal,
    abutments: proposal.abutments.map((a) => {
      const parameters = {} as Record<ParameterName, Estimate>;
      for (const [p] of PARAMETERS) {
        const edited = edits.get(editKey(a.tooth, p));
        parameters[p] = edited === undefined ? a.parameters[p] : { ...a.parameters[p], value: edited };
      }
      return { ...a, parameters };
    }),
  };
}

/** The server's verdict on one tooth of an edited design (POST /api/abutment/cases/{id}/check). */
export interface DesignCheck {
  readonly tooth: number;
  readonly acceptable: boolean;
  /** What the constraint projection would change: the edit breaks these constraints. */
  readonly corrections: readonly Adjustment[];
  readonly infeasibleReasons: readonly string[];
}

export type NoteSeverity = 'blocking' | 'adjusted' | 'warning';

export interface ConstraintNote {
  readonly tooth: number | null;
  readonly severity: NoteSeverity;
  readonly text: string;
}

/** Everything the clinician must read before approving, blocking problems first. */
export function constraintNotes(proposal: Proposal): ConstraintNote[] {
  const notes: ConstraintNote[] = [];
  for (const a of proposal.abutments) {
    for (const reason of a.infeasibleReasons) notes.push({ tooth: a.tooth, severity: 'blocking', text: reason });
  }
  for (const a of proposal.abutments) {
    for (const adj of a.adjustments) {
      notes.push({
        tooth: a.tooth,
        severity: 'adjusted',
        text: `${adj.constraint}: ${adj.parameter} ${adj.before} → ${adj.after}`,
      });
    }
  }
  for (const b of proposal.bridges) {
    if (b.maxDeviationDeg > b.toleranceDeg) {
      notes.push({
        tooth: null,
        severity: 'blocking',
        text: `Bridge ${b.bridge} (${b.teeth.join(', ')}): paths of insertion deviate ${b.maxDeviationDeg.toFixed(1)}° > ${b.toleranceDeg.toFixed(1)}°`,
      });
    }
  }
  for (const w of proposal.warnings) notes.push({ tooth: null, severity: 'warning', text: w });
  return notes;
}

/** Notes for an edited design after the server re-checked it, blocking problems first. */
export function designCheckNotes(checks: readonly DesignCheck[]): ConstraintNote[] {
  const notes: ConstraintNote[] = [];
  for (const c of checks) {
    for (const reason of c.infeasibleReasons) notes.push({ tooth: c.tooth, severity: 'blocking', text: reason });
  }
  for (const c of checks) {
    for (const fix of c.corrections) {
      notes.push({ tooth: c.tooth, severity: 'blocking', text: `${fix.constraint}: ${fix.parameter} ${fix.before} breaks it (needs ${fix.after})` });
    }
  }
  return notes;
}

/**
 * Approval needs every abutment feasible, and an edited design must have passed the server's re-check
 * (`checks` is that check of the current edits, or null when the edits changed since); rejection needs a reason.
 */
export function decisionProblem(proposal: Proposal, approve: boolean, reason: string, edits: Edits = new Map(), checks: readonly DesignCheck[] | null = null): string | null {
  if (!approve) return reason.trim() === '' ? 'A rejection needs a reason.' : null;
  if (edits.size > 0) {
    if (checks === null) return 'Re-check the constraints of the edited design before approving it.';
    const blocked = checks.filter((c) => !c.acceptable).map((c) => c.tooth);
    return blocked.length > 0 ? `Cannot approve: the edited design of tooth ${blocked.join(', ')} breaks manufacturing constraints.` : null;
  }
  const blocked = proposal.abutments.filter((a) => !a.feasible).map((a) => a.tooth);
  return blocked.length > 0 ? `Cannot approve: tooth ${blocked.join(', ')} not manufacturable as designed.` : null;
}
