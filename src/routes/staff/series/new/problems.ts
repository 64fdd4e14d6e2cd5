/** What can be wrong with the form, each with its message and the field to fix. */
import type { SeriesProblem } from '$lib/domain/series';
import { m } from '$lib/paraglide/messages';

export type FormProblem =
  | 'park'
  | 'workshop'
  | 'date'
  | 'past'
  | 'time'
  | 'duration'
  | 'room'
  | 'capacity'
  | 'repeat'
  | 'count'
  | 'until'
  | 'last'
  | 'none_kept'
  | 'forbidden'
  | 'not_found'
  | 'archived'
  | SeriesProblem;

export const PROBLEM_MESSAGE: Record<FormProblem, () => string> = {
  park: m.series_error_park,
  workshop: m.series_error_workshop,
  date: m.series_error_date,
  past: m.series_error_past,
  time: m.series_error_time,
  duration: m.series_error_duration,
  room: m.series_error_room,
  capacity: m.series_error_capacity,
  repeat: m.series_error_repeat,
  count: m.series_error_count,
  until: m.series_error_until,
  last: m.series_error_last,
  none_kept: m.series_error_none_kept,
  forbidden: m.series_error_forbidden,
  not_found: m.series_error_not_found,
  archived: m.series_error_archived,
  bad_rrule: m.series_error_bad_rrule,
  bad_start: m.series_error_date,
  no_end: m.series_error_repeat,
  until_before_start: m.series_error_until_before_start,
  too_many: m.series_error_too_many,
  too_long: m.series_error_too_long,
  empty: m.series_error_empty
};

/** The input a problem is about, so it is marked invalid and points at the message. */
export const PROBLEM_FIELD: Partial<Record<FormProblem, string>> = {
  workshop: 'f-workshop',
  date: 'f-date',
  past: 'f-date',
  last: 'f-date',
  bad_start: 'f-date',
  time: 'f-time',
  duration: 'f-duration',
  room: 'f-room',
  capacity: 'f-capacity',
  count: 'f-count',
  too_many: 'f-count',
  until: 'f-until',
  until_before_start: 'f-until',
  too_long: 'f-until'
};
