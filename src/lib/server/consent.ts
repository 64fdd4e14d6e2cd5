/**
 * Proof of consent (DESIGN §8, issue 8 "honest data"): the server keeps, with each
 * registration, its own time of receipt and the SHA-256 of the notice text the device
 * showed, checked against this version's text in every language the app speaks.
 *
 * The texts come from the message catalogue files themselves (bundled as JSON), not from
 * the compiled Paraglide runtime: that runtime needs Vite's `import.meta.env`, and this
 * module is also loaded by command-line tools and tests outside Vite.
 */
import { createHash } from 'node:crypto';
import en from '../../../messages/en.json' with { type: 'json' };
import es from '../../../messages/es.json' with { type: 'json' };

const TEXTS = [es.privacy_text, en.privacy_text];

let known: Set<string> | undefined;

/** Hashes of the current privacy notice in each language. */
export function noticeHashes(): Set<string> {
  known ??= new Set(TEXTS.map((t) => createHash('sha256').update(t).digest('hex')));
  return known;
}
