// The text of a Word document counted as its main part is inflated and read, without building
// it or parsing the XML into a tree (pure; worker or Node): the text limit's check, made before
// mammoth unpacks and parses the whole document, stopping as soon as the count passes the limit.
import { inflateEntry, zipEntries, ZipStructureError, type ZipEntry } from '../../core/zip-reader';

const W_NAMESPACES = [
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
];
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
/** Elements whose text mammoth leaves out: deletions, and alternatives to their fallback. */
const SKIPPED = new Set(['del', 'moveFrom']);
/** The start of a tag kept to read its name (the root's namespace declarations are longer). */
const TAG_HEAD = 64 * 1024;
const QUOTE_OR_END = /["'>]/g;
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Counts the characters that the text of WordprocessingML markup becomes, as the extracted text
 * has them at least: the characters of <w:t> runs with each run of whitespace as one, and one for
 * a tab, a line break or a paragraph break between text. Deleted text and the choices that
 * mammoth replaces by their fallback are left out, so the count does not run ahead of mammoth.
 */
export class DocxTextCounter {
  chars = 0;
  /** The tag being read, which a chunk's end may cut (as it may an entity: `inEntity`). */
  private tag: { head: string; quote: string } | null = null;
  private inText = false;
  private inEntity = false;
  private sawText = false;
  private gap = false;
  private depth = 0;
  /** The depth of the element whose content is skipped, or -1. */
  private skipAt = -1;
  private w = 'w:';
  private mc = 'mc:';
  private root = true;

  feed(s: string): void {
    let at = 0;
    while (at < s.length) {
      if (this.tag) {
        at = this.readTag(s, at);
        continue;
      }
      const open = s.indexOf('<', at);
      const end = open < 0 ? s.length : open;
      if (this.inText && this.skipAt < 0) this.countText(s, at, end);
      if (open < 0) break;
      this.tag = { head: '', quote: '' };
      at = open + 1;
    }
  }

  private countText(s: string, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = s[i]!;
      if (this.inEntity) {
        if (c === ';') this.inEntity = false;
      } else if (isSpace(c)) {
        if (this.sawText) this.gap = true;
      } else {
        // An entity or character reference is one character (two for a few; never more).
        if (c === '&') this.inEntity = true;
        this.character();
      }
    }
  }

  private character(): void {
    if (this.gap) this.chars++;
    this.gap = false;
    this.sawText = true;
    this.chars++;
  }

  /** Reads on in a tag from `at`, quotes included; returns where reading continues. */
  private readTag(s: string, at: number): number {
    const tag = this.tag!;
    let i = at;
    while (i < s.length) {
      if (tag.quote) {
        const close = s.indexOf(tag.quote, i);
        if (close < 0) {
          i = s.length;
          break;
        }
        tag.quote = '';
        i = close + 1;
        continue;
      }
      QUOTE_OR_END.lastIndex = i;
      const next = QUOTE_OR_END.exec(s)?.index ?? -1;
      if (next < 0) {
        i = s.length;
        break;
      }
      const c = s[next]!;
      if (c === '>') {
        if (tag.head.length < TAG_HEAD) tag.head += s.slice(at, next);
        this.tag = null;
        this.onTag(tag.head);
        return next + 1;
      }
      tag.quote = c;
      i = next + 1;
    }
    if (tag.head.length < TAG_HEAD) tag.head += s.slice(at, i);
    return i;
  }

  private onTag(head: string): void {
    // Declarations, processing instructions and comments hold no text (a comment with a ">" in
    // it ends early here, and what follows is only counted inside a <w:t>).
    if (/^[!?]/.test(head)) return;
    const closing = head.startsWith('/');
    const name = /^\/?([^\s/>]+)/.exec(head)?.[1] ?? '';
    if (closing) {
      this.depth--;
      if (this.depth === this.skipAt) this.skipAt = -1;
      if (name === `${this.w}t`) this.inText = false;
      return;
    }
    if (this.root) this.readNamespaces(head);
    const empty = head.endsWith('/');
    const skipping = this.skipAt >= 0;
    if (!skipping) this.onElement(name, empty);
    if (!empty) {
      if (!skipping && this.skips(name)) this.skipAt = this.depth;
      this.depth++;
    }
  }

  private onElement(name: string, empty: boolean): void {
    const local = name.startsWith(this.w) ? name.slice(this.w.length) : null;
    if (local === 't') this.inText = !empty;
    else if (local === 'p' || local === 'tab' || local === 'br' || local === 'cr') {
      if (this.sawText) this.gap = true;
    } else if (local === 'noBreakHyphen' || local === 'softHyphen' || local === 'sym') {
      this.character();
    }
  }

  private skips(name: string): boolean {
    if (name === `${this.mc}Choice`) return true;
    return name.startsWith(this.w) && SKIPPED.has(name.slice(this.w.length));
  }

  /** The prefixes the root element gives the WordprocessingML and compatibility namespaces. */
  private readNamespaces(head: string): void {
    this.root = false;
    for (const [, prefix = '', uri = ''] of head.matchAll(
      /xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)/g,
    )) {
      const qualified = prefix ? `${prefix}:` : '';
      if (W_NAMESPACES.includes(uri)) this.w = qualified;
      if (uri === MC_NAMESPACE) this.mc = qualified;
    }
  }
}

/** The main document part: the target of the package's officeDocument relationship. */
function mainPart(zip: Uint8Array, entries: ZipEntry[]): ZipEntry | undefined {
  let target = 'word/document.xml';
  const rels = entries.find((e) => e.name === '_rels/.rels');
  if (rels) {
    let xml = '';
    const decoder = new TextDecoder();
    // The relationships part is a few hundred bytes; more than 64 KB of it is not read.
    inflateEntry(zip, rels, (chunk) => (xml += decoder.decode(chunk)).length < 65_536, 65_536);
    for (const [element] of xml.matchAll(/<Relationship\b[^>]*>/g)) {
      const type = /\bType\s*=\s*["']([^"']*)/.exec(element)?.[1] ?? '';
      const found = /\bTarget\s*=\s*["']([^"']*)/.exec(element)?.[1];
      if (found && type.endsWith('/officeDocument')) target = found.replace(/^\//, '');
    }
  }
  return entries.find((e) => e.name === target);
}

export interface DocxTextScan {
  /** The characters counted, just past `limit` when `over`. */
  chars: number;
  over: boolean;
  /** Bytes of XML inflated and read. */
  xmlBytes: number;
}

/**
 * Counts the text of the DOCX `zip`'s main document until it passes `limit`. A document whose
 * parts cannot be found or inflated counts what was read: mammoth, which reads it next, reports
 * it as damaged.
 */
export function scanDocxText(zip: Uint8Array, limit: number): DocxTextScan {
  const counter = new DocxTextCounter();
  let xmlBytes = 0;
  try {
    const entries = zipEntries(zip);
    const main = mainPart(zip, entries);
    if (!main) return { chars: 0, over: false, xmlBytes };
    const decoder = new TextDecoder();
    inflateEntry(
      zip,
      main,
      (chunk) => {
        xmlBytes += chunk.length;
        counter.feed(decoder.decode(chunk, { stream: true }));
        return counter.chars <= limit;
      },
      // Steps sized as if the XML were all text (it has a byte at least for every character):
      // small under a small limit, so little is read past it.
      limit,
    );
  } catch (error) {
    if (!(error instanceof ZipStructureError)) throw error;
  }
  return { chars: counter.chars, over: counter.chars > limit, xmlBytes };
}
