import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbScenario } from './arbitrary';
import { base64urlDecode, base64urlEncode, crc32 } from './bytes';
import type { Scenario } from './schema';
import { decodeFragment, encodeFragment, MAX_INFLATED_BYTES, MAX_LINK_CHARS, scenarioUrl } from './url';
import { deflateSync } from 'fflate';

/** A realistic 40-step story: an nvme and a NIC, CPUs going down and up, affinities, VMs. */
export function fortyStepScenario(): Scenario {
  const steps: Scenario['steps'] = [
    { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 16, bdf: '0000:01:00.0' },
    { do: 'device.add', id: 'eth0', type: 'nic', queues: 8, bdf: '0000:02:00.0' },
    { do: 'device.add', id: 'ahci', type: 'msi', vectors: 4 },
    { do: 'device.add', id: 'usb', type: 'intx', pin: 'B', slot: 3 },
  ];
  for (let c = 15; c >= 8; c--) steps.push({ do: 'cpu.offline', cpu: c });
  for (let q = 0; q < 8; q++) steps.push({ do: 'irq.affinity', device: 'eth0', vector: q, cpus: [q % 4, (q % 4) + 4] });
  for (let q = 1; q <= 6; q++) steps.push({ do: 'irq.fire', device: 'nvme0', vector: q });
  steps.push({ do: 'driver.unbind', device: 'nvme0' }, { do: 'driver.bind', device: 'nvme0' });
  steps.push({ do: 'vm.launch', id: 'vm1', vcpus: 4, type: 'kvm' }, { do: 'vm.launch', id: 'vm2', vcpus: 8, type: 'kvm' });
  for (let c = 8; c < 14; c++) steps.push({ do: 'cpu.online', cpu: c });
  steps.push({ do: 'vm.destroy', id: 'vm1' }, { do: 'device.remove', id: 'usb' });
  steps.push({ do: 'irq.fire', device: 'eth0', vector: 7 }, { do: 'device.remove', id: 'ahci' });
  return { scenario: 2, title: 'nvme + NIC through a CPU offline storm', machine: { cpus: 16, nodes: 2, smt: 2 }, steps };
}

