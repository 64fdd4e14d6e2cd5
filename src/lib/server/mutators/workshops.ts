/**
 * The authoritative workshop edits (issue 9 §2): saveWorkshop creates or edits, field by
 * field, last writer wins by HLC stamp; archiveWorkshop merges `status` the same way. The
 * same code runs for a librarian in the console (console/apply.ts) and for a desk's
 * outbox (sync/push.ts), so an offline edit with an older stamp loses to a newer one
 * whichever arrives first, and says so in the audit log.
 */
import {
  isUuid,
  mergeFields,
  parseFieldStamps,
  WORKSHOP_REJECTIONS,
  workshopFieldProblems,
  type ArchiveWorkshopArgs,
  type SaveWorkshopArgs,
  type WorkshopFields,
  type WorkshopMergeField
} from '../../domain/workshop-edit';
import type { Selectable } from 'kysely';
import type { WorkshopTable } from '../db/schema';
import { MutationRejected, type EditRecord, type MutationContext } from './context';

/** A workshop's editable values as the merge sees them. */
type Values = Required<WorkshopFields> & { status: 'active' | 'archived' };

/** A new workshop before its first edit: what the fields not sent default to. */
const BLANK: Values = {
  title: '',
  categoryId: '',
  summary: '',
  description: '',
  audienceIds: [],
  facilitator: '',
  room: '',
  accessibility: '',
  bring: '',
  status: 'active'
};

function valuesOf(r: Selectable<WorkshopTable>): Values {
  return {
    title: r.title,
    summary: r.summary,
    description: r.description,
    categoryId: r.category_id,
    audienceIds: JSON.parse(r.audience_ids) as string[],
    facilitator: r.facilitator,
    room: r.room,
    accessibility: r.accessibility,
    bring: r.bring,
    status: r.status === 'archived' ? 'archived' : 'active'
  };
}

/** One value as the audit log's flat detail holds it (audiences as a comma list). */
const flat = (x: Values[keyof Values]) => (Array.isArray(x) ? x.join(',') : x);

async function loadWorkshop(ctx: MutationContext, id: string) {
  const row = await ctx.trx
    .selectFrom('workshops')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  // Another park's workshop is refused before anything about it is read or told.
  if (row && row.branch_id !== ctx.branchId) {
    throw new MutationRejected(WORKSHOP_REJECTIONS.otherPark);
  }
  return row;
}

async function checkReferences(ctx: MutationContext, fields: WorkshopFields): Promise<void> {
  if (fields.categoryId !== undefined) {
    const cat = await ctx.trx
      .selectFrom('categories')
      .select('id')
      .where('id', '=', fields.categoryId)
      .executeTakeFirst();
    if (!cat) throw new MutationRejected(WORKSHOP_REJECTIONS.categoryUnknown);
  }
  const audiences = [...new Set(fields.audienceIds ?? [])];
  if (audiences.length > 0) {
    const found = await ctx.trx
      .selectFrom('audiences')
      .select('id')
      .where('id', 'in', audiences)
      .execute();
    if (found.length !== audiences.length) {
      throw new MutationRejected(WORKSHOP_REJECTIONS.audienceUnknown);
    }
  }
}

/**
 * What the audit log keeps of an edit: the stamp it was decided by, the fields it wrote
 * with their values before and after, and those it sent but lost with the value it sent
 * (so the console can say what did not make it).
 */
function editDetail(
  before: Values,
  after: Values,
  applied: WorkshopMergeField[],
  overwritten: WorkshopMergeField[],
  sent: Partial<Values>,
  stamp: string
): EditRecord['detail'] {
  const detail: NonNullable<EditRecord['detail']> = {
    stamp,
    applied: applied.join(','),
    overwritten: overwritten.join(',')
  };
  for (const f of applied) {
    detail[`${f}.before`] = flat(before[f]);
    detail[`${f}.after`] = flat(after[f]);
  }
  for (const f of overwritten) detail[`${f}.sent`] = flat(sent[f]!);
  return detail;
}

