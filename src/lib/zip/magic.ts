/** True when the bytes start like a zip (a local file header, "PK\x03\x04"). No dependencies, so
 * the page can tell a zip from a plan.json without loading the zip reader. */
export const looksLikeZip = (data: Uint8Array): boolean =>
  data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
