/**
 * Catalogue search that forgives what people type at a kiosk: case, accents and extra
 * spaces. "tecnologia" finds "Tecnología", "NINOS" finds "niños".
 */

/** Lower-case, strip diacritics (NFD then drop combining marks), collapse whitespace. */
export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Query words; an empty query has none and matches everything. */
export function queryTerms(query: string): string[] {
  const folded = foldText(query);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * True when every term occurs in the haystack (already folded). Substring, not prefix,
 * so "lectura" finds "prelectura" and a half-typed word already narrows the list.
 */
export function matchesTerms(foldedHaystack: string, terms: readonly string[]): boolean {
  for (const term of terms) {
    if (!foldedHaystack.includes(term)) return false;
  }
  return true;
}

/** Builds the folded haystack for one record from the fields a visitor would search. */
export function searchHaystack(fields: readonly (string | undefined)[]): string {
  return foldText(fields.filter(Boolean).join(' '));
}
