/**
 * Zip bombs: an uploaded course zip is refused by its directory (entry count, declared
 * sizes) before anything inflates, and an entry that lies about its size is stopped while
 * it inflates, after a bounded amount of work.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { course } from '../test/courses';
import { COURSE_LIMITS, CourseImportError, readCourseZip } from './import';

const MiB = 1024 * 1024;
const enc = (s: string) => new TextEncoder().encode(s);

/**
 * Raw deflate data that inflates to `mib` MiB of zeros, built from one compressed MiB
 * (ending on a byte boundary, not final) repeated, then an empty final block: ~1 KB of
 * input per inflated MiB, without ever holding the inflated bytes.
 */
function zerosDeflated(mib: number): Uint8Array {
  const segment = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_SYNC_FLUSH });
  const out = new Uint8Array(segment.length * mib + 2);
  for (let i = 0; i < mib; i++) out.set(segment, i * segment.length);
  out.set([0x03, 0x00], segment.length * mib);
  return out;
}

interface RawEntry {
  name: string;
  data: Uint8Array;
  /** 8 deflate, 0 stored. */
  method: number;
  /** The uncompressed size the zip claims (a bomb may lie). */
  declaredSize: number;
}

/** A zip written byte by byte, so that sizes can lie (CRCs are left at 0: not checked). */
function rawZip(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.declaredSize, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, e.method, true);
    dir.setUint32(20, e.data.length, true);
    dir.setUint32(24, e.declaredSize, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const zip = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    zip.set(p, at);
    at += p.length;
  }
  return zip;
}

function problemsOf(bytes: Uint8Array): string[] {
  try {
    readCourseZip(bytes);
  } catch (e) {
    if (e instanceof CourseImportError) return e.problems.map((p) => `${p.file}: ${p.message}`);
    throw e;
  }
  throw new Error('the zip was accepted');
}

/** Runs `fn`, returning its result and how long it took in milliseconds. */
function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const result = fn();
  return [result, performance.now() - t0];
}

describe('readCourseZip against zip bombs', () => {
  it('the bomb builder really inflates to what it says (checked on 3 MiB)', () => {
    const [entry] = Object.values(
      readCourseZipRaw(
        rawZip([
          { name: 'a.bin', data: zerosDeflated(3), method: 8, declaredSize: 3 * MiB },
          { name: 'course.md', data: enc('x'), method: 0, declaredSize: 1 }
        ])
      )
    );
    expect(entry?.length).toBe(3 * MiB);
    expect(entry?.every((b) => b === 0)).toBe(true);
  });

  it('refuses an entry that says it inflates to 200 MB before inflating it', () => {
    const bomb = rawZip([
      { name: 'img/zeros.png', data: zerosDeflated(200), method: 8, declaredSize: 200 * MiB }
    ]);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const [problems, ms] = timed(() => problemsOf(bomb));
    expect(problems).toEqual([
      'img/zeros.png: is larger than 25 MB',
      '(upload): the files inflate to more than 100 MB'
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it('stops an entry that claims 1 KB but inflates to 2 GB while inflating it', () => {
    // 2 MB of upload; inflating all of it takes this machine 10 s or more.
    const bomb = rawZip([
      { name: 'course.md', data: zerosDeflated(2000), method: 8, declaredSize: 1024 }
    ]);
    const [problems, ms] = timed(() => problemsOf(bomb));
    expect(problems).toEqual([
      'course.md: inflates to more than the size the zip declares for it'
    ]);
    // Stopped after the first 8 KB piece (~8 MB inflated), even on a busy machine.
    expect(ms).toBeLessThan(1500);
  });

  it('refuses files that are each under 25 MB but together over 100 MB, before inflating', () => {
    const data = zerosDeflated(24);
    const entries = [1, 2, 3, 4, 5].map((i) => ({
      name: `audio/${i}.ogg`,
      data,
      method: 8,
      declaredSize: 24 * MiB
    }));
    const [problems, ms] = timed(() => problemsOf(rawZip(entries)));
    expect(problems).toEqual(['(upload): the files inflate to more than 100 MB']);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses 10,000 entries from the directory alone, before inflating any', () => {
    // Each would inflate to 1 MiB: 10 GB in all, were any of them read.
    const data = zerosDeflated(1);
    const entries = Array.from({ length: 10_000 }, (_, i) => ({
      name: `img/${i}.svg`,
      data,
      method: 8,
      declaredSize: MiB
    }));
    const zip = rawZip(entries);
    const [problems, ms] = timed(() => problemsOf(zip));
    expect(problems).toEqual([
      `(upload): the zip holds 10000 entries; a course zip may hold at most ${COURSE_LIMITS.zipEntries}`
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses more than 500 files even when the entry count is allowed', () => {
    const entries: Record<string, Uint8Array> = { 'course.md': enc('x') };
    for (let i = 0; i < COURSE_LIMITS.files; i++) entries[`img/${i}.svg`] = enc('<svg/>');
    expect(problemsOf(zipSync(entries))).toEqual([
      `(upload): at most ${COURSE_LIMITS.files} files`
    ]);
  });

  it('refuses damaged and cut-short zips with a clear message', () => {
    const good = zipSync(Object.fromEntries(course()));
    // The directory survives, the data it points to does not.
    const cut = good.slice();
    cut.fill(0, 0, 64);
    expect(problemsOf(cut)).toEqual(['(upload): the zip file is damaged or cut short']);
    expect(problemsOf(good.subarray(0, good.length - 30))).toEqual([
      '(upload): the upload is not a zip file'
    ]);
    // A stored entry whose size disagrees with its data.
    expect(
      problemsOf(rawZip([{ name: 'course.md', data: enc('abc'), method: 0, declaredSize: 99 }]))
    ).toEqual(['(upload): the zip file is damaged or cut short']);
  });

  it('still reads zips from real tools: Info-ZIP streaming to a pipe (data descriptors)', () => {
    let hasZip = true;
    try {
      execFileSync('zip', ['-v'], { stdio: 'ignore' });
    } catch {
      hasZip = false;
    }
    if (!hasZip) {
      console.warn('zip(1) is not installed: only fflate-made zips were checked');
      expect(hasZip).toBe(false);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'parque-zip-'));
    try {
      for (const [name, bytes] of course()) {
        mkdirSync(dirname(join(dir, 'curso', name)), { recursive: true });
        writeFileSync(join(dir, 'curso', name), bytes);
      }
      writeFileSync(join(dir, 'curso', '.DS_Store'), 'x');
      // `-` writes to stdout, a pipe: sizes go in data descriptors after each entry.
      const zip = execFileSync('zip', ['-q', '-r', '-', 'curso'], { cwd: dir });
      const files = readCourseZip(new Uint8Array(zip));
      expect([...files.keys()].sort()).toEqual([...course().keys()].sort());
      for (const [name, bytes] of course()) expect(files.get(name)).toEqual(bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** readCourseZip's files as a plain object (for the builder self-check). */
function readCourseZipRaw(zip: Uint8Array): Record<string, Uint8Array> {
  return Object.fromEntries(readCourseZip(zip));
}
