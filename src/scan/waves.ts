/**
 * @module scan/waves
 * A host's first contact in two waves: the common ports and the UDP questions at once, then the
 * rarer ports and UDP questions (the descriptors' `livePorts`) as soon as anything showed the
 * host is there. An address that answers nothing, most of a sweep, is asked only the common ones.
 */

/** The ports of a list asked at once, and those that wait; a list of rare ports only is asked at once. */
export function splitPorts(ports: readonly number[], rare: ReadonlySet<number>) {
  const first = ports.filter((p) => !rare.has(p));
  const later = ports.filter((p) => rare.has(p));
  return first.length === 0 ? { first: later, later: [] } : { first, later };
}

export interface Waves<C, U> {
  first: readonly number[];
  later: readonly number[];
  connect: (port: number) => Promise<C>;
  /** The UDP questions asked alongside the first wave. */
  udp: readonly (() => Promise<U>)[];
  /** The UDP questions asked with the second wave. */
  udpLater: readonly (() => Promise<U>)[];
  /** Whether an outcome shows the host is there (an answer or a refusal). */
  alive: (outcome: C | U) => boolean;
  /** Checked before the second wave: a stopped scan asks nothing more. */
  stopped: () => boolean;
}

export async function inWaves<C, U>(w: Waves<C, U>): Promise<{ tcp: C[]; udp: U[] }> {
  let seen = () => {};
  const there = new Promise<boolean>((resolve) => {
    seen = () => resolve(true);
  });
  const watch = async <T extends C | U>(outcome: Promise<T>) => {
    const r = await outcome;
    if (w.alive(r)) seen();
    return r;
  };
  const common = Promise.all(w.first.map((p) => watch(w.connect(p))));
  const udp = Promise.all(w.udp.map((ask) => watch(ask())));
  const second = Promise.race([there, Promise.all([common, udp]).then(() => false)]).then(
    (yes) => yes && !w.stopped(),
  );
  // The UDP questions first: each waits its timeout for an answer, the connects seldom do.
  const udpRarer = second.then((yes) => (yes ? Promise.all(w.udpLater.map((ask) => ask())) : []));
  const rarer = second.then((yes) => (yes ? Promise.all(w.later.map((p) => w.connect(p))) : []));
  const [a, u, b, v] = await Promise.all([common, udp, rarer, udpRarer]);
  return { tcp: [...a, ...b], udp: [...u, ...v] };
}
