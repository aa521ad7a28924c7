// The shape of every finding's message, as ruff writes them: one headline that says what is wrong on this line (at
// most maxHeadlineLength characters), then a short remedy clause after "; ". The layout template, explanations and
// examples belong on the rule's page (media/rules/RRnnn.md) and in the hover, not in every Problems row.

export const maxHeadlineLength = 100;
export const maxRemedyLength = 100;
export const remedySeparator = '; ';

/** The headline cut to the limit at a word boundary, with an open backtick closed (rules budget their quotes so this is rare). */
function fitted(headline: string): string {
  if (headline.length <= maxHeadlineLength) return headline;
  const cut = headline.slice(0, maxHeadlineLength - 2);
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(' '), maxHeadlineLength / 2)).trimEnd();
  const open = (atWord.match(/`/g) ?? []).length % 2 === 1;
  return `${atWord}…${open ? '`' : ''}`;
}

/** `headline; remedy`. A headline never contains the separator, so the remedy is whatever follows the first one. */
export function findingMessage(headline: string, remedy: string): string {
  return `${fitted(headline.replaceAll(remedySeparator, ', '))}${remedySeparator}${remedy}`;
}

/** The first headline that fits (rules pass a detailed one, then terser ones), else the last one, cut to fit. */
export function firstFitting(...headlines: readonly string[]): string {
  return headlines.find((headline) => headline.length <= maxHeadlineLength) ?? headlines[headlines.length - 1] ?? '';
}

/** A message's two parts (for tests and for front ends that show the remedy apart). */
export function messageParts(message: string): { readonly headline: string; readonly remedy: string } {
  const at = message.indexOf(remedySeparator);
  return at < 0 ? { headline: message, remedy: '' } : { headline: message.slice(0, at), remedy: message.slice(at + remedySeparator.length) };
}
