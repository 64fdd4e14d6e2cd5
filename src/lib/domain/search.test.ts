import { describe, expect, it } from 'vitest';
import { foldText, matchesTerms, queryTerms, searchHaystack } from './search';

describe('foldText', () => {
  it('folds case and accents', () => {
    expect(foldText('Tecnología')).toBe('tecnologia');
    expect(foldText('NIÑOS y Niñas')).toBe('ninos y ninas');
    expect(foldText('Über Ça')).toBe('uber ca');
  });

  it('collapses punctuation and whitespace', () => {
    expect(foldText('  Inglés:   entrevistas!! ')).toBe('ingles entrevistas');
    expect(foldText('')).toBe('');
  });
});

describe('queryTerms and matchesTerms', () => {
  const hay = searchHaystack(['Robótica con material reciclado', 'Niñas y niños', undefined]);

  it('matches regardless of accents in the query or the data', () => {
    expect(matchesTerms(hay, queryTerms('robotica'))).toBe(true);
    expect(matchesTerms(hay, queryTerms('ROBÓTICA'))).toBe(true);
    expect(matchesTerms(hay, queryTerms('ninos'))).toBe(true);
  });

  it('requires every word, in any order', () => {
    expect(matchesTerms(hay, queryTerms('reciclado robot'))).toBe(true);
    expect(matchesTerms(hay, queryTerms('reciclado pintura'))).toBe(false);
  });

  it('matches half-typed words', () => {
    expect(matchesTerms(hay, queryTerms('reci'))).toBe(true);
  });

  it('treats an empty or blank query as matching everything', () => {
    expect(queryTerms('   ')).toEqual([]);
    expect(matchesTerms(hay, queryTerms(''))).toBe(true);
  });
});
