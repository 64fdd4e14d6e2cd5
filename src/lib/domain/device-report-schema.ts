/** The bounds of a device's report in a pull's query string (see device-report.ts). */
import * as v from 'valibot';
import { APP_VERSION_MAX, PENDING_DIGITS, STORAGE_DIGITS } from './device-report';

const wholeNumber = (digits: number, name: string) =>
  v.pipe(
    v.string(),
    v.regex(
      new RegExp(`^\\d{1,${digits}}$`),
      `${name} must be a whole number of at most ${digits} digits`
    ),
    v.transform(Number)
  );

/** The report's fields in a pull's query string. */
export const DeviceReportQuery = {
  appVersion: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(APP_VERSION_MAX, `appVersion may have at most ${APP_VERSION_MAX} characters`),
      v.regex(/^[\w.+-]+$/, 'appVersion may hold only letters, digits and . + - _')
    )
  ),
  storageUsed: v.optional(wholeNumber(STORAGE_DIGITS, 'storageUsed')),
  pending: v.optional(wholeNumber(PENDING_DIGITS, 'pending'))
};
