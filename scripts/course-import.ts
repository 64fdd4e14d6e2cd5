/**
 * `npm run course:import <dir> [<dir>…]`: imports course folders (see
 * src/lib/server/content/import.ts for the layout) into the app's database and content
 * store, and publishes each in every park (the console's uploads are drafts until a
 * librarian publishes them; an operator's import is offered at once, as it always was).
 * A folder with problems is refused with every problem listed and nothing imported.
 * Exit code 1 if any folder was refused.
 */
import { basename, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { dbConfigFromEnv, migrate, openDb } from '../src/lib/server/db/index';
import {
  CourseImportError,
  formatProblem,
  importCourse,
  readCourseDir
} from '../src/lib/server/content/import';
import { publishEverywhere } from '../src/lib/server/content/publishing';
import { contentDirFromEnv, ContentStore } from '../src/lib/server/content/store';

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    console.error('usage: npm run course:import <course-folder> [<course-folder>…]');
    process.exit(2);
  }
  const db = openDb(dbConfigFromEnv());
  const store = new ContentStore(contentDirFromEnv());
  let failed = 0;
  try {
    await migrate(db);
    for (const dir of dirs.map((d) => resolve(d))) {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        console.error(`${dir}: not a folder`);
        failed++;
        continue;
      }
      try {
        const r = await importCourse(db, store, readCourseDir(dir), basename(dir));
        await publishEverywhere(db, r.id);
        const kb = (r.size / 1024).toFixed(1);
        console.log(
          r.changed
            ? `${r.id}: published version ${r.version} (${r.assets} files, ${kb} KB, ${r.newAssets} new)`
            : `${r.id}: unchanged (version ${r.version})`
        );
        for (const w of r.warnings) console.log(`  note: ${formatProblem(w)}`);
      } catch (e) {
        failed++;
        if (e instanceof CourseImportError) console.error(`${basename(dir)}: ${e.message}`);
        else throw e;
      }
    }
  } finally {
    await db.destroy();
  }
  if (failed) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
