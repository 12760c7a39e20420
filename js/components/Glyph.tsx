import type { Category } from "../protocol";

/** A small square with the type's initials, coloured by category (no icon assets needed). */
export function initials(label: string): string {
  const words = label.replace(/[^A-Za-z0-9 ]+/g, " ").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  if (words.length === 1) {
    const w = words[0] as string;
    return (w.charAt(0).toUpperCase() + w.charAt(1).toLowerCase()).trim();
  }
  return ((words[0] as string).charAt(0) + (words[1] as string).charAt(0)).toUpperCase();
}

export function Glyph({ category, label }: { category: Category | undefined; label: string }) {
  return (
    <span className={`ff-glyph ff-cat-${category ?? "unknown"}`} aria-hidden>
      {initials(label)}
    </span>
  );
}
