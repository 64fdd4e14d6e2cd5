/**
 * What the kiosk's reset clears (DESIGN §7): each module holding a visitor's in-memory
 * state registers how to forget it. The reset never touches the outbox or synced data.
 */
const clearers = new Set<() => void>();

export function onKioskReset(clear: () => void): () => void {
  clearers.add(clear);
  return () => clearers.delete(clear);
}

export function clearVisitorState(): void {
  for (const clear of clearers) clear();
}
