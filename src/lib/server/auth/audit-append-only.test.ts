/**
 * The audit trail is append-only (DESIGN §10): no code path may change or remove a row.
 * This scans every source file under src/ for a Kysely update or delete of the table, or
 * raw SQL doing either, so such a path fails here before review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');
const TABLE = ['audit', 'events'].join('_'); // spelled apart, so this file does not match itself
const FORBIDDEN = [
  new RegExp(`(updateTable|deleteFrom)\\(\\s*['"\`]${TABLE}['"\`]`),
  new RegExp(`\\b(update|delete\\s+from|truncate(\\s+table)?)\\s+["\`]?${TABLE}\\b`, 'i'),
  new RegExp(`(alterTable|dropTable)\\(\\s*['"\`]${TABLE}['"\`]`)
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : sources(path);
    return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
  });
}

const offences = (text: string) => FORBIDDEN.filter((re) => re.test(text)).map(String);

describe('the audit trail is append-only', () => {
  it('catches each way of changing the table (the check itself can fail)', () => {
    for (const line of [
      `db.updateTable('${TABLE}').set({ kind: 'x' })`,
      `trx.deleteFrom("${TABLE}").execute()`,
      `sql\`delete from ${TABLE} where at < \${cut}\``,
      `sql\`UPDATE ${TABLE} SET detail = null\``,
      `db.schema.dropTable('${TABLE}')`
    ]) {
      expect(offences(line), line).not.toEqual([]);
    }
    expect(offences(`db.insertInto('${TABLE}').values(row)`)).toEqual([]);
    expect(offences(`db.selectFrom('${TABLE}').selectAll()`)).toEqual([]);
  });

  it('no file under src/ updates, deletes or drops audit rows', () => {
    const files = sources(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => {
      // The table's creation and first index live in the migrations, which only add.
      const hits = offences(readFileSync(file, 'utf8'));
      return hits.length ? [`${relative(ROOT, file)}: ${hits.join(', ')}`] : [];
    });
    expect(found).toEqual([]);
  });
});
