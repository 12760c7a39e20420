// Column names with spaces a reader can see: `Region ` (a CSV header with a trailing space) is
// shown as `Region␣`, so a person can tell it apart from `Region`.

const MARK = "␣";

/** Runs of the name, with the spaces that would be invisible marked (at the ends, or doubled). */
export function whitespaceParts(name: string): { text: string; space: boolean }[] {
  const parts: { text: string; space: boolean }[] = [];
  const re = /^\s+|\s+$|\s{2,}|\t/g;
  let last = 0;
  for (let m = re.exec(name); m !== null; m = re.exec(name)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) parts.push({ text: name.slice(last, m.index), space: false });
    parts.push({ text: MARK.repeat(m[0].length), space: true });
    last = m.index + m[0].length;
  }
  if (last < name.length) parts.push({ text: name.slice(last), space: false });
  return parts;
}

/** The name as plain text with invisible spaces marked (for <option>s and titles). */
export function showWhitespace(name: string): string {
  return whitespaceParts(name)
    .map((p) => p.text)
    .join("");
}

export function hasHiddenWhitespace(name: string): boolean {
  return whitespaceParts(name).some((p) => p.space);
}
