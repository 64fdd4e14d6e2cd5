import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../domain/course';
import { testDb, type TestDb } from '../test/factories';
import { getManifest } from './courses';
import { importDemoCourses } from './demo';
import {
  CourseImportError,
  importCourse,
  prepareCourse,
  readCourseZip,
  type CourseFiles
} from './import';
import { ContentStore, sha256 } from './store';
import { course, OGG, SVG } from '../test/courses';

const enc = (s: string) => new TextEncoder().encode(s);

function problemsOf(files: CourseFiles): string[] {
  try {
    prepareCourse(files, 'prueba');
  } catch (e) {
    if (e instanceof CourseImportError) {
      return e.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    }
    throw e;
  }
  throw new Error('the course was accepted');
}

describe('prepareCourse', () => {
  it('builds a manifest with lessons in file order, the quiz and every asset once', () => {
    const { manifest, assets } = prepareCourse(course(), 'prueba');
    expect(manifest.id).toBe('prueba');
    expect(manifest.lessons.map((l) => l.id)).toEqual(['inicio', 'final']);
    expect(manifest.passMark).toBe(60);
    expect(manifest.quiz?.items.map((i) => [i.kind, i.answer])).toEqual([
      ['single', [0]],
      ['multiple', [0, 1]],
      ['truefalse', [0]]
    ]);
    const first = manifest.lessons[0]!;
    expect(first.audio).toBe(sha256(OGG));
    expect(first.media).toEqual(['img/punto.svg']);
    expect(manifest.files['img/punto.svg']).toMatch(/^[0-9a-f]{64}$/);
    const html = new TextDecoder().decode(assets.get(first.body)!.bytes);
    expect(html).toContain('<h2>Hola</h2>');
    expect(html).toContain('<img src="asset:img/punto.svg" alt="un punto verde"');
    expect(manifest.size).toBe(manifest.assets.reduce((n, a) => n + a.size, 0));
    expect(new Set(manifest.assets.map((a) => a.hash)).size).toBe(manifest.assets.length);
  });

  it('refuses a broken folder with every problem, its file and line', () => {
    const problems = problemsOf(
      course({
        'course.md': '---\ntitle: X\nlanguage: es\nlevel: experto\nminutes: veinte\n---\n',
        'lessons/01-inicio.md':
          '---\ntitle: Inicio\nminutes: 5\n---\nUno.\n\n![foto](../img/no-existe.png)\n\n![](../img/punto.svg)\n',
        'lessons/Lección dos.md': '---\ntitle: Dos\n---\nx',
        'quiz.md': '---\ntitle: Q\n---\n## ¿Sin respuesta?\n- [ ] a\n- [ ] b\nesto sobra\n'
      })
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'course.md: "summary" is missing or empty',
        'course.md: "level" must be one of inicial, intermedio, avanzado',
        'course.md: "minutes" must be a whole number from 1 to 6000',
        'lessons/01-inicio.md:7: file not found: img/no-existe.png',
        'lessons/01-inicio.md:9: the image ../img/punto.svg needs a description (alt text)',
        'lessons/Lección dos.md: lesson files are named like lessons/01-name.md (number, dash, lowercase name)',
        'quiz.md:4: no option is marked right with [x]',
        expect.stringMatching(/^quiz\.md:7: not understood/)
      ])
    );
  });

  it('refuses references outside the folder, remote images and unknown file types', () => {
    const problems = problemsOf(
      course({
        'lessons/02-final.md':
          '---\ntitle: Final\nminutes: 5\n---\n![a](../../etc/passwd)\n\n![b](https://evil.example/x.png)\n\n[c](../notas.docx)\n',
        'notas.docx': 'x'
      })
    );
    expect(problems).toEqual([
      'lessons/02-final.md:5: ../../etc/passwd points outside the course folder',
      'lessons/02-final.md:7: the image https://evil.example/x.png is not in the course folder; remote images are not allowed',
      expect.stringMatching(/^lessons\/02-final\.md:9: notas\.docx: files of type \.docx/)
    ]);
  });

  it('refuses a file whose bytes do not match its extension', () => {
    expect(problemsOf(course({ 'audio/voz.ogg': enc('<html>not audio</html>') }))).toEqual([
      'lessons/01-inicio.md: audio: audio/voz.ogg is not really a .ogg file'
    ]);
  });

  it('refuses a folder without course.md or lessons', () => {
    expect(problemsOf(new Map([['x.txt', enc('hola')]]))).toEqual([
      'course.md: missing: every course needs a course.md'
    ]);
    const noLessons = course();
    for (const k of [...noLessons.keys()]) if (k.startsWith('lessons/')) noLessons.delete(k);
    expect(problemsOf(noLessons)).toContain(
      'lessons/: the course has no lessons (lessons/01-name.md)'
    );
  });

  it('shows video and audio referenced like pictures as players, and links PDFs', () => {
    const mp4 = new Uint8Array([0, 0, 0, 24, ...enc('ftypisom'), 1, 2, 3, 4]);
    const { manifest, assets } = prepareCourse(
      course({
        'lessons/02-final.md':
          '---\ntitle: Final\nminutes: 5\n---\n![Cómo se hace](../video/paso.mp4)\n\n![Resumen](../audio/voz.ogg)\n\n[La guía en PDF](../docs/guia.pdf)\n',
        'video/paso.mp4': mp4,
        'docs/guia.pdf': enc('%PDF-1.4 prueba')
      }),
      'prueba'
    );
    const lesson = manifest.lessons[1]!;
    const html = new TextDecoder().decode(assets.get(lesson.body)!.bytes);
    expect(html).toContain(
      '<video controls preload="metadata" src="asset:video/paso.mp4" aria-label="Cómo se hace"></video>'
    );
    expect(html).toContain('<audio controls preload="metadata" src="asset:audio/voz.ogg"');
    expect(html).toContain('<a href="asset:docs/guia.pdf">La guía en PDF</a>');
    expect(lesson.media.sort()).toEqual(['audio/voz.ogg', 'docs/guia.pdf', 'video/paso.mp4']);
    expect(manifest.assets.find((a) => a.hash === manifest.files['video/paso.mp4'])?.type).toBe(
      'video/mp4'
    );
  });

  it('lists files no lesson uses as notes, not problems', () => {
    const { warnings } = prepareCourse(course({ 'img/sobra.png': 'x' }), 'prueba');
    expect(warnings).toEqual([
      { file: 'img/sobra.png', message: 'no lesson uses this file; it was not imported' }
    ]);
  });
});

