import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../src/fs-util.js';

describe('writeFilesAtomically', () => {
  it('writes every file, rendering lazy content one at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-fs-'));
    const order: string[] = [];
    await writeFilesAtomically([
      { path: join(dir, 'a.json'), content: () => (order.push('a'), '{}') },
      { path: join(dir, 'sub/b.html'), content: '<p>b</p>' },
      { path: join(dir, 'c.csv'), content: () => (order.push('c'), 'x,y\r\n') },
    ]);
    expect(order).toEqual(['a', 'c']);
    expect(readFileSync(join(dir, 'sub/b.html'), 'utf8')).toBe('<p>b</p>');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'c.csv', 'sub']);
  });

  it('leaves nothing behind when one rendering fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-fs-'));
    await expect(
      writeFilesAtomically([
        { path: join(dir, 'a.json'), content: '{}' },
        { path: join(dir, 'b.html'), content: () => { throw new Error('template broke'); } },
      ]),
    ).rejects.toThrow('template broke');
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'a.json'))).toBe(false);
  });
});
