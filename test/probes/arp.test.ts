/**
 * /proc/net/arp parsing: complete entries only, MACs normalised, junk ignored.
 */
import { describe, expect, it } from 'vitest';
import { parseArpTable } from '../../src/probes/arp/index.js';

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