/** Every way of sneaking script into a lesson we know of; each must come out inert. */
const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(1))',
  '![x](x" onerror="alert(1))',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<form action="https://evil.example"><input name=a></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<details open ontoggle=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">'
];

const ALLOWED_TAGS = new Set(
  'p h2 h3 h4 ul ol li strong em a img blockquote code pre hr br table thead tbody tr th td span'.split(
    ' '
  )
);
const SAFE_URL = /^(asset:[\w./-]+|https?:|mailto:|tel:|#)/;

/** What is wrong with the markup of `html` (escaped text is not markup). */
function unsafeMarkup(html: string): string[] {
  const found: string[] = [];
  for (const [, name = '', attrs = ''] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    if (!ALLOWED_TAGS.has(name.toLowerCase())) found.push(`tag ${name}`);
    for (const [, attr = '', value = ''] of attrs.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      if (/^on/i.test(attr) || attr === 'style') found.push(`attribute ${attr}`);
      if ((attr === 'href' || attr === 'src') && !SAFE_URL.test(value))
        found.push(`${attr}=${value}`);
    }
  }
  return found;
}

describe('sanitising at import', () => {
  it.each(XSS_CORPUS)('renders %s inert', (attack) => {
    const files = course({
      'lessons/02-final.md': `---\ntitle: Final\nminutes: 5\n---\nAntes.\n\n${attack}\n\nDespués.\n`
    });
    let html: string;
    try {
      const { manifest, assets } = prepareCourse(files, 'prueba');
      html = new TextDecoder().decode(assets.get(manifest.lessons[1]!.body)!.bytes);
    } catch (e) {
      // Refused outright is inert too, as long as the refusal says why.
      expect(e).toBeInstanceOf(CourseImportError);
      expect((e as CourseImportError).problems[0]?.file).toBe('lessons/02-final.md');
      return;
    }
    expect(html).toContain('Antes.');
    expect(html).toContain('Después.');
    expect(unsafeMarkup(html)).toEqual([]);
  });

  it('strips script, handlers, styles and links out of SVG pictures', () => {
    const evil =
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">' +
      '<script>alert(2)</script><style>@import url(https://evil.example/x.css);</style>' +
      '<a href="javascript:alert(3)"><rect width="5" height="5" fill="url(https://evil.example/#p)"/></a>' +
      '<foreignObject><iframe src="https://evil.example"></iframe></foreignObject>' +
      '<use xlink:href="https://evil.example/sprite.svg#x"/><image href="https://evil.example/t.png"/>' +
      '<circle cx="5" cy="5" r="2" fill="#060" onclick="alert(4)"/></svg>';
    const { manifest, assets } = prepareCourse(course({ 'img/punto.svg': evil }), 'prueba');
    const svg = new TextDecoder().decode(assets.get(manifest.files['img/punto.svg']!)!.bytes);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('<circle cx="5" cy="5" r="2" fill="#060"');
    expect(svg).not.toMatch(
      /script|onload|onclick|style|javascript|evil|foreignObject|iframe|<image|<a /i
    );
  });

  it('refuses a file named .svg that is not a picture', () => {
    expect(problemsOf(course({ 'img/punto.svg': '<html><script>x</script></html>' }))).toEqual([
      'lessons/01-inicio.md:8: img/punto.svg is not an SVG picture'
    ]);
  });
});

describe('publishing', () => {
  let t: TestDb;
  let dir: string;
  let store: ContentStore;
  beforeEach(async () => {
    t = await testDb();
    dir = mkdtempSync(join(tmpdir(), 'parque-content-'));
    store = new ContentStore(dir);
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const storedFiles = () =>
    readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  it('imports the demo courses, each with lessons, pictures, audio and a quiz', async () => {
    const results = await importDemoCourses(t.db, store);
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const r of results) {
      const m = (await getManifest(t.db, r.id)) as CourseManifest;
      expect(m.lessons.length, r.id).toBeGreaterThanOrEqual(4);
      expect(
        m.lessons.every((l) => l.media.length > 0),
        r.id
      ).toBe(true);
      expect(
        m.lessons.some((l) => l.audio),
        r.id
      ).toBe(true);
      expect(m.quiz?.items.length, r.id).toBeGreaterThanOrEqual(3);
      expect(r.warnings, r.id).toEqual([]);
      for (const a of m.assets) expect(store.has(a.hash)).toBe(true);
    }
    // Importing again changes nothing.
    const again = await importDemoCourses(t.db, store);
    expect(again.every((r) => !r.changed && r.version === 1)).toBe(true);
  });

  it('stores a picture two courses share once', async () => {
    await importCourse(t.db, store, course(), 'uno');
    const before = storedFiles();
    const other = course({
      'course.md':
        '---\ntitle: Otro curso\nsummary: Otro.\nlanguage: es\nlevel: inicial\nminutes: 10\n---\n',
      'lessons/01-inicio.md': '---\ntitle: Otro\nminutes: 5\n---\n![un punto](../img/punto.svg)\n',
      'lessons/02-final.md': null,
      'quiz.md': null,
      'audio/voz.ogg': null
    });
    const r = await importCourse(t.db, store, other, 'dos');
    // Only the new lesson body is new: the picture was already stored.
    expect(r.newAssets).toBe(1);
    expect(storedFiles()).toBe(before + 1);
    const rows = await t.db.selectFrom('content_assets').select('hash').execute();
    expect(rows).toHaveLength(before + 1);
  });

  it('bumps the version only when something changed, and keeps every version', async () => {
    expect((await importCourse(t.db, store, course(), 'prueba')).version).toBe(1);
    expect((await importCourse(t.db, store, course(), 'prueba')).changed).toBe(false);
    const changed = await importCourse(
      t.db,
      store,
      course({ 'img/punto.svg': SVG.replace('#060', '#006') }),
      'prueba'
    );
    // Only the picture is new: the lesson refers to it by name, so its HTML is unchanged.
    expect(changed).toMatchObject({ version: 2, changed: true, newAssets: 1 });
    const versions = await t.db.selectFrom('course_versions').select('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('imports nothing from a broken folder', async () => {
    await expect(
      importCourse(t.db, store, course({ 'course.md': 'sin front matter' }), 'prueba')
    ).rejects.toThrow(/course\.md:1: must start with front matter/);
    expect(storedFiles()).toBe(0);
    expect(await t.db.selectFrom('courses').selectAll().execute()).toEqual([]);
  });

  it('reads a zip, with or without an enclosing folder, and refuses path tricks', async () => {
    const entries = Object.fromEntries([...course()].map(([k, v]) => [`prueba/${k}`, v]));
    const files = readCourseZip(zipSync(entries));
    expect([...files.keys()].sort()).toEqual([...course().keys()].sort());
    expect(() => readCourseZip(zipSync({ '../evil.md': enc('x'), 'course.md': enc('x') }))).toThrow(
      /points outside the course/
    );
    expect(() => readCourseZip(enc('not a zip'))).toThrow(/not a zip file/);
  });
});
