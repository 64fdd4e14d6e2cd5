import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { generatePassword } from '$lib/server/auth/passwords';
import {
  changeRole,
  createStaff,
  getStaff,
  lastSignIns,
  listStaff,
  parksOf,
  resetPassword,
  setStaffStatus,
  StaffError,
  type StaffErrorCode
} from '$lib/server/auth/staff';
import type { StaffIdentity } from '$lib/server/auth/types';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../guard.server';
import type { Actions, PageServerLoad } from './$types';

/** Only admins manage staff (DESIGN §9): the page and each action ask. */
const isAdmin = (staff: StaffIdentity) => staff.role === 'admin';

export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  if (!isAdmin(staff)) error(403, 'only admins manage staff');
  const db = await getDb();
  const [people, parks] = await Promise.all([listStaff(db), parksOf(db, staff)]);
  const signedIn = await lastSignIns(
    db,
    people.map((p) => p.id)
  );
  return {
    me: staff.id,
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    // No hash, lock counter or session ever leaves listStaff; this is what the page shows.
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      parks: p.parks,
      status: p.status,
      mustChangePassword: p.mustChangePassword,
      lastSignInAt: signedIn.get(p.id) ?? null
    }))
  };
}) satisfies PageServerLoad;

/** The problems the page has a message for; anything else is a bug and a 500. */
export type PeopleProblem =
  | 'forbidden'
  | 'bad_form'
  | Extract<
      StaffErrorCode,
      | 'invalid_email'
      | 'invalid_name'
      | 'invalid_role'
      | 'unknown_park'
      | 'parks_required'
      | 'admin_parks'
      | 'email_taken'
      | 'not_found'
      | 'last_admin'
    >;

const KNOWN: readonly string[] = [
  'invalid_email',
  'invalid_name',
  'invalid_role',
  'unknown_park',
  'parks_required',
  'admin_parks',
  'email_taken',
  'not_found',
  'last_admin'
] satisfies PeopleProblem[];

const ID = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const PARKS = v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(200));
const CreateForm = v.object({
  name: v.pipe(v.string(), v.maxLength(1000)),
  email: v.pipe(v.string(), v.maxLength(1000)),
  role: v.pipe(v.string(), v.maxLength(20)),
  parks: PARKS
});
const RoleForm = v.object({ staffId: ID, role: v.pipe(v.string(), v.maxLength(20)), parks: PARKS });
const StatusForm = v.object({ staffId: ID, status: v.picklist(['active', 'disabled']) });
const ResetForm = v.object({ staffId: ID });

/** A form's fields; `parks` is the only one that repeats (one checkbox per park). */
async function fields(request: Request): Promise<Record<string, unknown>> {
  const data = await request.formData();
  const out: Record<string, unknown> = Object.fromEntries(data);
  out.parks = data.getAll('parks');
  return out;
}

/** An admin works in every park (DESIGN §9): parks left ticked for one are not theirs. */
const parksFor = (role: string, parks: string[]) => (role === 'admin' ? [] : parks);

/**
 * The signed-in admin, or null (the action answers 403). One still on a temporary password
 * acts on nothing until they choose their own: the person who told it to them knows it.
 */
function admin(locals: App.Locals, url: URL) {
  const staff = requireStaff(locals, url);
  return isAdmin(staff) && !staff.mustChangePassword ? staff : null;
}

/** What was typed in the create form, so a refusal without JavaScript keeps it. */
export interface Typed {
  name: string;
  email: string;
  role: string;
  parks: string[];
}

/** Runs an account change; a refusal (nothing changed) becomes a 4xx the page explains. */
async function attempt<T>(
  staffId: string | null,
  change: () => Promise<T>,
  typed: Typed | null = null
): Promise<
  T | ReturnType<typeof fail<{ error: PeopleProblem; staffId: string | null; typed: Typed | null }>>
> {
  try {
    return await change();
  } catch (e) {
    if (e instanceof StaffError && KNOWN.includes(e.code)) {
      const status = e.code === 'not_found' ? 404 : e.code === 'last_admin' ? 409 : 400;
      return fail(status, { error: e.code as PeopleProblem, staffId, typed });
    }
    throw e;
  }
}

const forbidden = () =>
  fail(403, { error: 'forbidden' as PeopleProblem, staffId: null, typed: null });
const badForm = (staffId: string | null = null) =>
  fail(400, { error: 'bad_form' as PeopleProblem, staffId, typed: null });

export const actions = {
  create: async ({ request, locals, url }) => {
    const staff = admin(locals, url);
    if (!staff) return forbidden();
    const form = v.safeParse(CreateForm, await fields(request));
    if (!form.success) return badForm();
    const { name, email, role } = form.output;
    const parks = parksFor(role, form.output.parks);
    // A password someone else saw: it must be changed at the first sign-in.
    const password = generatePassword();
    return attempt(
      null,
      async () => {
        const made = await createStaff(
          await getDb(),
          { name, email, role, parks, password, mustChangePassword: true },
          staff.id
        );
        return { created: { id: made.id, name: made.name, email: made.email, password } };
      },
      { name, email, role, parks }
    );
  },

  role: async ({ request, locals, url }) => {
    const staff = admin(locals, url);
    if (!staff) return forbidden();
    const form = v.safeParse(RoleForm, await fields(request));
    if (!form.success) return badForm();
    const { staffId, role } = form.output;
    const parks = parksFor(role, form.output.parks);
    return attempt(staffId, async () => {
      await changeRole(await getDb(), staffId, { role, parks }, staff.id);
      return { saved: staffId };
    });
  },

  status: async ({ request, locals, url }) => {
    const staff = admin(locals, url);
    if (!staff) return forbidden();
    const form = v.safeParse(StatusForm, await fields(request));
    if (!form.success) return badForm();
    const { staffId, status } = form.output;
    return attempt(staffId, async () => {
      await setStaffStatus(await getDb(), staffId, status, staff.id);
      return { saved: staffId };
    });
  },

  reset: async ({ request, locals, url }) => {
    const staff = admin(locals, url);
    if (!staff) return forbidden();
    const form = v.safeParse(ResetForm, await fields(request));
    if (!form.success) return badForm();
    const { staffId } = form.output;
    return attempt(staffId, async () => {
      const db = await getDb();
      const { password } = await resetPassword(db, staffId, staff.id);
      const who = await getStaff(db, staffId);
      return { reset: { id: staffId, name: who.name, password } };
    });
  }
} satisfies Actions;
