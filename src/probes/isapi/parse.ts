/**
 * @module probes/isapi/parse
 * Hikvision ISAPI replies: `/ISAPI/System/deviceInfo` (DeviceInfo) and
 * `/ISAPI/ContentMgmt/InputProxy/channels` (InputProxyChannelList). Either XML namespace
 * (hikvision.com or isapi.org ver20) is accepted; prefixes are dropped, entities not expanded.
 */
import { parseXml, pick, text } from '../shared/xml.js';

export interface IsapiDeviceInfo {
  manufacturer?: string;
  model?: string;
  /** `firmwareVersion` plus `firmwareReleasedDate` (`V5.7.14 build 231028`), the ONVIF form. */
  firmware?: string;
  serial?: string;
  mac?: string;
  /** `OEMCode` or `customizedInfo`, when the firmware reports one. */
  oemCode?: string;
  deviceType?: string;
}

const str = (v: unknown) => text(v)?.trim() || undefined;

export function parseDeviceInfo(xml: string): IsapiDeviceInfo | undefined {
  const d = pick(parseXml(xml), 'DeviceInfo');
  if (!d || typeof d !== 'object') return undefined;
  const version = str(pick(d, 'firmwareVersion'));
  const build = str(pick(d, 'firmwareReleasedDate'));
  const info: IsapiDeviceInfo = {
    manufacturer: str(pick(d, 'manufacturer')),
    model: str(pick(d, 'model')),
    firmware: version && build && !version.includes('build') ? `${version} ${build}` : version,
    serial: str(pick(d, 'serialNumber')),
    mac: str(pick(d, 'macAddress')),
    oemCode: str(pick(d, 'OEMCode')) ?? str(pick(d, 'customizedInfo')),
    deviceType: str(pick(d, 'deviceType')),
  };
  return Object.values(info).some(Boolean) ? info : undefined;
}

export interface InputProxyChannel {
  channel: number;
  name?: string;
  protocol?: string;
  ip?: string;
  model?: string;
  serial?: string;
  firmware?: string;
}

/** Bound on channels read from one recorder (large NVRs have 256). */
export const MAX_CHANNELS = 512;

export function parseInputProxyChannels(xml: string): InputProxyChannel[] | undefined {
  const list = pick(parseXml(xml), 'InputProxyChannelList');
  if (list === undefined) return undefined;
  const raw = (list as Record<string, unknown> | null)?.InputProxyChannel;
  const items = (Array.isArray(raw) ? raw : raw ? [raw] : []).slice(0, MAX_CHANNELS);
  const out: InputProxyChannel[] = [];
  for (const c of items) {
    const id = Number(str(pick(c, 'id')));
    if (!Number.isInteger(id) || id <= 0) continue;
    const src = pick(c, 'sourceInputPortDescriptor');
    out.push({
      channel: id,
      name: str(pick(c, 'name')),
      protocol: str(pick(src, 'proxyProtocol')),
      ip: str(pick(src, 'ipAddress')),
      model: str(pick(src, 'model')),
      serial: str(pick(src, 'serialNumber')),
      firmware: str(pick(src, 'firmwareVersion')),
    });
  }
  return out;
}
