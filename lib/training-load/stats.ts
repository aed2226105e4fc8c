/** The q-quantile (0-1) of values already sorted ascending, interpolating between neighbours. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The median of finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  return quantileOfSorted(
    values.filter(Number.isFinite).sort((a, b) => a - b),
    0.5,
  );
}

/** Where `value` goes in an ascending `sorted` array so that it stays sorted. */
export function insertionIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The largest and smallest of any number of values (undefined when there are none): `Math.max(...values)`
 * throws past about a hundred thousand values, as in a 40-hour activity recorded every second.
 */
export function maxOf(values: readonly number[]): number | undefined {
  let max: number | undefined;
  for (const value of values) if (max === undefined || value > max) max = value;
  return max;
}

export function minOf(values: readonly number[]): number | undefined {
  let min: number | undefined;
  for (const value of values) if (min === undefined || value < min) min = value;
  return min;
}