async function writeValues(
  ctx: MutationContext,
  id: string,
  next: Values,
  stamps: Record<string, string | undefined>
): Promise<void> {
  await ctx.trx
    .updateTable('workshops')
    .set({
      title: next.title,
      summary: next.summary,
      description: next.description,
      category_id: next.categoryId,
      audience_ids: JSON.stringify(next.audienceIds),
      facilitator: next.facilitator,
      room: next.room,
      accessibility: next.accessibility,
      bring: next.bring,
      status: next.status,
      field_stamps: JSON.stringify(stamps),
      version: ctx.version
    })
    .where('id', '=', id)
    .execute();
}

/** The fields an edit sent, without absent keys; audiences once each, in the order sent. */
function sentValues(fields: WorkshopFields): Partial<Values> {
  const sent: Partial<Values> = {};
  for (const [k, x] of Object.entries(fields) as [keyof WorkshopFields, unknown][]) {
    if (x !== undefined) (sent as Record<string, unknown>)[k] = x;
  }
  if (sent.audienceIds) sent.audienceIds = [...new Set(sent.audienceIds)];
  return sent;
}

export async function saveWorkshop(ctx: MutationContext, a: SaveWorkshopArgs): Promise<EditRecord> {
  const problem = workshopFieldProblems(a.fields)[0];
  if (problem) throw new MutationRejected(problem.code);
  const row = await loadWorkshop(ctx, a.workshopId);
  await checkReferences(ctx, a.fields);
  const sent = sentValues(a.fields);

  if (!row) {
    if (!isUuid(a.workshopId)) throw new MutationRejected(WORKSHOP_REJECTIONS.idNotUuid);
    if (a.fields.title === undefined) throw new MutationRejected(WORKSHOP_REJECTIONS.unknown);
    if (a.fields.categoryId === undefined) {
      throw new MutationRejected(WORKSHOP_REJECTIONS.categoryMissing);
    }
    const values: Values = { ...BLANK, ...sent };
    // Every field sent is stamped; the defaults were written by nobody and carry none.
    const { nextStamps, applied } = mergeFields(values, {}, sent, ctx.stamp);
    await ctx.trx
      .insertInto('workshops')
      .values({
        id: a.workshopId,
        branch_id: ctx.branchId,
        category_id: values.categoryId,
        audience_ids: JSON.stringify(values.audienceIds),
        title: values.title,
        summary: values.summary,
        description: values.description,
        facilitator: values.facilitator,
        room: values.room,
        accessibility: values.accessibility,
        bring: values.bring,
        status: 'active',
        field_stamps: JSON.stringify(nextStamps),
        version: ctx.version
      })
      .execute();
    return {
      kind: 'workshop_created',
      subject: a.workshopId,
      detail: editDetail(BLANK, values, applied, [], sent, ctx.stamp)
    };
  }

  const before = valuesOf(row);
  const merged = mergeFields(before, parseFieldStamps(row.field_stamps), sent, ctx.stamp);
  if (merged.applied.length > 0) {
    await writeValues(ctx, row.id, merged.next, merged.nextStamps);
  }
  return {
    kind: 'workshop_edited',
    subject: row.id,
    detail: editDetail(before, merged.next, merged.applied, merged.overwritten, sent, ctx.stamp)
  };
}

export async function archiveWorkshop(
  ctx: MutationContext,
  a: ArchiveWorkshopArgs
): Promise<EditRecord> {
  const row = await loadWorkshop(ctx, a.workshopId);
  if (!row) throw new MutationRejected(WORKSHOP_REJECTIONS.unknown);
  const before = valuesOf(row);
  const sent: Partial<Values> = { status: a.archived ? 'archived' : 'active' };
  const merged = mergeFields(before, parseFieldStamps(row.field_stamps), sent, ctx.stamp);
  if (merged.applied.length > 0) {
    await writeValues(ctx, row.id, merged.next, merged.nextStamps);
  }
  return {
    kind: 'workshop_archived',
    subject: row.id,
    detail: {
      ...editDetail(before, merged.next, merged.applied, merged.overwritten, sent, ctx.stamp),
      archived: a.archived
    }
  };
}
