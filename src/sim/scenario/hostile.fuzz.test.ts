// Hostile inputs at every border a stranger can reach without the UI: scenario documents, link
// fragments and command-line arguments. Each must end in its documented refusal (a ParseResult
// message at a path; UsageError for arguments; exit 2 with one message for the CLI), never an
// exception, a stack trace or an invisible character in a message. Seeded by FC_SEED, sized by
// FC_RUNS (fc_config.ts); the default is small enough for CI.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError, parseArgs } from '../cli/args';
import { runCommand } from '../cli/run';
import { fcRuns } from '../testing/fc_config';
import { arbScenario } from './arbitrary';
import { decodeFragment, encodeFragment } from './url';
import { parseScenario, type ParseResult } from './validate';

const RUNS = fcRuns(300, process.env);
/** Characters a message must never carry: controls, BOM and other invisible formatting. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;

function refusalOk(r: ParseResult): void {
  if (r.ok) return void expect(parseScenario(r.scenario).ok).toBe(true);
  expect(r.message.length).toBeGreaterThan(10);
  expect(r.message).not.toMatch(/undefined|\[object Object\]|\bat \S+:\d+:\d+/);
  expect(r.message, JSON.stringify(r.message)).not.toMatch(INVISIBLE);
  if (r.path !== '') expect(r.message.startsWith(`${r.path}: `)).toBe(true);
}

// Pieces a hostile document is made of: names that exist, names that attack, odd values.
const KEY = fc.constantFrom('scenario', 'title', 'machine', 'steps', 'cpus', 'arch', 'do', 'id', 'type', 'queues', 'cpu', 'device', 'vector', 'vcpus', 'xen', 'role', 'kernel', 'version', 'gic', 'online', '__proto__', 'constructor', 'prototype', 'toString', '', '\uFEFFscenario', 'steps\u0000', 'cpus ');
const ODD_STRING = fc.constantFrom('x86_64', 'arm64', 'nvme', 'nic', 'cpu.offline', 'device.add', 'dom0', '7.0', 'v6.5', '6.6.30', '\uFEFF', '\u200B', '\u0000', '\uD800', '💥', 'NaN', 'Infinity', '-0', '1e309', '0x1', '<script>alert(1)</script>', 'a'.repeat(5000), '__proto__');
const ODD_NUMBER = fc.constantFrom(0, -0, 1, -1, 8192, 8193, 2 ** 31, 2 ** 53 + 1, 1e309, -1e309, 0.5, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE);
const leaf = fc.oneof(ODD_STRING, ODD_NUMBER, fc.boolean(), fc.constant(null), fc.string({ maxLength: 12, unit: 'binary' }), fc.integer());
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(KEY, tie('value'), { maxKeys: 6 }),
})).value;

/** A JSON text from a value, with the hostile encodings the parser must also refuse cleanly. */
const hostileText = fc.tuple(hostileValue, fc.constantFrom('plain', 'bom', 'deep', 'cut', 'duplicate', 'nul')).map(([v, how]) => {
  const json = JSON.stringify(v) ?? 'null';
  switch (how) {
    case 'bom':
      return '\uFEFF' + json;
    case 'deep':
      return '['.repeat(5000) + json + ']'.repeat(5000);
    case 'cut':
      return json.slice(0, Math.max(0, json.length - 2));
    case 'duplicate':
      return `{"scenario":2,"scenario":"2","machine":{},"steps":[],"steps":${json}}`;
    case 'nul':
      return json.replace(/,/g, ',\u0000');
    default:
      return json;
  }
});

