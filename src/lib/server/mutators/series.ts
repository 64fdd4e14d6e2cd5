/**
 * A librarian plans a series of sessions (issue 9 §3), from the console or from a desk
 * that was offline. One transaction writes the series and every session it makes, or
 * nothing. Each session's id is the series' id and its local date, and the series' id is
 * chosen by the sender, so sending the same series twice (a double click, a desk's retry)
 * makes each session once.
 */
import { REJECTIONS } from '../../domain/rejections';
import {
  expandSeries,
  SeriesError,
  seriesSessionId,
  type CreateSeriesArgs
} from '../../domain/series';
import { MutationRejected, type EditRecord, type MutationContext } from './context';

export async function createSeries(
  ctx: MutationContext,
  a: CreateSeriesArgs
): Promise<EditRecord | void> {
  const { trx } = ctx;
  const workshop = await trx
    .selectFrom('workshops')
    .innerJoin('branches', 'branches.id', 'workshops.branch_id')
    .select(['workshops.branch_id', 'workshops.status', 'branches.time_zone'])
    .where('workshops.id', '=', a.workshopId)
    .executeTakeFirst();
  // Another park's workshop is "not found" here, as an unknown id is.
  if (!workshop || workshop.branch_id !== ctx.branchId) {
    throw new MutationRejected(REJECTIONS.notFound);
  }
  if (workshop.status !== 'active') throw new MutationRejected(REJECTIONS.workshopArchived);

  const existing = await trx
    .selectFrom('series')
    .select(['branch_id', 'workshop_id'])
    .where('id', '=', a.seriesId)
    .executeTakeFirst();
  if (existing && (existing.branch_id !== ctx.branchId || existing.workshop_id !== a.workshopId)) {
    throw new MutationRejected(REJECTIONS.idReused);
  }

  let expansion;
  try {
    expansion = expandSeries(
      {
        rrule: a.rrule,
        startsLocal: a.startsLocal,
        durationMinutes: a.durationMinutes,
        timeZone: workshop.time_zone
      },
      a.exdates
    );
  } catch (e) {
    // The argument schema expands the rule too; this is for a rule that changed meaning.
    if (e instanceof SeriesError) throw new MutationRejected(REJECTIONS.invalidArgs);
    throw e;
  }
  const { occurrences, skipped } = expansion;
  if (occurrences.length === 0) throw new MutationRejected(REJECTIONS.invalidArgs);

  if (!existing) {
    await trx
      .insertInto('series')
      .values({
        id: a.seriesId,
        workshop_id: a.workshopId,
        branch_id: ctx.branchId,
        rrule: a.rrule,
        starts_local: a.startsLocal,
        duration_minutes: a.durationMinutes,
        room: a.room,
        capacity: a.capacity,
        exdates: JSON.stringify(a.exdates),
        created_by: ctx.actor?.staffId ?? null,
        created_at: ctx.now.toISOString()
      })
      .execute();
  }

  let created = 0;
  for (const o of occurrences) {
    const result = await trx
      .insertInto('sessions')
      .values({
        id: seriesSessionId(a.seriesId, o.date),
        workshop_id: a.workshopId,
        branch_id: ctx.branchId,
        starts_at: o.startsAt,
        ends_at: o.endsAt,
        room: a.room,
        capacity: a.capacity,
        seats_taken: 0,
        status: 'scheduled',
        series_id: a.seriesId,
        version: ctx.version
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  // The same series sent again: nothing happened, so there is nothing to audit.
  if (existing && created === 0) return;

  return {
    kind: 'series_created',
    subject: a.seriesId,
    detail: { workshopId: a.workshopId, count: created, skipped: skipped.length }
  };
}
