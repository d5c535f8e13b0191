import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findTemplatesDir } from '../../src/report/templates-dir.js';

function fakePackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'pkg-'));
  writeFileSync(join(root, 'package.json'), '{"name":"hardening-audit"}');
  mkdirSync(join(root, 'report-templates', 'partials'), { recursive: true });
  writeFileSync(join(root, 'report-templates', 'report.hbs'), '');
  return root;
}

describe('findTemplatesDir', () => {
  it('finds the repository templates from the TypeScript sources', () => {
    expect(findTemplatesDir()).toMatch(/report-templates$/);
  });

  it('walks up from src/report/html/html.ts and from dist/src/report/html/html.js to the package root', () => {
    const root = fakePackage();
    for (const file of ['src/report/html/html.ts', 'dist/src/report/html/html.js']) {
      expect(findTemplatesDir(pathToFileURL(join(root, file)).href)).toBe(join(root, 'report-templates'));
      expect(findTemplatesDir(join(root, file))).toBe(join(root, 'report-templates'));
    }
  });

  it('walks past a nested package.json that has no templates', () => {
    const root = fakePackage();
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'package.json'), '{"type":"module"}');
    expect(findTemplatesDir(pathToFileURL(join(root, 'dist/src/report/html/html.js')))).toBe(join(root, 'report-templates'));
  });

  it('says where it looked when there are no templates', () => {
    const root = mkdtempSync(join(tmpdir(), 'nopkg-'));
    writeFileSync(join(root, 'package.json'), '{}');
    expect(() => findTemplatesDir(join(root, 'a/b/c.js'))).toThrow(/report-templates\/report\.hbs not found.*package\.json found in/);
  });
});
