// The one section of docs/performance.md that people write: what a day's runs can and cannot show.
// A full run rewrites the report, so the section is taken from the report it replaces and set back
// after the chart. It is found by its marker line, whatever its heading says.

/** The line that marks a section of the report as kept by hand. */
export const HAND_KEPT_MARKER = '*This section is kept by hand; everything after it is written by `npm run bench`.*';

/** The hand-kept section of a previous report (its heading to the next `## ` heading), or undefined if it has none. */
export function handKeptSection(previous: string): string | undefined {
  const marker = previous.indexOf(HAND_KEPT_MARKER);
  if (marker < 0) return undefined;
  const start = previous.lastIndexOf('\n## ', marker);
  if (start < 0) return undefined;
  const next = previous.indexOf('\n## ', marker);
  return `${previous.slice(start + 1, next < 0 ? undefined : next).trimEnd()}\n`;
}
