/**
 * Dahua configManager.cgi RemoteDevice tables (test/fixtures/dahua/README.md names the
 * sources): slots to channels, placeholders skipped, and the cameras' logins never kept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_REMOTE_SLOTS, parseRemoteDevices } from '../../src/probes/dahua-cgi/parse.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/dahua/${name}-remote-device.txt`, import.meta.url), 'utf8');

describe('parseRemoteDevices', () => {
  it('reads the DH-NVR4216-HDS2 capture: one camera on channel 1, unused slots skipped', () => {
    expect(parseRemoteDevices(fixture('nvr4216'))).toEqual([
      {
        channel: 1,
        name: '<摄像头1>',
        ip: '127.0.48.13',
        mac: '08:ed:ed:28:8f:97',
        protocol: 'Dahua2',
        model: 'IPC-HDW1025C',
        serial: '<序列号1>',
      },
    ]);
  });

  it('reads the netbox_sync sample: Hikvision cameras, Vendor as the protocol, placeholder MACs dropped', () => {
    expect(parseRemoteDevices(fixture('netbox-sync'))).toEqual([
      {
        channel: 1,
        ip: '127.0.48.25',
        serial: 'DS-2CD1143G0-I20211208AAWRJ21084244',
        model: 'DS-2CD1143G0-I',
        protocol: 'Onvif',
        firmware: 'V5.7.1 build 211102',
      },
      {
        channel: 2,
        ip: '127.0.48.26',
        serial: 'DS-2CD1143G0-I20211208AAWRJ21084253',
        model: 'DS-2CD1143G0-I',
      },
    ]);
  });

  it('keeps neither UserName nor Password of a channel camera', () => {
    const text = fixture('with-passwords');
    expect(text).toContain('Password=cam-secret-1');
    const list = parseRemoteDevices(text);
    expect(list).toEqual([
      { channel: 1, ip: '127.0.48.21' },
      { channel: 2, ip: '127.0.48.22' },
    ]);
    const kept = JSON.stringify(list);
    for (const secret of ['cam-secret', 'admin', 'Password', 'UserName']) expect(kept).not.toContain(secret);
  });

  it('keeps no login when lines run together or a field repeats the password', () => {
    const slot = (n: number, f: string) => `table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_${n}.${f}`;
    // From a fuzz counterexample: an Address cut short runs into a Password line, so slot 1 has
    // no address left and is skipped like any unused slot.
    const body = [
      slot(0, 'Address=127.0.48.21'),
      slot(0, 'Password=cam-secret-1'),
      slot(0, 'Name=cam-secret-1 porch'),
      `${slot(1, 'Address=127.')}${slot(1, 'Password=cam-secret-2')}`,
      slot(1, 'Enable=true'),
      slot(2, 'Address=127.0.48.23'),
      slot(2, 'Mac=not-a-mac'),
      slot(2, `DeviceType=IPC ${slot(2, 'UserName=admin')}`),
    ].join('\r\n');
    const list = parseRemoteDevices(body);
    expect(list).toEqual([
      { channel: 1, ip: '127.0.48.21' },
      { channel: 3, ip: '127.0.48.23' },
    ]);
    expect(JSON.stringify(list)).not.toMatch(/cam-secret|admin/);
  });

  it('uses ProtocolType before Vendor and SoftwareVersion when Version is absent', () => {
    const slot = (f: string) => `table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_4.${f}`;
    const body = [
      slot('Address=127.0.48.30'),
      slot('Vendor=Private'),
      slot('ProtocolType=Dahua3'),
      slot('SoftwareVersion=2.800.0000016.0.R'),
    ].join('\n');
    expect(parseRemoteDevices(body)).toEqual([
      { channel: 5, ip: '127.0.48.30', protocol: 'Dahua3', firmware: '2.800.0000016.0.R' },
    ]);
  });

  it('keeps only its own fields when a line names an object member', () => {
    const line = (f: string, v: string) => `table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_0.${f}=${v}`;
    const out = parseRemoteDevices(
      [line('Address', '10.0.0.2'), line('constructor', 'x'), line('toString', 'y')].join('\n'),
    );
    expect(out).toEqual([{ channel: 1, ip: '10.0.0.2' }]);
  });

  it('returns undefined without a RemoteDevice line, and bounds slots and values', () => {
    expect(parseRemoteDevices('Error\r\nBad Request!\r\n')).toBeUndefined();
    expect(parseRemoteDevices('')).toBeUndefined();
    const many = Array.from(
      { length: MAX_REMOTE_SLOTS + 50 },
      (_, i) => `table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_${i}.Address=127.0.48.${i % 250}`,
    ).join('\n');
    expect(parseRemoteDevices(many)).toHaveLength(MAX_REMOTE_SLOTS);
    const long = `table.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_0.DeviceType=${'A'.repeat(5000)}\nx`;
    const [d] =
      parseRemoteDevices(
        `${long}\ntable.RemoteDevice.uuid:System_CONFIG_NETCAMERA_INFO_0.Address=127.0.48.1`,
      ) ?? [];
    expect(d?.model?.length).toBe(200);
  });
});