describe('hostile documents and links', () => {
  it(`documents (${RUNS} runs): a scenario or one clean message, never a throw, no prototype touched`, () => {
    fc.assert(
      fc.property(hostileText, hostileValue, (text, value) => {
        refusalOk(parseScenario(text));
        refusalOk(parseScenario(value));
        refusalOk(parseScenario({ scenario: 2, machine: value, steps: [value] }));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  const PREFIX = fc.constantFrom('', '#', '#s1.', '#s2.', 's1.', '#S1.', 'http://127.0.0.1:4173/#s1.', 'irqscope://x#s1.', '#s1.#s1.', '\uFEFF#s1.', ' #s1.');
  const B64ISH = fc.string({ maxLength: 400, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=%. \u0000\uFEFF') });
  it(`link fragments (${RUNS} runs): a scenario or one clean message, never a throw`, () => {
    fc.assert(
      fc.property(PREFIX, B64ISH, arbScenario({ maxSteps: 8 }), fc.nat(), fc.string({ maxLength: 4, unit: 'binary' }), (prefix, junk, s, at, insert) => {
        refusalOk(decodeFragment(prefix + junk));
        // A real link with hostile bytes spliced in, or cut anywhere.
        const frag = encodeFragment(s);
        const i = at % (frag.length + 1);
        refusalOk(decodeFragment(frag.slice(0, i) + insert + frag.slice(i)));
        refusalOk(decodeFragment(frag.slice(0, i)));
        refusalOk(decodeFragment(prefix + frag.slice(4)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile command lines', () => {
  const SPEC = { options: { '--at': 'K', '--debugfs': 'PATH' }, positionals: ['FILE.json'] };
  const ARG = fc.oneof(
    fc.constantFrom('--at', '--debugfs', '--at=', '--debugfs=', '--at=0x1', '--', '-', '--help', '---at', '--AT', '--at=1', '--debugfs=domains/VECTOR', '0', '1', '0x1', '1e0', '-1', ' 1', '', '\uFEFF', '\u0000', '--\u200Bat', '/proc/interrupts', 'domains/VECTOR', 'irqs/0', '../../etc/passwd', '💥', 'a'.repeat(300)),
    fc.string({ maxLength: 20, unit: 'binary' }),
  );
  const KNOWN = /^(--at|--debugfs) needs a value \(\1 (K|PATH)\)$|^(--at|--debugfs) given twice$|^unknown option \S.* \(options: --at, --debugfs\)$|^missing FILE\.json$|^unexpected argument \S.*$/su;

  it(`parseArgs (${RUNS} runs): arguments or a UsageError naming the problem, nothing else`, () => {
    fc.assert(
      fc.property(fc.array(ARG, { maxLength: 8 }), (argv) => {
        try {
          const a = parseArgs(argv, SPEC);
          expect(a.positionals.length).toBe(1);
          for (const v of Object.values(a.options)) expect(v).not.toBe('');
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          const message = (e as UsageError).message;
          expect(message).toMatch(KNOWN);
          expect(message, JSON.stringify(message)).not.toMatch(INVISIBLE);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const dir = mkdtempSync(join(tmpdir(), 'irqscope-hostile-'));
  const FILE = join(dir, 'small.json');
  writeFileSync(FILE, JSON.stringify({ scenario: 2, machine: { cpus: 2 }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 2 }, { do: 'cpu.offline', cpu: 1 }] }));
  afterEach(() => vi.restoreAllMocks());

  it(`sim run (${Math.ceil(RUNS / 3)} runs): exit 0 with output, or exit 2 with one clean message`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ARG, { maxLength: 5 }), fc.nat(5), async (extra, where) => {
        const argv = [...extra];
        argv.splice(where % (argv.length + 1), 0, FILE);
        let out = '';
        let err = '';
        vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
        vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
        let code: number;
        try {
          code = await runCommand(argv);
        } finally {
          vi.restoreAllMocks();
        }
        expect([0, 2]).toContain(code);
        if (code === 0) {
          expect(out.length).toBeGreaterThan(0);
        } else {
          expect(out).toBe('');
          expect(err).not.toMatch(/\n\s+at /);
          expect(err.split('\n')[0], JSON.stringify(err)).not.toMatch(INVISIBLE);
          expect(err).toMatch(/^(sim run: |no text view |\S+: )/);
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
