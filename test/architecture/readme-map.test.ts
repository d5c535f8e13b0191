// The README's architecture map is what a newcomer reads first: it must name every folder (and top-level file) of
// src/ that exists, and nothing that does not.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function mapBlock(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Architecture: read this first'));
  const block = section.match(/```\n(src\/[\s\S]*?)```/);
  if (!block) throw new Error('README.md: no architecture map (a ``` block starting with src/) under "Architecture: read this first"');
  return block[1]!;
}

describe('the README architecture map', () => {
  it('names every folder and top-level file of src/', () => {
    const map = mapBlock();
    const entries = readdirSync(join(root, 'src'), { withFileTypes: true }).map((e) => (e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`));
    const missing = entries.filter((e) => !map.includes(e));
    expect(missing, 'add these to the map in README.md').toEqual([]);
  });

  it('names only paths that exist', () => {
    const named = [...mapBlock().matchAll(/^(src\/[\w./-]+)/gm)].map((m) => m[1]!);
    const gone = named.filter((p) => !existsSync(join(root, p)));
    expect(gone, 'the map names paths that are not in the tree').toEqual([]);
  });
});
