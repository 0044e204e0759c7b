/**
 * One identity per device: unicast results and discovery sightings join by serial, then MAC,
 * then ONVIF endpoint / UPnP UDN, then IP, and a weaker key never joins what a stronger key
 * separates. Values are the lab profiles' published identities.
 */
import { describe, expect, it } from 'vitest';
import { type EvidenceField, makeEvidence } from '../../src/evidence/types.js';
import type { Sighting } from '../../src/probes/types.js';
import type { HostResult } from '../../src/scan/host.js';
import { mergeHosts } from '../../src/scan/merge.js';

const ev = (ip: string, field: EvidenceField, value: string, probe = 'test') =>
  makeEvidence({ probe, ip, port: 0, transport: 'udp' }, field, value);

const host = (ip: string, fields: [EvidenceField, string][]): HostResult => ({
  ip,
  responsive: true,
  evidence: fields.map(([f, v]) => ev(ip, f, v, 'onvif')),
  services: [{ port: 80, transport: 'tcp', service: 'http', status: 'ok' }],
  errors: [],
});

const sighting = (ip: string, iface: string, probe: string, fields: [EvidenceField, string][]): Sighting => ({
  ip,
  interface: iface,
  probe,
  port: 37020,
  service: 'sadp',
  evidence: fields.map(([f, v]) => ev(ip, f, v, probe)),
  errors: [],
});

const noMac = () => undefined;
const all = () => true;

describe('mergeHosts', () => {
  it('joins a unicast result and its own discovery answers at the same address', () => {
    const merged = mergeHosts(
      [host('10.44.1.11', [['onvif.serial', 'DS-2CD2143G0-I20180829AAWRC46851082']])],
      [
        sighting('10.44.1.11', 'lan1', 'sadp', [['sadp.serial', 'DS-2CD2143G0-I20180829AAWRC46851082']]),
        sighting('10.44.1.11', 'lan1', 'ws-discovery-multicast', [['wsd.endpoint', 'urn:uuid:1']]),
      ],
      all,
      noMac,
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]?.host.ip).toBe('10.44.1.11');
    expect(merged[0]?.seenOn.map((s) => s.probe)).toEqual(['sadp', 'ws-discovery-multicast']);
    expect(merged[0]?.host.services.map((s) => s.service)).toEqual(['http', 'sadp']);
  });

  it('one device on two links (two IPs, two MACs) is one device by serial, with both addresses', () => {
    const serial: [EvidenceField, string] = ['sadp.serial', 'DS-2CD2143G0-I20180829AAWRC46851082'];
    const merged = mergeHosts(
      [],
      [
        sighting('10.44.2.11', 'lan2', 'sadp', [serial, ['mac.address', '58:03:fb:8a:57:9c']]),
        sighting('10.44.1.11', 'lan1', 'sadp', [serial, ['mac.address', '58:03:fb:8a:57:9b']]),
      ],
      (ip) => ip.startsWith('10.44.1.'),
      noMac,
    );
    expect(merged).toHaveLength(1);
    expect(merged[0]?.addresses).toEqual(['10.44.1.11', '10.44.2.11']);
    // The in-target address names the device.
    expect(merged[0]?.host.ip).toBe('10.44.1.11');
  });

  it('joins by MAC, then by endpoint or UDN, when no serial is known', () => {
    const merged = mergeHosts(
      [],
      [
        sighting('10.44.1.12', 'lan1', 'sadp', [['mac.address', '18-68-CB-AA-BB-CC']]),
        sighting('10.44.2.12', 'lan2', 'ws-discovery-multicast', [['mac.address', '18:68:cb:aa:bb:cc']]),
        sighting('10.44.1.15', 'lan1', 'ssdp', [['upnp.udn', 'uuid:NetCamSensor-1_0-23A595V018F00C']]),
        sighting('10.44.2.15', 'lan2', 'ssdp', [['upnp.udn', 'UUID:NetCamSensor-1_0-23A595V018F00C']]),
      ],
      all,
      noMac,
    );
    expect(merged.map((m) => m.addresses)).toEqual([
      ['10.44.1.12', '10.44.2.12'],
      ['10.44.1.15', '10.44.2.15'],
    ]);
  });

  it('never joins two serials, even at one address (a replaced unit, a reused DHCP lease)', () => {
    const merged = mergeHosts(
      [],
      [
        sighting('10.44.1.13', 'lan1', 'dhip', [['dhip.serial', '1F006E4PAX00075']]),
        sighting('10.44.1.13', 'lan1', 'sadp', [['sadp.serial', 'DS-KH6210-serial_number']]),
      ],
      all,
      noMac,
    );
    expect(merged).toHaveLength(2);
  });

  it('keeps distinct devices apart and adds the neighbour-table MAC of each sighting', () => {
    const merged = mergeHosts(
      [host('10.44.1.11', [])],
      [sighting('10.44.2.14', 'lan2', 'dhip', [['dhip.serial', '2K0488CPAGS0ND6']])],
      all,
      (ip) => ev(ip, 'mac.address', '3c:ef:8c:18:a5:07', 'arp'),
    );
    expect(merged).toHaveLength(2);
    expect(merged[1]?.host.evidence.map((e) => e.field)).toEqual(['dhip.serial', 'mac.address']);
  });
});
