/**
 * Song titles without what marks a version of a song: "Heroes - 2017 Remaster", "Heroes (feat. X)"
 * and "Heroes - Radio Edit" are all "Heroes". Used to find the same song twice in a pool, and to
 * search Deezer, which finds nothing for a title with Spotify's version notes in it.
 */

// Words that mark a version of a song rather than another song: "- Remastered 2011", "(Radio Edit)".
const VERSION_WORDS =
  /\b(?:remaster(?:ed)?|re-?recorded|version|edit|mix|remix|live|mono|stereo|deluxe|bonus|single|radio|anniversary|acoustic|demo|extended|from)\b/i;
const FEATURING = /^\s*(?:feat\.?|ft\.?|featuring|with)\s/i;

/** The title as written, less its version notes and featured artists: "Heroes - 2017 Remaster" → "Heroes". */
export function titleWithoutVersion(title: string): string {
  // Most titles have no brackets or dashes: nothing to take off.
  if (!/[([\-–—]/.test(title)) return title.trim();
  let text = title.replace(/\s*[([]([^)\]]*)[)\]]/g, (whole, inside: string) =>
    FEATURING.test(inside) || VERSION_WORDS.test(inside) ? ' ' : whole,
  );
  for (;;) {
    // The last " - " of the title: "Song - Live - 2011 Remaster" loses its notes one by one.
    const dash = /^(.*\S)\s+[-–—]\s+(.*)$/.exec(text);
    if (!dash || (!VERSION_WORDS.test(dash[2]!) && !FEATURING.test(dash[2]!))) break;
    text = dash[1]!;
  }
  return text.replace(/\s+/g, ' ').trim();
}

const ASCII = /^[\x00-\x7f]*$/;

/** Text for comparing names: no case, accents or punctuation. */
export function plainText(text: string): string {
  // The same result, much faster, for the common plain-ASCII title (5,000-track pools).
  if (ASCII.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A song's title for comparing: "Heroes - 2017 Remaster" and "HEROES (feat. X)" both read "heroes". */
export function normaliseTitle(title: string): string {
  return plainText(titleWithoutVersion(title));
}
