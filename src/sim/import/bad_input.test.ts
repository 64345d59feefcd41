// Bad input of every kind gets a message naming what was not understood, never an exception,
// in time and memory bounded by the input's first bytes when it is too large.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTrace } from '../trace/replay';
import { MAX_CAPTURE_CHARS, importCapture, importCaptureBytes } from './capture';
import { sharedDir } from '../testing/shared_dir';

const FIXTURES = sharedDir('fixtures', 'real');
const SEED = 4242;

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function refusal(r: ReturnType<typeof importCapture>): string {
  if (r.ok) throw new Error(`imported (${r.format}), a refusal was expected`);
  return r.message;
}

describe('bad input', () => {
  it('a screenshot: the bytes of a PNG, and the same bytes pasted as text', () => {
    expect(refusal(importCaptureBytes(PNG))).toMatch(/^this is a PNG image \(a screenshot\?\), not text; irqscope reads the text of a capture/);
    const asText = new TextDecoder().decode(PNG);
    expect(refusal(importCapture(asText))).toMatch(/^this is a PNG image \(a screenshot\?\), not text/);
    expect(refusal(importCaptureBytes(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])))).toMatch(/^this is a JPEG image/);
    expect(refusal(importCaptureBytes(new TextEncoder().encode('PK\x03\x04rest')))).toMatch(/^this is a zip archive/);
    expect(refusal(importCaptureBytes(Uint8Array.from([0x1f, 0x8b, 8, 0])))).toMatch(/^this is a gzip-compressed file \(decompress it first\)/);
    expect(refusal(importCaptureBytes(new TextEncoder().encode('\x17\x08Dtracing6\0')))).toMatch(/binary trace-cmd trace.dat \(run "trace-cmd report"/);
  });

  it('binary data of no known kind: the offset of what is not text', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff);
    expect(refusal(importCaptureBytes(bytes))).toMatch(/^this is binary data \(a NUL character at offset 0\), not text/);
    const controls = 'CPU0\n' + '\x01\x02\x03\x04abc'.repeat(200);
    expect(refusal(importCapture(controls))).toMatch(/^this is binary data \(\d+ control or undecodable characters in the first \d+, the first at offset 5\)/);
  });

  it('a half capture: the cut line is named, the rest imports; a header alone is refused', () => {
    const full = readFileSync(resolve(FIXTURES, 'proc-interrupts-x86-32cpu-ir-pcimsix-dbdf-nvme.txt'), 'utf8');
    const lines = full.split('\n');
    // Cut inside an interrupt line (line 61: nvme queue vectors) and inside an architecture row (line 101: RTR).
    const cut = lines.slice(0, 60).join('\n') + '\n' + lines[60].slice(0, 60);
    const r = importCapture(cut);
    if (!r.ok) throw new Error(r.message);
    expect(r.notes).toContain('line 61 cut short (fewer counts than CPUs, no chip): the capture is incomplete there, skipped');
    const arch = importCapture(lines.slice(0, 100).join('\n') + '\n' + lines[100].slice(0, 60));
    if (!arch.ok) throw new Error(arch.message);
    expect(arch.notes).toContain('line 101 cut short (fewer counts than CPUs): the capture ends there');
    expect(refusal(importCapture(lines[0] + '\n'))).toBe(
      '/proc/interrupts with 32 CPU columns but no numbered interrupt line: the capture is cut short (only the header)',
    );
  });

  it('an unknown architecture: what was recognised and why it cannot be modelled', () => {
    const text = '           CPU0       CPU1\n  1:          5          6  FOO-PIC   3 Level     uart\n  2:          1          0  FOO-PIC   4 Level     eth0\n';
    expect(refusal(importCapture(text))).toBe(
      'architecture not supported: unknown: no x86 (IO-APIC, PCI-MSI) or arm64 GIC interrupt chip found: recognised /proc/interrupts with interrupt chips FOO-PIC; irqscope models x86_64 (IO-APIC, PCI MSI/MSI-X, the vector matrix) and arm64 with a GIC (GICv3 ITS, LPIs)',
    );
  });

  it('empty text, text that is no capture, JSON that is no scenario, and not text at all', () => {
    expect(refusal(importCapture('  \n\n'))).toMatch(/^the text is empty; /);
    expect(refusal(importCapture('Dear list,\nthe machine hangs.\n'))).toMatch(/^this text is none of the captures irqscope reads: .*; it starts with: "Dear list,"$/);
    expect(refusal(importCapture('{"scenario": 1, "machine": {"cpus": 0}, "steps": []}'))).toBe(
      'a JSON document, but not an irqscope scenario: machine.cpus: 0 is out of range (expected an integer 1..8192)',
    );
    expect(refusal(importCapture(null as unknown as string))).toMatch(/^expected text, got null; /);
    expect(refusal(importCapture(42 as unknown as string))).toMatch(/^expected text, got number; /);
  });

  it('a scenario JSON file comes back as it was exported', () => {
    const doc = { scenario: 2, title: 'mine', machine: { cpus: 4, kernel: { version: '6.16' } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 }] };
    const r = importCapture(JSON.stringify(doc, null, 2));
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario).toEqual(doc);
    expect(r.format).toBe('irqscope scenario (JSON)');
  });

  it('a 50 MB input is refused at once, as text and as bytes, by the importer and the trace replay', () => {
    const big = `           CPU0\n${'  24:          1  PCI-MSI 65536-edge      virtio0-config\n'.repeat(Math.ceil((50 * 1024 * 1024) / 57))}`;
    expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
    const heap = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    expect(refusal(importCapture(big))).toMatch(/^the input is 52,\d{3},\d{3} characters \(50\.\d MiB\), more than the 16\.0 MiB irqscope reads/);
    const t = importTrace(big);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.message).toMatch(/^the input is .* characters/);
    expect(refusal(importCaptureBytes(new Uint8Array(50 * 1024 * 1024)))).toMatch(/^the input is 52,428,800 bytes \(50\.0 MiB\)/);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(8 * 1024 * 1024);
  });

  it('a large capture under the limit (512 CPUs, 1,800 MSI-X lines, ~10 MB) is read in bounded time', () => {
    const cpus = 512;
    let s = `${Array.from({ length: cpus }, (_, i) => `CPU${i}`.padStart(11)).join('')}\n`;
    const counts = Array.from({ length: cpus }, () => '1234567'.padStart(11)).join('');
    for (let i = 0; i < 1800; i++) {
      s += `${String(24 + i).padStart(5)}:${counts}  IR-PCI-MSIX-0000:${(1 + (i >> 8)).toString(16).padStart(2, '0')}:00.0 ${i & 255}-edge  nvme${i >> 8}q${i & 255}\n`;
    }
    expect(s.length).toBeLessThan(MAX_CAPTURE_CHARS);
    const t0 = performance.now();
    const r = importCapture(s);
    if (!r.ok) throw new Error(r.message);
    expect(r.devices.map((d) => d.vectors)).toEqual([256, 256, 256, 256, 256, 256, 256, 8]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it(`never throws on arbitrary text (fast-check seed ${SEED})`, () => {
    const piece = fc.constantFrom('CPU0 CPU1\n', ' 24: 1 2 ', 'IR-PCI-MSIX-0000:01:00.0 ', '0-edge nvme0q0\n', 'IO-APIC 16-fasteoi x\n', 'name:   VECTOR\n', 'handler:  h\n', 'dstate: 0\n', 'Online bitmaps: 4\n', '(XEN) Event channel information for domain 1:\n', '(XEN)   1 [0/0/1]: s=3 n=0 x=0 d=0 p=3\n', 'proc/irq/3/node:0\n', '{', '\0', '\uFFFD', '...\n', 'a-1 [000] 1.0: irq_matrix_free: bit=1\n');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const r = importCapture(text);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.message).not.toMatch(/irqscope defect/);
        const t = importTrace(text);
        if (!t.ok) expect(t.message).not.toMatch(/irqscope defect/);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
