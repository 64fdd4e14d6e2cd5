/**
 * Synthetic catalogue for benchmarks: one branch, the demo categories and audiences, and
 * any number of generated workshops and sessions. Deterministic for the same options (only
 * the Bogotá-local date of `now` matters) and fast: 5,000 workshops with 20,000 sessions
 * take a few tens of milliseconds.
 */
import type { Branch, Session, Workshop } from '../../domain/catalogue';
import {
  HORIZON_DAYS,
  ROOM_CAPACITY,
  TIME_ZONE,
  bogotaDayNumber,
  bogotaInstant,
  demoAudiences,
  demoCategories,
  hashString,
  mulberry32,
  sessionId,
  type CatalogueData,
  type Room,
  type Row
} from './catalogue';

export interface SyntheticOptions {
  workshops: number;
  sessions: number;
  now: Date;
  branchId?: string;
}

const DEFAULT_BRANCH_ID = 'br-bench';
/** Start hours 08:00…18:00 so that a two-hour session ends by 20:00. */
const START_HOURS = 11;
/** Quarter-hour shifts used only when a workshop needs more than one session a day. */
const QUARTERS = 4;
const MAX_PER_WORKSHOP = HORIZON_DAYS * START_HOURS * QUARTERS;

interface Topic {
  name: string;
  category: string;
}

const FORMATS = [
  'Taller de',
  'Curso de',
  'Club de',
  'Laboratorio de',
  'Encuentro de',
  'Semillero de',
  'Iniciación en',
  'Práctica de'
];

const TOPICS: Topic[] = [
  { name: 'tecnología', category: 'cat-digital' },
  { name: 'informática básica', category: 'cat-digital' },
  { name: 'navegación segura', category: 'cat-digital' },
  { name: 'ofimática', category: 'cat-digital' },
  { name: 'educación financiera', category: 'cat-empleo' },
  { name: 'emprendimiento', category: 'cat-empleo' },
  { name: 'búsqueda de empleo', category: 'cat-empleo' },
  { name: 'atención al cliente', category: 'cat-empleo' },
  { name: 'lectura crítica', category: 'cat-lectura' },
  { name: 'escritura creativa', category: 'cat-lectura' },
  { name: 'narración oral', category: 'cat-lectura' },
  { name: 'crónica y periodismo', category: 'cat-lectura' },
  { name: 'inglés conversacional', category: 'cat-ingles' },
  { name: 'pronunciación en inglés', category: 'cat-ingles' },
  { name: 'gramática inglesa', category: 'cat-ingles' },
  { name: 'programación', category: 'cat-robotica' },
  { name: 'robótica', category: 'cat-robotica' },
  { name: 'electrónica', category: 'cat-robotica' },
  { name: 'diseño gráfico', category: 'cat-artes' },
  { name: 'fotografía', category: 'cat-artes' },
  { name: 'cerámica', category: 'cat-artes' },
  { name: 'música', category: 'cat-artes' },
  { name: 'ilustración', category: 'cat-artes' },
  { name: 'estimulación del lenguaje', category: 'cat-infancia' },
  { name: 'juego y exploración', category: 'cat-infancia' },
  { name: 'memoria y movimiento', category: 'cat-mayores' },
  { name: 'jardinería', category: 'cat-mayores' },
  { name: 'trámites migratorios', category: 'cat-migrantes' },
  { name: 'orientación jurídica', category: 'cat-migrantes' }
];

const QUALIFIERS = [
  'paso a paso',
  'para principiantes',
  'desde cero',
  'en familia',
  'para el trabajo',
  'de fin de semana',
  'en comunidad',
  'con énfasis práctico',
  'para jóvenes',
  'para personas mayores',
  'sin complicaciones',
  'nivel intermedio'
];

