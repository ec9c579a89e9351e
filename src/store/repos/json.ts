/** Lists are stored as JSON text so both dialects share one schema. */
export const toJson = (value: unknown): string => JSON.stringify(value);
export function fromJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
