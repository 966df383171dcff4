import { describe, expect, it } from 'vitest';
import {
  PARAMETERS,
  applyEdit,
  constraintNotes,
  decisionProblem,
  designCheckNotes,
  editedDesign,
  formatEstimate,
  parameterRows,
  type Estimate,
  type ParameterName,
  type Proposal,
  type ProposedAbutment,
} from './abutment';

function abutment(tooth: number, over: Partial<ProposedAbutment> = {}): ProposedAbutment {
  const parameters = {} as Record<ParameterName, Estimate>;
  for (const [p] of PARAMETERS) {
    parameters[p] = p.endsWith('Angle') || p.startsWith('angulation')
      ? { value: 10, low: 5, high: 15, unit: 'deg' }
      : { value: 1.5, low: 1, high: 2, unit: 'mm' };
  }
  return {
    tooth,
    parameters,
    angulationCorrection: { magnitude: { value: 0, low: 0, high: 2, unit: 'deg' }, azimuthDeg: 0, direction: 'none' },
    material: { value: 'TITANIUM', probability: 0.8, requested: false },
    experts: [{ expert: 0, specialty: 'anterior', weight: 1 }],
    adjustments: [],
    feasible: true,
    infeasibleReasons: [],
    ...over,
  };
}

const proposal: Proposal = {
  caseId: 'case-1',
  model: 'abutment-moe v1',
  abutments: [
    abutment(36, {
      adjustments: [{ constraint: 'CUFF_HEIGHT', parameter: 'cuffHeight', before: '0.3 mm', after: '0.5 mm' }],
    }),
    abutment(46, { feasible: false, infeasibleReasons: ['occlusal clearance 3.1 mm < 4.5 mm needed'] }),
  ],
  bridges: [{ bridge: 'B1', teeth: [36, 46], maxDeviationDeg: 14.2, toleranceDeg: 10 }],
  warnings: ['instruction "zirconia" applied to all teeth'],
};

describe('abutment proposal table', () => {
  it('shows every parameter with its 95 % interval and the constraints that adjusted it', () => {
    const rows = parameterRows(proposal.abutments[0] as ProposedAbutment, new Map());
    expect(rows).toHaveLength(12);
    const cuff = rows.find((r) => r.parameter === 'cuffHeight');
    expect(cuff).toMatchObject({ proposed: 1.5, low: 1, high: 2, unit: 'mm', edited: null, adjustedBy: ['CUFF_HEIGHT'] });
    expect(formatEstimate({ value: 1.54, low: 1, high: 2.06, unit: 'mm' })).toBe('1.5 mm (95 % 1.0–2.1)');
  });

  it('keeps an edit, flags a value outside the interval, and drops an edit back to the proposal', () => {
    const a = proposal.abutments[0] as ProposedAbutment;
    let edits = applyEdit(new Map(), a, 'cuffHeight', '2,5');
    expect(parameterRows(a, edits).find((r) => r.parameter === 'cuffHeight')).toMatchObject({ edited: 2.5, outsideInterval: true });
    // The server reads the proposal schema: estimates keep their interval, only the value changes.
    expect(editedDesign(proposal, edits).abutments[0]?.parameters.cuffHeight).toEqual({ value: 2.5, low: 1, high: 2, unit: 'mm' });
    expect(editedDesign(proposal, edits).abutments[1]?.parameters.cuffHeight.value).toBe(1.5);
    expect(editedDesign(proposal, edits).abutments[1]?.material.value).toBe('TITANIUM');
    expect(proposal.abutments[0]?.parameters.cuffHeight.value).toBe(1.5);
    edits = applyEdit(edits, a, 'cuffHeight', '1.5');
    expect(edits.size).toBe(0);
    expect(() => applyEdit(edits, a, 'cuffHeight', 'abc')).toThrow('"abc" is not a number');
  });

  it('lists blocking notes first, then adjustments, then warnings', () => {
    expect(constraintNotes(proposal).map((n) => [n.severity, n.tooth])).toEqual([
      ['blocking', 46],
      ['adjusted', 36],
      ['blocking', null],
      ['warning', null],
    ]);
    expect(constraintNotes(proposal)[2]?.text).toBe('Bridge B1 (36, 46): paths of insertion deviate 14.2° > 10.0°');
  });

  it('refuses approval of an infeasible design and rejection without a reason', () => {
    expect(decisionProblem(proposal, true, '')).toBe('Cannot approve: tooth 46 not manufacturable as designed.');
    expect(decisionProblem(proposal, false, '  ')).toBe('A rejection needs a reason.');
    expect(decisionProblem(proposal, false, 'clearance too low')).toBeNull();
    expect(decisionProblem({ ...proposal, abutments: [abutment(11)] }, true, '')).toBeNull();
  });

  it('shows the re-check of an edited design and approves it only once the server found it acceptable', () => {
    const a = proposal.abutments[0] as ProposedAbutment;
    const edits = applyEdit(new Map(), a, 'cuffHeight', '0.2');
    const tooLow = [{ tooth: 36, acceptable: false, corrections: [{ constraint: 'CUFF_HEIGHT', parameter: 'cuffHeight', before: '0.2 mm', after: '0.5 mm' }], infeasibleReasons: [] }];
    expect(designCheckNotes(tooLow)).toEqual([{ tooth: 36, severity: 'blocking', text: 'CUFF_HEIGHT: cuffHeight 0.2 mm breaks it (needs 0.5 mm)' }]);
    const single = { ...proposal, abutments: [a] };
    expect(decisionProblem(single, true, '', edits, null)).toBe('Re-check the constraints of the edited design before approving it.');
    expect(decisionProblem(single, true, '', edits, tooLow)).toBe('Cannot approve: the edited design of tooth 36 breaks manufacturing constraints.');
    expect(decisionProblem(single, true, '', edits, [{ tooth: 36, acceptable: true, corrections: [], infeasibleReasons: [] }])).toBeNull();
  });
});
