/** JSON error responses with a stable code and a message a developer can act on. */
import { json } from '@sveltejs/kit';

export function jsonError(status: number, code: string, message: string): Response {
  return json({ error: code, message }, { status, headers: { 'cache-control': 'no-store' } });
}