describe('scenario links', () => {
  it('property: decode(encode(s)) deep-equals s for generated scenarios', () => {
    fc.assert(
      fc.property(arbScenario({ maxSteps: 80 }), (s) => {
        const frag = encodeFragment(s);
        expect(frag).toMatch(/^#s1\.[A-Za-z0-9_-]+$/);
        expect(decodeFragment(frag)).toStrictEqual({ ok: true, scenario: s });
      }),
      { numRuns: 400 },
    );
  });

  it('property: big machines and long stories round-trip too', () => {
    fc.assert(
      fc.property(arbScenario({ maxSteps: 400, maxCpus: 8192 }), (s) => {
        expect(decodeFragment(encodeFragment(s))).toStrictEqual({ ok: true, scenario: s });
      }),
      { numRuns: 40 },
    );
  });

  it('accepts a whole URL, a fragment with or without #, and surrounding spaces', () => {
    const s = fortyStepScenario();
    const frag = encodeFragment(s);
    const want = { ok: true, scenario: s };
    expect(decodeFragment(frag)).toEqual(want);
    expect(decodeFragment(frag.slice(1))).toEqual(want);
    expect(decodeFragment(`https://irqscope.example/app/?x=1${frag}`)).toEqual(want);
    expect(decodeFragment(`  ${scenarioUrl('http://localhost:4173/#old', s)}\n`)).toEqual(want);
  });

  it('a 40-step scenario fits in a short link', () => {
    const s = fortyStepScenario();
    expect(s.steps).toHaveLength(40);
    const frag = encodeFragment(s);
    const json = JSON.stringify(s).length;
    console.log(`40-step scenario: ${json} chars of JSON -> ${frag.length}-char fragment`);
    expect(frag.length).toBeLessThan(800);
  });

  it('says what is wrong with bad links', () => {
    const frag = encodeFragment(fortyStepScenario());
    const data = frag.slice(4);
    const msg = (x: string) => {
      const r = decodeFragment(x);
      return r.ok ? 'ok' : r.message;
    };
    expect(msg('')).toBe('the link has no scenario: expected a fragment like #s1.<data>');
    expect(msg('https://irqscope.example/')).toBe('not an irqscope scenario link: expected a fragment like #s1.<data>');
    expect(msg('#s2.AAAA')).toBe('the link uses format s2, made by a newer irqscope; this one reads s1');
    expect(msg('#s0.AAAA')).toBe('unknown link format s0; this irqscope reads s1');
    expect(msg('#s1.')).toBe('the link is truncated: nothing follows "s1."');
    expect(msg(`#s1.${data.slice(0, 10)}!${data.slice(11)}`)).toBe(
      'the link is damaged: "!" at data position 10 is not a base64url character (A-Z a-z 0-9 - _)',
    );
    expect(msg(`#s1.${data.slice(0, 40)}`)).toMatch(/^the link is truncated: it carries \d+ of its \d+ compressed bytes/);
    expect(msg(`#s1.${data.slice(0, 41)}`)).toBe('the link is truncated: its data ends in the middle of a character group');
    expect(msg(`#s1.${data}AAAA`)).toBe('the link is damaged: it has data after its end');
    const flipped = data.slice(0, 30) + (data[30] === 'A' ? 'B' : 'A') + data.slice(31);
    expect(msg(`#s1.${flipped}`)).toBe('the link is damaged: its checksum does not match (it was edited after it was made)');
    expect(msg('x'.repeat(MAX_LINK_CHARS + 1))).toMatch(/^the link is \d+ characters long, more than the 2000000 accepted$/);
  });

  it('calls every cut of a link truncated, never "added or changed" (its length field tells)', () => {
    const data = encodeFragment(fortyStepScenario()).slice(4);
    let unclean = 0;
    for (let k = 1; k < data.length; k++) {
      const r = decodeFragment(`#s1.${data.slice(0, k)}`);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.message, `cut at ${k} of ${data.length}`).toMatch(/^the link is truncated/);
      // A cut inside a character group leaves stray bits in its last character.
      const b = base64urlDecode(data.slice(0, k));
      if (b.ok && base64urlEncode(b.bytes) !== data.slice(0, k)) unclean++;
    }
    expect(unclean).toBeGreaterThan(0);
    // A last character changed in a way that leaves stray bits is still "damaged".
    const last = data[data.length - 1];
    const other = data.slice(0, -1) + (last === '_' ? '-' : '_');
    const r = decodeFragment(`#s1.${other}`);
    expect(r.ok ? 'ok' : r.message).toMatch(/^the link is damaged/);
  });

  it('refuses a zip bomb without inflating it all', () => {
    const bomb = deflateSync(new Uint8Array(MAX_INFLATED_BYTES * 4).fill(0x20), { level: 9 });
    const len: number[] = [];
    for (let n = bomb.length; ; n >>>= 7) {
      if (n < 0x80) {
        len.push(n);
        break;
      }
      len.push((n & 0x7f) | 0x80);
    }
    const payload = new Uint8Array([0, 0, 0, 0, ...len, ...bomb]);
    new DataView(payload.buffer).setUint32(0, crc32(bomb));
    const link = `#s1.${base64urlEncode(payload)}`;
    expect(link.length).toBeLessThan(MAX_LINK_CHARS);
    const t0 = Date.now();
    const r = decodeFragment(link);
    expect(r).toEqual({ ok: false, path: '', message: `the link inflates to more than ${MAX_INFLATED_BYTES} bytes; refused (not a scenario irqscope made)` });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a well-formed link to a bad document gives the document message', () => {
    const bad = { scenario: 1, machine: { cpus: 2 }, steps: [{ do: 'cpu.offline', cpu: 5 }] } as unknown as Scenario;
    expect(decodeFragment(encodeFragment(bad))).toEqual({
      ok: false,
      path: 'steps[0].cpu',
      message: 'steps[0].cpu: CPU 5 does not exist (machine has 2)',
    });
  });
});

describe('base64url and crc32', () => {
  it('property: base64url round-trips bytes and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = base64urlEncode(b);
        expect(s).toBe(Buffer.from(b).toString('base64url'));
        expect(base64urlDecode(s)).toEqual({ ok: true, bytes: b });
      }),
    );
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
