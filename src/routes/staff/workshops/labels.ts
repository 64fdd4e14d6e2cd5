/** The workshop pages' names for fields and refusals, from the message catalogue. */
import {
  WORKSHOP_REJECTIONS,
  WORKSHOP_TEXT_LIMITS,
  type WorkshopMergeField
} from '$lib/domain/workshop-edit';
import { m } from '$lib/paraglide/messages';

export const FIELD_LABEL: Record<WorkshopMergeField, () => string> = {
  title: m.workshop_edit_field_title,
  summary: m.workshop_edit_field_summary,
  description: m.workshop_edit_field_description,
  categoryId: m.workshop_edit_field_categoryId,
  audienceIds: m.workshop_edit_field_audienceIds,
  facilitator: m.workshop_edit_field_facilitator,
  room: m.workshop_edit_field_room,
  accessibility: m.workshop_edit_field_accessibility,
  bring: m.workshop_edit_field_bring,
  status: m.workshop_edit_field_status
};

export function fieldLabel(field: string): string {
  return Object.hasOwn(FIELD_LABEL, field) ? FIELD_LABEL[field as WorkshopMergeField]() : field;
}

/** A comma list of fields as staff read them. */
export const fieldList = (fields: readonly string[]) => fields.map(fieldLabel).join(', ');

/** What a refusal code says, for the field it is shown beside. */
export function errorText(code: string | undefined, field: string): string {
  switch (code) {
    case WORKSHOP_REJECTIONS.titleEmpty:
      return m.workshop_edit_error_title_empty();
    case WORKSHOP_REJECTIONS.tooLong:
      return m.workshop_edit_error_too_long({
        max: WORKSHOP_TEXT_LIMITS[field as keyof typeof WORKSHOP_TEXT_LIMITS] ?? 0
      });
    case WORKSHOP_REJECTIONS.categoryMissing:
      return m.workshop_edit_error_category_missing();
    case WORKSHOP_REJECTIONS.categoryUnknown:
      return m.workshop_edit_error_category_unknown();
    case WORKSHOP_REJECTIONS.audienceUnknown:
      return m.workshop_edit_error_audience_unknown();
    case WORKSHOP_REJECTIONS.otherPark:
      return m.workshop_edit_error_other_park();
    case WORKSHOP_REJECTIONS.unknown:
      return m.workshop_edit_error_unknown();
    case 'forbidden':
      return m.workshop_edit_error_forbidden();
    case 'park':
      return m.workshop_edit_error_park();
    default:
      return m.workshop_edit_error_other({ reason: code ?? '' });
  }
}
