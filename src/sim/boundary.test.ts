// The engine's boundary, checked on every `npm test`: src/sim (the engine, its CLI and tests)
// imports no UI library and nothing from src/ui or src/machines; src/machines imports no React
// and nothing from src/ui. The type-level half (no DOM in src/sim) is tsconfig.sim.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './testing/shared_dir';

interface Rule {
  dir: string;
  /** Package names (exact, or a prefix ending in '*') the files must not import. */
  packages: string[];
  /** Project directories the files must not import from. */
  dirs: string[];
}

const UI_PACKAGES = ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*', 'xstate', 'xstate/*', '@xstate/*', 'd3-*', 'd3'];
const RULES: Rule[] = [
  { dir: 'src/sim', packages: UI_PACKAGES, dirs: ['src/ui', 'src/machines'] },
  { dir: 'src/machines', packages: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xstate/react'], dirs: ['src/ui'] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier a file names: static and dynamic imports, re-exports, require. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function matches(spec: string, pattern: string): boolean {
  return pattern.endsWith('*') ? spec.startsWith(pattern.slice(0, -1)) : spec === pattern;
}

/** The rule's violations in one file, as "file: imports 'x' (reason)". */
function violations(rule: Rule, root: string, file: string, text: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    const pkg = rule.packages.find((p) => matches(spec, p));
    if (pkg) out.push(`${relative(root, file)}: imports '${spec}' (${rule.dir} must not use ${pkg})`);
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(file, '..', spec));
      const dir = rule.dirs.find((d) => target === d || target.startsWith(d + '/'));
      if (dir) out.push(`${relative(root, file)}: imports '${spec}' (${rule.dir} must not import from ${dir})`);
    }
  }
  return out;
}

const ROOT = projectRoot();

describe('engine boundary', () => {
  for (const rule of RULES) {
    it(`${rule.dir} imports none of ${[...rule.packages, ...rule.dirs].join(', ')}`, () => {
      const files = sourceFiles(join(ROOT, rule.dir));
      expect(files.length).toBeGreaterThan(5);
      const found = files.flatMap((f) => violations(rule, ROOT, f, readFileSync(f, 'utf8')));
      expect(found).toEqual([]);
    });
  }

  it('the check sees every form of import', () => {
    const file = join(ROOT, 'src/sim/engine/x.ts');
    const text = [
      "import React from 'react';",
      "import type { StoreApi } from 'zustand';",
      "export { select } from 'd3-selection';",
      "const m = await import('xstate');",
      "import { useMachine } from '@xstate/react';",
      "import { App } from '../../ui/App';",
      "import { link } from '../../machines/link';",
      "import { parse } from '../scenario/validate';",
      "// import nothing from 'react' in a comment",
    ].join('\n');
    const found = violations(RULES[0], ROOT, file, text);
    expect(found).toEqual([
      "src/sim/engine/x.ts: imports 'react' (src/sim must not use react)",
      "src/sim/engine/x.ts: imports 'zustand' (src/sim must not use zustand)",
      "src/sim/engine/x.ts: imports 'd3-selection' (src/sim must not use d3-*)",
      "src/sim/engine/x.ts: imports 'xstate' (src/sim must not use xstate)",
      "src/sim/engine/x.ts: imports '@xstate/react' (src/sim must not use @xstate/*)",
      "src/sim/engine/x.ts: imports '../../ui/App' (src/sim must not import from src/ui)",
      "src/sim/engine/x.ts: imports '../../machines/link' (src/sim must not import from src/machines)",
    ]);
    expect(violations(RULES[1], ROOT, join(ROOT, 'src/machines/a.ts'), "import { useState } from 'react';\nimport { createMachine } from 'xstate';")).toEqual([
      "src/machines/a.ts: imports 'react' (src/machines must not use react)",
    ]);
  });
});
