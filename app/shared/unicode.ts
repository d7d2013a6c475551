/**
 * Half a surrogate pair: JSON (`"\ud800"`) and YAML escapes can produce one,
 * and so can a body sent as UTF-16, but it is not a character. It cannot be
 * hashed into the event chain (RFC 8785 refuses it), stored faithfully as
 * UTF-8, or shown, so the API and the template loader refuse it before
 * anything is written (forms, argv and files decode bytes to U+FFFD instead).
 * In `u` mode a whole pair is one code point, so only a lone half matches.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The text with every lone half replaced by U+FFFD, safe to show or send back. */
export function replaceLoneSurrogates(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE, "gu"), "\ufffd");
}

/** The path of the first key or string in a parsed value that holds a lone surrogate, or null. */
export function findLoneSurrogate(value: unknown, path: readonly PropertyKey[] = []): PropertyKey[] | null {
  if (typeof value === "string") return hasLoneSurrogate(value) ? [...path] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findLoneSurrogate(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (hasLoneSurrogate(key)) return [...path, key];
      const found = findLoneSurrogate(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
