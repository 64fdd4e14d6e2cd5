/**
 * Staff accounts from the command line (DESIGN §9): the first admin comes from here.
 *
 *   npm run staff -- add --email ana@example.org --name "Ana Pérez" --role librarian \
 *                        --park br-espana [--park …] [--password-stdin | --generate]
 *   npm run staff -- list
 *   npm run staff -- disable <email>        npm run staff -- enable <email>
 *   npm run staff -- reset-password <email>  (prints a temporary password)
 *   npm run staff -- role <email> <admin|librarian|facilitator> [--park …]
 *   npm run staff -- sign-out-everywhere <email>
 *
 * `add` asks for the password twice on a terminal; `--password-stdin` reads it from a pipe;
 * `--generate` makes one, prints it once, and the person must change it at first sign-in.
 * The database is the app's: PARQUE_DB_PATH (default data/parque.db) or DATABASE_URL.
 * Bad input exits with code 1 and changes nothing.
 */
import { parseArgs } from 'node:util';
import { generatePassword } from '../src/lib/server/auth/passwords';
import {
  changeRole,
  createStaff,
  findStaff,
  listStaff,
  resetPassword,
  setStaffStatus,
  signOutEverywhere,
  STAFF_ROLES,
  StaffError,
  type StaffSummary
} from '../src/lib/server/auth/staff';
import { dbConfigFromEnv, migrate, openDb, type Db } from '../src/lib/server/db/index';

const USAGE = `Usage: npm run staff -- <command>
  add --email EMAIL --name NAME --role ${STAFF_ROLES.join('|')} [--park ID …]
      [--password-stdin | --generate]
  list
  disable EMAIL | enable EMAIL
  reset-password EMAIL
  role EMAIL ${STAFF_ROLES.join('|')} [--park ID …]
  sign-out-everywhere EMAIL`;

/** A mistake in how the command was called: the usage is worth showing. */
class UsageError extends Error {}

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  park: { type: 'string', multiple: true },
  'password-stdin': { type: 'boolean' },
  generate: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function parse(argv: string[]): { command: string | undefined; args: string[]; values: Values } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true
    });
    return { command: positionals[0], args: positionals.slice(1), values };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Reads a line without echoing it (a password typed at a terminal). */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the question shows, so nothing typed at once is echoed.
  stdin.setRawMode(true);
  process.stdout.write(question);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  // One trailing newline is how `echo` and files end; it is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The new account's password and whether it must be changed at first sign-in. */
async function choosePassword(values: Values): Promise<{ password: string; generated: boolean }> {
  if (values.generate && values['password-stdin']) {
    throw new UsageError('use either --generate or --password-stdin, not both');
  }
  if (values.generate) return { password: generatePassword(), generated: true };
  if (values['password-stdin']) return { password: await readStdin(), generated: false };
  if (!process.stdin.isTTY) {
    throw new UsageError('no terminal to ask for a password: use --password-stdin or --generate');
  }
  const password = await promptHidden('Password (at least 10 characters): ');
  const again = await promptHidden('The same password again: ');
  if (password !== again) throw new UsageError('the two passwords differ; nothing was changed');
  return { password, generated: false };
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

async function staffByEmail(db: Db, email: string | undefined): Promise<StaffSummary> {
  const found = await findStaff(db, need(email, 'the email of a member of staff'));
  if (!found) throw new StaffError('not_found', `nobody on the staff has the email ${email}`);
  return found;
}

function printTable(rows: StaffSummary[]): void {
  if (rows.length === 0) {
    console.log('No staff yet. Add the first admin with: npm run staff -- add --role admin …');
    return;
  }
  const now = new Date().toISOString();
  const lines = rows.map((s) => [
    s.email,
    s.name,
    s.role,
    s.status,
    s.role === 'admin' ? '(all)' : s.parks.join(','),
    [
      s.mustChangePassword ? 'must change password' : '',
      s.lockedUntil && s.lockedUntil > now ? `locked until ${s.lockedUntil}` : ''
    ]
      .filter(Boolean)
      .join('; ')
  ]);
  const header = ['email', 'name', 'role', 'status', 'parks', 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const l of [header, ...lines]) {
    console.log(
      l
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()
    );
  }
}

async function run(db: Db, command: string, args: string[], values: Values): Promise<void> {
  switch (command) {
    case 'add': {
      if (args.length) throw new UsageError(`unexpected ${args.join(' ')}`);
      const email = need(values.email, '--email');
      const name = need(values.name, '--name');
      const role = need(values.role, '--role');
      const { password, generated } = await choosePassword(values);
      const made = await createStaff(db, {
        email,
        name,
        role,
        parks: values.park ?? [],
        password,
        mustChangePassword: generated
      });
      console.log(`Added ${made.email} (${made.role}).`);
      if (generated) {
        console.log(`Temporary password, shown only now (to be changed at first sign-in):`);
        console.log(`  ${password}`);
      }
      return;
    }
    case 'list':
      printTable(await listStaff(db));
      return;
    case 'disable':
    case 'enable': {
      const who = await staffByEmail(db, args[0]);
      await setStaffStatus(db, who.id, command === 'enable' ? 'active' : 'disabled');
      console.log(
        command === 'enable'
          ? `Enabled ${who.email}.`
          : `Disabled ${who.email}; their sessions have ended.`
      );
      return;
    }
    case 'reset-password': {
      const who = await staffByEmail(db, args[0]);
      const { password } = await resetPassword(db, who.id);
      console.log(`New temporary password for ${who.email}, shown only now:`);
      console.log(`  ${password}`);
      console.log('They must change it when they sign in; their sessions have ended.');
      return;
    }
    case 'role': {
      const who = await staffByEmail(db, args[0]);
      const role = need(args[1], `the role (${STAFF_ROLES.join(', ')})`);
      const after = await changeRole(db, who.id, { role, parks: values.park ?? [] });
      const parks = after.role === 'admin' ? 'every park' : after.parks.join(', ');
      console.log(`${after.email} is now ${after.role} (${parks}).`);
      return;
    }
    case 'sign-out-everywhere': {
      const who = await staffByEmail(db, args[0]);
      const n = await signOutEverywhere(db, who.id, null);
      console.log(`Ended ${n} session${n === 1 ? '' : 's'} of ${who.email}.`);
      return;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

async function main(): Promise<number> {
  const { command, args, values } = parse(process.argv.slice(2));
  if (values.help || !command || command === 'help') {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  const db = openDb(dbConfigFromEnv());
  try {
    await migrate(db);
    await run(db, command, args, values);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n\n${USAGE}`);
    } else if (e instanceof StaffError) {
      console.error(`error: ${e.message}; nothing was changed`);
    } else {
      console.error(e instanceof Error ? e.message : String(e));
    }
    process.exit(1);
  }
);
