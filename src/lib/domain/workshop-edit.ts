/**
 * Editing a workshop from the console or from a desk working offline (issue 9 §2).
 *
 * Each field is merged on its own, last writer wins by HLC stamp (DESIGN §4): the server
 * keeps, per field, the stamp of the edit that wrote it, and an edit writes a field only
 * when its stamp is later. Stamps carry their node id, so two edits never tie and any
 * order of arrival ends in the same workshop. A field an edit could not write is reported
 * ("overwritten"): the console shows it, so nobody's change disappears silently.
 */
import * as v from 'valibot';

/** The free-text fields, with the longest each may be (the catalogue's WorkshopSchema). */
export const WORKSHOP_TEXT_LIMITS = {
  title: 160,
  summary: 400,
  description: 4000,
  facilitator: 120,
  room: 120,
  accessibility: 1000,
  bring: 1000
} as const;
export type WorkshopTextField = keyof typeof WORKSHOP_TEXT_LIMITS;
export const WORKSHOP_TEXT_FIELDS = Object.keys(WORKSHOP_TEXT_LIMITS) as WorkshopTextField[];

/** Every field saveWorkshop edits, in the order the console shows them. */
export const WORKSHOP_EDIT_FIELDS = [
  'title',
  'summary',
  'description',
  'categoryId',
  'audienceIds',
  'facilitator',
  'room',
  'accessibility',
  'bring'
] as const;
export type WorkshopEditField = (typeof WORKSHOP_EDIT_FIELDS)[number];

/** What archiveWorkshop writes, merged by the same rule. */
export type WorkshopMergeField = WorkshopEditField | 'status';

/** The most audiences a workshop names: the catalogue has about ten. */
export const MAX_AUDIENCES = 20;

/**
 * The longest a text may be in the arguments at all. The real limits are checked by
 * `workshopFieldProblems`, so a desk is told which rule it broke (a stable code), not a
 * schema message; this cap only bounds what a push can carry.
 */
const ARGS_TEXT_CAP = 8000;

const rowId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const text = v.pipe(v.string(), v.maxLength(ARGS_TEXT_CAP));

export const WorkshopFieldsSchema = v.pipe(
  v.object({
    title: v.optional(text),
    summary: v.optional(text),
    description: v.optional(text),
    categoryId: v.optional(rowId),
    audienceIds: v.optional(v.pipe(v.array(rowId), v.maxLength(MAX_AUDIENCES))),
    facilitator: v.optional(text),
    room: v.optional(text),
    accessibility: v.optional(text),
    bring: v.optional(text)
  }),
  v.check((f) => Object.values(f).some((x) => x !== undefined), 'send at least one field')
);
export type WorkshopFields = v.InferOutput<typeof WorkshopFieldsSchema>;

export const SaveWorkshopArgsSchema = v.object({
  /** Chosen by whoever creates it (a UUID); any catalogue id when editing. */
  workshopId: rowId,
  fields: WorkshopFieldsSchema
});
export type SaveWorkshopArgs = v.InferOutput<typeof SaveWorkshopArgsSchema>;

export const ArchiveWorkshopArgsSchema = v.object({
  workshopId: rowId,
  archived: v.boolean()
});
export type ArchiveWorkshopArgs = v.InferOutput<typeof ArchiveWorkshopArgsSchema>;

/** Why a workshop edit was refused, as stable codes (the device and the console show them). */
export const WORKSHOP_REJECTIONS = {
  /** The workshop belongs to another library park than the one the edit is made in. */
  otherPark: 'workshop_other_park',
  /** Archiving, or editing without a title, a workshop that does not exist. */
  unknown: 'workshop_unknown',
  /** A new workshop's id must be a UUID, so two devices never make the same one. */
  idNotUuid: 'workshop_id_not_uuid',
  titleEmpty: 'workshop_title_empty',
  tooLong: 'workshop_field_too_long',
  /** A new workshop needs a category. */
  categoryMissing: 'workshop_category_missing',
  categoryUnknown: 'workshop_category_unknown',
  audienceUnknown: 'workshop_audience_unknown'
} as const;
export type WorkshopRejection = (typeof WORKSHOP_REJECTIONS)[keyof typeof WORKSHOP_REJECTIONS];

export interface FieldProblem {
  field: WorkshopEditField;
  code: WorkshopRejection;
}

/**
 * The rules every edit keeps whatever its path: a title is never blank, no text is longer
 * than the catalogue holds. Whether the category and audiences exist needs the database,
 * and is checked by the server mutator.
 */
export function workshopFieldProblems(fields: WorkshopFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (fields.title !== undefined && fields.title.trim() === '') {
    problems.push({ field: 'title', code: WORKSHOP_REJECTIONS.titleEmpty });
  }
  for (const field of WORKSHOP_TEXT_FIELDS) {
    const value = fields[field];
    if (value !== undefined && value.length > WORKSHOP_TEXT_LIMITS[field]) {
      problems.push({ field, code: WORKSHOP_REJECTIONS.tooLong });
    }
  }
  return problems;
}

/** A UUID as `crypto.randomUUID()` makes them (any version, any case). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** Field name → the HLC stamp of the edit that wrote it. Fields never edited have none. */
export type FieldStamps = Partial<Record<string, string>>;

export interface MergeResult<T> {
  next: T;
  nextStamps: FieldStamps;
  /** Fields this edit wrote. */
  applied: (keyof T & string)[];
  /** Fields this edit sent but did not write: a later-stamped edit had written them. */
  overwritten: (keyof T & string)[];
}

/**
 * Per-field last-writer-wins. A field is written when no stamp is stored for it or the
 * edit's stamp sorts after the stored one (HLC stamps sort as strings). An equal stamp is
 * the same edit again and writes nothing: with node ids in stamps, two different edits
 * never share one. Pure, so the order edits arrive in does not change the result.
 */
export function mergeFields<T extends object>(
  current: T,
  stamps: FieldStamps,
  edit: Partial<T>,
  stamp: string
): MergeResult<T> {
  const next = { ...current };
  const nextStamps: FieldStamps = { ...stamps };
  const applied: (keyof T & string)[] = [];
  const overwritten: (keyof T & string)[] = [];
  for (const key of Object.keys(edit) as (keyof T & string)[]) {
    const value = edit[key];
    if (value === undefined) continue;
    const held = stamps[key];
    if (held === undefined || stamp > held) {
      next[key] = value as T[keyof T & string];
      nextStamps[key] = stamp;
      applied.push(key);
    } else {
      overwritten.push(key);
    }
  }
  return { next, nextStamps, applied, overwritten };
}

/** Reads a stored `field_stamps` column; anything unreadable counts as no stamps. */
export function parseFieldStamps(json: string | null | undefined): FieldStamps {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: FieldStamps = {};
    for (const [k, stamp] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof stamp === 'string') out[k] = stamp;
    }
    return out;
  } catch {
    return {};
  }
}
