/** Protocol limits both ends agree on, free of schemas so the client can import them cheaply. */

/** A batch is at most this many mutations (a kiosk offline for a day makes a few hundred). */
export const PUSH_MAX_MUTATIONS = 100;

/** Request bodies larger than this are refused before parsing (100 mutations ≈ 60 KB). */
export const PUSH_MAX_BYTES = 256 * 1024;

export const PULL_LIMIT_DEFAULT = 2000;
/** A page of 5,000 rows is ~2 MB of JSON: large enough to amortise a round trip. */
export const PULL_LIMIT_MAX = 5000;
