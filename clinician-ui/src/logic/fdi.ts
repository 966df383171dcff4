// FDI (ISO 3950) two-digit tooth numbers for the permanent dentition and the chart layout.

/** Chart rows as seen facing the patient: upper jaw 18..11 | 21..28, lower jaw 48..41 | 31..38. */
export const FDI_CHART: readonly (readonly number[])[] = [
  [18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28],
  [48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38],
];

export function isFdiTooth(n: number): boolean {
  const quadrant = Math.floor(n / 10);
  const tooth = n % 10;
  return Number.isInteger(n) && quadrant >= 1 && quadrant <= 4 && tooth >= 1 && tooth <= 8;
}

export function jawOf(n: number): 'upper' | 'lower' {
  return Math.floor(n / 10) <= 2 ? 'upper' : 'lower';
}

const NAMES = ['central incisor', 'lateral incisor', 'canine', 'first premolar', 'second premolar', 'first molar', 'second molar', 'third molar'];
const QUADRANTS = ['upper right', 'upper left', 'lower left', 'lower right'];

export function toothName(n: number): string {
  if (!isFdiTooth(n)) return `invalid tooth ${n}`;
  return `${QUADRANTS[Math.floor(n / 10) - 1]} ${NAMES[(n % 10) - 1]}`;
}

/** Toggles a tooth in the selection; the result is sorted. */
export function toggleTooth(selected: readonly number[], n: number): number[] {
  if (!isFdiTooth(n)) throw new Error(`${n} is not an FDI tooth number.`);
  const set = new Set(selected);
  if (set.has(n)) set.delete(n);
  else set.add(n);
  return [...set].sort((a, b) => a - b);
}
