// What a comment may cite (docs/architecture.md "Conventions"): an RFC or published spec, a README
// section in the repository, a test, or a public tracker entry as `owner/repo#N` or a full URL.
// These matchers find what a reader cannot open: a bare tracker number (the word and a number)
// and a `<name>.md §N` whose file, or whose numbered section, is not in the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Offence {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface MarkdownReference {
  readonly line: number;
  readonly target: string;
  readonly section: string;
}

/** Folders and files of the repository whose text is checked. */
export const CHECKED_ROOTS = [
  'gateway',
  'adapters',
  'formats',
  'sync',
  'store',
  'scripts',
  'test',
  'docs',
  'README.md',
];
const SKIPPED = new Set(['node_modules', 'dist', '.tmp', '.git', 'data']);
const SKIPPED_PATHS = ['test/fixtures'];
const EXTENSIONS = new Set(['.ts', '.mts', '.mjs', '.js', '.sh', '.py', '.md']);

// A word "issue"/"issues" (not "issuer", "issued") and a number, on one line or across a comment
// line break ("issue\n// 12"). "owner/repo#12" and ".../issues/12" URLs have no such word.
const ISSUE = /\bissues?(?:[ \t]+|[ \t]*\r?\n[ \t]*(?:\/\/|\*|#)[ \t]*)#?\d+/gi;

// A file name or path ending in .md, then §, possibly across a comment line break. The name must
// not continue a URL or a longer path (no word character, '/', '.', ':' or '-' right before it).
const MD_SECTION =
  /(?<![\w./:-])((?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\.md)(?:[ \t]+|[ \t]*\r?\n[ \t]*(?:\/\/|\*|#)[ \t]*)§[ \t]*(\d+(?:\.\d+)*)/g;

// A numbered Markdown heading: "## 4. Webforms", "### 4.2 Design", "## §3 …".
const HEADING = /^#{1,6}[ \t]+§?(\d+(?:\.\d+)*)\.?(?:[ \t]|$)/gm;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every "issue N" in a text, with the line it starts on. */
export function findIssueReferences(text: string): { line: number; text: string }[] {
  return [...text.matchAll(ISSUE)].map((m) => ({
    line: lineAt(text, m.index),
    text: m[0].replace(/\s+/g, ' '),
  }));
}

/** Every `<name>.md §N` in a text: the file as written and the first section number after §. */
export function findMarkdownReferences(text: string): MarkdownReference[] {
  return [...text.matchAll(MD_SECTION)].map((m) => ({
    line: lineAt(text, m.index),
    target: m[1] ?? '',
    section: m[2] ?? '',
  }));
}

/** The numbered sections of a Markdown text ("1", "1.4", …). */
export function sectionsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(HEADING)].map((m) => m[1] ?? ''));
}

/**
 * The file a reference names, relative to the repository root: the path from the root, or, for a
 * relative path or a bare name such as `README.md`, the file next to the citing one. Null when
 * neither exists.
 */
export function resolveMarkdownReference(
  root: string,
  citingFile: string,
  target: string,
): string | null {
  const candidates = [path.join(root, target), path.join(root, path.dirname(citingFile), target)];
  for (const candidate of candidates) {
    const relative = path.relative(root, candidate);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative;
  }
  return null;
}

/** The checked files under `root`, as paths relative to it, sorted. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      if (SKIPPED.has(path.basename(relative))) return;
      if (SKIPPED_PATHS.some((p) => relative === p || relative.startsWith(`${p}/`))) return;
      for (const name of readdirSync(full)) walk(path.posix.join(relative, name));
    } else if (stat.isFile() && EXTENSIONS.has(path.extname(relative))) {
      found.push(relative);
    }
  };
  for (const entry of CHECKED_ROOTS) walk(entry);
  return found.sort();
}

/** The offences of one file's text. */
export function checkText(root: string, file: string, text: string): Offence[] {
  const offences: Offence[] = findIssueReferences(text).map((ref) => ({
    file,
    line: ref.line,
    message: `"${ref.text}" names a tracker entry the repository does not carry; cite the spec, a README section or a test`,
  }));
  for (const ref of findMarkdownReferences(text)) {
    const resolved = resolveMarkdownReference(root, file, ref.target);
    if (resolved === null) {
      offences.push({
        file,
        line: ref.line,
        message: `${ref.target} §${ref.section}: no such file in the repository`,
      });
    } else if (!sectionsOf(readFileSync(path.join(root, resolved), 'utf8')).has(ref.section)) {
      offences.push({
        file,
        line: ref.line,
        message: `${ref.target} §${ref.section}: ${resolved} has no section ${ref.section}`,
      });
    }
  }
  return offences.sort((a, b) => a.line - b.line);
}

/** Every offence under `root`, as `file:line: message` lines. */
export function checkRepository(root: string): string[] {
  return sourceFiles(root).flatMap((file) =>
    checkText(root, file, readFileSync(path.join(root, file), 'utf8')).map(
      (o) => `${o.file}:${o.line}: ${o.message}`,
    ),
  );
}
