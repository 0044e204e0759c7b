// oemscan dashboard: plain DOM, no framework. Every device string goes in as text, never as
// markup (the CSP also forbids inline script and requires Trusted Types for any HTML sink).

const KEY = 'oemscan-token';
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? '-'));
  return node;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '-');
const unique = (xs) => [...new Set(xs)];

async function api(path, init = {}) {
  const res = await fetch(`/api${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` },
  });
  if (res.status === 401) {
    signOut('The token was not accepted.');
    throw new Error('unauthorised');
  }
  return res;
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
}

function statusCell(status) {
  return el('td', { class: `status-${status}` }, status);
}

/** A probable maker always says so (src/report/maker.ts does the same for the reports). */
function oemText(d) {
  if (!d.oem) return 'unknown';
  return d.oemProbable ? `${d.oem} (probable)` : d.oem;
}

function renderFlagged(devices) {
  $('flagged-count').textContent = String(devices.length);
  const rows = devices.map((d) =>
    el(
      'tr',
      { class: 'flagged', 'data-ip': d.ip },
      el('td', { class: 'mono ip' }, d.ip),
      el('td', {}, d.type),
      el('td', {}, d.brand),
      el('td', {}, `${oemText(d)}${d.rebranded ? ' (rebranded)' : ''}`),
      el('td', {}, d.model),
      el('td', {}, unique(d.policies).join(', ')),
      el('td', {}, `${d.history.length} scan(s) since ${when(d.firstSeen)}`),
    ),
  );
  $('flagged').tBodies[0].replaceChildren(...rows);
}

function historyTable(d) {
  const rows = d.history.map((h) =>
    el(
      'tr',
      {},
      el('td', {}, when(h.startedAt)),
      el('td', { class: 'mono' }, h.ip),
      el('td', {}, h.oem),
      statusCell(h.status),
    ),
  );
  return el(
    'table',
    { class: 'history' },
    el(
      'thead',
      {},
      el('tr', {}, el('th', {}, 'Scan'), el('th', {}, 'IP'), el('th', {}, 'OEM'), el('th', {}, 'Status')),
    ),
    el('tbody', {}, ...rows),
  );
}

function renderDevices(devices) {
  $('device-count').textContent = String(devices.length);
  const items = devices.map((d) =>
    el(
      'details',
      { 'data-ip': d.ip },
      el(
        'summary',
        {},
        el('span', { class: 'mono' }, d.ip),
        ` ${d.type} · brand ${d.brand ?? '-'} · OEM ${oemText(d)} · `,
        el('span', { class: `status-${d.status}` }, d.status),
        d.flags.length ? ` · ${unique(d.policies).join(', ')}` : '',
      ),
      el(
        'p',
        { class: 'muted' },
        `Model ${d.model ?? '-'}, firmware ${d.firmware ?? '-'}, MAC ${d.mac ?? '-'}, serial ${d.serial ?? '-'}`,
      ),
      historyTable(d),
    ),
  );
  $('devices').replaceChildren(...items);
}

async function download(id) {
  const res = await api(`/scans/${id}/report.html`);
  if (!res.ok) {
    $('message').textContent = `Report unavailable (${res.status}).`;
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: `oemscan-${id}.html` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function renderScans(scans) {
  const rows = scans.map((s) => {
    const link =
      s.status === 'complete'
        ? el('a', { href: `#report-${s.id}`, class: 'report', 'data-id': s.id }, 'HTML report')
        : el('span', { class: 'muted' }, s.message ?? s.status);
    return el(
      'tr',
      { 'data-id': s.id },
      el('td', {}, when(s.startedAt)),
      el('td', {}, when(s.finishedAt)),
      el('td', { class: `scan-${s.status}` }, s.status),
      el('td', {}, s.trigger),
      el('td', {}, String(s.devices)),
      el('td', {}, String(s.flagged)),
      el('td', {}, link),
    );
  });
  $('scans').tBodies[0].replaceChildren(...rows);
  const running = scans.find((s) => s.status === 'running');
  const done = scans.find((s) => s.status === 'complete');
  $('state').textContent = running
    ? `scan running since ${when(running.startedAt)}`
    : `last complete scan ${done ? when(done.finishedAt) : 'none yet'}`;
}

/** Every current device: /api/devices is paged, so follow nextCursor to the end. */
async function allDevices() {
  const out = [];
  let cursor = null;
  do {
    const page = await (
      await api(`/devices?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    ).json();
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function refresh() {
  const [flagged, devices, scans] = await Promise.all([
    api('/flagged').then((r) => r.json()),
    allDevices(),
    api('/scans?limit=50').then((r) => r.json()),
  ]);
  renderFlagged(flagged);
  renderDevices(devices);
  renderScans(scans);
}

async function signIn(event) {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('token').value);
  $('token').value = '';
  try {
    await refresh();
  } catch {
    return;
  }
  $('login').hidden = true;
  $('app').hidden = false;
  $('login-error').textContent = '';
}

async function scanNow() {
  const res = await api('/scans', { method: 'POST' });
  const body = await res.json();
  $('message').textContent = res.status === 202 ? 'Scan started.' : body.message;
  await refresh();
}

document.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', signIn);
  $('logout').addEventListener('click', () => signOut());
  $('scan-now').addEventListener('click', () => scanNow().catch(() => {}));
  $('scans').addEventListener('click', (e) => {
    const a = e.target.closest('a.report');
    if (!a) return;
    e.preventDefault();
    download(a.dataset.id).catch(() => {});
  });
  if (sessionStorage.getItem(KEY)) {
    $('login').hidden = true;
    $('app').hidden = false;
    refresh().catch(() => {});
  }
  setInterval(() => {
    if (!$('app').hidden) refresh().catch(() => {});
  }, 5000);
});
