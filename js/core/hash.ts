/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text`, as 8 lowercase hex digits.
 * Used by the widget (hash of the generated code) and by the lab extension (hash of a cell's
 * source) to tell whether the user edited a generated cell. Python equivalent:
 *   h = 0x811C9DC5
 *   for b in text.encode(): h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
 *   f"{h:08x}"
 */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
