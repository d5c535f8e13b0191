import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes every file or none: each goes to a temp name first and all are renamed into place only once every one is
 * written. Content may be given lazily, so large reports are rendered one at a time (only one is in memory at once);
 * if rendering or writing any of them fails, the temp files are removed and nothing is left half-written.
 */
export async function writeFilesAtomically(files: { path: string; content: string | (() => string) }[]): Promise<void> {
  const temps = files.map((f) => ({ ...f, temp: `${f.path}.tmp-${process.pid}` }));
  try {
    for (const f of temps) {
      await mkdir(dirname(f.path), { recursive: true });
      await writeFile(f.temp, typeof f.content === 'function' ? f.content() : f.content, 'utf8');
    }
  } catch (e) {
    await Promise.all(temps.map((f) => rm(f.temp, { force: true })));
    throw e;
  }
  for (const f of temps) await rename(f.temp, f.path);
}
