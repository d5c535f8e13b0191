import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes every file or none: each goes to a temp name first and is renamed into place once all are written. */
export async function writeFilesAtomically(files: { path: string; content: string }[]): Promise<void> {
  const temps = files.map((f) => ({ ...f, temp: `${f.path}.tmp-${process.pid}` }));
  for (const f of temps) {
    await mkdir(dirname(f.path), { recursive: true });
    await writeFile(f.temp, f.content, 'utf8');
  }
  for (const f of temps) await rename(f.temp, f.path);
}
