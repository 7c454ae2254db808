// Which files Sieve can extract text from, by name alone (pure): extensions, plus well-known
// extension-less names such as Makefile or Dockerfile. Used in the worker, by extraction and by
// the queue's early check.
import type { DocumentFormat } from './types';

const words = (list: string) => list.trim().split(/\s+/);

const EXTENSIONS: Record<Exclude<DocumentFormat, 'code'>, string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  html: ['html', 'htm', 'xhtml'],
  markdown: ['md', 'markdown', 'mdx', 'mkd', 'mdown'],
  text: words('txt text log rst org tex bib adoc asciidoc textile wiki nfo srt vtt me'),
  csv: ['csv', 'tsv'],
  json: words('json jsonl ndjson geojson jsonc json5 ipynb webmanifest'),
};

// Source code and configuration: read as plain text, labelled so the UI can say "code".
const CODE_EXTENSIONS = words(`
  ts tsx mts cts js jsx mjs cjs py pyi pyw rb go rs java kt kts c h cc cpp cxx c++ hh hpp hxx
  ipp inl cs fs fsx vb php swift scala sc groovy gradle clj cljs cljc edn m mm zig nim d v sv vhd
  vhdl sol elm purs cr pas pp ada adb ads f f90 f95 for asm s S wat
  sh bash zsh fish ksh ps1 psm1 bat cmd
  sql graphql gql proto prisma thrift avsc
  yaml yml toml ini cfg conf properties env editorconfig gitignore gitattributes dockerignore
  xml xsl xslt xsd plist csproj fsproj vbproj props targets
  css scss sass less styl svelte vue astro hbs handlebars mustache ejs erb j2 jinja jinja2 liquid
  lua r rmd jl dart ex exs erl hrl hs lhs ml mli re res pl pm t raku nix el lisp scm ss rkt
  tf tfvars hcl cmake mk make bzl bazel star gn ninja diff patch http rest awk sed vim
`);

/** Extension-less (or oddly named) files that are well known to be text or code. */
const CODE_NAMES = words(`
  makefile gnumakefile dockerfile containerfile jenkinsfile vagrantfile gemfile rakefile podfile
  procfile justfile brewfile guardfile capfile berksfile fastfile appfile snakefile tiltfile
  cmakelists.txt build workspace
`);
const TEXT_NAMES = words(`
  readme license licence copying authors contributors changelog changes news notice todo
  install history thanks credits patents
`);

const BY_EXTENSION = new Map<string, DocumentFormat>([
  ...Object.entries(EXTENSIONS).flatMap(([format, exts]) =>
    exts.map((ext) => [ext, format as DocumentFormat] as const),
  ),
  ...CODE_EXTENSIONS.map((ext) => [ext.toLowerCase(), 'code'] as const),
]);

/** The last part of a path: dropped folders give relative paths, and only that names the file. */
export const baseName = (path: string) =>
  path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** Format by file name (extension; also well-known names like Makefile), null if unsupported. */
export function formatOf(fileName: string): DocumentFormat | null {
  const name = baseName(fileName).toLowerCase();
  if (CODE_NAMES.includes(name)) return 'code';
  if (TEXT_NAMES.includes(name)) return 'text';
  // "Dockerfile.dev", "Makefile.am": the name, not the suffix, says what it is.
  const stem = name.split('.')[0] ?? '';
  if (stem && ['dockerfile', 'containerfile', 'makefile', 'jenkinsfile'].includes(stem)) {
    return 'code';
  }
  const dot = name.lastIndexOf('.');
  // ".gitignore", ".env": a leading dot is a hidden file whose whole name is the "extension".
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  return BY_EXTENSION.get(ext) ?? null;
}

/** For messages: the kinds of files Sieve reads. */
export const SUPPORTED_SUMMARY =
  'PDF, Word (.docx), HTML, Markdown, plain text, source code, CSV and JSON files';
