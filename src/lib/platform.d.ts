// The globals the engine may use: present in every browser and in Node 20.
// Nothing else from the DOM or Node is visible to src/lib (see tsconfig.lib.json).

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare const crypto: {
  getRandomValues<T extends Uint8Array | Uint32Array>(array: T): T;
};

declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;

// Compression Streams (browsers, Node ≥ 18): deflate-raw for share links.
interface PlatformStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
interface PlatformStreamWriter {
  write(chunk: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
interface PlatformTransformStream {
  readonly readable: { getReader(): PlatformStreamReader };
  readonly writable: { getWriter(): PlatformStreamWriter };
}
declare const CompressionStream: {
  new (format: "deflate" | "deflate-raw" | "gzip"): PlatformTransformStream;
};
declare const DecompressionStream: {
  new (format: "deflate" | "deflate-raw" | "gzip"): PlatformTransformStream;
};
