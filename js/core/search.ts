// Palette search: a name match ranks above a match in a description, so "group" + Enter adds
// Group by, not a node whose description happens to mention groups.
import type { CatalogEntry } from "../protocol";

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** How well an entry matches the query; 0 is no match, higher is better. */
export function score(entry: CatalogEntry, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const label = entry.label.toLowerCase();
  const verb = entry.type.toLowerCase();
  if (label === q || verb === q) return 100;
  if (label.startsWith(q)) return 90;
  if (verb.startsWith(q)) return 80;
  if (words(entry.label).some((w) => w.startsWith(q)) || words(entry.type).some((w) => w.startsWith(q))) return 70;
  if (label.includes(q) || verb.includes(q)) return 60;
  if (entry.category.startsWith(q)) return 40;
  if (words(entry.description).some((w) => w.startsWith(q))) return 20;
  if (entry.description.toLowerCase().includes(q)) return 10;
  return 0;
}

/** The entries that match, best first (ties keep catalog order). */
export function rank(catalog: CatalogEntry[], query: string): CatalogEntry[] {
  return catalog
    .map((entry, i) => ({ entry, i, s: score(entry, query) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.entry);
}

/** The Polars verb, when the type's name does not already say it ("Formula" is `with_columns`;
 * "Group by" says `group_by`). */
export function verbToShow(entry: Pick<CatalogEntry, "label" | "type">): string | null {
  const said = entry.label.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  return said === entry.type ? null : entry.type;
}
