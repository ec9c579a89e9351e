/**
 * Whether any string (or object key) in a parsed JSON value, a query or path parameters
 * contains U+0000. PostgreSQL text cannot hold it (the insert or even a lookup fails),
 * SQLite can: the API refuses it everywhere with a 400, so both stores behave alike
 * (found by fuzzing on PostgreSQL: `?marker=%00` answered 500). Iterative, because a
 * body may nest hundreds of thousands of levels deep.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}
