/**
 * Importing a course a librarian wrote as a folder (or a zip of it):
 *
 *   course.md              front matter: title, summary, language, level, minutes, passMark
 *   lessons/01-name.md     one lesson per file, in file-name order; front matter title,
 *                          minutes and optionally audio: ../audio/clip.ogg
 *   quiz.md                optional: "## question", "- [x] right", "- [ ] wrong", "> why"
 *   img/, audio/, …        pictures, audio, PDFs and short videos the lessons refer to
 *
 * Everything is checked before anything is written: a folder with problems is refused
 * with every problem and where it is, and nothing is imported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix, join, relative, sep } from 'node:path';
import { Inflate } from 'fflate';
import { parseDocument } from 'yaml';
import {
  COURSE_LEVELS,
  type CourseAsset,
  type CourseLevel,
  type CourseManifest,
  type LessonRef,
  type Quiz,
  type QuizItem,
  type QuizKind
} from '../../domain/course';
import { writeTransaction, type Db } from '../db/index';
import { renderMarkdown, plainText, sanitizeSvg, type Problem, type Resolved } from './sanitize';
import { sha256, type ContentStore } from './store';

export type { Problem } from './sanitize';

/** A course folder as relative POSIX paths to bytes. */
export type CourseFiles = Map<string, Uint8Array>;

export const COURSE_LIMITS = {
  files: 500,
  /**
   * Entries in an uploaded zip, folders, hidden files and macOS resource forks included
   * (a Finder zip has about two per file): refused before any is read.
   */
  zipEntries: 2000,
  assetBytes: 25 * 1024 * 1024,
  courseBytes: 100 * 1024 * 1024
};

