import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPackageRoot, packageFile } from './files.ts';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('package files', () => {
  it('finds the root from any depth: lib/server/… when compiled as well as server/…', () => {
    const root = mkdtempSync(join(tmpdir(), 'chatport-root-'));
    made.push(root);
    writeFileSync(join(root, 'package.json'), '{}');
    const compiled = join(root, 'lib', 'server', 'routes');
    mkdirSync(compiled, { recursive: true });
    expect(findPackageRoot(compiled)).toBe(root);
    expect(findPackageRoot(root)).toBe(root);
  });

  it('says where it looked when there is no package.json above', () => {
    const bare = mkdtempSync(join(tmpdir(), 'chatport-bare-'));
    made.push(bare);
    // tmpdir() itself holds no package.json on any machine these tests run on.
    expect(() => findPackageRoot(bare)).toThrow(`no package.json at or above ${bare}`);
  });

  it('resolves every file the relay reads at run time, as package.json ships them', () => {
    for (const file of ['index.html', 'server/demo/demo.css', 'server/standins/media/clip.webm', 'package.json']) {
      expect(existsSync(packageFile(file)), file).toBe(true);
    }
  });
});
