/**
 * @module report/html/classes
 * Which devices the handover document treats as cameras and recorders. The verdict marks a
 * device's class in `type` (src/verdict/decide.ts): a camera-family type when a signature or
 * video evidence (ONVIF, RTSP, WS-Discovery NetworkVideoTransmitter) says so, `other` when a
 * signature names a non-camera product (a gateway, a phone, an intercom), `unknown` when nothing
 * says what the host is (a plain web server, a printer). Only camera-family devices are
 * "unverified cameras" and count in the OEM chart; the rest are listed as other hosts.
 */
import type { DeviceType } from '../../engine/types.js';
import type { Device } from '../types.js';

export const CAMERA_TYPES: readonly DeviceType[] = ['camera', 'nvr', 'dvr', 'encoder', 'doorbell', 'thermal'];

export function isCameraOrRecorder(d: Device): boolean {
  return CAMERA_TYPES.includes(d.type);
}

export interface Groups {
  /** Flagged by a selected policy, whatever the class (a named maker's gateway is a finding too). */
  flagged: Device[];
  /** Cameras and recorders whose maker could not be established. */
  unverified: Device[];
  /** Hosts not shown to be cameras or recorders, not flagged. */
  other: Device[];
  /** Cameras and recorders with an established maker no selected policy names. */
  clear: Device[];
}

/** Report order is kept inside each group. */
export function groupDevices(devices: readonly Device[]): Groups {
  const g: Groups = { flagged: [], unverified: [], other: [], clear: [] };
  for (const d of devices) {
    if (d.status === 'flagged') g.flagged.push(d);
    else if (!isCameraOrRecorder(d)) g.other.push(d);
    else if (d.status === 'unverified') g.unverified.push(d);
    else g.clear.push(d);
  }
  return g;
}
