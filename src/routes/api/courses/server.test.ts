/**
 * The course upload endpoint (a zip of a course folder): for a signed-in librarian or
 * admin only, a broken course answered 422 with every problem, and a good one published
 * once. (Who reaches the handler at all is the policy table's job: authorization.spec.ts.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'parque-course-endpoint-'));
process.env.PARQUE_DB_PATH = join(dir, 'endpoint.db');
process.env.PARQUE_CONTENT_DIR = join(dir, 'content');

const { GET, POST } = await import('./+server');
const { getDb } = await import('$lib/server/db/instance');
const { course } = await import('$lib/server/test/courses');
const { writeTransaction } = await import('$lib/server/db/index');
const { saveBranches } = await import('$lib/server/catalogue');
const { branch } = await import('$lib/server/test/factories');
const { publishIn } = await import('$lib/server/content/publishing');

const staffCaller = (role: string) => ({
  device: null,
  staff: { id: 's1', email: 'a@b.c', name: 'A', role, branchIds: [], sessionId: 'x' },
  problem: null
});
const LIBRARIAN = 'librarian';

function zipOf(files: Map<string, Uint8Array>, folder = 'mi-curso'): Uint8Array {
  return zipSync(Object.fromEntries([...files].map(([k, v]) => [`${folder}/${k}`, v])));
}

async function upload(body: Uint8Array | string, role?: string, id = 'mi-curso') {
  const request = new Request(`http://parque.test/api/courses?id=${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip' },
    body: typeof body === 'string' ? body : new Uint8Array(body)
  });
  const locals = {
    caller: role ? staffCaller(role) : { device: null, staff: null, problem: null }
  };
  const res = await POST({ request, url: new URL(request.url), locals } as unknown as Parameters<
    typeof POST
  >[0]);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const courseCount = async () =>
  (await (await getDb()).selectFrom('courses').select('id').execute()).length;

describe('POST /api/courses', () => {
  it('refuses anyone but a librarian or admin, and imports nothing', async () => {
    expect((await upload(zipOf(course()))).status).toBe(401);
    expect((await upload(zipOf(course()), 'facilitator')).status).toBe(401);
    expect(await courseCount()).toBe(0);
  });

  it('answers 422 with every problem for a broken course, and imports nothing', async () => {
    const broken = course({
      'quiz.md': '---\ntitle: Q\n---\n## ¿Sin respuesta?\n- [ ] a\n- [ ] b\n'
    });
    const res = await upload(zipOf(broken), LIBRARIAN);
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { file: 'quiz.md', line: 4, message: 'no option is marked right with [x]' }
    ]);
    expect((await upload('not a zip', LIBRARIAN)).body).toMatchObject({
      error: 'invalid_course',
      problems: [{ file: '(upload)', message: 'the upload is not a zip file' }]
    });
    expect(await courseCount()).toBe(0);
  });

  it('imports a good course once, as a draft listed only once published', async () => {
    const first = await upload(zipOf(course()), LIBRARIAN);
    expect(first).toMatchObject({ status: 201, body: { id: 'mi-curso', version: 1 } });
    const again = await upload(zipOf(course()), LIBRARIAN);
    expect(again).toMatchObject({ status: 200, body: { changed: false, version: 1 } });
    const list = async (park?: string) => {
      const url = new URL(`http://parque.test/api/courses${park ? `?park=${park}` : ''}`);
      const locals = { caller: { device: null, staff: null, problem: null } };
      const res = await GET({ url, locals } as unknown as Parameters<typeof GET>[0]);
      return (await res.json()) as { id: string; lessons: number }[];
    };
    expect(await list()).toEqual([]);
    const db = await getDb();
    await writeTransaction(db, (trx, v) => saveBranches(trx, v, [branch('br-a')]));
    await publishIn(db, { id: 's1', role: 'admin', branchIds: [] }, 'mi-curso', 'br-a');
    expect(await list()).toEqual([expect.objectContaining({ id: 'mi-curso', lessons: 2 })]);
    expect(await list('br-a')).toHaveLength(1);
    expect(await list('br-b')).toEqual([]);
  });

  it('refuses an id that is not a course id', async () => {
    const res = await upload(zipOf(course()), LIBRARIAN, 'Mi Curso');
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.problems)).toContain('must be lowercase letters');
  });
});
