/**
 * @module lab/bench
 * The benchmark fleet for one /24: about 30 cameras and recorders (the sourced profiles,
 * repeated), 24 non-camera hosts (plain web servers, a printer-like web UI, an SSH-like
 * service), the rest of the /24 left dead.
 */
import type { DeviceProfile } from './profile.js';
import { loadProfiles } from './profiles.js';

const CAMERAS = 30;

// A Xerox printer's embedded web server name, from rapid7/recog xml/http_servers.xml
// (also in fingerprints/negatives/http-header-server.yaml).
const PRINTER: DeviceProfile = {
  id: 'printer',
  description: 'Printer-like embedded web UI',
  sources: [
    'rapid7/recog xml/http_servers.xml @2b455a6569c56c150ceddd517bd523c0553f4727 — Server: EWS-NIC4/13.40 (Xerox printer)',
  ],
  expect: { vendor: null, brand: null, type: 'unknown', flagged: false },
  http: [
    { path: '/', status: 200, headers: { Server: 'EWS-NIC4/13.40', 'Content-Type': 'text/html' }, body: '' },
  ],
};

// The version line Debian 12's OpenSSH sends first (RFC 4253 §4.2), package 1:9.2p1-2+deb12u6.
const SSH: DeviceProfile = {
  id: 'ssh-host',
  description: 'SSH-like TCP service on 22 only',
  sources: [
    'Debian 12 openssh 1:9.2p1-2+deb12u6 (`ssh -V`: OpenSSH_9.2p1 Debian-2+deb12u6); banner format RFC 4253 §4.2',
  ],
  expect: { vendor: null, brand: null, type: 'unknown', flagged: false },
  tcpBanner: [{ port: 22, text: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6\r\n' }],
};

export function benchFleet(): DeviceProfile[] {
  const all = loadProfiles();
  const cameras = all.filter((p) => p.expect.vendor && !p.hostile);
  const web = all.find((p) => p.id === 'plain-web-server');
  const fleet: DeviceProfile[] = [];
  for (let i = 0; i < CAMERAS; i++) {
    const p = cameras[i % cameras.length] as DeviceProfile;
    fleet.push({ ...p, id: `${p.id}-${i + 1}` });
  }
  for (let i = 0; i < 20 && web; i++) fleet.push({ ...web, id: `web-${i + 1}` });
  fleet.push(
    { ...PRINTER, id: 'printer-1' },
    { ...PRINTER, id: 'printer-2' },
    { ...SSH, id: 'ssh-1' },
    { ...SSH, id: 'ssh-2' },
  );
  return fleet;
}
