/**
 * Demo catalogue: eight real library parks of Medellín, their workshops and four weeks of
 * sessions starting on today's Bogotá-local date. Everything is derived from `now` and
 * hashes of ids, never from Math.random, so the same local date always yields the same rows
 * (and reseeding on the same day keeps every session id).
 *
 * Run by SvelteKit and by plain node scripts (tsx), so imports stay relative.
 */
import type { Audience, Branch, Category, Session, Workshop } from '../../domain/catalogue';

export type Row<T> = Omit<T, 'version'>;

export interface CatalogueData {
  branches: Row<Branch>[];
  categories: Row<Category>[];
  audiences: Row<Audience>[];
  workshops: Row<Workshop>[];
  sessions: Row<Session>[];
}

export const TIME_ZONE = 'America/Bogota';
/** Sessions cover this many local days, today included. */
export const HORIZON_DAYS = 28;
/** Bogotá is UTC−5 all year (no daylight saving time). */
const BOGOTA_OFFSET_MS = -5 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------------------
// Small deterministic helpers (shared with synthetic.ts)

/** FNV-1a, 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function seededRandom(key: string): () => number {
  return mulberry32(hashString(key));
}

/** Days since 1970-01-01 of the Bogotá-local calendar date that contains `instant`. */
export function bogotaDayNumber(instant: Date): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('now must be a valid Date');
  return Math.floor((ms + BOGOTA_OFFSET_MS) / DAY_MS);
}

/** The UTC instant of a Bogotá-local wall-clock time (minutes after midnight) on a day. */
export function bogotaInstant(dayNumber: number, minuteOfDay: number): Date {
  return new Date(dayNumber * DAY_MS + minuteOfDay * MINUTE_MS - BOGOTA_OFFSET_MS);
}

/** 0 = Sunday … 6 = Saturday, for a Bogotá-local day number. */
export function weekdayOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCDay();
}

