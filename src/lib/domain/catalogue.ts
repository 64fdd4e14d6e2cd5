/**
 * The workshop catalogue as both ends of the sync see it: library parks (branches),
 * categories, audiences, workshops and their dated sessions. One valibot schema per
 * entity; the TypeScript types are inferred from them, never written twice.
 */
import * as v from 'valibot';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** Instants are ISO 8601 in UTC ("2026-11-25T14:00:00.000Z"), so they sort as strings. */
export const isoInstant = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'must be an ISO 8601 UTC instant')
);
const version = v.pipe(v.number(), v.integer(), v.minValue(0));

export const BranchSchema = v.object({
  id,
  slug: text(64),
  name: text(120),
  neighbourhood: text(120),
  comuna: text(120),
  address: text(200),
  /** IANA zone; every library park in Medellín is America/Bogota, but the data says so. */
  timeZone: text(64),
  version
});

export const CategorySchema = v.object({
  id,
  slug: text(64),
  nameEs: text(80),
  nameEn: text(80),
  sort: v.number(),
  version
});

export const AudienceSchema = v.object({
  id,
  slug: text(64),
  nameEs: text(80),
  nameEn: text(80),
  sort: v.number(),
  version
});

export const WORKSHOP_STATUSES = ['active', 'archived'] as const;

export const WorkshopSchema = v.object({
  id,
  branchId: id,
  categoryId: id,
  audienceIds: v.array(id),
  title: text(160),
  summary: text(400),
  description: text(4000),
  facilitator: text(120),
  /** Fields the console added (issue 9); absent in rows stored before they were sent. */
  room: v.optional(text(120)),
  accessibility: v.optional(text(1000)),
  /** What to bring. */
  bring: v.optional(text(1000)),
  /** An archived workshop is kept for its past sessions but leaves the catalogue. */
  status: v.optional(v.picklist(WORKSHOP_STATUSES)),
  version
});

/**
 * Whether visitors see a workshop in the catalogue and on the kiosk's home: not once it is
 * archived (rows stored before the console have no status and are listed). Tickets for its
 * sessions still show it: they read the workshop by id.
 */
export const listedForVisitors = (w: Pick<Workshop, 'status'>): boolean => w.status !== 'archived';

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;

export const SessionSchema = v.object({
  id,
  workshopId: id,
  branchId: id,
  startsAt: isoInstant,
  endsAt: isoInstant,
  room: text(120),
  capacity: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Confirmed seats. Maintained by the server from registrations (issue 3). */
  seatsTaken: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /**
   * Seats held in kiosks' leases (DESIGN §5): promised by no one yet, but not free for a
   * phone or the desk either. Absent in rows stored before it was sent.
   */
  leased: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  status: v.picklist(SESSION_STATUSES),
  /** The series that made it (editing "this and the following"), if any. */
  seriesId: v.optional(v.nullable(id)),
  /** Why the library cancelled it: tickets show it ("Cancelado por la biblioteca: …"). */
  cancelReason: v.optional(v.nullable(text(300))),
  /** People who came without registering, counted at the desk (no names). */
  walkIns: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** When the desk released the seats of people not arrived (once per session). */
  releasedAt: v.optional(v.nullable(isoInstant)),
  version
});

export type Branch = v.InferOutput<typeof BranchSchema>;
export type Category = v.InferOutput<typeof CategorySchema>;
export type Audience = v.InferOutput<typeof AudienceSchema>;
export type Workshop = v.InferOutput<typeof WorkshopSchema>;
export type Session = v.InferOutput<typeof SessionSchema>;

/** The synced entities, in the fixed order a pull walks them. */
export const ENTITIES = ['branches', 'categories', 'audiences', 'workshops', 'sessions'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface EntityRow {
  branches: Branch;
  categories: Category;
  audiences: Audience;
  workshops: Workshop;
  sessions: Session;
}
