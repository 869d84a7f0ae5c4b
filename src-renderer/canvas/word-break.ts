/**
 * Long one-word labels on two lines, for a card zoomed out so far that a word no longer fits the
 * card at a legible size: "GlobalAvgPool" → "Global" / "AvgPool", "LeakyReLU" → "Leaky" / "ReLU".
 * Kinds are named in camel case, so a word breaks where a capital follows a small letter; a word
 * of letters alone without such a place ("Concatenate") breaks with a hyphen between syllables. Of the places, the
 * one whose wider line is narrowest wins, so that the text can grow the most.
 */

/** The shortest part either side of a hyphenated break: no line of one or two letters. */
const MIN_HYPHENATED_PART = 3;

/**
 * `word` broken onto two lines at its best place, measured by `width` (a line's width at any one
 * font size); null for a word with no place to break.
 */
export function breakWord(word: string, width: (line: string) => number): [string, string] | null {
  const camel = camelBreaks(word).map((k): [string, string] => [word.slice(0, k), word.slice(k)]);
  const candidates = camel.length > 0 ? camel : hyphenations(word);
  let best: [string, string] | null = null;
  let bestWidth = Infinity;
  for (const lines of candidates) {
    const wider = Math.max(width(lines[0]), width(lines[1]));
    if (wider < bestWidth) [best, bestWidth] = [lines, wider];
  }
  return best;
}

/** The indices where a capital follows a small letter: "GlobalAvgPool" → [6, 9]. */
function camelBreaks(word: string): number[] {
  const breaks: number[] = [];
  for (let k = 1; k < word.length; k++) {
    if (/\p{Ll}/u.test(word[k - 1]!) && /\p{Lu}/u.test(word[k]!)) breaks.push(k);
  }
  return breaks;
}

/**
 * The hyphenated breaks of a word of letters alone, both parts long enough to read, where a
 * consonant ends the first part and a consonant then a vowel start the second: English's usual
 * syllable edge ("Con-catenate", "Soft-max", never "Conca-tenate" or "Sof-tmax").
 */
function hyphenations(word: string): [string, string][] {
  if (!/^[a-z]+$/i.test(word)) return [];
  const vowel = (k: number) => /[aeiouy]/i.test(word[k]!);
  const breaks: [string, string][] = [];
  for (let k = MIN_HYPHENATED_PART; k <= word.length - MIN_HYPHENATED_PART; k++) {
    if (!vowel(k - 1) && !vowel(k) && vowel(k + 1)) {
      breaks.push([`${word.slice(0, k)}-`, word.slice(k)]);
    }
  }
  return breaks;
}

/**
 * `text` (words split by spaces) with its widest words broken onto two lines, widest first, as
 * long as each break narrows the widest line; the text itself when no break would.
 */
export function breakLongWords(text: string, width: (line: string) => number): string {
  const words = text.split(' ').map((word) => ({ word, lines: [word], broken: false }));
  const widthOf = (lines: string[]) => Math.max(...lines.map(width));
  for (;;) {
    const widest = words.reduce((a, b) => (widthOf(b.lines) > widthOf(a.lines) ? b : a));
    const lines = widest.broken ? null : breakWord(widest.word, width);
    if (!lines || widthOf(lines) >= widthOf(widest.lines)) break;
    widest.lines = lines;
    widest.broken = true;
  }
  return words.map(({ lines }) => lines.join('\n')).join(' ');
}
