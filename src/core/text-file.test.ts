import { describe, expect, it } from 'vitest';
import { decodeText } from './text-file';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('decodes UTF-8, UTF-16 with a BOM, and falls back to Windows-1252', () => {
    expect(decodeText(utf8('héllo wörld'))).toEqual({ text: 'héllo wörld' });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'hi é'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeText(utf16)).toEqual({ text: 'hi é' });
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toEqual({ text: 'café' });
  });

  it('rejects binary content and whitespace-only files', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(decodeText(png)).toMatchObject({ kind: 'binary' });
    const controls = Uint8Array.from({ length: 400 }, (_, i) => (i % 20 === 0 ? 0x01 : 0x61));
    expect(decodeText(controls)).toMatchObject({ kind: 'binary' });
    expect(decodeText(utf8(' \n\t '))).toMatchObject({ kind: 'no-text' });
  });
});