/** "20261125" for a Bogotá-local day number. */
export function dayKey(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** "0900" for 540 minutes after midnight. */
export function timeKey(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}`;
}

export function sessionId(workshopId: string, dayNumber: number, minuteOfDay: number): string {
  return `ses-${workshopId}-${dayKey(dayNumber)}-${timeKey(minuteOfDay)}`;
}

/** Rooms found in every library park, with the seats a session there usually offers. */
export const ROOM_CAPACITY = {
  'Sala de cómputo': 20,
  'Sala de formación': 24,
  'Sala de lectura': 25,
  Auditorio: 40,
  Terraza: 30,
  'Taller de artes': 18,
  'Laboratorio de creación': 16,
  Ludoteca: 15,
  'Sala infantil': 15,
  Bebeteca: 12
} as const;
export type Room = keyof typeof ROOM_CAPACITY;

// ---------------------------------------------------------------------------------------
// Categories and audiences

const CATEGORIES = [
  ['digital', 'alfabetizacion-digital', 'Alfabetización digital', 'Digital literacy'],
  ['empleo', 'empleo-y-emprendimiento', 'Empleo y emprendimiento', 'Jobs and entrepreneurship'],
  ['lectura', 'lectura-y-escritura', 'Lectura y escritura', 'Reading and writing'],
  ['ingles', 'ingles', 'Inglés', 'English'],
  ['robotica', 'robotica-y-programacion', 'Robótica y programación', 'Robotics and coding'],
  ['artes', 'artes-y-oficios', 'Artes y oficios', 'Arts and crafts'],
  ['infancia', 'primera-infancia', 'Primera infancia', 'Early childhood'],
  ['mayores', 'personas-mayores', 'Personas mayores', 'Older adults'],
  ['migrantes', 'orientacion-migrantes', 'Orientación para migrantes', 'Guidance for migrants']
] as const;
type CategoryKey = (typeof CATEGORIES)[number][0];

const AUDIENCES = [
  ['primera-infancia', 'Primera infancia y familias', 'Early childhood and families'],
  ['ninos', 'Niñas y niños', 'Children'],
  ['jovenes', 'Jóvenes', 'Young people'],
  ['adultos', 'Adultos', 'Adults'],
  ['mayores', 'Personas mayores', 'Older adults'],
  ['migrantes', 'Población migrante', 'Migrants'],
  ['todos', 'Todo público', 'Everyone']
] as const;
type AudienceKey = (typeof AUDIENCES)[number][0];

/** The nine demo categories ('cat-digital' …), fresh copies. */
export function demoCategories(): Row<Category>[] {
  return CATEGORIES.map(([key, slug, nameEs, nameEn], i) => ({
    id: `cat-${key}`,
    slug,
    nameEs,
    nameEn,
    sort: i + 1
  }));
}

/** The seven demo audiences ('aud-ninos' …), fresh copies. */
export function demoAudiences(): Row<Audience>[] {
  return AUDIENCES.map(([key, nameEs, nameEn], i) => ({
    id: `aud-${key}`,
    slug: key === 'todos' ? 'todo-publico' : key,
    nameEs,
    nameEn,
    sort: i + 1
  }));
}

// ---------------------------------------------------------------------------------------
// Branches and their workshops

type Day = 'dom' | 'lun' | 'mar' | 'mie' | 'jue' | 'vie' | 'sab';
const WEEKDAY: Record<Day, number> = { dom: 0, lun: 1, mar: 2, mie: 3, jue: 4, vie: 5, sab: 6 };
/** "lun 09:00": weekday and local start time of a weekly session. */
type Slot = `${Day} ${number}:${number}`;

interface WorkshopSpec {
  key: string;
  cat: CategoryKey;
  aud: AudienceKey[];
  room: Room;
  /** 1–3 weekly slots. */
  slots: Slot[];
  /** Session length in minutes; 120 unless said. */
  minutes?: number;
  /** Overrides the room's usual capacity. */
  capacity?: number;
  facilitator: string;
  title: string;
  summary: string;
  description: string;
}

interface BranchSpec {
  short: string;
  slug: string;
  name: string;
  neighbourhood: string;
  comuna: string;
  address: string;
  workshops: WorkshopSpec[];
}

/*
 * Every branch follows the same weekly skeleton so that any local date has at least three
 * sessions per branch, one of them 18:00–20:00: Inglés Mon/Wed/Fri evenings, Empleo Tue/Thu
 * evenings, Artes Saturday evening and the reading club Sunday evening; mornings and
 * afternoons are filled by the digital, early-childhood, robotics and senior/migrant groups.
 */
const BRANCHES: BranchSpec[] = [
  {
    short: 'espana',
    slug: 'espana',
    name: 'Parque Biblioteca España',
    neighbourhood: 'Santo Domingo Savio',
    comuna: 'Comuna 1 – Popular',
    address: 'Carrera 33B # 107A-100',
    workshops: [
      {
        key: 'correo',
        cat: 'digital',
        aud: ['adultos', 'mayores'],
        room: 'Sala de cómputo',
        slots: ['lun 09:00', 'mie 09:00', 'vie 09:00'],
        facilitator: 'Luz Marina Restrepo',
        title: 'Mi primer correo electrónico',
        summary:
          'Cree su cuenta de correo y aprenda a enviar mensajes con documentos adjuntos para ' +
          'trámites y búsqueda de empleo.',
        description:
          'Cada persona crea su propia cuenta de correo y aprende a escribir, responder y ' +
          'organizar mensajes. Practicamos cómo adjuntar la foto de un documento y cómo ' +
          'reconocer correos engañosos. No necesita saber nada de computadores. Traiga su ' +
          'cédula y su celular; si tiene una cuenta olvidada, le ayudamos a recuperarla.'
      },
      {
        key: 'hoja-de-vida',
        cat: 'empleo',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de cómputo',
        slots: ['mar 18:00', 'jue 18:00', 'sab 09:00'],
        facilitator: 'Juan Camilo Ospina',
        title: 'Hoja de vida que abre puertas',
        summary:
          'Arme o actualice su hoja de vida y quede inscrito en el Servicio Público de Empleo, ' +
          'con acompañamiento personal.',
        description:
          'Revisamos qué poner en una hoja de vida, cómo contar la experiencia en oficios, ' +
          'ventas o cuidado de personas y cómo escribir un perfil corto que llame la atención. ' +
          'Al terminar sale con su hoja de vida en PDF y su registro en el Servicio Público de ' +
          'Empleo. Traiga sus certificados de estudio y de trabajo, o fotos de ellos en el celular.'
      },
      {
        key: 'ingles-entrevistas',
        cat: 'ingles',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de formación',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Natalia Gómez Arango',
        title: 'English for work: entrevistas',
        summary:
          'Practique en inglés las preguntas más comunes de una entrevista de trabajo para ' +
          'call centers, turismo y comercio.',
        description:
          'Cada sesión trabaja frases para presentarse, hablar de su experiencia y responder ' +
          'preguntas difíciles sin quedarse en blanco. Hacemos simulacros de entrevista en ' +
          'parejas y por teléfono, con retroalimentación amable. Se recomienda un nivel básico ' +
          '(A2). Traiga cuaderno y, si tiene, audífonos.'
      },
      {
        key: 'robotica-reciclada',
        cat: 'robotica',
        aud: ['ninos', 'jovenes'],
        room: 'Laboratorio de creación',
        slots: ['mar 14:00', 'jue 14:00', 'sab 14:00'],
        facilitator: 'Andrés Felipe Zapata',
        title: 'Robótica con material reciclado',
        summary:
          'Construya carros, brazos mecánicos y lámparas con cartón, tapas y motores pequeños ' +
          'mientras aprende electricidad básica.',
        description:
          'Aprendemos cómo funcionan un circuito, un motor y un sensor sencillo, y con eso ' +
          'armamos proyectos con material reciclado. Se trabaja en equipos y cada semana hay un ' +
          'reto nuevo. Para niñas, niños y jóvenes de 9 a 17 años. Si puede, traiga cajas de ' +
          'cartón, tapas y botellas limpias.'
      },
      {
        key: 'voz-alta',
        cat: 'lectura',
        aud: ['todos'],
        room: 'Sala de lectura',
        slots: ['mie 15:00', 'sab 10:00', 'dom 18:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Club de lectura en voz alta',
        summary:
          'Leemos juntos cuentos, crónicas y poemas de autores colombianos y conversamos sobre ' +
          'lo que nos dejan.',
        description:
          'En cada encuentro alguien del equipo lee en voz alta y quien quiera puede leer ' +
          'también; nadie está obligado. Después conversamos con calma sobre la historia y la ' +
          'relacionamos con la vida en el barrio. Los libros los pone la biblioteca y al final ' +
          'puede llevarse uno prestado con su carné.'
      },
      {
        key: 'tejido',
        cat: 'artes',
        aud: ['adultos', 'mayores'],
        room: 'Taller de artes',
        slots: ['sab 18:00', 'dom 10:00'],
        facilitator: 'Gloria Inés Cardona',
        title: 'Tejido y conversación',
        summary:
          'Aprenda puntos básicos de crochet y dos agujas en un espacio tranquilo para ' +
          'conversar y compartir.',
        description:
          'Empezamos con la cadeneta y el punto bajo, y poco a poco llegamos a un gorro, un ' +
          'bolso o una mochila sencilla. Mientras tejemos conversamos, compartimos historias y ' +
          'nos ayudamos entre todos. La biblioteca presta agujas y algo de lana para empezar. Si ' +
          'ya tiene un proyecto a medias, tráigalo.'
      },
      {
        key: 'bebeteca',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Bebeteca',
        slots: ['mar 10:00', 'jue 10:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Bebeteca: cuentos y canciones',
        summary:
          'Rondas, arrullos y libros de cartón para bebés de 0 a 3 años con sus mamás, papás o ' +
          'cuidadores.',
        description:
          'Leer desde la cuna ayuda a que niñas y niños aprendan a hablar, a escuchar y a ' +
          'sentirse seguros. En cada sesión cantamos, leemos libros con imágenes grandes y ' +
          'jugamos con títeres. Los bebés vienen con un adulto responsable. Traiga una manta o ' +
          'un cojín pequeño si quiere estar más cómodo en el piso.'
      },
      {
        key: 'ppt-sisben',
        cat: 'migrantes',
        aud: ['migrantes'],
        room: 'Auditorio',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Yusmary Hernández',
        title: 'Trámites en Colombia: PPT y Sisbén para migrantes venezolanos',
        summary:
          'Orientación gratuita sobre el Permiso por Protección Temporal, la encuesta del ' +
          'Sisbén y la afiliación a salud.',
        description:
          'Explicamos paso a paso cómo consultar el estado del PPT, qué hacer si el registro ' +
          'biométrico está pendiente y cómo pedir la encuesta del Sisbén. También resolvemos ' +
          'dudas sobre la afiliación a una EPS y la matrícula escolar de los hijos. Estos ' +
          'trámites son gratuitos: nadie debe cobrarle por ellos. Traiga su documento de ' +
          'identidad.'
      },
      {
        key: 'whatsapp',
        cat: 'digital',
        aud: ['mayores'],
        room: 'Sala de cómputo',
        slots: ['mar 09:00', 'jue 09:00'],
        facilitator: 'Kevin Alexis Montoya',
        title: 'WhatsApp y videollamadas sin miedo',
        summary:
          'Para personas mayores: envíe audios y fotos y haga videollamadas con su familia ' +
          'desde el celular.',
        description:
          'Practicamos con su propio celular cómo enviar audios, compartir fotos, crear un ' +
          'grupo familiar y hacer videollamadas. También aprendemos a reconocer mensajes falsos ' +
          'y cadenas que piden dinero. Vamos despacio y repetimos lo necesario. Traiga su ' +
          'celular con la batería cargada.'
      }
    ]
  },
  {
    short: 'san-javier',
    slug: 'san-javier',
    name: 'Parque Biblioteca San Javier',
    neighbourhood: 'San Javier',
    comuna: 'Comuna 13 – San Javier',
    address: 'Calle 42C # 95-50',
    workshops: [
      {
        key: 'celular',
        cat: 'digital',
        aud: ['mayores', 'adultos'],
        room: 'Sala de cómputo',
        slots: ['lun 10:00', 'mie 10:00', 'vie 10:00'],
        facilitator: 'Marta Lucía Henao',
        title: 'El celular paso a paso',
        summary:
          'Aprenda a configurar su celular, guardar contactos, tomar fotos y usar aplicaciones ' +
          'de pago de forma segura.',
        description:
          'Empezamos por lo básico: ajustar el tamaño de la letra, guardar contactos y liberar ' +
          'espacio. Luego usamos la cámara, el navegador y las billeteras digitales, con ' +
          'consejos para no caer en estafas. Cada persona avanza a su ritmo. Traiga su celular ' +
          'cargado y, si la tiene, la contraseña de su cuenta de Google.'
      },
      {
        key: 'emprendimiento',
        cat: 'empleo',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de formación',
        slots: ['mar 18:00', 'jue 18:00', 'sab 08:00'],
        facilitator: 'Jhon Fredy Úsuga',
        title: 'Emprendimiento desde el barrio',
        summary:
          'Convierta su idea en un negocio: costos, precios, formalización y cómo venderles a ' +
          'quienes visitan la Comuna 13.',
        description:
          'Trabajamos con ejemplos de emprendimientos de la comuna: comidas, artesanías, ' +
          'recorridos y ropa. Aprendemos a calcular costos, poner precios justos y llevar las ' +
          'cuentas en un cuaderno o en el celular. También vemos cómo formalizarse paso a paso ' +
          'y a qué programas de apoyo se puede acceder. Traiga su idea, aunque esté en el aire.'
      },
      {
        key: 'ingles-turismo',
        cat: 'ingles',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de formación',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Camila Andrea Ríos',
        title: 'Inglés para guías y comercio de la Comuna 13',
        summary:
          'Inglés práctico para atender visitantes: saludar, dar precios, contar la historia del ' +
          'barrio y dar indicaciones.',
        description:
          'La Comuna 13 recibe visitantes de todo el mundo y hablar inglés abre oportunidades ' +
          'de trabajo. Practicamos diálogos reales: vender un producto, explicar un grafiti, dar ' +
          'indicaciones y resolver un problema con un cliente. No se necesita nivel previo, solo ' +
          'ganas de hablar. Traiga cuaderno y lapicero.'
      },
      {
        key: 'scratch',
        cat: 'robotica',
        aud: ['ninos'],
        room: 'Sala de cómputo',
        slots: ['mar 15:00', 'jue 15:00', 'sab 14:00'],
        facilitator: 'Valentina Sierra',
        title: 'Scratch para niñas y niños',
        summary:
          'Cree animaciones y videojuegos sencillos con bloques de colores mientras aprende a ' +
          'pensar como programador.',
        description:
          'Con Scratch, niñas y niños de 8 a 12 años arman historias animadas y juegos ' +
          'arrastrando bloques, sin escribir código. Aprenden secuencias, repeticiones y ' +
          'condiciones resolviendo retos. Al final del ciclo cada participante muestra su ' +
          'proyecto a las familias. No hay que traer nada: la sala tiene computadores.'
      },
      {
        key: 'rimas',
        cat: 'lectura',
        aud: ['jovenes'],
        room: 'Sala de lectura',
        slots: ['mie 16:00', 'sab 10:00', 'dom 18:00'],
        facilitator: 'Brayan Estiven Durango',
        title: 'Rimas y relatos: escritura creativa con hip hop',
        summary: 'Escriba sus propias letras y relatos a partir del rap y la memoria del barrio.',
        description:
          'El hip hop es una forma de contar lo que vivimos. Leemos letras y textos de autores ' +
          'de la comuna, jugamos con la rima y el ritmo y escribimos canciones y relatos cortos. ' +
          'Al final del mes hacemos una lectura abierta en la biblioteca. Para jóvenes de 13 a ' +
          '24 años; traiga cuaderno.'
      },
      {
        key: 'grafiti',
        cat: 'artes',
        aud: ['jovenes', 'adultos'],
        room: 'Terraza',
        slots: ['sab 18:00', 'dom 10:00'],
        facilitator: 'Sebastián Torres',
        title: 'Grafiti y muralismo: del boceto a la pared',
        summary:
          'Aprenda dibujo, color y técnicas de aerosol para pasar de una idea en papel a un ' +
          'mural colectivo.',
        description:
          'Empezamos con bocetos en papel, teoría del color y composición, y luego practicamos ' +
          'con aerosol y brocha sobre paneles. Hablamos de la historia del grafiti en la Comuna ' +
          '13 y del respeto por los muros y sus dueños. La biblioteca pone los materiales; venga ' +
          'con ropa que se pueda manchar.'
      },
      {
        key: 'ludoteca',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Ludoteca',
        slots: ['mar 09:00', 'jue 09:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Ludoteca: jugar para aprender',
        summary:
          'Juegos de construcción, de roles y cuentos para niñas y niños de 2 a 5 años con sus ' +
          'familias.',
        description:
          'El juego es la forma en que los más pequeños aprenden. Cada sesión propone un rincón ' +
          'diferente: bloques, cocina de juguete, disfraces y cuentos, con ideas para repetir en ' +
          'casa. Un adulto responsable acompaña siempre al niño o la niña. Venga con medias: en ' +
          'la ludoteca se juega descalzo.'
      },
      {
        key: 'empleo-migrantes',
        cat: 'migrantes',
        aud: ['migrantes', 'adultos'],
        room: 'Auditorio',
        slots: ['lun 15:00', 'vie 15:00'],
        facilitator: 'Andreína Colmenares',
        title: 'Orientación laboral para población migrante',
        summary:
          'Conozca sus derechos laborales en Colombia, cómo convalidar su título y dónde buscar ' +
          'empleo formal.',
        description:
          'Resolvemos dudas frecuentes: qué documentos pide un empleador, cómo funciona la ' +
          'convalidación de títulos y qué derechos tiene como trabajador, sin importar su ' +
          'nacionalidad. Le mostramos cómo inscribirse en las bolsas de empleo públicas y cómo ' +
          'evitar ofertas engañosas. Traiga su PPT o pasaporte y su hoja de vida si la tiene.'
      },
      {
        key: 'memoria-viva',
        cat: 'mayores',
        aud: ['mayores'],
        room: 'Sala de lectura',
        slots: ['jue 14:00'],
        facilitator: 'Ligia Elena Zapata',
        title: 'Memoria viva: historias de la Comuna 13',
        summary:
          'Personas mayores comparten y registran sus recuerdos del barrio para un libro ' +
          'colectivo.',
        description:
          'Nos reunimos a recordar cómo era San Javier hace cuarenta o cincuenta años: las ' +
          'calles, las fiestas y la gente. Con ayuda del equipo, las historias se graban y se ' +
          'escriben para un libro y un archivo sonoro de la biblioteca. Puede traer fotos ' +
          'antiguas: las escaneamos y se las devolvemos el mismo día.'
      }
    ]
  },
  {
    short: 'ladera',
    slug: 'la-ladera',
    name: 'Parque Biblioteca La Ladera – León de Greiff',
    neighbourhood: 'Villa Hermosa',
    comuna: 'Comuna 8 – Villa Hermosa',
    address: 'Calle 59A # 36-30',
    workshops: [
      {
        key: 'computador',
        cat: 'digital',
        aud: ['adultos', 'mayores'],
        room: 'Sala de cómputo',
        slots: ['lun 08:00', 'mie 08:00', 'vie 08:00'],
        facilitator: 'Hernán Darío Vélez',
        title: 'Computador desde cero',
        summary:
          'Pierda el miedo al computador: mouse, teclado, carpetas y su primer documento ' +
          'escrito.',
        description:
          'Pensado para quienes nunca han usado un computador o lo usan muy poco. Practicamos ' +
          'con el mouse y el teclado, aprendemos a guardar y encontrar archivos y escribimos una ' +
          'carta sencilla. Cada sesión repasa lo anterior antes de avanzar. No necesita traer ' +
          'nada.'
      },
      {
        key: 'finanzas',
        cat: 'empleo',
        aud: ['adultos'],
        room: 'Sala de formación',
        slots: ['mar 18:00', 'jue 18:00', 'sab 09:00'],
        facilitator: 'Paula Andrea Montoya',
        title: 'Finanzas del hogar',
        summary:
          'Haga un presupuesto familiar, organice sus deudas y conozca alternativas seguras al ' +
          'préstamo gota a gota.',
        description:
          'Aprendemos a anotar ingresos y gastos, a separar lo necesario de lo que se puede ' +
          'aplazar y a planear el pago de deudas. Hablamos con claridad de los riesgos del gota ' +
          'a gota y de opciones formales de ahorro y crédito. Cada participante se lleva una ' +
          'plantilla de presupuesto en papel. Traiga una calculadora o su celular.'
      },
      {
        key: 'ingles-cero',
        cat: 'ingles',
        aud: ['adultos', 'jovenes'],
        room: 'Sala de formación',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Daniel Esteban Quintero',
        title: 'Inglés desde cero para adultos',
        summary:
          'Primeros pasos en inglés con vocabulario de la vida diaria, sin presión y a su ritmo.',
        description:
          'Aprendemos a saludar, presentarnos, hablar de la familia, los números, las horas y ' +
          'las compras. Las clases usan juegos, canciones y diálogos cortos para que todos ' +
          'hablen desde el primer día. Es para quienes nunca estudiaron inglés o lo olvidaron. ' +
          'Traiga cuaderno y lapicero.'
      },
      {
        key: 'videojuegos',
        cat: 'robotica',
        aud: ['jovenes'],
        room: 'Sala de cómputo',
        slots: ['mar 14:00', 'jue 14:00', 'sab 14:00'],
        facilitator: 'Santiago Betancur',
        title: 'Crea tu primer videojuego',
        summary:
          'Diseña personajes, niveles y reglas, y programa un videojuego que puedes jugar en el ' +
          'celular.',
        description:
          'Diseñamos un juego de plataformas desde la idea hasta una versión jugable, con ' +
          'herramientas gratuitas. Aprendes a dibujar personajes en pixel art, a programar el ' +
          'movimiento y a probar el juego con otras personas. Para jóvenes de 12 a 18 años, sin ' +
          'experiencia previa. Si tienes una memoria USB, tráela para llevarte tu proyecto.'
      },
      {
        key: 'poesia',
        cat: 'lectura',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de lectura',
        slots: ['mie 15:00', 'sab 10:00', 'dom 18:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Taller de poesía León de Greiff',
        summary: 'Lea y escriba poesía inspirada en el poeta que da nombre al parque biblioteca.',
        description:
          'León de Greiff jugó con las palabras, la música y los nombres raros, y eso hacemos ' +
          'aquí. Leemos algunos de sus poemas y otras voces de Medellín, y escribimos textos ' +
          'propios con ejercicios sencillos. No hace falta haber escrito antes. Si su autor ' +
          'quiere, los textos del ciclo se publican en la cartelera de la biblioteca.'
      },
      {
        key: 'fotografia',
        cat: 'artes',
        aud: ['jovenes', 'adultos'],
        room: 'Terraza',
        slots: ['jue 16:00', 'sab 18:00', 'dom 10:00'],
        facilitator: 'Mateo Arboleda',
        title: 'Fotografía con el celular: retratos del barrio',
        summary:
          'Aprenda a componer, iluminar y editar fotos con el celular mientras retrata la vida ' +
          'de Villa Hermosa.',
        description:
          'Vemos reglas simples de composición, cómo aprovechar la luz natural y cómo editar con ' +
          'aplicaciones gratuitas. Cada semana hay una salida corta por los alrededores del ' +
          'parque para practicar, siempre pidiendo permiso a quien se fotografía. Al final del ' +
          'ciclo armamos una exposición. Traiga su celular con espacio libre.'
      },
      {
        key: 'primeros-lectores',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Sala infantil',
        slots: ['mar 10:00', 'jue 10:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Primeros lectores: libros y arrullos',
        summary: 'Lectura, música y juego para niñas y niños de 0 a 5 años y sus cuidadores.',
        description:
          'Compartimos libros álbum, canciones de cuna y juegos con las manos que ayudan al ' +
          'lenguaje y al vínculo con los adultos. También damos ideas para leer en casa aunque ' +
          'haya pocos libros. Los niños vienen acompañados. Con el carné de la biblioteca puede ' +
          'llevar libros infantiles en préstamo.'
      },
      {
        key: 'memoria-movimiento',
        cat: 'mayores',
        aud: ['mayores'],
        room: 'Terraza',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Luz Dary Posada',
        title: 'Memoria y movimiento para personas mayores',
        summary:
          'Ejercicios suaves, juegos de memoria y lectura en grupo para mantenerse activo y ' +
          'acompañado.',
        description:
          'Cada encuentro combina estiramientos sencillos, ejercicios de equilibrio y juegos de ' +
          'memoria con palabras, refranes y canciones de antes. Todo se adapta a quienes usan ' +
          'bastón o caminan despacio. Es también un espacio para conversar y hacer amigos. Venga ' +
          'con ropa cómoda y una botella de agua.'
      }
    ]
  },
  {
    short: 'belen',
    slug: 'belen',
    name: 'Parque Biblioteca Belén',
    neighbourhood: 'Belén',
    comuna: 'Comuna 16 – Belén',
    address: 'Carrera 76 # 18A-19',
    workshops: [
      {
        key: 'tramites',
        cat: 'digital',
        aud: ['adultos', 'mayores'],
        room: 'Sala de cómputo',
        slots: ['lun 09:00', 'mie 09:00', 'vie 09:00'],
        facilitator: 'Carolina Múnera',
        title: 'Trámites en línea sin filas',
        summary:
          'Pida citas médicas, descargue certificados y pague servicios públicos por internet ' +
          'con seguridad.',
        description:
          'Practicamos los trámites que más se piden en el barrio: citas en la EPS, ' +
          'certificados de afiliación, consulta del Sisbén y pago de la factura de servicios. ' +
          'Aprendemos a reconocer las páginas oficiales y a guardar comprobantes. Traiga su ' +
          'cédula y, si tiene, su correo y contraseña. No pedimos ni guardamos sus claves.'
      },
      {
        key: 'entrevista',
        cat: 'empleo',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de formación',
        slots: ['mar 18:00', 'jue 18:00', 'sab 09:00'],
        facilitator: 'Jorge Iván Agudelo',
        title: 'Prepárese para la entrevista de trabajo',
        summary:
          'Simulacros de entrevista, lenguaje corporal y respuestas a las preguntas más ' +
          'difíciles.',
        description:
          'Repasamos qué buscan los seleccionadores, cómo hablar de sus fortalezas y cómo ' +
          'explicar los periodos sin trabajo. Cada participante hace al menos un simulacro con ' +
          'retroalimentación del grupo. También vemos qué llevar el día de la entrevista. Traiga ' +
          'su hoja de vida impresa o en el celular.'
      },
      {
        key: 'conversation-club',
        cat: 'ingles',
        aud: ['jovenes', 'adultos'],
        room: 'Terraza',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Laura Sofía Mejía',
        title: 'Club de conversación en inglés',
        summary:
          'Practique inglés hablando de temas cotidianos con otras personas, con apoyo de ' +
          'voluntarios.',
        description:
          'Un espacio para perder el miedo a hablar: cada semana hay un tema, como la comida, el ' +
          'fútbol o los viajes, y conversamos en grupos pequeños. Hay guías con vocabulario para ' +
          'quienes están empezando. Se recomienda un nivel básico. No hay exámenes ni tareas.'
      },
      {
        key: 'arduino',
        cat: 'robotica',
        aud: ['jovenes'],
        room: 'Laboratorio de creación',
        slots: ['mar 15:00', 'jue 15:00', 'sab 14:00'],
        facilitator: 'Felipe Cadavid',
        title: 'Arduino para principiantes',
        summary:
          'Programe luces, sensores y pequeños motores con Arduino y construya un proyecto ' +
          'propio.',
        description:
          'Aprendemos a conectar componentes en una protoboard y a escribir programas cortos ' +
          'para controlar luces, sonidos y motores. Luego cada equipo diseña un invento útil, ' +
          'como una alarma o un sensor de humedad para las plantas. Para jóvenes de 13 a 20 ' +
          'años. El laboratorio presta los kits; no hace falta experiencia.'
      },
      {
        key: 'novela-colombiana',
        cat: 'lectura',
        aud: ['adultos'],
        room: 'Sala de lectura',
        slots: ['mie 16:00', 'sab 10:00', 'dom 18:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Club de lectura: novela colombiana',
        summary:
          'Cada mes leemos una novela colombiana y la conversamos en grupo, capítulo a capítulo.',
        description:
          'Leemos a autoras y autores como Gabriel García Márquez, Laura Restrepo, Tomás ' +
          'González y Pilar Quintana. Cada semana comentamos algunos capítulos, compartimos ' +
          'pasajes favoritos y hablamos del contexto del país. La biblioteca presta los ' +
          'ejemplares a quienes se inscriban. Puede unirse en cualquier momento del mes.'
      },
      {
        key: 'encuadernacion',
        cat: 'artes',
        aud: ['jovenes', 'adultos'],
        room: 'Taller de artes',
        slots: ['sab 18:00', 'dom 10:00'],
        facilitator: 'Adriana María Londoño',
        title: 'Encuadernación artesanal: haga su propia libreta',
        summary:
          'Aprenda costuras y técnicas básicas para hacer libretas, álbumes y reparar libros ' +
          'viejos.',
        description:
          'Con papel, hilo, aguja y cartón aprendemos la costura japonesa, la costura copta y el ' +
          'cosido en cuadernillos. Cada participante termina varias libretas y aprende a reparar ' +
          'un libro dañado. La biblioteca pone los materiales básicos. Si quiere, traiga papeles ' +
          'reciclados o telas para las tapas.'
      },
      {
        key: 'arrullos',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Bebeteca',
        slots: ['mar 10:00', 'jue 10:00', 'dom 09:30'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Arrullos y rondas para bebés',
        summary: 'Canciones, rimas y libros para compartir con bebés de 0 a 2 años.',
        description:
          'Recuperamos los arrullos y las rondas tradicionales colombianas y los combinamos con ' +
          'libros de tela y de cartón. Las familias aprenden canciones nuevas para el baño, la ' +
          'comida y la hora de dormir. Un adulto acompaña siempre al bebé. Hay espacio para ' +
          'coches y cambiador en la sala.'
      },
      {
        key: 'salud-escuela',
        cat: 'migrantes',
        aud: ['migrantes'],
        room: 'Auditorio',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Rosmary Pérez',
        title: 'Salud y escuela para familias migrantes',
        summary:
          'Cómo matricular a sus hijos en el colegio y afiliarse a una EPS en Medellín, paso a ' +
          'paso.',
        description:
          'Todos los niños, niñas y adolescentes tienen derecho a estudiar en Colombia, aunque ' +
          'no tengan los papeles al día. Explicamos cómo pedir cupo escolar, qué hacer si no ' +
          'tiene certificados de estudio y cómo afiliar a la familia a salud con el PPT. Traiga ' +
          'los documentos que tenga de cada integrante de la familia.'
      },
      {
        key: 'historias-de-vida',
        cat: 'mayores',
        aud: ['mayores'],
        room: 'Sala de lectura',
        slots: ['mar 09:00'],
        facilitator: 'Beatriz Elena Arango',
        title: 'Historias de vida: escritura para personas mayores',
        summary:
          'Escriba sus recuerdos con ayuda de ejercicios sencillos y compártalos con su familia.',
        description:
          'Usamos fotos, objetos y canciones para despertar recuerdos y convertirlos en textos ' +
          'cortos. Quien tenga dificultad para escribir puede dictar: el equipo transcribe. Al ' +
          'final del ciclo cada persona recibe un cuadernillo con sus historias. Traiga una foto ' +
          'antigua que le guste.'
      }
    ]
  },
  {
    short: 'carrasquilla',
    slug: 'tomas-carrasquilla',
    name: 'Parque Biblioteca Tomás Carrasquilla – La Quintana',
    neighbourhood: 'La Quintana',
    comuna: 'Comuna 7 – Robledo',
    address: 'Carrera 80 # 82-60',
    workshops: [
      {
        key: 'word-excel',
        cat: 'digital',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de cómputo',
        slots: ['lun 09:00', 'mie 09:00', 'vie 09:00'],
        facilitator: 'Diana Patricia Vélez',
        title: 'Word y Excel para el trabajo',
        summary:
          'Haga cartas, tablas y cuentas en el computador: lo que más piden las empresas en ' +
          'oficina.',
        description:
          'En Word practicamos cartas, informes y formatos con buena presentación. En Excel ' +
          'aprendemos fórmulas básicas, tablas y gráficos para llevar inventarios o las cuentas ' +
          'de un negocio. Se necesita saber usar el mouse y el teclado. Traiga una memoria USB ' +
          'o su correo para guardar los ejercicios.'
      },
      {
        key: 'ventas-redes',
        cat: 'empleo',
        aud: ['adultos', 'jovenes'],
        room: 'Sala de cómputo',
        slots: ['mar 18:00', 'jue 18:00', 'sab 10:00'],
        facilitator: 'Catalina Ramírez',
        title: 'Venda por redes sociales',
        summary:
          'Use WhatsApp Business, Instagram y Facebook para mostrar sus productos y conseguir ' +
          'clientes.',
        description:
          'Configuramos un catálogo en WhatsApp Business, tomamos buenas fotos de producto con ' +
          'el celular y escribimos publicaciones que vendan. Hablamos de cómo responder a los ' +
          'clientes, recibir pagos digitales y evitar estafas. Traiga su celular y algunos ' +
          'productos o fotos de ellos.'
      },
      {
        key: 'ingles-series',
        cat: 'ingles',
        aud: ['jovenes', 'adultos'],
        room: 'Auditorio',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Michael Steven Arias',
        title: 'Inglés intermedio con series y canciones',
        summary:
          'Mejore su comprensión del inglés escuchando fragmentos de series, canciones y ' +
          'pódcasts.',
        description:
          'Cada semana trabajamos un fragmento corto: lo escuchamos, descubrimos expresiones ' +
          'nuevas y las usamos en conversaciones. Es para personas con nivel básico o intermedio ' +
          '(A2–B1) que quieren entender mejor el inglés real. Traiga audífonos si tiene.'
      },
      {
        key: 'python',
        cat: 'robotica',
        aud: ['jovenes'],
        room: 'Sala de cómputo',
        slots: ['mar 14:00', 'jue 14:00', 'sab 14:00'],
        facilitator: 'Juliana Correa',
        title: 'Programación con Python para jóvenes',
        summary:
          'Aprende a programar desde cero con Python haciendo juegos, calculadoras y pequeños ' +
          'bots.',
        description:
          'Empezamos con variables, condiciones y ciclos, y los usamos para hacer programas ' +
          'divertidos como un juego de adivinanzas o un bot que responde preguntas. Hablamos ' +
          'también de los caminos para estudiar programación gratis en la ciudad. Para jóvenes ' +
          'de 14 a 24 años que sepan usar un computador.'
      },
      {
        key: 'cronica',
        cat: 'lectura',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de lectura',
        slots: ['mie 15:00', 'sab 09:00', 'dom 18:00'],
        facilitator: 'Ana Milena Castaño',
        title: 'Crónica del barrio: taller de escritura',
        summary:
          'Cuente las historias de Robledo como Tomás Carrasquilla: con humor, detalle y la voz ' +
          'de la gente.',
        description:
          'Leemos fragmentos de Tomás Carrasquilla y de cronistas de Medellín para aprender a ' +
          'observar y escuchar. Luego salimos al barrio, conversamos con vecinos y escribimos ' +
          'crónicas cortas que se revisan en grupo con respeto. Traiga cuaderno y lapicero, o su ' +
          'celular para grabar entrevistas.'
      },
      {
        key: 'marroquineria',
        cat: 'artes',
        aud: ['adultos', 'jovenes'],
        room: 'Taller de artes',
        slots: ['jue 09:00', 'sab 18:00', 'dom 10:00'],
        facilitator: 'Wilson Alberto Restrepo',
        title: 'Marroquinería: haga su propia billetera',
        summary: 'Trabaje el cuero paso a paso: trazo, corte, costura a mano y acabados.',
        description:
          'Aprendemos a usar las herramientas básicas de la marroquinería y hacemos piezas ' +
          'pequeñas como un llavero, un tarjetero y una billetera. Es un oficio que puede ' +
          'convertirse en una fuente de ingresos. La biblioteca pone retazos de cuero y ' +
          'herramientas. Traiga una regla metálica si tiene.'
      },
      {
        key: 'titeres',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Sala infantil',
        slots: ['mar 10:00', 'jue 10:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Cuentos con títeres',
        summary: 'Historias contadas con títeres para niñas y niños de 2 a 5 años y sus familias.',
        description:
          'Cada semana los títeres cuentan un cuento nuevo y después las familias hacen su ' +
          'propio títere con medias, papel y botones. Es una forma divertida de estimular la ' +
          'imaginación y el lenguaje. Los niños vienen acompañados por un adulto. Los materiales ' +
          'los pone la biblioteca.'
      },
      {
        key: 'recetas',
        cat: 'mayores',
        aud: ['mayores'],
        room: 'Terraza',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Fabiola Ospina',
        title: 'Recetas con historia: cocina y memoria antioqueña',
        summary:
          'Personas mayores comparten recetas tradicionales y las historias detrás de ellas para ' +
          'un recetario colectivo.',
        description:
          'Hablamos de la arepa, los frijoles, la mazamorra y los dulces de la abuela: cómo se ' +
          'preparaban, quién los enseñó y en qué fiestas se comían. El equipo escribe y ' +
          'fotografía las recetas para un recetario que quedará en la biblioteca. Traiga la ' +
          'receta que más recuerde.'
      },
      {
        key: 'comic',
        cat: 'artes',
        aud: ['ninos'],
        room: 'Taller de artes',
        slots: ['sab 14:00'],
        facilitator: 'Camilo Echeverri',
        title: 'Cómic para niñas y niños',
        summary: 'Invente personajes y dibuje su propia historieta, viñeta por viñeta.',
        description:
          'Aprendemos a dibujar caras, gestos y movimiento, y a contar una historia en viñetas ' +
          'con globos de diálogo. Cada participante crea un cómic corto que se fotocopia para ' +
          'compartir. Para niñas y niños de 7 a 12 años. Los materiales los pone la biblioteca.'
      }
    ]
  },
  {
    short: 'botero',
    slug: 'fernando-botero',
    name: 'Parque Biblioteca Fernando Botero',
    neighbourhood: 'San Cristóbal',
    comuna: 'Corregimiento 60 – San Cristóbal',
    address: 'Carrera 130 # 62-10',
    workshops: [
      {
        key: 'internet-diario',
        cat: 'digital',
        aud: ['adultos', 'mayores'],
        room: 'Sala de cómputo',
        slots: ['lun 09:00', 'mie 09:00', 'vie 09:00'],
        facilitator: 'Mónica Yepes',
        title: 'Internet para la vida diaria',
        summary:
          'Busque información confiable, consulte el clima y los precios del mercado y haga ' +
          'videollamadas.',
        description:
          'Pensado para la gente del corregimiento: aprendemos a buscar en internet, a ' +
          'distinguir noticias falsas, a consultar el pronóstico del clima y los precios de los ' +
          'productos agrícolas y a hablar por videollamada con la familia. Cada persona practica ' +
          'a su ritmo. Traiga su celular; también hay computadores disponibles.'
      },
      {
        key: 'huerta-mercado',
        cat: 'empleo',
        aud: ['adultos'],
        room: 'Sala de formación',
        slots: ['mar 18:00', 'jue 18:00', 'sab 08:00'],
        facilitator: 'Orlando de Jesús Mesa',
        title: 'De la huerta al mercado: emprendimiento campesino',
        summary: 'Costos, precios, empaques y ventas directas para productores de San Cristóbal.',
        description:
          'Trabajamos con lo que se cultiva y se produce en las veredas: hortalizas, flores, ' +
          'aromáticas y comidas. Calculamos costos, definimos precios justos y vemos cómo vender ' +
          'en mercados campesinos y por redes sociales. También conversamos sobre asociaciones y ' +
          'cooperativas. Traiga una muestra de su producto si quiere retroalimentación.'
      },
      {
        key: 'ingles-diario',
        cat: 'ingles',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de formación',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Tatiana Zapata Giraldo',
        title: 'Inglés básico para el día a día',
        summary:
          'Vocabulario y frases útiles en inglés para el trabajo, los viajes y la vida ' +
          'cotidiana.',
        description:
          'Aprendemos a presentarnos, pedir y dar información, hablar de rutinas y entender ' +
          'instrucciones sencillas. Las sesiones son prácticas, con juegos y diálogos en ' +
          'parejas. No necesita conocimientos previos. Traiga cuaderno y lapicero.'
      },
      {
        key: 'robotica-educativa',
        cat: 'robotica',
        aud: ['ninos'],
        room: 'Laboratorio de creación',
        slots: ['mar 14:00', 'jue 14:00', 'sab 10:00'],
        facilitator: 'Yeison Alexander Rúa',
        title: 'Robótica educativa para niñas y niños',
        summary:
          'Arme y programe pequeños robots con kits educativos mientras resuelve retos en ' +
          'equipo.',
        description:
          'Con kits de piezas, motores y sensores, las niñas y los niños construyen robots que ' +
          'siguen líneas, esquivan obstáculos y hacen sonidos. Aprenden a programarlos con ' +
          'bloques en una tableta. Para edades de 8 a 12 años. No necesitan traer nada.'
      },
      {
        key: 'mitos',
        cat: 'lectura',
        aud: ['todos'],
        room: 'Sala de lectura',
        slots: ['mie 15:00', 'sab 14:00', 'dom 18:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Tertulia: mitos y leyendas de Antioquia',
        summary:
          'Escuche y cuente historias de la Madremonte, la Patasola y otros espantos del campo ' +
          'antioqueño.',
        description:
          'Las abuelas y los abuelos del corregimiento guardan historias que vale la pena ' +
          'escuchar. En cada tertulia leemos un relato tradicional y abrimos la palabra para que ' +
          'los asistentes cuenten sus versiones. Los relatos se recogen en un libro de la ' +
          'biblioteca. Un plan para toda la familia.'
      },
      {
        key: 'pintura',
        cat: 'artes',
        aud: ['jovenes', 'adultos'],
        room: 'Taller de artes',
        slots: ['jue 15:00', 'sab 18:00', 'dom 10:00'],
        facilitator: 'Luisa Fernanda Ochoa',
        title: 'Pintura y color: inspirados en Botero',
        summary:
          'Explore el volumen, el color y la forma con acuarela y acrílico, a partir de la obra ' +
          'de Fernando Botero.',
        description:
          'Observamos obras del maestro que da nombre al parque biblioteca y probamos su manera ' +
          'de exagerar los volúmenes. Practicamos mezcla de colores, bodegones y retratos. No ' +
          'hace falta saber dibujar. La biblioteca pone pinceles y pinturas; traiga un delantal ' +
          'o una camisa vieja.'
      },
      {
        key: 'juego-arrullo',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Sala infantil',
        slots: ['mar 10:00', 'jue 10:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Juego, arrullo y palabra',
        summary:
          'Encuentros de lectura y juego para bebés, niñas y niños de 0 a 5 años con sus ' +
          'familias.',
        description:
          'Leemos cuentos, cantamos coplas campesinas y jugamos con elementos de la naturaleza ' +
          'como semillas y hojas. Las familias se llevan ideas para seguir jugando en casa. Los ' +
          'niños vienen acompañados por un adulto. Se puede entrar con coche.'
      },
      {
        key: 'parques-domino',
        cat: 'mayores',
        aud: ['mayores'],
        room: 'Terraza',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Gustavo Adolfo Marín',
        title: 'Parqués, dominó y memoria',
        summary:
          'Tardes de juegos de mesa y ejercicios de memoria para personas mayores del ' +
          'corregimiento.',
        description:
          'Jugar en grupo ejercita la memoria, la atención y el cálculo, y sobre todo nos junta. ' +
          'Cada sesión empieza con un ejercicio corto de memoria y sigue con torneos amistosos ' +
          'de parqués, dominó y cartas. Hay tinto y aromática. Solo traiga ganas de jugar.'
      }
    ]
  },
  {
    short: 'doce',
    slug: 'doce-de-octubre',
    name: 'Parque Biblioteca Gabriel García Márquez – Doce de Octubre',
    neighbourhood: 'Doce de Octubre',
    comuna: 'Comuna 6 – Doce de Octubre',
    address: 'Carrera 80 # 104-04',
    workshops: [
      {
        key: 'estafas',
        cat: 'digital',
        aud: ['adultos', 'mayores'],
        room: 'Sala de cómputo',
        slots: ['lun 10:00', 'mie 10:00', 'vie 10:00'],
        facilitator: 'Ricardo Alonso Bedoya',
        title: 'Seguridad en internet: evite estafas',
        summary:
          'Reconozca mensajes falsos, proteja sus contraseñas y use su celular y sus cuentas ' +
          'con tranquilidad.',
        description:
          'Conocemos las estafas más comunes: falsos premios, supuestos familiares en apuros y ' +
          'enlaces que piden datos bancarios. Aprendemos a crear contraseñas seguras, activar la ' +
          'verificación en dos pasos y qué hacer si ya cayó en un engaño. Traiga su celular para ' +
          'configurar juntos las opciones de seguridad.'
      },
      {
        key: 'mujeres-emprendedoras',
        cat: 'empleo',
        aud: ['adultos'],
        room: 'Sala de formación',
        slots: ['mar 18:00', 'jue 18:00', 'sab 09:00'],
        facilitator: 'Sandra Milena Giraldo',
        title: 'Mujeres emprendedoras: del sueño al plan de negocio',
        summary:
          'Para mujeres con una idea o un negocio pequeño que quieren organizarlo y hacerlo ' +
          'crecer.',
        description:
          'Construimos paso a paso un plan de negocio sencillo: qué vendo, a quién, cuánto ' +
          'cuesta y cómo lo doy a conocer. Compartimos experiencias de emprendedoras del barrio ' +
          'y conocemos programas de apoyo de la ciudad. Hay un rincón con juegos para que los ' +
          'hijos pequeños esperen cerca. Traiga su idea y un cuaderno.'
      },
      {
        key: 'ingles-clientes',
        cat: 'ingles',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de formación',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Kelly Johana Marín',
        title: 'Inglés para atención al cliente',
        summary:
          'Frases y diálogos en inglés para trabajar en call centers, hoteles, restaurantes y ' +
          'tiendas.',
        description:
          'Practicamos saludos, preguntas frecuentes, manejo de quejas y conversaciones ' +
          'telefónicas. Cada sesión termina con un juego de roles para ganar confianza. Se ' +
          'recomienda un nivel básico (A2). Traiga cuaderno y audífonos si tiene.'
      },
      {
        key: 'app-inventor',
        cat: 'robotica',
        aud: ['jovenes'],
        room: 'Sala de cómputo',
        slots: ['mar 15:00', 'jue 15:00', 'sab 15:00'],
        facilitator: 'Esteban Mejía',
        title: 'Crea tu propia app para celular',
        summary:
          'Diseña y programa aplicaciones sencillas para Android con bloques, sin experiencia ' +
          'previa.',
        description:
          'Usamos App Inventor, una herramienta gratuita, para crear apps que resuelvan ' +
          'problemas del barrio: un directorio de tiendas, un juego o un recordatorio de tareas. ' +
          'Aprendes a diseñar pantallas y a programar con bloques. Para jóvenes de 12 a 18 años. ' +
          'Si tienes celular Android, tráelo para probar tu app.'
      },
      {
        key: 'leer-a-gabo',
        cat: 'lectura',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de lectura',
        slots: ['mie 16:00', 'sab 10:00', 'dom 18:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Leer a Gabo: club de lectura',
        summary: 'Cuentos y novelas de Gabriel García Márquez, leídos y conversados en grupo.',
        description:
          'Este parque biblioteca lleva el nombre de Gabriel García Márquez y el club recorre su ' +
          'obra, de «Doce cuentos peregrinos» a «Crónica de una muerte anunciada». Leemos ' +
          'fragmentos en voz alta y conversamos sobre personajes, lugares y el Caribe ' +
          'colombiano. Los libros se prestan con el carné de la biblioteca.'
      },
      {
        key: 'teatro',
        cat: 'artes',
        aud: ['jovenes'],
        room: 'Auditorio',
        slots: ['sab 18:00', 'dom 10:00'],
        facilitator: 'Stiven Londoño',
        title: 'Teatro del barrio',
        summary:
          'Juegos de expresión, voz y cuerpo para montar una obra corta con historias del Doce ' +
          'de Octubre.',
        description:
          'Perdemos la pena con juegos de confianza, trabajamos la voz, el cuerpo y la ' +
          'improvisación y creamos entre todos una obra corta. La obra se presenta en el ' +
          'auditorio al final del ciclo. Para jóvenes de 14 a 26 años. Venga con ropa cómoda.'
      },
      {
        key: 'exploradores',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Ludoteca',
        slots: ['mar 09:00', 'jue 09:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Pequeños exploradores: juego y ciencia',
        summary:
          'Experimentos sencillos, juego y cuentos para niñas y niños de 3 a 5 años con sus ' +
          'familias.',
        description:
          'Mezclamos colores, vemos qué flota y qué se hunde y sembramos semillas, siempre con ' +
          'un cuento que acompaña la actividad. Las familias aprenden experimentos fáciles para ' +
          'repetir en casa. Un adulto acompaña a cada niño o niña. Traiga ropa que se pueda ' +
          'ensuciar.'
      },
      {
        key: 'rutas-migrantes',
        cat: 'migrantes',
        aud: ['migrantes'],
        room: 'Auditorio',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Oriana Castillo',
        title: 'Derechos y rutas de atención para personas migrantes',
        summary:
          'A dónde acudir en Medellín para salud, educación, empleo, protección y ' +
          'regularización.',
        description:
          'Presentamos las rutas de atención de la ciudad para personas migrantes y retornadas ' +
          'y cómo pedir orientación jurídica gratuita. Hablamos de qué hacer ante situaciones de ' +
          'discriminación, violencia o explotación laboral. Entregamos un directorio impreso con ' +
          'direcciones y teléfonos. La asesoría es confidencial y gratuita.'
      },
      {
        key: 'club-tareas',
        cat: 'lectura',
        aud: ['ninos'],
        room: 'Sala infantil',
        slots: ['lun 15:00', 'mie 15:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Club de tareas y lectura',
        summary:
          'Apoyo con las tareas escolares y un rato de lectura para niñas y niños de 7 a 12 ' +
          'años.',
        description:
          'Voluntarios y mediadores de lectura acompañan las tareas de español, matemáticas y ' +
          'sociales, y enseñan a buscar información en libros e internet. Cada sesión cierra con ' +
          'una lectura en grupo. Traiga sus cuadernos y las tareas pendientes.'
      }
    ]
  },
  {
    short: 'guayabal',
    slug: 'guayabal',
    name: 'Parque Biblioteca Manuel Mejía Vallejo – Guayabal',
    neighbourhood: 'Guayabal',
    comuna: 'Comuna 15 – Guayabal',
    address: 'Carrera 65 # 8B-91',
    workshops: [
      {
        key: 'documentos-nube',
        cat: 'digital',
        aud: ['adultos'],
        room: 'Sala de cómputo',
        slots: ['lun 09:00', 'mie 09:00', 'vie 09:00'],
        facilitator: 'Óscar Mauricio Giraldo',
        title: 'Documentos en la nube: guarde y comparta sin perder nada',
        summary:
          'Aprenda a escanear documentos con el celular, guardarlos en la nube y enviarlos en ' +
          'PDF.',
        description:
          'Muchos trámites piden documentos escaneados en PDF. Practicamos cómo escanear con la ' +
          'cámara del celular, ordenar carpetas en la nube y compartir archivos por correo o ' +
          'WhatsApp. Al final tendrá sus documentos importantes guardados y a la mano. Traiga su ' +
          'celular y los documentos que quiera digitalizar.'
      },
      {
        key: 'entrevistas-virtuales',
        cat: 'empleo',
        aud: ['jovenes', 'adultos'],
        room: 'Sala de cómputo',
        slots: ['mar 18:00', 'jue 18:00', 'sab 09:00'],
        facilitator: 'Lina Marcela Hoyos',
        title: 'Entrevistas virtuales y pruebas psicotécnicas',
        summary:
          'Prepárese para las entrevistas por videollamada y las pruebas en línea que usan las ' +
          'empresas.',
        description:
          'Configuramos la cámara y el micrófono, cuidamos el fondo y la luz y practicamos ' +
          'entrevistas por videollamada. También hacemos ejercicios parecidos a las pruebas ' +
          'psicotécnicas y de conocimientos más comunes. Traiga su hoja de vida y, si tiene, ' +
          'audífonos con micrófono.'
      },
      {
        key: 'ingles-a1',
        cat: 'ingles',
        aud: ['adultos', 'jovenes'],
        room: 'Sala de formación',
        slots: ['lun 18:00', 'mie 18:00', 'vie 18:00'],
        facilitator: 'Sara Valencia',
        title: 'Inglés A1: primeros pasos',
        summary: 'Curso introductorio de inglés para quienes empiezan desde cero.',
        description:
          'Aprendemos el alfabeto, los números, los saludos y frases para presentarse y hablar ' +
          'de la rutina. Cada clase tiene vocabulario nuevo, un juego y una conversación corta ' +
          'en parejas. Al terminar el ciclo podrá sostener un diálogo sencillo. Traiga cuaderno.'
      },
      {
        key: 'impresion-3d',
        cat: 'robotica',
        aud: ['jovenes'],
        room: 'Laboratorio de creación',
        slots: ['mar 14:00', 'jue 14:00', 'sab 14:00'],
        facilitator: 'Cristian Camilo Loaiza',
        title: 'Diseño e impresión 3D',
        summary:
          'Diseñe objetos en el computador y véalos salir de la impresora 3D del laboratorio.',
        description:
          'Aprendemos a modelar piezas en un programa gratuito de diseño 3D, desde un llavero ' +
          'hasta una pieza de repuesto. Vemos cómo se prepara un archivo para imprimir y cómo ' +
          'funciona la impresora. Cada participante imprime al menos un objeto propio. Para ' +
          'jóvenes de 13 a 24 años.'
      },
      {
        key: 'taller-cuento',
        cat: 'lectura',
        aud: ['adultos', 'jovenes'],
        room: 'Sala de lectura',
        slots: ['mie 15:00', 'sab 10:00', 'dom 18:00'],
        facilitator: 'Equipo de promoción de lectura',
        title: 'Taller de cuento Manuel Mejía Vallejo',
        summary:
          'Escriba cuentos cortos con ejercicios prácticos, en homenaje al escritor que da ' +
          'nombre al parque.',
        description:
          'Manuel Mejía Vallejo dirigió uno de los talleres de escritura más recordados de ' +
          'Medellín. Siguiendo ese espíritu, leemos cuentos breves, vemos cómo están construidos ' +
          'y escribimos los propios. Cada semana hay lectura en voz alta y comentarios del ' +
          'grupo. Traiga cuaderno o computador portátil.'
      },
      {
        key: 'guitarra',
        cat: 'artes',
        aud: ['jovenes', 'adultos'],
        room: 'Auditorio',
        slots: ['jue 16:00', 'sab 18:00', 'dom 11:00'],
        capacity: 20,
        facilitator: 'Jhonatan Osorio',
        title: 'Guitarra para principiantes',
        summary: 'Primeros acordes, ritmos de música colombiana y canciones sencillas en grupo.',
        description:
          'Aprendemos a afinar, a poner los primeros acordes y a acompañar ritmos como el ' +
          'bambuco, el pasillo y la balada. Tocamos en grupo desde la primera clase. La ' +
          'biblioteca presta algunas guitarras; si tiene una, tráigala.'
      },
      {
        key: 'leer-embarazo',
        cat: 'infancia',
        aud: ['primera-infancia'],
        room: 'Bebeteca',
        slots: ['mar 10:00', 'jue 10:00', 'dom 09:00'],
        minutes: 90,
        facilitator: 'Equipo de primera infancia',
        title: 'Leer en familia desde el embarazo',
        summary:
          'Para gestantes, bebés y sus familias: la voz, el cuento y la música como primer ' +
          'vínculo.',
        description:
          'Desde la barriga el bebé reconoce voces y ritmos. En este encuentro compartimos ' +
          'cuentos, canciones de cuna y consejos para leer con bebés, y conocemos los libros de ' +
          'la bebeteca. Pueden venir gestantes, mamás y papás con bebés de hasta 2 años y otros ' +
          'cuidadores.'
      },
      {
        key: 'mayores-conectados',
        cat: 'mayores',
        aud: ['mayores'],
        room: 'Sala de cómputo',
        slots: ['lun 14:00', 'vie 14:00'],
        facilitator: 'Rubén Darío Castrillón',
        title: 'Personas mayores conectadas',
        summary:
          'Use el celular y la tableta para ver fotos, escuchar música de su época y hablar con ' +
          'la familia.',
        description:
          'Un espacio sin afanes para aprender a usar la tecnología para el entretenimiento y la ' +
          'compañía. Buscamos canciones de antes, vemos fotos de la Medellín antigua, hacemos ' +
          'videollamadas y aprendemos a agrandar la letra del celular. Traiga su celular o use ' +
          'las tabletas de la biblioteca.'
      }
    ]
  }
];

// ---------------------------------------------------------------------------------------
// Assembly

interface ParsedSlot {
  weekday: number;
  minute: number;
}

function parseSlot(slot: Slot): ParsedSlot {
  const match = /^(dom|lun|mar|mie|jue|vie|sab) (\d{2}):(\d{2})$/.exec(slot);
  if (!match) throw new Error(`bad slot "${slot}"`);
  const [, day, hh, mm] = match as unknown as [string, Day, string, string];
  return { weekday: WEEKDAY[day], minute: Number(hh) * 60 + Number(mm) };
}

const FULL_SHARE = 0.15;
const CANCELLED_SHARE = 0.03;

/** Deterministic seats and status for one session, from its id alone. */
function occupancy(id: string, capacity: number, isToday: boolean) {
  const random = seededRandom(id);
  const full = random() < FULL_SHARE;
  const seatsTaken = full ? capacity : Math.floor(random() * capacity);
  // Same-day cancellations are rare in practice, and keeping today intact guarantees every
  // branch has something on when the kiosk opens.
  const cancelled = !isToday && random() < CANCELLED_SHARE;
  return { seatsTaken, status: cancelled ? ('cancelled' as const) : ('scheduled' as const) };
}

/**
 * The demo catalogue as of `now`: sessions on the 28 Bogotá-local days starting with
 * today's date (sessions of today that already ended are included). Only the local date
 * of `now` matters, so any `now` on the same day gives identical rows.
 */
export function demoCatalogue(now: Date): CatalogueData {
  const today = bogotaDayNumber(now);
  const branches: Row<Branch>[] = [];
  const workshops: Row<Workshop>[] = [];
  const sessions: Row<Session>[] = [];

  for (const b of BRANCHES) {
    const branchId = `br-${b.slug}`;
    branches.push({
      id: branchId,
      slug: b.slug,
      name: b.name,
      neighbourhood: b.neighbourhood,
      comuna: b.comuna,
      address: b.address,
      timeZone: TIME_ZONE
    });
    for (const w of b.workshops) {
      const workshopId = `ws-${b.short}-${w.key}`;
      workshops.push({
        id: workshopId,
        branchId,
        categoryId: `cat-${w.cat}`,
        audienceIds: w.aud.map((a) => `aud-${a}`),
        title: w.title,
        summary: w.summary,
        description: w.description,
        facilitator: w.facilitator
      });
      const capacity = w.capacity ?? ROOM_CAPACITY[w.room];
      const minutes = w.minutes ?? 120;
      const slots = w.slots.map(parseSlot);
      for (let offset = 0; offset < HORIZON_DAYS; offset++) {
        const day = today + offset;
        const weekday = weekdayOf(day);
        for (const slot of slots) {
          if (slot.weekday !== weekday) continue;
          const id = sessionId(workshopId, day, slot.minute);
          sessions.push({
            id,
            workshopId,
            branchId,
            startsAt: bogotaInstant(day, slot.minute).toISOString(),
            endsAt: bogotaInstant(day, slot.minute + minutes).toISOString(),
            room: w.room,
            capacity,
            ...occupancy(id, capacity, offset === 0)
          });
        }
      }
    }
  }

  sessions.sort((a, b) =>
    a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : 1
  );
  return {
    branches,
    categories: demoCategories(),
    audiences: demoAudiences(),
    workshops,
    sessions
  };
}
