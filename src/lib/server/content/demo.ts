/**
 * The demo courses shipped in content/courses/, imported by the seed (unchanged ones
 * skipped) and published in every park.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../db/index';
import { importCourse, readCourseDir, type PublishResult } from './import';
import { publishEverywhere } from './publishing';
import type { ContentStore } from './store';

export const DEMO_COURSES_DIR = resolve('content/courses');

export async function importDemoCourses(
  db: Db,
  store: ContentStore,
  root = DEMO_COURSES_DIR
): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const result = await importCourse(db, store, readCourseDir(dir), name);
    if (result.changed) await publishEverywhere(db, result.id);
    results.push(result);
  }
  return results;
}
