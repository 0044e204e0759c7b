/**
 * /proc/net/arp parsing: complete entries only, MACs normalised, junk ignored.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../../src/evidence/types.js';
import { neighbourReader, parseArpTable, parseNeighbours } from '../../src/probes/arp/index.js';
import { layer2Host } from '../../src/scan/run.js';

// Layout as the Linux kernel prints it (header line, then one entry per line).
const TABLE = `IP address       HW type     Flags       HW address            Mask     Device
10.99.4.2        0x1         0x2         58:03:FB:8A:57:9B     *        a0
10.99.4.3        0x1         0x0         00:00:00:00:00:00     *        a0
10.99.4.4        0x1         0x0         ac:cc:8e:be:cc:ea     *        a0
garbage line
`;

describe('parseArpTable', () => {
  it('keeps complete entries, lower-cased', () => {
    expect([...parseArpTable(TABLE)]).toEqual([['10.99.4.2', '58:03:fb:8a:57:9b']]);
  });
  it('survives empty and hostile input', () => {
    expect(parseArpTable('').size).toBe(0);
    expect(parseArpTable('\u0000'.repeat(1000)).size).toBe(0);
  });
});

describe('neighbour table: hosts that answered ARP', () => {
  // Flags as the kernel prints them: 0x2 = ATF_COM (a valid NUD state: REACHABLE, STALE, DELAY,
  // PROBE), 0x6 = ATF_COM|ATF_PERM (a static entry), 0x0 = INCOMPLETE/FAILED.
  const NEIGH = `IP address       HW type     Flags       HW address            Mask     Device
10.44.1.20       0x1         0x2         18:68:cb:44:00:01     *        lan1
10.44.1.21       0x1         0x6         18:68:cb:44:00:02     *        lan1
10.44.1.22       0x1         0x0         00:00:00:00:00:00     *        lan1
10.44.2.23       0x1         0x2         3C:EF:8C:44:00:03     *        lan2
not.an.ip        0x1         0x2         3c:ef:8c:44:00:04     *        lan2
10.44.2.25       0x1         zz          3c:ef:8c:44:00:05     *        lan2
`;

  it('keeps complete entries with their interface; marks static ones; drops incomplete and junk', () => {
    const n = parseNeighbours(NEIGH);
    expect([...n.keys()]).toEqual(['10.44.1.20', '10.44.1.21', '10.44.2.23']);
    expect(n.get('10.44.2.23')).toEqual({
      ip: '10.44.2.23',
      mac: '3c:ef:8c:44:00:03',
      device: 'lan2',
      permanent: false,
    });
    expect(n.get('10.44.1.21')?.permanent).toBe(true);
  });

  it('the reader answers for hosts that answered ARP only, never for static or failed entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oemscan-arp-'));
    try {
      const file = join(dir, 'arp');
      writeFileSync(file, NEIGH);
      const read = neighbourReader(file);
      expect(read('10.44.1.20')?.neighbour.device).toBe('lan1');
      expect(read('10.44.1.20')?.evidence).toMatchObject({
        field: 'mac.address',
        value: '18:68:cb:44:00:01',
        probe: 'arp',
      });
      expect(read('10.44.1.21')).toBeUndefined();
      expect(read('10.44.1.22')).toBeUndefined();
      expect(read('10.44.9.9')).toBeUndefined();
      expect(neighbourReader(join(dir, 'missing'))('10.44.1.20')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a silent target found in the table becomes a layer-2-only device; one not found does not', () => {
    const silent = { ip: '10.44.1.20', responsive: false, evidence: [], services: [], errors: [] };
    const n = parseNeighbours(NEIGH).get('10.44.1.20');
    if (!n) throw new Error('fixture');
    const host = layer2Host(silent, {
      neighbour: n,
      evidence: makeMac(n.mac),
    });
    expect(host).toMatchObject({
      ip: '10.44.1.20',
      responsive: true,
      services: [],
      discovery: {
        outsideTargets: false,
        addresses: ['10.44.1.20'],
        seenOn: [{ interface: 'lan1', probe: 'arp', ip: '10.44.1.20' }],
        layer2Only: true,
      },
    });
    expect(layer2Host(silent, undefined)).toBeUndefined();
  });
});

function makeMac(mac: string) {
  return makeEvidence({ probe: 'arp', ip: '10.44.1.20', port: 0, transport: 'tcp' }, 'mac.address', mac);
}