const SUMMARIES = [
  (t: string) =>
    `Un espacio práctico para aprender ${t} con ejercicios sencillos, acompañamiento cercano ` +
    'y materiales que la biblioteca pone a su disposición.',
  (t: string) =>
    `Sesiones de ${t} para ganar confianza, compartir con vecinas y vecinos y llevarse ideas ` +
    'útiles para la vida diaria en Medellín.',
  (t: string) =>
    `Aprenda ${t} a su ritmo, en grupo y con orientación del equipo de la biblioteca; no ` +
    'necesita experiencia ni conocimientos previos.',
  (t: string) =>
    `Encuentros semanales de ${t} pensados para la comunidad: explicación breve, práctica ` +
    'guiada y tiempo para resolver preguntas.'
];

const OPENINGS = [
  (t: string) =>
    `Este taller de ${t} está pensado para quienes quieren aprender haciendo, con ejemplos ` +
    'tomados de la vida cotidiana de los barrios de la ciudad.',
  (t: string) =>
    `En cada sesión de ${t} empezamos con una explicación corta y luego pasamos a la práctica ` +
    'en parejas o en grupos pequeños, con apoyo permanente.',
  (t: string) =>
    `Durante el ciclo de ${t} recorremos los conceptos básicos y los aplicamos en retos ` +
    'sencillos que cada participante puede continuar en casa.'
];

const CONTEXTS = [
  (t: string) =>
    `Veremos cómo ${t} puede servirle en el estudio, el trabajo o la vida del barrio, con ` +
    'ejemplos de Medellín y del Valle de Aburrá.',
  (t: string) =>
    `No importa si nunca se ha acercado a ${t}: el grupo avanza junto y nadie se queda atrás ` +
    'por no saber.',
  (t: string) =>
    `Quienes ya saben algo de ${t} encontrarán retos adicionales y podrán apoyar a quienes ` +
    'van empezando.'
];

const MIDDLES = [
  'Trabajamos con materiales de la biblioteca y con recursos gratuitos en internet, para que ' +
    'nadie tenga que comprar nada.',
  'Cada semana se repasa lo anterior antes de avanzar, así que puede unirse aunque haya ' +
    'faltado a alguna sesión.',
  'Al final del ciclo cada participante comparte lo que hizo con el grupo y recibe ' +
    'comentarios respetuosos y útiles.',
  'Las sesiones se adaptan a personas con discapacidad; avísenos al inscribirse qué apoyo ' +
    'necesita para participar.'
];

const CLOSINGS = [
  'Traiga cuaderno y lapicero; si tiene celular, cárguelo antes de venir.',
  'No necesita traer nada: la biblioteca presta los equipos y los materiales.',
  'Traiga su documento de identidad para la inscripción y ganas de aprender.',
  'Venga con ropa cómoda y, si quiere, con alguien de su familia.'
];

const FIRST_NAMES = [
  'María José',
  'Sebastián',
  'Andrés',
  'Yésica',
  'Óscar',
  'Ángela',
  'Julián',
  'Mónica',
  'Héctor',
  'Lucía',
  'Jhon Jairo',
  'Estefanía'
];
const LAST_NAMES = [
  'Gómez',
  'Muñoz',
  'Peña',
  'Vélez',
  'Rodríguez',
  'Castaño',
  'Ibáñez',
  'Zuluaga',
  'Álvarez',
  'Quiñones',
  'Restrepo',
  'Sepúlveda'
];

const ROOMS = Object.keys(ROOM_CAPACITY) as Room[];
const AUDIENCE_IDS = demoAudiences().map((a) => a.id);

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

