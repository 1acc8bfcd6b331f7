/**
 * Score curves shared by the health score and the LLM run quality: a 0–100 score from a
 * measurement (piecewise-linear, clamped) and a label from a score (bands).
 */

/** (measurement, score) */
export type Point = readonly [number, number];

/** Piecewise-linear interpolation through `points` (sorted by x), clamped at both ends. */
export function interpolate(x: number, points: readonly Point[]): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x0, y0] = points[i - 1]!;
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return last[1];
}

/** The label of the first band whose lower bound `score` reaches (bands from highest down), else `below`. */
export function band<L>(score: number, bands: readonly (readonly [number, L])[], below: L): L {
  for (const [min, label] of bands) if (score >= min) return label;
  return below;
}
