#!/usr/bin/env node
// Prints the benchmark table from the files scripts/bench leaves in its work folder:
// `times` (name wall user sys maxrssKB), oemscan-N.json, nmap-N.xml and the lab manifest.
// Usage: node scripts/bench-table.mjs WORKDIR RUNS [SLOWEST_DEVICE_SECONDS]  (without it, no lower-bound line)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [work, runsArg, slowestArg] = process.argv.slice(2);
const runs = Number(runsArg);
const slowest = Number(slowestArg);
const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8'));
const expected = new Map(manifest.map((d) => [d.ip, d.expect.vendor]));
const times = new Map(
  readFileSync(join(work, 'times'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([name, wall, user, sys, rss]) => [name, { wall: +wall, cpu: +user + +sys, rssMb: +rss / 1024 }]),
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function oemscanRun(n, prefix = 'oemscan') {
  const file = join(work, `${prefix}-${n}.json`);
  const report = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8') || '{"devices":[]}')
    : { devices: [] };
  const right = report.devices.filter(
    (d) => expected.get(d.ip) && d.oem.vendor === expected.get(d.ip),
  ).length;
  return { found: report.devices.length, right };
}

// nmap's own verdict: a host counts as right when one of its service product/version strings
// or its http-title / http-server-header output names the expected maker.
function nmapRun(n) {
  const file = join(work, `nmap-${n}.xml`);
  const xml = existsSync(file) ? readFileSync(file, 'utf8') : '';
  let found = 0;
  let right = 0;
  for (const host of xml.split('<host ').slice(1)) {
    if (!/<state state="open"/.test(host)) continue;
    found++;
    const ip = /addr="([\d.]+)" addrtype="ipv4"/.exec(host)?.[1];
    const vendor = expected.get(ip);
    const said = [...host.matchAll(/(?:product|version|extrainfo|output)="([^"]*)"/g)]
      .map((m) => m[1])
      .join(' ');
    if (vendor && said.toLowerCase().includes(vendor.toLowerCase())) right++;
  }
  return { found, right };
}

const rows = [];
for (const tool of ['oemscan', 'nmap']) {
  const t = Array.from({ length: runs }, (_, i) => times.get(`${tool}-${i + 1}`)).filter(Boolean);
  const r = Array.from({ length: runs }, (_, i) => (tool === 'oemscan' ? oemscanRun(i + 1) : nmapRun(i + 1)));
  rows.push({
    tool,
    wall: median(t.map((x) => x.wall)),
    cpu: median(t.map((x) => x.cpu)),
    rss: median(t.map((x) => x.rssMb)),
    found: median(r.map((x) => x.found)),
    right: median(r.map((x) => x.right)),
  });
}
const polite = times.get('polite-1');
if (polite)
  rows.push({
    tool: 'oemscan --rate 100 --max-host-rate 10',
    wall: polite.wall,
    cpu: polite.cpu,
    rss: polite.rssMb,
    ...oemscanRun(1, 'polite'),
  });
const cameras = [...expected.values()].filter(Boolean).length;
const [o, n] = rows;
const concurrency = 64;
const timeout = 1.5;
const lowerBound = Math.ceil(256 / concurrency) * timeout + slowest;
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(
  `fleet: ${manifest.length} live hosts (${cameras} cameras/recorders) on 10.77.0.0/24, ${254 - manifest.length} dead; ${runs} run(s), medians`,
);
console.log('| tool | wall s | CPU s | peak RSS MB | hosts found | right OEM |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.tool} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt(r.rss, 0)} | ${r.found} | ${r.right}/${cameras} |`,
  );
console.log(`| nmap/oemscan | ${fmt(n.wall / o.wall)}x | ${fmt(n.cpu / o.cpu)}x | | | |`);
if (Number.isFinite(slowest))
  console.log(
    `lower bound: ceil(256/${concurrency}) x ${timeout}s connect timeout + ${fmt(slowest, 2)}s slowest device = ${fmt(lowerBound, 2)}s; oemscan = ${fmt(o.wall / lowerBound, 2)}x the lower bound`,
  );
