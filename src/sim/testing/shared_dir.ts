// Where the shared ground truth lives: `../shared` beside the project root (the directory
// holding this project's package.json), wherever the checkout is. Tests and tools resolve
// fixtures and conformance traces through here, never through an absolute path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_NAME = 'irqscope';

/** The nearest ancestor of `from` with irqscope's package.json. */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && isIrqscope(pkg)) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the irqscope project root (no package.json named "${PROJECT_NAME}" above ${from})`);
    dir = up;
  }
}

function isIrqscope(pkg: string): boolean {
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === PROJECT_NAME;
  } catch {
    return false;
  }
}

/**
 * A path inside ../shared (e.g. sharedDir('fixtures', 'real')). Throws a message naming the
 * expected location when it is missing, so a checkout without the shared tree fails loudly.
 */
export function sharedDir(...parts: string[]): string {
  const root = projectRoot();
  const shared = resolve(root, '..', 'shared');
  const path = join(shared, ...parts);
  if (!existsSync(path)) {
    const what = parts.length ? `${join('..', 'shared', ...parts)} (${path})` : `../shared (${shared})`;
    throw new Error(`${what} is missing: the shared fixtures and conformance traces must sit beside the project root ${root}`);
  }
  return path;
}
