import { fold, highlight, nameVariants, queryTerms } from './fold.js';

describe('search folding', () => {
  it('folds Latin diacritics, ligatures and special letters to plain lower-case Latin', () => {
    expect(fold('Łukasz Żółć-Nowak')).toBe('lukasz zolc nowak');
    expect(fold('Mette Sørensen')).toBe('mette sorensen');
    expect(fold('Jürgen Müller')).toBe('jurgen muller');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Ștefan Țurcanu')).toBe('stefan turcanu');
    expect(fold('Þórður Ævarsson')).toBe('thordur aevarsson');
    expect(fold("O'Brien")).toBe('obrien');
  });

  it('transliterates Greek (ELOT 743) and Cyrillic so either script finds the other', () => {
    expect(fold('Γεώργιος Παπαδόπουλος')).toBe('georgios papadopoulos');
    expect(fold('Ευάγγελος Ντόκος')).toBe('evangelos ntokos');
    expect(fold('Иван Иванов')).toBe('ivan ivanov');
    expect(fold('Щербаков Юрий')).toBe('shcherbakov yurii');
    expect(fold('Жанна Хохлова')).toBe('zhanna khokhlova');
  });

  it('keeps the German and Nordic spelling of umlauts as a second variant', () => {
    expect(nameVariants('Jürgen Müller')).toEqual(['jurgen muller', 'juergen mueller']);
    expect(nameVariants('Mette Sørensen')).toEqual(['mette sorensen', 'mette soerensen']);
    expect(nameVariants('Ana Ionescu')).toEqual(['ana ionescu']);
  });

  it('reduces query words to safe word characters', () => {
    expect(queryTerms("  Müller  & | ! 'x:*  müller")).toEqual(['muller', 'x']);
  });

  it('highlights the matched words in the original text, across scripts and typos', () => {
    const at = (text: string, q: string) => highlight(text, queryTerms(q)).map((r) => text.slice(r.start, r.end));
    expect(at('Jürgen Müller', 'muller')).toEqual(['Müller']);
    expect(at('Jürgen Müller', 'mueller')).toEqual(['Müller']);
    expect(at('Γεώργιος Παπαδόπουλος', 'papadop')).toEqual(['Παπαδόπουλος']);
    expect(at('Иван Иванов', 'Ivanov')).toEqual(['Иванов']);
    expect(at('Łukasz Kowalski', 'kowalsky')).toEqual(['Kowalski']);
    expect(at('Łukasz Kowalski', 'zzz')).toEqual([]);
  });

  it('highlights typos within one edit per four letters, and no further', () => {
    const at = (text: string, q: string) => highlight(text, queryTerms(q)).map((r) => text.slice(r.start, r.end));
    expect(at('Jürgen Müller', 'mueler')).toEqual(['Müller']);
    expect(at('Anna Schmidt-Weber', 'shmidt')).toEqual(['Schmidt']);
    expect(at('Anna Schmidt-Weber', 'smidth')).toEqual([]);
    expect(at('Anna Schmidt-Weber', 'weber schmit')).toEqual(['Schmidt', 'Weber']);
    expect(at('Stanisława Wiśniewska', 'wisniewski')).toEqual(['Wiśniewska']);
    expect(at('Stanisława Wiśniewska', 'wisnewsky')).toEqual(['Wiśniewska']);
    expect(at('Stanisława Wiśniewska', 'wisnowsky')).toEqual([]);
    // Long words: lengths more than three apart never count as a typo.
    expect(at('Kriminalkommissar Weber', 'kriminalhauptkommissar')).toEqual([]);
    expect(at('Kriminalhauptkommissar Weber', 'kriminalhauptkomissar')).toEqual(['Kriminalhauptkommissar']);
    // The same text again (its words are remembered) gives the same ranges.
    expect(highlight('Jürgen Müller', ['muller'])).toEqual(highlight('Jürgen Müller', ['muller']));
    expect(highlight('Jürgen Müller', ['jurgen'])).toEqual([{ start: 0, end: 6 }]);
  });
});
