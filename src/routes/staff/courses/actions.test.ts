/**
 * The console's course actions (issue 9 §7): admins and librarians upload and publish
 * (librarians in their parks only), facilitators neither; a broken zip answers with its
 * `file:line: message` problems and imports nothing; every upload and publish is audited.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'parque-course-console-'));
process.env.PARQUE_DB_PATH = join(dir, 'console.db');
process.env.PARQUE_CONTENT_DIR = join(dir, 'content');

const list = await import('./+page.server');
const preview = await import('./[id]/[[lesson]]/+page.server');
const { getDb } = await import('$lib/server/db/instance');
const { writeTransaction } = await import('$lib/server/db/index');
const { saveBranches } = await import('$lib/server/catalogue');
const { branch } = await import('$lib/server/test/factories');
const { course } = await import('$lib/server/test/courses');
const { listCourses } = await import('$lib/server/content/courses');

type Role = 'admin' | 'librarian' | 'facilitator';
const locals = (role: Role) => ({
  caller: {
    device: null,
    staff: {
      id: `st-${role}`,
      email: 'a@b.c',
      name: 'A',
      role,
      branchIds: ['br-a'],
      sessionId: 'x'
    },
    problem: null
  }
});

function zipOf(files: Map<string, Uint8Array>): File {
  const bytes = zipSync(Object.fromEntries([...files].map(([k, v]) => [`mi-curso/${k}`, v])));
  return new File([new Uint8Array(bytes)], 'mi-curso.zip', { type: 'application/zip' });
}

function event(role: Role, fields: Record<string, string | File>, path = '/staff/courses') {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const url = new URL(`http://parque.test${path}`);
  const request = new Request(url, { method: 'POST', body });
  return { request, url, locals: locals(role), params: { id: 'mi-curso' } } as never;
}

type Result = { status?: number; data?: Record<string, unknown> } & Record<string, unknown>;
const upload = (role: Role, file: File) =>
  list.actions.upload(event(role, { course: file })) as Promise<Result>;
const publish = (role: Role, branchId: string) =>
  preview.actions.publish(event(role, { branchId }, '/staff/courses/mi-curso')) as Promise<Result>;

const count = async (table: 'courses' | 'audit_events') =>
  (await (await getDb()).selectFrom(table).selectAll().execute()).length;

beforeAll(async () => {
  await writeTransaction(await getDb(), (trx, v) =>
    saveBranches(trx, v, [branch('br-a'), branch('br-b')])
  );
});

describe('/staff/courses actions', () => {
  it('a facilitator may neither upload nor publish', async () => {
    expect((await upload('facilitator', zipOf(course()))).status).toBe(403);
    expect(await count('courses')).toBe(0);
    expect((await publish('facilitator', 'br-a')).status).toBe(403);
  });

  it('a broken zip answers with its file:line problems, imports nothing, and is audited', async () => {
    const broken = course({
      'quiz.md': '---\ntitle: Q\n---\n## ¿Sin respuesta?\n- [ ] a\n- [ ] b\n'
    });
    const res = await upload('librarian', zipOf(broken));
    expect(res.status).toBe(422);
    expect(res.data).toEqual({
      uploadError: 'invalid',
      problems: ['quiz.md:4: no option is marked right with [x]']
    });
    const empty = await upload('librarian', new File([], 'vacio.zip'));
    expect(empty.status).toBe(400);
    expect(await count('courses')).toBe(0);
    const kinds = await (await getDb()).selectFrom('audit_events').select('kind').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['course_upload_refused']);
  });

  it('a librarian uploads a draft and publishes it in their park only', async () => {
    const res = await upload('librarian', zipOf(course()));
    expect(res).toMatchObject({ uploaded: { id: 'mi-curso', version: 1, changed: true } });
    expect(await listCourses(await getDb())).toEqual([]);
    expect((await publish('librarian', 'br-b')).status).toBe(403);
    expect(await listCourses(await getDb())).toEqual([]);
    expect(await publish('librarian', 'br-a')).toEqual({
      published: { branchId: 'br-a', version: 1 }
    });
    expect((await listCourses(await getDb(), 'br-a')).map((c) => c.id)).toEqual(['mi-curso']);
    expect(await listCourses(await getDb(), 'br-b')).toEqual([]);
    const kinds = await (await getDb()).selectFrom('audit_events').select('kind').execute();
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['course_uploaded', 'course_published'])
    );
  });

  it('sends strangers to sign in', async () => {
    const anonymous = {
      request: new Request('http://parque.test/staff/courses', { method: 'POST' }),
      url: new URL('http://parque.test/staff/courses'),
      locals: { caller: { device: null, staff: null, problem: null } }
    } as never;
    await expect(list.actions.upload(anonymous)).rejects.toMatchObject({ status: 303 });
    await expect(preview.actions.publish(anonymous)).rejects.toMatchObject({ status: 303 });
  });
});
