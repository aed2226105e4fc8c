/**
 * JSON for backup rows, keeping what plain JSON loses: a number that is not finite (a model's
 * score can be NaN) is written as {"$number":"NaN"} and read back as the number.
 */
const TAG = '$number';

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { [TAG]: String(value) } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const tagged = (value as Record<string, unknown>)[TAG];
    if (typeof tagged === 'string' && Object.keys(value).length === 1 && ['NaN', 'Infinity', '-Infinity'].includes(tagged)) return Number(tagged);
  }
  return value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Parses a line; the reviver runs only where a tag may be (it makes parsing slower). */
export function fromJson(text: string): unknown {
  return text.includes(`"${TAG}"`) ? JSON.parse(text, reviver) : JSON.parse(text);
}
