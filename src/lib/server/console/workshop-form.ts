/**
 * The console's workshop form as the server reads it: the posted values, what changed
 * since the form was drawn, and each refusal placed next to its field.
 *
 * Only the fields the librarian changed are sent to saveWorkshop. The form carries the
 * values it was drawn with (`base`), and a field equal to its base is left out, so saving
 * the title does not also re-stamp a room that a desk changed meanwhile (last writer wins
 * per field, and an untouched field is no edit).
 */
import * as v from 'valibot';
import type { Workshop } from '../../domain/catalogue';
import {
  WORKSHOP_EDIT_FIELDS,
  WORKSHOP_REJECTIONS,
  WORKSHOP_TEXT_FIELDS,
  workshopFieldProblems,
  type WorkshopEditField,
  type WorkshopFields
} from '../../domain/workshop-edit';

export interface FormValues {
  title: string;
  summary: string;
  description: string;
  categoryId: string;
  audienceIds: string[];
  facilitator: string;
  room: string;
  accessibility: string;
  bring: string;
}

/** A field's problem (a WORKSHOP_REJECTIONS code) or the form's own (`form`). */
export type FormErrors = Partial<Record<WorkshopEditField | 'form', string>>;

export const EMPTY_FORM: FormValues = {
  title: '',
  summary: '',
  description: '',
  categoryId: '',
  audienceIds: [],
  facilitator: '',
  room: '',
  accessibility: '',
  bring: ''
};

export function formValuesOf(w: Workshop): FormValues {
  return {
    title: w.title,
    summary: w.summary,
    description: w.description,
    categoryId: w.categoryId,
    audienceIds: [...w.audienceIds],
    facilitator: w.facilitator,
    room: w.room ?? '',
    accessibility: w.accessibility ?? '',
    bring: w.bring ?? ''
  };
}

/** What a browser posts: strings, audiences repeated; anything missing reads as empty. */
const PostedSchema = v.object({
  ...Object.fromEntries(WORKSHOP_TEXT_FIELDS.map((f) => [f, v.optional(v.string(), '')])),
  categoryId: v.optional(v.string(), ''),
  audienceIds: v.array(v.string())
});

/** Texts are trimmed at both ends (a pasted title often carries a space or a newline). */
export function readWorkshopForm(data: FormData): FormValues {
  const raw: Record<string, unknown> = { audienceIds: data.getAll('audienceIds') };
  for (const f of [...WORKSHOP_TEXT_FIELDS, 'categoryId'] as const) raw[f] = data.get(f) ?? '';
  const parsed = v.safeParse(PostedSchema, raw);
  if (!parsed.success) return { ...EMPTY_FORM };
  const out = parsed.output as Record<string, string | string[]>;
  const text = (f: string) => String(out[f] ?? '').trim();
  return {
    title: text('title'),
    summary: text('summary'),
    description: text('description'),
    categoryId: text('categoryId'),
    audienceIds: [...new Set(out.audienceIds as string[])],
    facilitator: text('facilitator'),
    room: text('room'),
    accessibility: text('accessibility'),
    bring: text('bring')
  };
}

const BaseSchema = v.object({
  ...Object.fromEntries(WORKSHOP_TEXT_FIELDS.map((f) => [f, v.string()])),
  categoryId: v.string(),
  audienceIds: v.array(v.string())
});

/** The values the form was drawn with, from its hidden `base` field; null if unreadable. */
export function readBase(data: FormData): FormValues | null {
  const json = data.get('base');
  if (typeof json !== 'string') return null;
  try {
    const parsed = v.safeParse(BaseSchema, JSON.parse(json));
    return parsed.success ? (parsed.output as unknown as FormValues) : null;
  } catch {
    return null;
  }
}

const same = (a: string | string[], b: string | string[]) =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n')
    : a === b;

/** The fields of `next` that differ from `base`, as saveWorkshop takes them. */
export function changedFields(base: FormValues, next: FormValues): WorkshopFields {
  const fields: Record<string, string | string[]> = {};
  for (const f of WORKSHOP_EDIT_FIELDS) {
    if (!same(base[f], next[f])) fields[f] = next[f];
  }
  return fields as WorkshopFields;
}

/** Every field a new workshop sends (empty texts too: they are its first values). */
export function allFields(values: FormValues): WorkshopFields {
  return { ...values };
}

/** The form's problems before anything is sent, each next to its field. */
export function formErrors(fields: WorkshopFields, creating: boolean): FormErrors {
  const errors: FormErrors = {};
  for (const p of workshopFieldProblems(fields)) errors[p.field] ??= p.code;
  if (creating && !fields.title?.trim()) errors.title ??= WORKSHOP_REJECTIONS.titleEmpty;
  // A category is never taken away, only changed.
  if (creating ? !fields.categoryId : fields.categoryId === '') {
    errors.categoryId ??= WORKSHOP_REJECTIONS.categoryMissing;
  }
  return errors;
}

/** Where a mutator's refusal belongs on the form. */
export function errorsFromRejection(reason: string): FormErrors {
  switch (reason) {
    case WORKSHOP_REJECTIONS.titleEmpty:
      return { title: reason };
    case WORKSHOP_REJECTIONS.categoryMissing:
    case WORKSHOP_REJECTIONS.categoryUnknown:
      return { categoryId: reason };
    case WORKSHOP_REJECTIONS.audienceUnknown:
      return { audienceIds: reason };
    default:
      return { form: reason };
  }
}
