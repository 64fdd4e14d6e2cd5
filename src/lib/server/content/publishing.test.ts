/**
 * Drafts and publishing per park (issue 9 §7), on SQLite and PostgreSQL: an import is a
 * draft learners never get; publishing offers it in one park; a librarian publishes only in
 * their parks; a broken zip writes nothing; courses from before the console stay published
 * everywhere.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBranches } from '../catalogue';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import { migratorFor, openDb, writeTransaction, type Db } from '../db/index';
import { course, SVG } from '../test/courses';
import { branch } from '../test/factories';
import { getManifest, listCourses } from './courses';
import { CourseImportError, importCourse, readCourseZip } from './import';
import { courseFigures } from './learners';
import { listConsoleCourses, publishIn, PublishError, unpublishIn } from './publishing';
import { ContentStore } from './store';

const NOW = new Date('2026-12-03T15:00:00.000Z');
const ADMIN = { id: 'st-admin', role: 'admin' as const, branchIds: [] };
const LIBRARIAN_A = { id: 'st-ana', role: 'librarian' as const, branchIds: ['br-a'] };

const ids = (list: { id: string }[]) => list.map((c) => c.id);

async function auditKinds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('kind').orderBy('at').execute();
  // Sorted: events of one test share its clock, so `at` cannot order them.
  return rows.map((r) => r.kind).sort();
}

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(backend.name, () => {
    let t: TestDatabase;
    let dir: string;
    let store: ContentStore;

    beforeEach(async () => {
      t = await backend.open();
      dir = mkdtempSync(join(tmpdir(), 'parque-publishing-'));
      store = new ContentStore(dir);
      await writeTransaction(t.db, (trx, v) =>
        saveBranches(trx, v, [branch('br-a'), branch('br-b')])
      );
    });
    afterEach(async () => {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('an import is a draft: listed in the console, never to learners', async () => {
      await importCourse(t.db, store, course(), 'prueba', NOW);
      expect(await listCourses(t.db)).toEqual([]);
      expect(await listCourses(t.db, 'br-a')).toEqual([]);
      expect(await getManifest(t.db, 'prueba')).toBeNull();
      expect(await listConsoleCourses(t.db)).toEqual([
        expect.objectContaining({ id: 'prueba', version: 1, publishedVersion: null, parks: [] })
      ]);
    });

    it('published in one park: that park and phones without a park see it, others do not', async () => {
      await importCourse(t.db, store, course(), 'prueba', NOW);
      expect(await publishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW)).toEqual({ version: 1 });
      expect(ids(await listCourses(t.db, 'br-a'))).toEqual(['prueba']);
      expect(ids(await listCourses(t.db))).toEqual(['prueba']);
      expect(await listCourses(t.db, 'br-b')).toEqual([]);
      expect((await getManifest(t.db, 'prueba'))?.version).toBe(1);
      expect(await auditKinds(t.db)).toEqual(['course_published']);

      await unpublishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW);
      expect(await listCourses(t.db, 'br-a')).toEqual([]);
      expect(await listCourses(t.db)).toEqual([]);
      expect(await auditKinds(t.db)).toEqual(['course_published', 'course_unpublished'].sort());
    });

    it('a new version stays a draft: learners keep the published one until it is published', async () => {
      await importCourse(t.db, store, course(), 'prueba', NOW);
      await publishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW);
      const changed = course({ 'img/punto.svg': SVG.replace('#060', '#006') });
      expect((await importCourse(t.db, store, changed, 'prueba', NOW)).version).toBe(2);
      expect((await listCourses(t.db, 'br-a'))[0]?.version).toBe(1);
      expect((await getManifest(t.db, 'prueba'))?.version).toBe(1);
      expect((await courseFigures(t.db))[0]?.version).toBe(1);
      await publishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW);
      expect((await listCourses(t.db, 'br-a'))[0]?.version).toBe(2);
      expect((await getManifest(t.db, 'prueba'))?.version).toBe(2);
    });

    it('refuses, writing nothing: another park, an unknown course or park, a new version other parks offer', async () => {
      await importCourse(t.db, store, course(), 'prueba', NOW);
      const refusal = (p: Promise<unknown>) =>
        p.then(
          () => 'published',
          (e: unknown) => (e instanceof PublishError ? e.problem : String(e))
        );
      expect(await refusal(publishIn(t.db, LIBRARIAN_A, 'prueba', 'br-b', NOW))).toBe('park');
      expect(await refusal(publishIn(t.db, LIBRARIAN_A, 'nada', 'br-a', NOW))).toBe('not_found');
      expect(await refusal(publishIn(t.db, ADMIN, 'prueba', 'br-zzz', NOW))).toBe('park');
      expect(await refusal(unpublishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW))).toBe('park');
      expect(await listConsoleCourses(t.db)).toEqual([
        expect.objectContaining({ publishedVersion: null, parks: [] })
      ]);
      expect(await auditKinds(t.db)).toEqual([]);

      // An admin offers it in both parks; the librarian of one may not push a new version
      // onto the other, and may still take it out of their own.
      await publishIn(t.db, ADMIN, 'prueba', 'br-a', NOW);
      await publishIn(t.db, ADMIN, 'prueba', 'br-b', NOW);
      await importCourse(t.db, store, course({ 'lessons/02-final.md': null }), 'prueba', NOW);
      expect(await refusal(publishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW))).toBe(
        'other_parks'
      );
      expect(await listConsoleCourses(t.db)).toEqual([
        expect.objectContaining({ version: 2, publishedVersion: 1, parks: ['br-a', 'br-b'] })
      ]);
      await unpublishIn(t.db, LIBRARIAN_A, 'prueba', 'br-a', NOW);
      expect(ids(await listCourses(t.db, 'br-b'))).toEqual(['prueba']);
      expect(await listCourses(t.db, 'br-a')).toEqual([]);
    });

    it('a bad zip is refused with its problems, and nothing is written', async () => {
      const broken = course({ 'quiz.md': '---\ntitle: Q\n---\n## ¿Sin respuesta?\n- [ ] a\n- [ ] b\n' });
      const zip = zipSync(
        Object.fromEntries([...broken].map(([k, v]) => [`mi-curso/${k}`, v]))
      );
      const problems = async (bytes: Uint8Array) => {
        try {
          await importCourse(t.db, store, readCourseZip(bytes), 'mi-curso', NOW);
          return null;
        } catch (e) {
          if (e instanceof CourseImportError) return e.problems;
          throw e;
        }
      };
      expect(await problems(zip)).toEqual([
        { file: 'quiz.md', line: 4, message: 'no option is marked right with [x]' }
      ]);
      expect(await problems(new TextEncoder().encode('no es un zip'))).toEqual([
        { file: '(upload)', message: 'the upload is not a zip file' }
      ]);
      expect(await t.db.selectFrom('courses').select('id').execute()).toEqual([]);
      expect(await t.db.selectFrom('content_assets').select('hash').execute()).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    });
  });
}

describe('the migration', () => {
  it('keeps courses imported before the console published in every park', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parque-publishing-migration-'));
    const db = openDb({ sqlitePath: join(dir, 'old.db') });
    try {
      const migrator = await migratorFor(db);
      expect((await migrator.migrateTo('0008_mutation_fingerprint')).error).toBeUndefined();
      // Branches and an import as they were written before the console (neither changed).
      await writeTransaction(db, (trx, v) =>
        saveBranches(trx, v, [branch('br-a'), branch('br-b')])
      );
      await importCourse(db, new ContentStore(join(dir, 'content')), course(), 'prueba', NOW);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(ids(await listCourses(db, 'br-a'))).toEqual(['prueba']);
      expect(ids(await listCourses(db, 'br-b'))).toEqual(['prueba']);
      expect(await listConsoleCourses(db)).toEqual([
        expect.objectContaining({ publishedVersion: 1, parks: ['br-a', 'br-b'] })
      ]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
