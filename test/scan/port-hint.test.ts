/**
 * An open port's number is kept as a hint (fingerprints/tcp-open.yaml) only while nothing on the
 * port answered in another protocol than the one asked there: a silent port 37777 keeps its
 * `tcp.open` item, one that answers like a web server or with junk to Dahua's realm request loses
 * it. Peers on loopback (127.0.31.226), the port moved by `portOffset` to where the peer listens.
 */
import { afterEach, expect, it } from 'vitest';
import { DVRIP_REALM_PORT } from '../../src/probes/dhip/dvrip-realm.js';
import { scanHost } from '../../src/scan/host.js';
import { silentLogger } from '../../src/util/log.js';
import { closePeers, FOREIGN_ANSWERS, tcpPeer } from '../helpers/tcp-peer.js';

const IP = '127.0.31.226';
afterEach(closePeers);

it.each(FOREIGN_ANSWERS)(
  'a port 37777 answering %s (%s to the realm request)',
  async (what, status, answer) => {
    const peer = await tcpPeer(IP, answer);
    const r = await scanHost(IP, undefined, {
      ports: [DVRIP_REALM_PORT],
      portOffset: peer.port - DVRIP_REALM_PORT,
      limits: { timeoutMs: 300, maxBytes: 64 * 1024 },
      hostBudgetMs: 5000,
      inScope: (ip) => ip === IP,
      log: silentLogger,
    });
    expect(peer.got.length).toBe(1);
    expect(r.errors.find((e) => e.probe === 'dahua-dvrip')?.status).toBe(status);
    const kept = r.evidence.some((e) => e.field === 'tcp.open' && e.port === peer.port);
    expect(kept).toBe(what === 'silence');
  },
  20_000,
);
