import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Our temp files: "<report or snapshot file>.tmp-<pid>" (only these are ever removed as stale). */
const TEMP_NAME = /^(.+\.(?:json|html|csv))\.tmp-(\d+)$/;

/** Temp files this process is writing right now: removed if it is interrupted (installTempFileCleanup). */
const pending = new Set<string>();
/** Folders already swept of stale temp files by this process (once each: an org run writes a folder many times). */
const swept = new Set<string>();

/**
 * Writes every file or none: each goes to a temp name first and all are renamed into place only once every one is
 * written. Content may be given lazily, so large reports are rendered one at a time (only one is in memory at once);
 * if rendering or writing any of them fails, the temp files are removed and nothing is left half-written. Temp files
 * that an interrupted earlier run left in the same folders are removed first (removeStaleTempFiles).
 */
export async function writeFilesAtomically(files: { path: string; content: string | (() => string | Iterable<string>) }[]): Promise<void> {
  const temps = files.map((f) => ({ ...f, temp: `${f.path}.tmp-${process.pid}` }));
  for (const dir of new Set(files.map((f) => dirname(f.path)))) {
    if (swept.has(dir)) continue;
    swept.add(dir);
    removeStaleTempFiles(dir);
  }
  for (const f of temps) pending.add(f.temp);
  try {
    for (const f of temps) {
      await mkdir(dirname(f.path), { recursive: true });
      const content = typeof f.content === 'function' ? f.content() : f.content;
      if (typeof content === 'string') await writeFile(f.temp, content, 'utf8');
      else await writePieces(f.temp, content);
    }
    for (const f of temps) await rename(f.temp, f.path);
  } catch (e) {
    await Promise.all(temps.map((f) => rm(f.temp, { force: true })));
    throw e;
  } finally {
    for (const f of temps) pending.delete(f.temp);
  }
}

/** Writes text given in pieces, about 1 MB per write (FileHandle.writeFile continues at the current position and
 * writes all of it), so that no string of the whole file is ever built. */
async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const file = await open(path, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      batch.push(piece);
      size += piece.length;
      if (size >= 1 << 20) {
        await file.writeFile(batch.join(''), 'utf8');
        batch = [];
        size = 0;
      }
    }
    if (batch.length) await file.writeFile(batch.join(''), 'utf8');
  } finally {
    await file.close();
  }
}

/** Removes the temp files this process is writing (synchronously: it runs in signal and exit handlers). */
export function removePendingTempFiles(): void {
  for (const temp of pending) {
    try {
      unlinkSync(temp);
    } catch {
      // not created yet, or already renamed
    }
  }
  pending.clear();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes "<x>.json|html|csv.tmp-<pid>" files in `dir` whose process is gone (a run killed before its handlers ran,
 * e.g. by SIGKILL or a power cut). Files of a living process — another run writing now, or a reused pid — are kept,
 * and so is anything not named in our pattern. Returns the names removed.
 */
export function removeStaleTempFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // the folder does not exist yet
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[2]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // removed meanwhile, or not ours to remove
    }
  }
  return removed;
}

let installed = false;

/**
 * On SIGINT / SIGTERM (Ctrl-C, a scheduler's stop) remove this process's temp files, then die of the same signal
 * (exit status 130 / 143, as without the handler). Also on a plain exit while a write is still pending.
 */
export function installTempFileCleanup(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    removePendingTempFiles();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', removePendingTempFiles);
}
