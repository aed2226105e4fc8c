/**
 * Generators for the fuzzers (tests/unit/fuzz-*.test.ts): answers shaped like the real ones with
 * a few fields mutated (missing, null, of another type, huge, negative), so that a property
 * reaches past the first check of a parser instead of stopping at "not an object".
 */
import fc from 'fast-check';

/** What a field of a real answer may turn into. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(-1, 0, -0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 1e21, 86_400_000_000),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constantFrom('', ' ', '0', '-1', 'NaN', 'null', '1e400', '2022-02-30T07:00:00Z', '0099-01-10T05:00:00Z', '+275760-09-13T00:00:00Z'),
  fc.string(),
  fc.constantFrom([], {}, [null], [1, 2, 3], { id: 1 }),
  fc.json().map((text) => JSON.parse(text) as unknown),
);

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...children.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    // An earlier change replaced this branch: the path is gone.
    if (parent === null || typeof parent !== 'object') return root;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object') return root;
  const last = path.at(-1)!;
  const record = parent as Record<string | number, unknown>;
  if (replacement === undefined && !Array.isArray(parent)) delete record[last];
  else record[last] = replacement;
  return root;
}

/** A value of `shape` with one to three of its fields (at any depth) replaced by odd values. */
export function mutated<T>(shape: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return shape.chain((value) => {
    const paths = pathsOf(value);
    return fc
      .array(fc.tuple(fc.nat(paths.length - 1), oddValue), { minLength: 1, maxLength: 3 })
      // Each replacement a copy of its own: the odd values' constants are shared by every draw.
      .map((changes) =>
        changes.reduce<unknown>((root, [index, replacement]) => setAt(root, paths[index]!, structuredClone(replacement)), structuredClone(value)),
      );
  });
}

/** Mostly real-shaped (sometimes untouched), sometimes mutated, sometimes anything at all. */
export function realOrMutated<T>(shape: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: shape }, { weight: 5, arbitrary: mutated(shape) }, { weight: 1, arbitrary: fc.anything() });
}

/** As a JSON body would carry it: undefined fields gone, no NaN. */
export const asJson = (value: unknown): string => JSON.stringify(value) ?? 'null';

/** A JSON text, a near-JSON text or any text at all. */
export const oddText: fc.Arbitrary<string> = fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '[', '{"a":', '<html>', 'null', '[]', '{}'));

/** Numbers a parser returned as data: finite, and within [min, max]. */
export function isNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
