/**
 * Re-identifying a saved report keeps what the scan learnt about a device's place on the
 * network (its discovery sightings, the recorder it sits behind), not just its evidence.
 */
import { describe, expect, it } from 'vitest';
import { loadSignatureLibrary } from '../../src/engine/load.js';
import { identify } from '../../src/identify/index.js';
import { hostsFromReport } from '../../src/identify/report.js';
import { validateReport } from '../../src/report/validate.js';
import { makeDevice, makeReport } from '../helpers/report.js';

describe('identify from an oemscan report', () => {
  it('carries discovery sightings and via through', () => {
    const discovery = {
      outsideTargets: true,
      addresses: ['127.0.20.5', '127.0.21.5'],
      seenOn: [{ interface: 'lan1', probe: 'sadp', ip: '127.0.20.5' }],
    };
    const via = { ip: '127.0.20.9', channel: 2, protocol: 'isapi' };
    const saved = makeReport([makeDevice('127.0.20.5', { discovery }), makeDevice('127.0.20.10', { via })]);
    const lib = loadSignatureLibrary();
    const again = identify('saved.json', hostsFromReport(saved), lib, []);
    expect(again.devices[0]?.discovery).toEqual(discovery);
    expect(again.devices[1]?.via).toEqual(via);
    expect(validateReport(again).errors).toEqual([]);
  });
});
