/**
 * "The console shows when an edit was overwritten" (issue 9 §2), derived from the audit
 * log rather than stored: every workshop edit already lands there with its HLC stamp and
 * the fields it wrote and the fields it lost, so the history answers the question and
 * nothing new has to be kept in step with it.
 *
 * Two cases are worth telling a librarian about:
 * - an edit that arrived with an older stamp than the one holding a field (a desk that
 *   worked offline): it was not applied, whoever made it ("lost");
 * - an edit of the viewer's that another person or device replaced with a later one
 *   ("replaced"). Replacing one's own edit is just editing again, and is not reported.
 */

export interface EditEntry {
  id: string;
  /** When the server recorded it (ISO). */
  at: string;
  /** `staff:<id>` or `device:<id>`: who made it. */
  actor: string;
  /** The edit's HLC stamp: the order last-writer-wins decided by. */
  stamp: string;
  applied: string[];
  overwritten: string[];
}

export interface OverwriteNotice {
  kind: 'lost' | 'replaced';
  field: string;
  /** The edit that did not last. */
  entry: EditEntry;
  /** The edit that holds the field instead (the latest-stamped one that wrote it after). */
  by: EditEntry | undefined;
}

/** Newest first, for the viewer (`staff:<id>`). */
export function overwriteNotices(entries: readonly EditEntry[], viewer: string): OverwriteNotice[] {
  const byStamp = [...entries].sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
  const notices: OverwriteNotice[] = [];
  byStamp.forEach((entry, i) => {
    const later = byStamp.slice(i + 1);
    for (const field of entry.overwritten) {
      // The field is now held by the latest-stamped edit that wrote it.
      const holder = byStamp.findLast((e) => e.stamp > entry.stamp && e.applied.includes(field));
      notices.push({ kind: 'lost', field, entry, by: holder });
    }
    if (entry.actor !== viewer) return;
    for (const field of entry.applied) {
      const next = later.find((e) => e.applied.includes(field));
      if (next && next.actor !== entry.actor) {
        notices.push({ kind: 'replaced', field, entry, by: next });
      }
    }
  });
  return notices.sort((a, b) => (a.entry.at < b.entry.at ? 1 : a.entry.at > b.entry.at ? -1 : 0));
}
