import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatRecoveryCode,
  newRecoveryCode,
  normaliseRecoveryCode,
  passed,
  percent,
  resolveAssets,
  scoreAttempt,
  scoreQuiz,
  type Quiz
} from './course';

const quiz: Quiz = {
  title: 'Prueba',
  items: [
    { id: 'q1', kind: 'single', prompt: '¿?', options: ['a', 'b'], answer: [1], explain: '' },
    {
      id: 'q2',
      kind: 'multiple',
      prompt: '¿?',
      options: ['a', 'b', 'c'],
      answer: [0, 2],
      explain: ''
    },
    { id: 'q3', kind: 'truefalse', prompt: '¿?', options: ['V', 'F'], answer: [0], explain: '' }
  ]
};

describe('scoreAttempt', () => {
  it('scores against the version taken, and gives 0 when the device lacks it', () => {
    const manifest = { version: 3, passMark: 60, quiz };
    const answers = { q1: [1], q2: [2, 0], q3: [0] };
    expect(scoreAttempt(manifest, 3, answers)).toEqual({ score: 3, maxScore: 3, passed: true });
    expect(scoreAttempt(manifest, 2, answers)).toEqual({ score: 0, maxScore: 0, passed: false });
    expect(scoreAttempt(undefined, 3, answers)).toEqual({ score: 0, maxScore: 0, passed: false });
  });
});

describe('scoreQuiz', () => {
  it('gives a point only for exactly the right options, in any order', () => {
    expect(scoreQuiz(quiz, { q1: [1], q2: [2, 0], q3: [0] })).toBe(3);
    expect(scoreQuiz(quiz, { q1: [1], q2: [0], q3: [1] })).toBe(1);
    expect(scoreQuiz(quiz, { q2: [0, 1, 2] })).toBe(0);
    expect(scoreQuiz(quiz, { q1: [1, 1], q9: [0] })).toBe(1);
  });

  it('never scores more than the items, whatever the answers', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('q1', 'q2', 'q3', 'x'),
          fc.array(fc.nat(4), { maxLength: 5 })
        ),
        (answers) => {
          const s = scoreQuiz(quiz, answers);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(quiz.items.length);
        }
      )
    );
  });
});

describe('pass mark', () => {
  it('passes at or above the mark', () => {
    expect(passed(7, 10, 70)).toBe(true);
    expect(passed(6, 10, 70)).toBe(false);
    expect(passed(0, 0, 1)).toBe(false);
    expect(percent(2, 3)).toBe(67);
  });
});

describe('recovery codes', () => {
  it('are 12 symbols of the unambiguous alphabet and survive how people type them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        let at = 0;
        const code = newRecoveryCode((n) => {
          const out = new Uint8Array(n);
          for (let i = 0; i < n; i++) out[i] = bytes[at++ % bytes.length] ?? 0;
          return out;
        });
        expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{12}$/);
        expect(normaliseRecoveryCode(code)).toBe(code);
        expect(normaliseRecoveryCode(` ${formatRecoveryCode(code).toLowerCase()} `)).toBe(code);
      })
    );
    expect(normaliseRecoveryCode('ACDE-FGHJ-KMN')).toBeNull();
    expect(normaliseRecoveryCode('ACDE-FGHJ-KMNO')).toBeNull();
  });
});

describe('resolveAssets', () => {
  it('points asset: references at the content store, and blanks unknown ones', () => {
    const h = 'a'.repeat(64);
    const html =
      '<p><img src="asset:img/caf%C3%A9.svg" alt="x"><img src="asset:img/no.svg" alt="y"><a href="asset:docs/guia.pdf">guía</a></p>';
    expect(resolveAssets(html, { 'img/café.svg': h, 'docs/guia.pdf': h })).toBe(
      `<p><img src="/api/content/${h}" alt="x"><img src="" alt="y"><a href="/api/content/${h}">guía</a></p>`
    );
  });
});
