/**
 * Seeds the database: `npm run seed` puts the Medellín demo catalogue into an empty
 * database (and does nothing to one that has data), and publishes the demo courses of
 * content/courses (a course already published unchanged is left alone). Options:
 *   --synthetic W:S   also add a synthetic park with W workshops and S sessions (benchmarks)
 * The database is the one the app uses: PARQUE_DB_PATH (default data/parque.db) or
 * DATABASE_URL for PostgreSQL.
 * An empty database also gets a demo admin and librarian, whose passwords are printed once;
 * never with NODE_ENV=production or PARQUE_DEMO_STAFF=off. PARQUE_DEMO_PASSWORD fixes
 * their password: for the end-to-end tests only.
 */
import { dbConfigFromEnv, migrate, openDb, type Db } from '../src/lib/server/db/index';
import { insertCatalogue } from '../src/lib/server/seed';
import { createDemoStaff } from '../src/lib/server/auth/staff';
import { demoCatalogue } from '../src/lib/server/demo/catalogue';
import { syntheticCatalogue } from '../src/lib/server/demo/synthetic';
import { importDemoCourses } from '../src/lib/server/content/demo';
import { contentDirFromEnv, ContentStore } from '../src/lib/server/content/store';

function parseArgs(argv: string[]): { synthetic?: { workshops: number; sessions: number } } {
  const i = argv.indexOf('--synthetic');
  if (i === -1) return {};
  const match = /^(\d+):(\d+)$/.exec(argv[i + 1] ?? '');
  if (!match) throw new Error('--synthetic needs WORKSHOPS:SESSIONS, e.g. --synthetic 5000:20000');
  return { synthetic: { workshops: Number(match[1]), sessions: Number(match[2]) } };
}

async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('branches').select('id').limit(1).executeTakeFirst();
  return !row;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const db = openDb(dbConfigFromEnv());
  try {
    await migrate(db);
    const now = new Date();
    if (await isEmpty(db)) {
      const counts = await insertCatalogue(db, demoCatalogue(now));
      console.log(
        `Seeded the demo catalogue: ${counts.branches} library parks, ${counts.workshops} workshops, ${counts.sessions} sessions.`
      );
      // A demo admin and librarian, printed once (never with NODE_ENV=production).
      await createDemoStaff(db, process.env, (line) => console.log(line), now);
    } else {
      console.log('The database already has a catalogue; demo data not added.');
    }
    const courses = await importDemoCourses(db, new ContentStore(contentDirFromEnv()));
    const published = courses.filter((c) => c.changed);
    if (published.length) {
      console.log(`Published demo courses: ${published.map((c) => c.id).join(', ')}.`);
    }
    if (args.synthetic) {
      const counts = await insertCatalogue(db, syntheticCatalogue({ ...args.synthetic, now }));
      console.log(
        `Added a synthetic park: ${counts.workshops} workshops, ${counts.sessions} sessions.`
      );
    }
  } finally {
    await db.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
