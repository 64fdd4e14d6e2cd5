/**
 * The course upload endpoint (a zip of a course folder): off without a token, refused
 * without the right one, a broken course answered 422 with every problem, and a good
 * one published once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'parque-course-endpoint-'));
process.env.PARQUE_DB_PATH = join(dir, 'endpoint.db');
process.env.PARQUE_CONTENT_DIR = join(dir, 'content');

const { GET, POST } = await import('./+server');
const { getDb } = await import('$lib/server/db/instance');
const { course } = await import('$lib/server/test/courses');

const TOKEN = 'una-clave-larga-de-prueba';

function zipOf(files: Map<string, Uint8Array>, folder = 'mi-curso'): Uint8Array {
  return zipSync(Object.fromEntries([...files].map(([k, v]) => [`${folder}/${k}`, v])));
}

async function upload(body: Uint8Array | string, auth?: string, id = 'mi-curso') {
  const request = new Request(`http://parque.test/api/courses?id=${id}`, {
    method: 'POST',
    headers: auth ? { authorization: auth } : {},
    body: typeof body === 'string' ? body : new Uint8Array(body)
  });
  const res = await POST({ request, url: new URL(request.url) } as Parameters<typeof POST>[0]);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const courseCount = async () =>
  (await (await getDb()).selectFrom('courses').select('id').execute()).length;

afterEach(() => {
  delete process.env.PARQUE_ADMIN_TOKEN;
});

describe('POST /api/courses', () => {
  it('is off until PARQUE_ADMIN_TOKEN is set', async () => {
    const res = await upload(zipOf(course()), `Bearer ${TOKEN}`);
    expect(res).toMatchObject({ status: 403, body: { error: 'disabled' } });
    expect(await courseCount()).toBe(0);
  });

  it('refuses a missing or wrong token', async () => {
    process.env.PARQUE_ADMIN_TOKEN = TOKEN;
    expect((await upload(zipOf(course()))).status).toBe(401);
    expect((await upload(zipOf(course()), 'Bearer otra')).status).toBe(401);
    expect((await upload(zipOf(course()), TOKEN)).status).toBe(401);
    expect(await courseCount()).toBe(0);
  });

  it('answers 422 with every problem for a broken course, and imports nothing', async () => {
    process.env.PARQUE_ADMIN_TOKEN = TOKEN;
    const broken = course({
      'quiz.md': '---\ntitle: Q\n---\n## ¿Sin respuesta?\n- [ ] a\n- [ ] b\n'
    });
    const res = await upload(zipOf(broken), `Bearer ${TOKEN}`);
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { file: 'quiz.md', line: 4, message: 'no option is marked right with [x]' }
    ]);
    expect((await upload('not a zip', `Bearer ${TOKEN}`)).body).toMatchObject({
      error: 'invalid_course',
      problems: [{ file: '(upload)', message: 'the upload is not a zip file' }]
    });
    expect(await courseCount()).toBe(0);
  });

  it('publishes a good course once, then lists it', async () => {
    process.env.PARQUE_ADMIN_TOKEN = TOKEN;
    const first = await upload(zipOf(course()), `Bearer ${TOKEN}`);
    expect(first).toMatchObject({ status: 201, body: { id: 'mi-curso', version: 1 } });
    const again = await upload(zipOf(course()), `Bearer ${TOKEN}`);
    expect(again).toMatchObject({ status: 200, body: { changed: false, version: 1 } });
    const list = (await (await GET()).json()) as {
      id: string;
      lessons: number;
    }[];
    expect(list).toEqual([expect.objectContaining({ id: 'mi-curso', lessons: 2 })]);
  });

  it('refuses an id that is not a course id', async () => {
    process.env.PARQUE_ADMIN_TOKEN = TOKEN;
    const res = await upload(zipOf(course()), `Bearer ${TOKEN}`, 'Mi Curso');
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.problems)).toContain('must be lowercase letters');
  });
});
