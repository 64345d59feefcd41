import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, sharedDir } from './shared_dir';

describe('sharedDir', () => {
  it('resolves ../shared from the project root', () => {
    const root = projectRoot();
    expect(resolve(root, 'package.json')).toBe(join(root, 'package.json'));
    expect(sharedDir('conformance')).toBe(resolve(root, '..', 'shared', 'conformance'));
  });

  it('finds the root from a nested directory, and refuses a tree that is not irqscope', () => {
    const top = mkdtempSync(join(tmpdir(), 'irqscope-root-'));
    writeFileSync(join(top, 'package.json'), JSON.stringify({ name: 'irqscope' }));
    mkdirSync(join(top, 'src', 'sim'), { recursive: true });
    expect(projectRoot(join(top, 'src', 'sim'))).toBe(top);
    const other = mkdtempSync(join(tmpdir(), 'not-irqscope-'));
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'something-else' }));
    expect(() => projectRoot(other)).toThrow(/cannot find the irqscope project root/);
  });

  it('names the missing path', () => {
    expect(() => sharedDir('no-such-dir-here')).toThrow(/\.\.\/shared\/no-such-dir-here .* is missing/);
  });
});
