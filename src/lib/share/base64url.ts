/**
 * base64url without padding (RFC 4648 §5): the alphabet A–Z a–z 0–9 - _, safe in a URL
 * fragment without escaping. Decoding refuses any other character.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** Each character code's value, or 255 outside the alphabet (a table: decoding is a hot loop). */
const VALUES = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** @example encodeBase64Url(new TextEncoder().encode("hi")) // "aGk" */
export function encodeBase64Url(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i] ?? 0;
    const b = data[i + 1] ?? 0;
    const c = data[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    const chars = i + 2 < data.length ? 4 : i + 1 < data.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Returns null for a character outside the alphabet or an impossible length. */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const chars = Math.min(4, text.length - i);
    let n = 0;
    for (let k = 0; k < chars; k++) {
      const code = text.charCodeAt(i + k);
      const v = code < 128 ? (VALUES[code] ?? 255) : 255;
      if (v === 255) return null;
      n |= v << (18 - 6 * k);
    }
    out[o++] = (n >> 16) & 255;
    if (chars > 2) out[o++] = (n >> 8) & 255;
    if (chars > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}
