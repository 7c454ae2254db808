// A password-protected PDF for the tests (Node only: MD5 from node:crypto): the PDF Standard
// Security Handler, revision 3 (/V 2, 128-bit RC4), computed as ISO 32000-1 §7.6.3 describes.
import { createHash } from 'node:crypto';
import { latin1, makePdf, hex, type PdfPageSpec } from './documents';

/** Padding string that fills passwords to 32 bytes (Algorithm 2, step a). */
const PAD = Uint8Array.from(
  '28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a'.match(/../g)!,
  (h) => parseInt(h, 16),
);
const KEY_BYTES = 16;
const PERMISSIONS = -4; // everything allowed; only the reserved low bits are 0

const md5 = (...parts: Uint8Array[]) => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const padPassword = (password: string) => {
  const out = new Uint8Array(32);
  const pw = latin1(password).subarray(0, 32);
  out.set(pw);
  out.set(PAD.subarray(0, 32 - pw.length), pw.length);
  return out;
};

/** Revision 3 repeats RC4 with the key XORed with 1…19. */
const rc4Rounds = (key: Uint8Array, data: Uint8Array) => {
  let out = rc4(key, data);
  for (let i = 1; i <= 19; i++)
    out = rc4(
      key.map((b) => b ^ i),
      out,
    );
  return out;
};

const md5Fifty = (hash: Uint8Array) => {
  for (let i = 0; i < 50; i++) hash = md5(hash.subarray(0, KEY_BYTES));
  return hash.subarray(0, KEY_BYTES);
};

/** `pages` as a PDF that asks for `userPassword` before showing anything. */
export function makeEncryptedPdf(
  pages: PdfPageSpec[],
  userPassword: string,
  ownerPassword = 'owner-secret',
): Uint8Array<ArrayBuffer> {
  const id = md5(latin1(`sieve-test-${userPassword}`));
  // Algorithm 3: the /O entry, the padded user password encrypted under the owner password.
  const ownerKey = md5Fifty(md5(padPassword(ownerPassword)));
  const o = rc4Rounds(ownerKey, padPassword(userPassword));
  // Algorithm 2: the file key from the user password, /O, /P and the file identifier.
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, PERMISSIONS, true);
  const key = md5Fifty(md5(padPassword(userPassword), o, p, id));
  // Algorithm 5: /U, which a reader recomputes to check a password it was given.
  const u = new Uint8Array(32);
  u.set(rc4Rounds(key, md5(PAD, id)));

  return makePdf(pages, {
    dictionary:
      `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${PERMISSIONS} ` +
      `/O <${hex(o)}> /U <${hex(u)}> >>`,
    id,
    // Algorithm 1: each object's data is RC4-encrypted with a key salted by its number.
    cipher(objectNumber, data) {
      const salt = Uint8Array.of(
        objectNumber & 255,
        (objectNumber >> 8) & 255,
        objectNumber >> 16,
        0,
        0,
      );
      return rc4(md5(key, salt).subarray(0, Math.min(KEY_BYTES + 5, 16)), data);
    },
  });
}
