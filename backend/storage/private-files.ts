/**
 * The data directory holds connection names, tags, headers and AWS external ids (and the keys
 * file and encryption key): no other local user may read it. Directories are created 0700 and
 * files 0600, whatever the umask; an existing data directory (or file in it) that is wider is
 * reported, not changed (the operator chose it). PGlite's own files are made private: it
 * creates them with mode 0666 under the process's umask, so the umask is 077 while PGlite runs,
 * and files it wrote before (older versions, another umask) are tightened on open and on close.
 */
import fs from "node:fs";
import path from "node:path";

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, "0");

/** Create `dir` (and missing parents) 0700; for an existing one, a warning when others may use it. */
export function ensurePrivateDir(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    fs.chmodSync(dir, DIR_MODE); // mkdir's mode is filtered by the umask; this is not
    return [];
  }
  const warnings: string[] = [];
  const mode = fs.statSync(dir).mode;
  if (mode & 0o077) {
    warnings.push(
      `the data directory ${dir} is open to other local users (mode ${octal(mode)}); it holds connection names, tags, headers and keys: run chmod 700 ${JSON.stringify(dir)}`,
    );
  }
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file);
    if (stat.isFile() && stat.mode & 0o077)
      warnings.push(
        `${file} is open to other local users (mode ${octal(stat.mode)}): run chmod 600 ${JSON.stringify(file)}`,
      );
  }
  return warnings;
}

/** Make every directory under `root` 0700 and every file 0600; how many were wider. */
export function tightenTree(root: string): number {
  let widened = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      if (!entry.isDirectory() && !entry.isFile()) continue; // symlinks, sockets: not ours to change
      const want = entry.isDirectory() ? DIR_MODE : FILE_MODE;
      const mode = fs.statSync(file).mode & 0o777;
      if (mode !== want) {
        if (mode & 0o077) widened++;
        fs.chmodSync(file, want);
      }
    }
  };
  if (!fs.existsSync(root)) return 0;
  const mode = fs.statSync(root).mode & 0o777;
  if (mode !== DIR_MODE) {
    if (mode & 0o077) widened++;
    fs.chmodSync(root, DIR_MODE);
  }
  walk(root);
  return widened;
}

let holders = 0;
let saved: number | undefined;

/** Umask 077 for as long as some PGlite runs in this process; returns the release. */
export function holdPrivateUmask(): () => void {
  if (holders++ === 0) saved = process.umask(0o077);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0 && saved !== undefined) process.umask(saved);
  };
}