export class CourseImportError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `the course was not imported (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n')
    );
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

interface MediaType {
  type: string;
  magic: (b: Uint8Array) => boolean;
}

const ascii = (b: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

const MEDIA: Record<string, MediaType> = {
  png: { type: 'image/png', magic: (b) => b[0] === 0x89 && ascii(b, 1, 'PNG') },
  jpg: { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 },
  jpeg: { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 },
  gif: { type: 'image/gif', magic: (b) => ascii(b, 0, 'GIF8') },
  webp: { type: 'image/webp', magic: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  svg: { type: 'image/svg+xml', magic: () => true },
  ogg: { type: 'audio/ogg', magic: (b) => ascii(b, 0, 'OggS') },
  opus: { type: 'audio/ogg', magic: (b) => ascii(b, 0, 'OggS') },
  mp3: {
    type: 'audio/mpeg',
    magic: (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)
  },
  m4a: { type: 'audio/mp4', magic: (b) => ascii(b, 4, 'ftyp') },
  mp4: { type: 'video/mp4', magic: (b) => ascii(b, 4, 'ftyp') },
  webm: {
    type: 'video/webm',
    magic: (b) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3
  },
  pdf: { type: 'application/pdf', magic: (b) => ascii(b, 0, '%PDF-') }
};

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const LESSON_FILE = /^lessons\/(\d{1,3})-([a-z0-9][a-z0-9-]{0,60})\.md$/;

/** Reads a folder from disk (hidden files skipped). */
export function readCourseDir(dir: string): CourseFiles {
  const files: CourseFiles = new Map();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (name.startsWith('.')) continue;
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        if (files.size >= COURSE_LIMITS.files) {
          throw new CourseImportError([
            { file: '.', message: `a course may have at most ${COURSE_LIMITS.files} files` }
          ]);
        }
        files.set(relative(dir, full).split(sep).join('/'), readFileSync(full));
      }
    }
  };
  walk(dir);
  return files;
}

/** The size of each piece of compressed data handed to the inflater (see readCourseZip). */
const INFLATE_CHUNK = 8 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** A zip that is not one, or is cut short or damaged: nothing in it can be trusted. */
class ZipDamaged extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * The entries of a zip, from its central directory, without inflating anything. Refuses
 * an archive with more than COURSE_LIMITS.zipEntries entries before reading any of them.
 */
function zipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const n = view.getBigUint64(at, true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipDamaged();
    return Number(n);
  };
  // End of central directory: the last 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new CourseImportError([{ file: '(upload)', message: 'the upload is not a zip file' }]);
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if (eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
    const zip64 = u64(eocd - 12);
    if (zip64 + 56 > bytes.length || u32(zip64) !== 0x06064b50) throw new ZipDamaged();
    count = u64(zip64 + 32);
    offset = u64(zip64 + 48);
  }
  if (count > COURSE_LIMITS.zipEntries) {
    throw new CourseImportError([
      {
        file: '(upload)',
        message: `the zip holds ${count} entries; a course zip may hold at most ${COURSE_LIMITS.zipEntries}`
      }
    ]);
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw new ZipDamaged();
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const next = at + 46 + nameLength + extraLength + u16(at + 32);
    if (next > bytes.length) throw new ZipDamaged();
    const raw = bytes.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      name = utf8.decode(raw);
    } catch {
      name = flags & 0x800 ? '' : latin1.decode(raw);
      if (!name) throw new ZipDamaged();
    }
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localOffset = u32(at + 42);
    // Zip64: the fields set to 0xFFFFFFFF are in extra field 1, in this order.
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      let x = at + 46 + nameLength;
      const end = x + extraLength;
      while (x + 4 <= end && u16(x) !== 1) x += 4 + u16(x + 2);
      if (x + 4 > end) throw new ZipDamaged();
      let field = x + 4;
      const read64 = () => {
        if (field + 8 > end) throw new ZipDamaged();
        const n = u64(field);
        field += 8;
        return n;
      };
      if (size === 0xffffffff) size = read64();
      if (compressedSize === 0xffffffff) compressedSize = read64();
      if (localOffset === 0xffffffff) localOffset = read64();
    }
    entries.push({
      name,
      method: u16(at + 10),
      encrypted: (flags & 1) === 1,
      compressedSize,
      size,
      localOffset
    });
    at = next;
  }
  return entries;
}

/**
 * One entry's bytes. Inflates in small pieces and stops as soon as the output passes the
 * size the directory declared (already checked against the limits), so an entry that lies
 * about its size costs at most one piece's output (≤ ~1,000 × INFLATE_CHUNK) to find out.
 */
function zipEntryBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipDamaged();
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipDamaged();
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new ZipDamaged();
    return data.slice();
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > out.length) over = true;
    else out.set(chunk, written);
    written += chunk.length;
  });
  try {
    let from = 0;
    do {
      const to = Math.min(from + INFLATE_CHUNK, data.length);
      inflater.push(data.subarray(from, to), to === data.length);
      from = to;
      if (over) {
        throw new CourseImportError([
          { file: entry.name, message: 'inflates to more than the size the zip declares for it' }
        ]);
      }
    } while (from < data.length);
  } catch (e) {
    if (e instanceof CourseImportError) throw e;
    throw new ZipDamaged();
  }
  if (written !== entry.size) throw new ZipDamaged();
  return out;
}

/**
 * Reads a zip of a course folder; one enclosing folder, if every file shares it, is dropped.
 *
 * A zip is a small upload that may inflate to anything, so every limit is checked before or
 * while inflating, never after: the entry count (COURSE_LIMITS.zipEntries) from the
 * directory before any entry is read; each file's declared size (assetBytes) and their total
 * (courseBytes) before anything is inflated; and each file's real output against its
 * declared size while it inflates. Hidden files, macOS resource forks and folders are
 * skipped without inflating them.
 */
export function readCourseZip(bytes: Uint8Array): CourseFiles {
  try {
    return readZipChecked(bytes);
  } catch (e) {
    if (e instanceof CourseImportError) throw e;
    if (e instanceof ZipDamaged || e instanceof RangeError) {
      throw new CourseImportError([
        { file: '(upload)', message: 'the zip file is damaged or cut short' }
      ]);
    }
    throw e;
  }
}

function readZipChecked(bytes: Uint8Array): CourseFiles {
  const all = zipDirectory(bytes);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const wanted: ZipEntry[] = [];
  let declared = 0;
  for (const entry of all) {
    const n = entry.name;
    if (n.endsWith('/')) continue;
    if (n.startsWith('/') || n.includes('\\') || n.split('/').includes('..')) {
      problems.push({ file: n, message: 'a file name in the zip points outside the course' });
      continue;
    }
    if (n.split('/').some((part) => part.startsWith('.') || part === '__MACOSX')) continue;
    if (seen.has(n)) {
      problems.push({ file: n, message: 'appears twice in the zip' });
      continue;
    }
    seen.add(n);
    if (entry.encrypted) problems.push({ file: n, message: 'is encrypted' });
    else if (entry.method !== 0 && entry.method !== 8) {
      problems.push({ file: n, message: 'is compressed with a method other than deflate' });
    } else if (entry.size > COURSE_LIMITS.assetBytes) {
      problems.push({
        file: n,
        message: `is larger than ${COURSE_LIMITS.assetBytes / 1024 / 1024} MB`
      });
    }
    declared += entry.size;
    wanted.push(entry);
  }
  if (wanted.length > COURSE_LIMITS.files) {
    problems.push({ file: '(upload)', message: `at most ${COURSE_LIMITS.files} files` });
  }
  if (declared > COURSE_LIMITS.courseBytes) {
    problems.push({
      file: '(upload)',
      message: `the files inflate to more than ${COURSE_LIMITS.courseBytes / 1024 / 1024} MB`
    });
  }
  if (problems.length) throw new CourseImportError(problems);
  const names = wanted.map((e) => e.name);
  const top = names[0]?.split('/')[0];
  const strip = top && names.every((n) => n.startsWith(`${top}/`)) && !names.includes('course.md');
  const files: CourseFiles = new Map();
  let inflated = 0;
  for (const entry of wanted) {
    const data = zipEntryBytes(bytes, entry);
    inflated += data.length;
    // Cannot trip (each entry is held to its declared size); kept as the last word.
    if (inflated > COURSE_LIMITS.courseBytes) throw new ZipDamaged();
    files.set(strip ? entry.name.slice(top.length + 1) : entry.name, data);
  }
  return files;
}

interface Parsed {
  data: Record<string, unknown>;
  body: string;
  /** Line number (1-based) of the body's first line in the file. */
  bodyLine: number;
}

function frontMatter(file: string, text: string, problems: Problem[]): Parsed | null {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) {
    problems.push({ file, line: 1, message: 'must start with front matter between two --- lines' });
    return null;
  }
  const doc = parseDocument(match[1] ?? '');
  const error = doc.errors[0];
  if (error) {
    problems.push({
      file,
      line: (error.linePos?.[0].line ?? 0) + 1,
      message: error.message.split('\n')[0] ?? 'not valid YAML'
    });
    return null;
  }
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ file, line: 2, message: 'the front matter must be "key: value" lines' });
    return null;
  }
  const bodyLine = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0) + 1;
  return { data: data as Record<string, unknown>, body: source.slice(match[0].length), bodyLine };
}

function text(
  data: Record<string, unknown>,
  key: string,
  file: string,
  problems: Problem[],
  max = 200
): string {
  const value = data[key];
  if (typeof value !== 'string' || !value.trim()) {
    problems.push({ file, message: `"${key}" is missing or empty` });
    return '';
  }
  if (value.length > max) {
    problems.push({ file, message: `"${key}" is longer than ${max} characters` });
  }
  return value.trim();
}

function whole(
  data: Record<string, unknown>,
  key: string,
  file: string,
  problems: Problem[],
  [min, max]: [number, number],
  fallback?: number
): number {
  const value = data[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push({ file, message: `"${key}" must be a whole number from ${min} to ${max}` });
    return min;
  }
  return value;
}

export interface PreparedAsset {
  bytes: Uint8Array;
  type: string;
}

export interface PreparedCourse {
  manifest: Omit<CourseManifest, 'version'>;
  assets: Map<string, PreparedAsset>;
  /** Things worth knowing that do not stop the import (files no lesson uses). */
  warnings: Problem[];
}

/** Checks and converts a course folder; throws CourseImportError listing every problem. */
export function prepareCourse(files: CourseFiles, fallbackId: string): PreparedCourse {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const assets = new Map<string, PreparedAsset>();
  const used = new Set<string>();
  const fileHashes: Record<string, string> = {};
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const readText = (file: string): string | null => {
    try {
      return decoder.decode(files.get(file));
    } catch {
      problems.push({ file, message: 'is not UTF-8 text' });
      return null;
    }
  };

  const addAsset = (bytes: Uint8Array, type: string): string => {
    const hash = sha256(bytes);
    assets.set(hash, { bytes, type });
    return hash;
  };

  /** A reference written in `from` to a file in the folder, stored as an asset. */
  const media = (from: string, ref: string): { hash: string; path: string } | { error: string } => {
    let path: string;
    try {
      path = decodeURIComponent(ref.split(/[?#]/)[0] ?? '');
    } catch {
      return { error: `${ref} is not a valid file reference` };
    }
    const target = posix.normalize(posix.join(posix.dirname(from), path));
    if (target.startsWith('../') || target === '..' || posix.isAbsolute(path)) {
      return { error: `${ref} points outside the course folder` };
    }
    const bytes = files.get(target);
    if (!bytes) return { error: `file not found: ${target}` };
    const ext = target.split('.').pop()?.toLowerCase() ?? '';
    const kind = MEDIA[ext];
    if (!kind) {
      return {
        error: `${target}: files of type .${ext} are not supported (use ${Object.keys(MEDIA).join(', ')})`
      };
    }
    if (bytes.length > COURSE_LIMITS.assetBytes) {
      return { error: `${target} is larger than ${COURSE_LIMITS.assetBytes / 1024 / 1024} MB` };
    }
    used.add(target);
    if (ext === 'svg') {
      let source: string;
      try {
        source = decoder.decode(bytes);
      } catch {
        return { error: `${target} is not a readable SVG picture` };
      }
      const clean = sanitizeSvg(source);
      if (!clean) return { error: `${target} is not an SVG picture` };
      const hash = addAsset(new TextEncoder().encode(clean), kind.type);
      fileHashes[target] = hash;
      return { hash, path: target };
    }
    if (!kind.magic(bytes)) return { error: `${target} is not really a .${ext} file` };
    const hash = addAsset(bytes, kind.type);
    fileHashes[target] = hash;
    return { hash, path: target };
  };

  const resolver =
    (from: string, refs: string[]) =>
    (ref: string): Resolved => {
      const r = media(from, ref);
      if ('error' in r) return r;
      refs.push(r.path);
      // By name, not hash: a changed picture then changes the manifest's file list and
      // the picture, not the lesson that shows it (a course update fetches only the file).
      return { url: `asset:${encodeURI(r.path)}`, type: assets.get(r.hash)?.type };
    };

  // course.md
  let title = '';
  let summary = '';
  let intro = '';
  let language = 'es';
  let level: CourseLevel = 'inicial';
  let minutes = 0;
  let passMark = 70;
  let id = fallbackId;
  const courseText = files.has('course.md') ? readText('course.md') : null;
  if (!files.has('course.md')) {
    problems.push({ file: 'course.md', message: 'missing: every course needs a course.md' });
  } else if (courseText !== null) {
    const fm = frontMatter('course.md', courseText, problems);
    if (fm) {
      const f = 'course.md';
      if (fm.data.id !== undefined) id = String(fm.data.id);
      title = text(fm.data, 'title', f, problems, 120);
      summary = text(fm.data, 'summary', f, problems, 400);
      language = text(fm.data, 'language', f, problems, 10);
      if (language && !/^[a-z]{2}(-[A-Z]{2})?$/.test(language)) {
        problems.push({ file: f, message: '"language" must be a language code such as es or en' });
      }
      const lv = fm.data.level;
      if (typeof lv !== 'string' || !(COURSE_LEVELS as readonly string[]).includes(lv)) {
        problems.push({ file: f, message: `"level" must be one of ${COURSE_LEVELS.join(', ')}` });
      } else level = lv as CourseLevel;
      minutes = whole(fm.data, 'minutes', f, problems, [1, 6000]);
      passMark = whole(fm.data, 'passMark', f, problems, [1, 100], 70);
      intro = renderMarkdown(fm.body, f, fm.bodyLine, resolver(f, []), problems);
    }
  }
  if (!ID.test(id)) {
    problems.push({
      file: 'course.md',
      message: `the course id "${id}" must be lowercase letters, digits and dashes`
    });
  }

  // Lessons
  const lessons: LessonRef[] = [];
  const lessonFiles = [...files.keys()].filter((f) => f.startsWith('lessons/')).sort();
  for (const f of lessonFiles) {
    if (!f.endsWith('.md')) continue;
    const name = LESSON_FILE.exec(f);
    if (!name) {
      problems.push({
        file: f,
        message: 'lesson files are named like lessons/01-name.md (number, dash, lowercase name)'
      });
      continue;
    }
    const source = readText(f);
    if (source === null) continue;
    const fm = frontMatter(f, source, problems);
    if (!fm) continue;
    const lessonId = name[2] ?? '';
    if (lessons.some((l) => l.id === lessonId)) {
      problems.push({ file: f, message: `two lessons are called "${lessonId}"` });
    }
    const refs: string[] = [];
    const html = renderMarkdown(fm.body, f, fm.bodyLine, resolver(f, refs), problems);
    if (!html.trim()) problems.push({ file: f, message: 'the lesson has no text' });
    let audio: string | null = null;
    if (fm.data.audio !== undefined) {
      const r = media(f, String(fm.data.audio));
      if ('error' in r) problems.push({ file: f, message: `audio: ${r.error}` });
      else if (!assets.get(r.hash)?.type.startsWith('audio/')) {
        problems.push({ file: f, message: `audio: ${String(fm.data.audio)} is not an audio file` });
      } else audio = r.hash;
    }
    lessons.push({
      id: lessonId,
      title: text(fm.data, 'title', f, problems, 120),
      minutes: whole(fm.data, 'minutes', f, problems, [1, 600]),
      body: addAsset(new TextEncoder().encode(html), 'text/html; charset=utf-8'),
      audio,
      media: [...new Set(refs)]
    });
  }
  if (lessons.length === 0 && files.has('course.md')) {
    problems.push({ file: 'lessons/', message: 'the course has no lessons (lessons/01-name.md)' });
  }

  // Quiz
  let quiz: Quiz | null = null;
  if (files.has('quiz.md')) {
    const source = readText('quiz.md');
    const fm = source === null ? null : frontMatter('quiz.md', source, problems);
    if (fm) quiz = parseQuiz(fm, problems);
  }

  for (const f of files.keys()) {
    if (f === 'course.md' || f === 'quiz.md' || f.startsWith('lessons/') || used.has(f)) continue;
    if (/\.(md|txt)$/i.test(f) || /(^|\/)readme/i.test(f)) continue;
    warnings.push({ file: f, message: 'no lesson uses this file; it was not imported' });
  }

  const list: CourseAsset[] = [...assets].map(([hash, a]) => ({
    hash,
    size: a.bytes.length,
    type: a.type
  }));
  const size = list.reduce((n, a) => n + a.size, 0);
  if (size > COURSE_LIMITS.courseBytes) {
    problems.push({
      file: '.',
      message: `the course is larger than ${COURSE_LIMITS.courseBytes / 1024 / 1024} MB`
    });
  }
  if (problems.length) throw new CourseImportError(problems);

  return {
    manifest: {
      id,
      title,
      summary,
      intro,
      language,
      level,
      minutes,
      passMark,
      lessons,
      quiz,
      files: Object.fromEntries(Object.entries(fileHashes).sort(([a], [b]) => a.localeCompare(b))),
      assets: list,
      size
    },
    assets,
    warnings
  };
}

const TRUE_FALSE = [
  ['verdadero', 'falso'],
  ['true', 'false']
];

function parseQuiz(fm: Parsed, problems: Problem[]): Quiz | null {
  const file = 'quiz.md';
  const title = typeof fm.data.title === 'string' ? fm.data.title.trim() : 'Quiz';
  const items: (QuizItem & { line: number })[] = [];
  const lines = fm.body.split('\n');
  lines.forEach((raw, i) => {
    const line = fm.bodyLine + i;
    const s = raw.trim();
    if (!s) return;
    const current = items.at(-1);
    let m: RegExpExecArray | null;
    if ((m = /^##\s+(.+)$/.exec(s))) {
      items.push({
        id: `q${items.length + 1}`,
        kind: 'single',
        prompt: plainText(m[1] ?? ''),
        options: [],
        answer: [],
        explain: '',
        line
      });
    } else if ((m = /^[-*]\s+\[( |x|X)\]\s+(.+)$/.exec(s))) {
      if (!current) problems.push({ file, line, message: 'an option before any "## question"' });
      else {
        if (m[1] !== ' ') current.answer.push(current.options.length);
        current.options.push(plainText(m[2] ?? ''));
      }
    } else if ((m = /^>\s?(.*)$/.exec(s))) {
      if (!current) problems.push({ file, line, message: 'an explanation before any question' });
      else current.explain = `${current.explain} ${plainText(m[1] ?? '')}`.trim();
    } else {
      problems.push({
        file,
        line,
        message:
          'not understood: use "## question", "- [x] right option", "- [ ] wrong option" or "> explanation"'
      });
    }
  });
  if (items.length === 0) problems.push({ file, message: 'the quiz has no questions ("## …")' });
  for (const item of items) {
    if (item.options.length < 2 || item.options.length > 10) {
      problems.push({ file, line: item.line, message: 'a question needs 2 to 10 options' });
    }
    if (item.answer.length === 0) {
      problems.push({
        file,
        line: item.line,
        message: 'no option is marked right with [x]'
      });
    }
    const folded = item.options.map((o) => o.toLowerCase());
    let kind: QuizKind = item.answer.length > 1 ? 'multiple' : 'single';
    if (
      TRUE_FALSE.some((tf) => tf.length === folded.length && tf.every((t, i) => t === folded[i]))
    ) {
      kind = 'truefalse';
      if (item.answer.length !== 1) {
        problems.push({ file, line: item.line, message: 'true/false needs exactly one [x]' });
      }
    }
    item.kind = kind;
  }
  return { title, items: items.map(({ line: _line, ...item }) => item) };
}

export interface PublishResult {
  id: string;
  version: number;
  /** False when the import matched the published course exactly. */
  changed: boolean;
  assets: number;
  /** Assets that were not in the store before. */
  newAssets: number;
  size: number;
  warnings: Problem[];
}

/** Stores a prepared course: its assets first (each once), then the manifest in one transaction. */
export async function publishCourse(
  db: Db,
  store: ContentStore,
  course: PreparedCourse,
  now: Date
): Promise<PublishResult> {
  let newAssets = 0;
  for (const [hash, asset] of course.assets) {
    if (!store.has(hash)) newAssets++;
    if (store.put(asset.bytes) !== hash) throw new Error('content store wrote a different hash');
  }
  const digest = sha256(JSON.stringify(course.manifest));
  return writeTransaction(db, async (trx) => {
    for (const a of course.manifest.assets) {
      await trx
        .insertInto('content_assets')
        .values({ hash: a.hash, size: a.size, type: a.type, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute();
    }
    const existing = await trx
      .selectFrom('courses')
      .select(['version', 'digest'])
      .where('id', '=', course.manifest.id)
      .executeTakeFirst();
    const base = {
      id: course.manifest.id,
      assets: course.manifest.assets.length,
      newAssets,
      size: course.manifest.size,
      warnings: course.warnings
    };
    if (existing?.digest === digest) {
      return { ...base, version: Number(existing.version), changed: false };
    }
    const version = existing ? Number(existing.version) + 1 : 1;
    const manifest: CourseManifest = { ...course.manifest, version };
    const json = JSON.stringify(manifest);
    const row = {
      version,
      title: manifest.title,
      manifest: json,
      digest,
      size: manifest.size,
      updated_at: now.toISOString()
    };
    if (existing) {
      await trx.updateTable('courses').set(row).where('id', '=', manifest.id).execute();
    } else {
      await trx
        .insertInto('courses')
        .values({ id: manifest.id, ...row })
        .execute();
    }
    await trx
      .insertInto('course_versions')
      .values({
        course_id: manifest.id,
        version,
        manifest: json,
        published_at: now.toISOString()
      })
      .execute();
    return { ...base, version, changed: true };
  });
}

export async function importCourse(
  db: Db,
  store: ContentStore,
  files: CourseFiles,
  fallbackId: string,
  now = new Date()
): Promise<PublishResult> {
  return publishCourse(db, store, prepareCourse(files, fallbackId), now);
}
