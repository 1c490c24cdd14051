/**
 * The part of jszip's API that zip.ts and read.ts use, for `tsc -p tsconfig.lib.json` only (its `paths`
 * maps "jszip" here). jszip's own index.d.ts starts with `/// <reference types="node" />`,
 * which would make Node's globals (process, Buffer, …) visible to all of src/lib and defeat
 * the engine's purity check. The app's tsconfig.json still checks zip.ts against the real types.
 */
interface JSZipFileOptions {
  binary?: boolean;
  date?: Date;
  dir?: boolean;
  createFolders?: boolean;
}

interface JSZipGeneratorOptions {
  type: "uint8array";
  compression?: "STORE" | "DEFLATE";
  compressionOptions?: { level: number } | null;
  platform?: "DOS" | "UNIX";
  streamFiles?: boolean;
}

interface JSZipObject {
  name: string;
  dir: boolean;
}

declare class JSZip {
  static loadAsync(data: Uint8Array): Promise<JSZip>;
  file(path: string): JSZipObject | null;
  file(path: string, data: Uint8Array | null, options?: JSZipFileOptions): this;
  generateAsync(options: JSZipGeneratorOptions): Promise<Uint8Array>;
}

export default JSZip;
