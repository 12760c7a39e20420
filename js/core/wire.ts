// Traits the kernel sends as JSON bytes (`graph`, `states`): decoded once per value received.
import { bytesOf } from "./arrow";

const decoder = new TextDecoder();

/** The value of a JSON-bytes trait; `fallback` until one has arrived. */
export function decodeJson<T>(raw: unknown, fallback: T): T {
  if (raw instanceof DataView || raw instanceof ArrayBuffer || raw instanceof Uint8Array) {
    return raw.byteLength === 0 ? fallback : (JSON.parse(decoder.decode(bytesOf(raw))) as T);
  }
  return raw === null || raw === undefined ? fallback : (raw as T);
}