export function syntheticCatalogue(opts: SyntheticOptions): CatalogueData {
  const { workshops: workshopCount, sessions: sessionCount, now } = opts;
  checkCount('workshops', workshopCount);
  checkCount('sessions', sessionCount);
  if (sessionCount > 0 && workshopCount === 0) {
    throw new RangeError('sessions need at least one workshop');
  }
  if (Math.ceil(sessionCount / Math.max(workshopCount, 1)) > MAX_PER_WORKSHOP) {
    throw new RangeError(`at most ${MAX_PER_WORKSHOP} sessions per workshop`);
  }

  const today = bogotaDayNumber(now);
  const branchId = opts.branchId ?? DEFAULT_BRANCH_ID;
  const key = branchId.replace(/^br-/, '').slice(0, 24) || 'bench';
  const seed = hashString(branchId);

  const branch: Row<Branch> = {
    id: branchId,
    slug: key,
    name:
      branchId === DEFAULT_BRANCH_ID
        ? 'Parque Biblioteca Sintética'
        : `Parque Biblioteca Sintética (${key})`,
    neighbourhood: 'Barrio de Prueba',
    comuna: 'Comuna 0 – Pruebas de rendimiento',
    address: 'Calle 1 # 1-01',
    timeZone: TIME_ZONE
  };

  const workshops: Row<Workshop>[] = new Array(workshopCount);
  const sessions: Row<Session>[] = new Array(sessionCount);
  const base = Math.floor(sessionCount / Math.max(workshopCount, 1));
  const extra = sessionCount % Math.max(workshopCount, 1);
  let s = 0;

  for (let i = 0; i < workshopCount; i++) {
    // One stream per workshop: workshop i looks the same whatever the total counts.
    const random = mulberry32((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const topic = pick(TOPICS, random);
    const id = `ws-${key}-${String(i + 1).padStart(5, '0')}`;
    const firstAudience = Math.floor(random() * AUDIENCE_IDS.length);
    const audienceIds = [AUDIENCE_IDS[firstAudience] as string];
    if (random() < 0.4) {
      audienceIds.push(AUDIENCE_IDS[(firstAudience + 1) % AUDIENCE_IDS.length] as string);
    }
    const middle = Math.floor(random() * MIDDLES.length);
    workshops[i] = {
      id,
      branchId,
      categoryId: topic.category,
      audienceIds,
      title: `${pick(FORMATS, random)} ${topic.name} ${pick(QUALIFIERS, random)} ${i + 1}`,
      summary: pick(SUMMARIES, random)(topic.name),
      description: [
        pick(OPENINGS, random)(topic.name),
        pick(CONTEXTS, random)(topic.name),
        MIDDLES[middle % MIDDLES.length],
        MIDDLES[(middle + 1) % MIDDLES.length],
        pick(CLOSINGS, random)
      ].join(' '),
      facilitator: `${pick(FIRST_NAMES, random)} ${pick(LAST_NAMES, random)}`
    };

    const room = pick(ROOMS, random);
    const capacity = ROOM_CAPACITY[room];
    const minutes = random() < 0.25 ? 90 : 120;
    const firstDay = Math.floor(random() * HORIZON_DAYS);
    const firstHour = Math.floor(random() * START_HOURS);
    const count = base + (i < extra ? 1 : 0);
    for (let j = 0; j < count; j++) {
      // j = 28·round + 4·q + r: weekly recurrence (r weeks apart, same weekday) shifted by q
      // days, so the first 28 occurrences fall on 28 different days.
      const inRound = j % HORIZON_DAYS;
      const round = Math.floor(j / HORIZON_DAYS);
      const day = today + ((firstDay + 7 * (inRound % 4) + Math.floor(inRound / 4)) % HORIZON_DAYS);
      const hour = 8 + ((firstHour + round) % START_HOURS);
      const minute = hour * 60 + 15 * Math.floor(round / START_HOURS);
      const sid = sessionId(id, day, minute);
      const full = random() < 0.15;
      sessions[s++] = {
        id: sid,
        workshopId: id,
        branchId,
        startsAt: bogotaInstant(day, minute).toISOString(),
        endsAt: bogotaInstant(day, minute + minutes).toISOString(),
        room,
        capacity,
        seatsTaken: full ? capacity : Math.floor(random() * capacity),
        status: random() < 0.03 ? 'cancelled' : 'scheduled'
      };
    }
  }

  return {
    branches: [branch],
    categories: demoCategories(),
    audiences: demoAudiences(),
    workshops,
    sessions
  };
}
