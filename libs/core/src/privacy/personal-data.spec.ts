import { likePatterns, replaceTerms, subjectTerms, withoutDiacritics } from './personal-data.js';

describe('finding a person in text', () => {
  const subject = { emails: ['g.brzeczyszczykiewicz@police.test'], names: ['Grzegorz Brzęczyszczykiewicz', 'example'] };

  it('uses addresses and names of two words, with and without diacritics, never a single common word', () => {
    const terms = subjectTerms(subject);
    expect(terms).toEqual(
      expect.arrayContaining(['Grzegorz Brzęczyszczykiewicz', 'Grzegorz Brzeczyszczykiewicz', subject.emails[0]]),
    );
    expect(terms).not.toContain('example');
    // Nor a word of a name alone: another Grzegorz is someone else.
    expect(terms).not.toContain('Grzegorz');
    expect(subjectTerms({ emails: [], names: ['Grzegorz  Brzęczyszczykiewicz'] })).toContain(
      'Grzegorz Brzęczyszczykiewicz',
    );
    expect(withoutDiacritics('Łukasz Wąsowicz, Groß, Ørsted')).toBe('Lukasz Wasowicz, Gross, Orsted');
  });

  it('replaces whole words only, in any case and at any depth', () => {
    const terms = subjectTerms(subject);
    const value = {
      note: 'Ask GRZEGORZ brzeczyszczykiewicz; see example.test, Grzegorz Nowak and Grzegorzewski.',
      list: ['g.brzeczyszczykiewicz@police.test wrote'],
    };
    expect(replaceTerms(value, terms, '∅ 7KQ2F')).toEqual({
      note: 'Ask ∅ 7KQ2F; see example.test, Grzegorz Nowak and Grzegorzewski.',
      list: ['∅ 7KQ2F wrote'],
    });
  });

  it('finds a name inside JSON text even when it holds quotes', () => {
    expect(likePatterns(['Anna "Ania" Nowak'])).toEqual(['%Anna "Ania" Nowak%', '%Anna \\\\"Ania\\\\" Nowak%']);
  });
});
