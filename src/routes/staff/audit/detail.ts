/**
 * An event's JSON detail as rows to read: plain values as key and value; `before` and
 * `after` objects (an edit) as one row per field that shows both. Works for any kind, so
 * kinds added later need nothing here.
 */
export type DetailRow =
  | { type: 'value'; key: string; value: string }
  | { type: 'change'; key: string; before: string; after: string };

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function detailRows(detail: Record<string, unknown> | null): DetailRow[] {
  if (!detail) return [];
  const rows: DetailRow[] = [];
  const { before, after, ...rest } = detail;
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
      rows.push({ type: 'change', key, before: text(b[key]), after: text(a[key]) });
    }
  } else {
    if (before !== undefined) rows.push({ type: 'value', key: 'before', value: text(before) });
    if (after !== undefined) rows.push({ type: 'value', key: 'after', value: text(after) });
  }
  for (const [key, value] of Object.entries(rest)) {
    rows.push({ type: 'value', key, value: text(value) });
  }
  return rows;
}
