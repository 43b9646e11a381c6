/**
 * Folding for search: every name, query and text is compared in one space: lower-case Latin
 * without diacritics. Greek (ELOT 743) and Cyrillic (scientific-style, as used in passports of
 * Bulgaria, Russia, Ukraine, Serbia) are transliterated, so `Papadopoulos` finds `Παπαδόπουλος`
 * and `Иванов` finds `Ivanov`. The same code folds stored names and queries, so both sides agree.
 */

/** Letters that Unicode decomposition does not reduce to a base Latin letter. */
const SPECIAL: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  ħ: 'h',
  ŋ: 'n',
  ŧ: 't',
};

/** German-style spellings of umlauts and Nordic letters: `Mueller` for `Müller`, `Soerensen` for `Sørensen`. */
const EXPANDED: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa', æ: 'ae' };

const GREEK_PAIRS: Record<string, string> = {
  ου: 'ou',
  αυ: 'av',
  ευ: 'ev',
  ηυ: 'iv',
  μπ: 'mp',
  ντ: 'nt',
  γγ: 'ng',
  γκ: 'gk',
  γξ: 'nx',
  γχ: 'nch',
};

const GREEK: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  ђ: 'dj',
  е: 'e',
  ё: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  ѕ: 'dz',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'c',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  џ: 'dz',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Strips combining marks after canonical decomposition (é -> e, ą -> a, ό -> ο). */
function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

function transliterateGreek(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const pair = GREEK_PAIRS[text.slice(i, i + 2)];
    if (pair) {
      out += pair;
      i++;
    } else out += GREEK[text[i]] ?? text[i];
  }
  return out;
}

const NON_LATIN = /[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]/;

function transliterate(text: string): string {
  if (!NON_LATIN.test(text)) return text;
  let out = '';
  for (const ch of text) out += CYRILLIC[ch] ?? ch;
  return transliterateGreek(out);
}

const foldedChars = new Map<string, string>();

/** One character at a time to the folded form (keeps a map back to the source, for highlights). */
function foldChar(ch: string): string {
  let folded = foldedChars.get(ch);
  if (folded === undefined) {
    const lower = ch.toLowerCase();
    folded = SPECIAL[lower] ?? transliterate(stripMarks(lower));
    // The alphabet of names is small; the cache stays small too.
    if (foldedChars.size < 10_000) foldedChars.set(ch, folded);
  }
  return folded;
}

/**
 * The canonical search form: lower-case, Latin, no diacritics, words separated by one space,
 * punctuation removed (apostrophes and hyphens join or split words as people type them).
 */
export function fold(text: string): string {
  // Plain ASCII (most queries and many names) needs neither decomposition nor transliteration.
  if (/^[ -~]*$/.test(text))
    return text
      .toLowerCase()
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9@.+]+/g, ' ')
      .trim();
  const lower = stripMarks(text.toLowerCase());
  let out = '';
  for (const ch of lower) out += SPECIAL[ch] ?? ch;
  return transliterate(out)
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9@.+]+/g, ' ')
    .trim();
}

/**
 * Every spelling of a name someone may type: the folded form and the expanded one
 * (`muller mueller`), so a trigram or prefix match on either finds the person.
 */
export function nameVariants(name: string): string[] {
  const base = fold(name);
  const expanded = fold([...name.toLowerCase()].map((ch) => EXPANDED[ch] ?? ch).join(''));
  return base === expanded ? [base] : [base, expanded];
}

/** The words of a query, folded, without empties and duplicates. */
export function queryTerms(query: string): string[] {
  return [
    ...new Set(
      fold(query)
        .split(' ')
        .filter((t) => t.length > 0),
    ),
  ].slice(0, 8);
}

export interface HighlightRange {
  start: number;
  end: number;
}

interface Word {
  start: number;
  end: number;
  /** The word's folded spellings: as folded, and with umlauts expanded (`muller`, `mueller`). */
  forms: string[];
}

/** Bound of the memo of split texts below (names and organisation names repeat across results). */
const MAX_SPLIT_TEXTS = 20_000;
const splitTexts = new Map<string, Word[]>();
const alnumChars = new Map<string, string>();

/** A character's folded form without anything but letters and digits ('' between words). */
function foldAlnum(ch: string): string {
  let folded = alnumChars.get(ch);
  if (folded === undefined) {
    folded = foldChar(ch).replace(/[^a-z0-9]/g, '');
    if (alnumChars.size < 10_000) alnumChars.set(ch, folded);
  }
  return folded;
}

/** A text's words with their offsets and folded spellings (memoised: a pure function of the text). */
function splitWords(text: string): Word[] {
  const known = splitTexts.get(text);
  if (known) return known;
  const words: Word[] = [];
  let start = -1;
  let end = 0;
  let folded = '';
  const close = () => {
    const original = text.slice(start, end);
    // A printable-ASCII word folds to itself lower-cased; only other words may spell differently expanded.
    const expanded = /^[ -~]*$/.test(original)
      ? folded
      : fold([...original].map((c) => EXPANDED[c.toLowerCase()] ?? c).join('')).replace(/ /g, '');
    words.push({ start, end, forms: expanded === folded ? [folded] : [folded, expanded] });
    start = -1;
    folded = '';
  };
  let offset = 0;
  for (const ch of text) {
    const f = foldAlnum(ch);
    if (f.length > 0) {
      if (start < 0) start = offset;
      folded += f;
      end = offset + ch.length;
    } else if (start >= 0) close();
    offset += ch.length;
  }
  if (start >= 0) close();
  if (splitTexts.size >= MAX_SPLIT_TEXTS) splitTexts.clear();
  splitTexts.set(text, words);
  return words;
}

/**
 * Where the query's words occur in a displayed text (in UTF-16 offsets of the original), found in
 * the folded space so `Muller` highlights `Müller` and `Ivanov` highlights `Иванов`. A term also
 * matches a word that starts with it; a typo match highlights the closest whole word.
 */
export function highlight(text: string, terms: string[]): HighlightRange[] {
  if (!text || terms.length === 0) return [];
  const ranges: HighlightRange[] = [];
  for (const word of splitWords(text)) {
    const hit = terms.some((term) =>
      word.forms.some((v) => v.startsWith(term) || (term.length >= 4 && closeEnough(v, term))),
    );
    if (hit) ranges.push({ start: word.start, end: word.end });
  }
  return ranges;
}

/** True when the two words are within a small edit distance (typos: one per four letters). */
function closeEnough(word: string, term: string): boolean {
  const budget = Math.max(1, Math.floor(term.length / 4));
  return withinDistance(word.slice(0, term.length + budget), term, budget) || withinDistance(word, term, budget);
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** True when the Levenshtein distance of a and b is at most max (stops as soon as it cannot be). */
function withinDistance(a: string, b: string, max: number): boolean {
  // Lengths more than three apart never match (long terms have a budget of four or more).
  if (Math.abs(a.length - b.length) > Math.min(max, 3)) return false;
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let prev = rowA;
  let row = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(prev[j] + 1, row[j - 1] + 1, cost);
      row[j] = value;
      if (value < least) least = value;
    }
    if (least > max) return false;
    [prev, row] = [row, prev];
  }
  return prev[b.length] <= max;
}
