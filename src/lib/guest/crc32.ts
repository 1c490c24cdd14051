/**
 * CRC-32 as zlib, PNG and the UEFI specification compute it (IEEE 802.3, reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF). GPT stores it in its header twice: the
 * CRC of the 92-byte header (with its own CRC field zeroed) and the CRC of the entry array.
 *
 *   crc32(new TextEncoder().encode("123456789")) === 0xcbf43926   the standard check value
 */

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `data` as an unsigned 32-bit number.
 *
 * @example crc32(new Uint8Array(0)) // 0
 * @example crc32(new TextEncoder().encode("123456789")) // 0xcbf43926 (3421780262)
 */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    c = (TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
