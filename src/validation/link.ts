/**
 * @module validation/link
 * Replays records whose MAC only ARP can show on a link of their own, as a site's LAN shows it:
 * a scanner network namespace with a bridge, one device namespace whose veths carry the recorded
 * MACs (one per record, policy-routed so each address answers from its own interface), the
 * replay lab in the device namespace (validation/link-lab) and `oemscan scan` in the
 * scanner's. Root only (CI runs as root); both namespaces are removed whatever happens, and the
 * only process ended is the lab this module started.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceProfile } from '../lab/profile.js';
import type { Report } from '../report/types.js';
import { DEFAULTS } from '../scan/defaults.js';
import { packageRoot } from '../util/paths.js';

/** The link's subnet: the scanner is .1, devices from .11 (one /24, so at most 240 of them). */
const NET = '10.98.0';
const FIRST = 11;
export const MAX_LINK_DEVICES = 240;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/**
 * Namespaces need root, iproute2 and the right to create them (a root shell in a container
 * without CAP_NET_ADMIN has not): tried once with a namespace of our own, removed at once.
 */
export function linkAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const name = `oemscan-val${`${process.pid}`.slice(-6)}t`;
  try {
    ip('netns', 'add', name);
    ip('netns', 'del', name);
    return true;
  } catch {
    return false;
  }
}

export interface LinkDevice {
  profile: DeviceProfile;
  mac: string;
  /** Answers link-wide discovery (SADP): gets a namespace and lab of its own. */
  multicast?: boolean;
}

export interface LinkLab {
  /** The address of each device, in the order given. */
  ips: string[];
  /** `oemscan scan` of every device from the scanner namespace (`extra`: more CLI arguments). */
  scan(extra: string[]): Promise<Report>;
  stop(): Promise<void>;
}

/** Starts validation/link-lab in namespace `ns` and waits until it serves. */
async function startLabIn(
  ns: string,
  file: string,
  first: number,
  multicast: boolean,
): Promise<ChildProcess> {
  const entry = join(packageRoot(), 'dist', 'validation', 'link-lab.js');
  const args = ['netns', 'exec', ns, process.execPath, entry, file, NET, String(first)];
  const child = spawn('ip', multicast ? [...args, 'discovery'] : args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (b: Buffer) => {
      err = (err + b.toString()).slice(-2000);
    });
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`link lab exited ${code}: ${err.trim()}`)));
  });
  return child;
}

export async function startLinkLab(devices: readonly LinkDevice[], dir: string): Promise<LinkLab> {
  if (devices.length > MAX_LINK_DEVICES) throw new Error(`at most ${MAX_LINK_DEVICES} link devices`);
  const tag = `${process.pid}`.slice(-6);
  const scanner = `oemscan-val${tag}s`;
  const shared = `oemscan-val${tag}d`;
  const nsOf = (i: number) => (devices[i]?.multicast ? `oemscan-val${tag}d${i}` : shared);
  const namespaces = [scanner, ...new Set(devices.map((_, i) => nsOf(i)))];
  // The shared namespace's devices first, on consecutive addresses one lab can serve.
  const order = devices
    .map((_, i) => i)
    .sort((x, y) => Number(nsOf(x) !== shared) - Number(nsOf(y) !== shared));
  const host = new Map(order.map((i, k) => [i, FIRST + k]));
  const ips = devices.map((_, i) => `${NET}.${host.get(i)}`);
  const labs: ChildProcess[] = [];
  const removeNamespaces = () => {
    for (const ns of namespaces) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not created
      }
    }
  };
  // Interrupted (Ctrl-C, a test runner's kill): still end the labs and remove the namespaces.
  const onExit = () => {
    for (const lab of labs) if (lab.exitCode === null && lab.signalCode === null) lab.kill('SIGTERM');
    removeNamespaces();
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    for (const lab of labs)
      if (lab.pid && lab.exitCode === null && lab.signalCode === null) {
        const exited = new Promise((r) => lab.once('exit', r));
        lab.kill('SIGTERM');
        await exited;
      }
    removeNamespaces();
  };
  try {
    for (const ns of namespaces) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('-n', scanner, 'link', 'add', 'br0', 'type', 'bridge');
    // Without a querier, IGMP snooping would make group delivery depend on timing; flood instead.
    ip('-n', scanner, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0');
    ip('-n', scanner, 'addr', 'add', `${NET}.1/24`, 'dev', 'br0');
    ip('-n', scanner, 'link', 'set', 'br0', 'up');
    // Many interfaces on one subnet in one namespace: each answers ARP only for its own
    // address (arp_ignore 1) and asks with it (arp_announce 2), so the scanner learns each MAC
    // for its own address only.
    if (namespaces.includes(shared))
      execFileSync('ip', [
        ...['netns', 'exec', shared, 'sh', '-c'],
        'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore && echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
      ]);
    devices.forEach((d, i) => {
      const [addr, ns] = [ips[i] as string, nsOf(i)];
      ip('-n', scanner, 'link', 'add', `v${i}`, 'type', 'veth', 'peer', 'name', `e${i}`, 'netns', ns);
      ip('-n', scanner, 'link', 'set', `v${i}`, 'master', 'br0', 'up');
      ip('-n', ns, 'link', 'set', `e${i}`, 'address', d.mac);
      ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', `e${i}`);
      ip('-n', ns, 'link', 'set', `e${i}`, 'up');
      if (ns !== shared) return;
      // Replies leave by the interface that owns their source address.
      ip('-n', ns, 'rule', 'add', 'from', addr, 'table', String(1000 + i));
      ip('-n', ns, 'route', 'add', `${NET}.0/24`, 'dev', `e${i}`, 'src', addr, 'table', String(1000 + i));
    });
    const together = order.filter((i) => nsOf(i) === shared);
    const labFile = (name: string, members: number[]) => {
      const file = join(dir, `link-${name}.json`);
      // The lab account is in it.
      writeFileSync(file, JSON.stringify(members.map((i) => devices[i]?.profile)), { mode: 0o600 });
      return file;
    };
    if (together.length > 0) labs.push(await startLabIn(shared, labFile('shared', together), FIRST, false));
    for (const i of order.filter((x) => nsOf(x) !== shared))
      labs.push(await startLabIn(nsOf(i), labFile(`d${i}`, [i]), host.get(i) as number, true));
  } catch (err) {
    await stop();
    throw err;
  }
  const cli = join(packageRoot(), 'dist', 'cli', 'main.js');
  // Every device's address: FIRST onwards, whichever namespace holds it.
  const targets = ips.length === 0 ? [] : [`${NET}.${FIRST}-${FIRST + ips.length - 1}`];
  return {
    ips,
    stop,
    scan: (extra) =>
      new Promise<Report>((resolve, reject) => {
        execFile(
          'ip',
          [
            ...['netns', 'exec', scanner, process.execPath, cli, 'scan', ...targets],
            ...['--format', 'json', '--no-progress', '--port-offset', '0'],
            // Twice the default waits, as the loopback run.
            ...[
              '--timeout',
              String(DEFAULTS.timeoutMs * 2),
              '--host-timeout',
              String(DEFAULTS.hostBudgetMs * 2),
            ],
            ...extra,
          ],
          { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
          (err, stdout, stderr) => {
            // Exit 1 means "devices flagged": the report is still complete.
            if (err && !stdout) reject(new Error(`link scan failed: ${stderr.slice(-2000)}`));
            else {
              try {
                resolve(JSON.parse(stdout) as Report);
              } catch (e) {
                reject(e);
              }
            }
          },
        );
      }),
  };
}
