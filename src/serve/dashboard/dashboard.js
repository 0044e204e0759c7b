// oemscan dashboard: plain DOM, no framework. One set of files for a site server (`oemscan serve`)
// and a hub (`oemscan serve --hub`): it reads the shared API (sites, trend, devices, one device)
// and /openapi.json to learn which optional routes this server has. Every device string goes in
// as text, never as markup (the CSP also forbids inline script and requires Trusted Types for any
// HTML sink). The view (site, filters, search, sort, open device) lives in the URL hash, so a view
// can be linked and reloaded.

const KEY = 'oemscan-token';
const SVG = 'http://www.w3.org/2000/svg';
const PAGE_SIZES = ['10', '25', '50', '100', '200'];
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? '-'));
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v !== undefined && v !== null && v !== '') node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '-');
const unique = (xs) => [...new Set(xs)];
const pct = (x) => `${Math.round((x ?? 0) * 100)}%`;

// ---- the view, in the URL hash --------------------------------------------------------------

const DEFAULTS = {
  site: '',
  status: '',
  vendor: '',
  q: '',
  sort: 'ip',
  order: 'asc',
  device: '',
  days: '30',
  per: '100',
};
const SORTS = ['ip', 'site', 'oem', 'brand', 'model', 'status', 'lastSeen', 'firstSeen'];
let view = { ...DEFAULTS };

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const v = { ...DEFAULTS };
  for (const k of Object.keys(DEFAULTS)) {
    const x = p.get(k);
    if (x !== null) v[k] = x.slice(0, 300);
  }
  if (!SORTS.includes(v.sort)) v.sort = 'ip';
  if (v.order !== 'desc') v.order = 'asc';
  if (!['', 'flagged', 'unverified', 'clear'].includes(v.status)) v.status = '';
  if (!['7', '30', '90', '366'].includes(v.days)) v.days = '30';
  if (!PAGE_SIZES.includes(v.per)) v.per = '100';
  return v;
}

function hashOf(v) {
  const p = new URLSearchParams();
  for (const [k, d] of Object.entries(DEFAULTS)) if (v[k] !== d) p.set(k, v[k]);
  return p.toString();
}

/** Changes the view: the hash changes, and the hashchange handler loads what it needs. */
function go(changes) {
  const next = { ...view, ...changes };
  const h = hashOf(next);
  if (h === location.hash.slice(1)) return;
  location.hash = h;
}

const deviceRef = (d) => `${d.site}/${d.key}`;

// ---- the API ---------------------------------------------------------------------------------

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

async function apiJson(path) {
  const res = await api(path);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message ?? `${path}: ${res.status}`);
  return body;
}

/** Which optional routes this server has (a site server and a hub differ), from /openapi.json. */
let routes;
async function loadRoutes() {
  if (routes) return routes;
  const doc = await fetch('/openapi.json')
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  const has = (path, method) => Boolean(doc.paths?.[path]?.[method]);
  routes = {
    estate: has('/api/estate', 'get'),
    scans: has('/api/scans', 'get'),
    scanNow: has('/api/scans', 'post'),
  };
  return routes;
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message ?? '';
}

function say(text) {
  $('message').textContent = text ?? '';
}

const report = (err) => {
  if (err?.message !== 'unauthorised') say(`Could not load: ${err?.message ?? err}`);
};

function statusCell(status) {
  return el('td', { class: `status-${status}` }, status);
}

/** A probable maker always says so (src/report/maker.ts does the same for the reports). */
function oemText(d) {
  if (!d.oem) return 'unknown';
  return d.oemProbable ? `${d.oem} (probable)` : d.oem;
}

/** A link only for http(s) citations; anything else is shown as text. */
function citation(ref) {
  if (typeof ref === 'string' && /^https?:\/\//i.test(ref)) {
    return el('a', { href: ref, rel: 'noopener noreferrer', target: '_blank' }, ref);
  }
  return document.createTextNode(ref ?? '-');
}

function table(cls, headers, rows) {
  return el(
    'table',
    { class: cls },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows),
  );
}

// ---- sites: the overview and the per-site view ----------------------------------------------

let sites = [];
let sitesStamp = '';

function renderSites() {
  const cards = sites.map((s) => {
    const selected = view.site === s.name;
    return el(
      'button',
      {
        type: 'button',
        class: `site-card${selected ? ' selected' : ''}${s.silent ? ' silent' : ''}`,
        'data-site': s.name,
        'aria-pressed': selected ? 'true' : 'false',
      },
      el(
        'span',
        { class: 'site-name' },
        s.name,
        s.silent
          ? el(
              'span',
              { class: 'badge silent-badge', title: 'No scan for longer than its schedule allows' },
              'silent',
            )
          : '',
      ),
      el(
        'span',
        { class: 'site-counts' },
        el('span', { class: 'status-flagged' }, `${s.flagged} flagged`),
        ' · ',
        el('span', { class: 'status-unverified' }, `${s.unverified} unverified`),
        ' · ',
        el('span', { class: 'status-clear' }, `${s.clear} clear`),
      ),
      el('span', { class: 'muted' }, `${s.devices} devices, ${s.scans} scans`),
      el('span', { class: 'muted' }, `last scan ${when(s.lastScanAt)}`),
    );
  });
  $('sites').replaceChildren(...cards);
  $('all-sites').hidden = !view.site;
  $('site-view').textContent = view.site ? `Showing site ${view.site} only.` : `${sites.length} site(s).`;
  const select = $('f-site');
  const options = [
    el('option', { value: '' }, 'all'),
    ...sites.map((s) => el('option', { value: s.name }, s.name)),
  ];
  if (view.site && !sites.some((s) => s.name === view.site))
    options.push(el('option', { value: view.site }, view.site));
  select.replaceChildren(...options);
  select.value = view.site;
}

async function loadSites() {
  const fresh = await apiJson('/sites');
  // Rebuilt only when something changed, so a poll never swaps a card under the pointer.
  if (JSON.stringify(fresh) !== JSON.stringify(sites) || !$('sites').firstChild) {
    sites = fresh;
    renderSites();
  }
  const r = await loadRoutes();
  if (r.estate) {
    const e = await apiJson('/estate');
    const p = $('estate');
    p.replaceChildren(
      `Estate: ${e.sites} sites (${e.silentSites} silent), ${e.devices} devices: `,
      el('span', { class: 'status-flagged' }, `${e.flagged} flagged`),
      `, ${e.unverified} unverified, ${e.clear} clear; ${e.newlyFlagged} newly flagged.`,
    );
    p.hidden = false;
  }
  const stamp = JSON.stringify(
    sites.map((s) => [s.name, s.lastScanAt, s.lastReceivedAt, s.devices, s.flagged]),
  );
  const changed = stamp !== sitesStamp;
  sitesStamp = stamp;
  return changed;
}

// ---- the trend chart: inline SVG built with DOM calls ----------------------------------------

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const DASHES = ['', '6 3', '2 3'];
const colourOf = (i) => PALETTE[i % PALETTE.length];
const dashOf = (i) => DASHES[Math.floor(i / PALETTE.length) % DASHES.length];

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

let trend = { series: [] };

function renderTrend() {
  const box = $('trend');
  const series = trend.series ?? [];
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    box.replaceChildren(el('p', { class: 'muted' }, `No complete scans in the last ${view.days} days.`));
    $('trend-legend').replaceChildren();
    return;
  }
  const W = 900;
  const H = 260;
  const M = { l: 56, r: 20, t: 16, b: 48 };
  const times = all.map((p) => Date.parse(p.startedAt));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t1 - t0 < 1000) {
    t0 -= 3600e3;
    t1 += 3600e3;
  }
  const maxY = Math.max(1, ...all.map((p) => p.flagged));
  const step = niceStep(maxY / 4);
  const yMax = Math.ceil(maxY / step) * step;
  const x = (t) => M.l + ((t - t0) / (t1 - t0)) * (W - M.l - M.r);
  const y = (v) => H - M.b - (v / yMax) * (H - M.t - M.b);

  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': 'trend-svg-title',
    class: 'trend-chart',
    preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(
    svg('title', { id: 'trend-svg-title' }, `Flagged devices per scan, per site, last ${view.days} days`),
  );
  const axes = svg('g', { class: 'axes' });
  for (let v = 0; v <= yMax; v += step) {
    axes.append(
      svg('line', { x1: M.l, x2: W - M.r, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: M.l - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, String(v)),
    );
  }
  const span = t1 - t0;
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + (span * i) / ticks;
    const d = new Date(t);
    const label =
      span < 10 * 60e3
        ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
        : span < 2 * 86400e3
          ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
          : d.toLocaleDateString([], { month: 'short', day: 'numeric' });
    axes.append(
      svg('line', { x1: x(t), x2: x(t), y1: H - M.b, y2: H - M.b + 5, class: 'axis' }),
      svg(
        'text',
        {
          x: x(t),
          y: H - M.b + 18,
          'text-anchor': i === ticks ? 'end' : i === 0 ? 'start' : 'middle',
          class: 'tick',
        },
        label,
      ),
    );
  }
  axes.append(
    svg('line', { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b, class: 'axis' }),
    svg('line', { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b, class: 'axis' }),
    svg(
      'text',
      { x: (M.l + W - M.r) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis-label' },
      span < 2 * 86400e3 ? `Scan start (${new Date(t0).toLocaleDateString()})` : 'Scan start',
    ),
    svg(
      'text',
      {
        x: -(M.t + H - M.b) / 2,
        y: 16,
        transform: 'rotate(-90)',
        'text-anchor': 'middle',
        class: 'axis-label',
      },
      'Flagged devices',
    ),
  );
  chart.append(axes);

  const legend = [];
  series.forEach((s, i) => {
    const dim = view.site && view.site !== s.site;
    const g = svg('g', { class: `series${dim ? ' dim' : ''}`, 'data-site': s.site });
    const pts = s.points.map((p) => [x(Date.parse(p.startedAt)), y(p.flagged), p]);
    if (pts.length > 1) {
      g.append(
        svg('path', {
          d: pts.map(([px, py], j) => `${j ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join(' '),
          class: 'trend-line',
          stroke: colourOf(i),
          'stroke-dasharray': dashOf(i),
          'data-site': s.site,
        }),
      );
    }
    for (const [px, py, p] of pts) {
      g.append(
        svg(
          'circle',
          { cx: px.toFixed(1), cy: py.toFixed(1), r: 3.5, fill: colourOf(i), class: 'trend-point' },
          svg(
            'title',
            {},
            `${s.site}: ${p.flagged} flagged of ${p.devices} devices, scan of ${when(p.startedAt)}`,
          ),
        ),
      );
    }
    chart.append(g);
    const last = s.points.at(-1);
    legend.push(
      el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            'data-site': s.site,
            'aria-pressed': view.site === s.site ? 'true' : 'false',
            class: dim ? 'dim' : '',
          },
          svg(
            'svg',
            { viewBox: '0 0 28 10', width: 28, height: 10, 'aria-hidden': 'true' },
            svg('line', {
              x1: 1,
              x2: 27,
              y1: 5,
              y2: 5,
              stroke: colourOf(i),
              'stroke-width': 2.5,
              'stroke-dasharray': dashOf(i),
            }),
          ),
          ` ${s.site}`,
          el('span', { class: 'muted' }, last ? ` ${last.flagged}` : ' -'),
        ),
      ),
    );
  });
  box.replaceChildren(chart);
  $('trend-legend').replaceChildren(...legend);
}

async function loadTrend() {
  trend = await apiJson(`/trend?days=${view.days}`);
  renderTrend();
}

// ---- flagged devices -------------------------------------------------------------------------

function query(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined && v !== null) p.set(k, v);
  return p.toString();
}

/** Every device of a query: /api/devices is paged, so follow nextCursor to the end. */
async function allDevices(params) {
  const out = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await apiJson(`/devices?${query({ ...params, limit: 500, cursor })}`);
    out.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return out;
}

function renderFlagged(devices) {
  $('flagged-count').textContent = String(devices.length);
  const rows = devices.map((d) =>
    el(
      'tr',
      { class: 'flagged', 'data-ip': d.ip, 'data-ref': deviceRef(d) },
      el('td', { class: 'mono ip' }, d.ip),
      el('td', {}, d.site),
      el('td', {}, d.type),
      el('td', {}, d.brand),
      el('td', {}, `${oemText(d)}${d.rebranded ? ' (rebranded)' : ''}`),
      el('td', {}, d.model),
      el('td', {}, unique(d.policies).join(', ')),
      el(
        'td',
        {},
        d.history?.length
          ? `${d.history.length} scan(s) since ${when(d.firstSeen)}`
          : `since ${when(d.firstSeen)}`,
      ),
    ),
  );
  $('flagged').tBodies[0].replaceChildren(...rows);
}

async function loadFlagged() {
  renderFlagged(await allDevices({ status: 'flagged', site: view.site }));
}

// ---- the device table: filters, search, sort, paging ----------------------------------------

let listGen = 0;
let nextCursor = null;
let shown = 0;

function deviceRow(d) {
  const ref = deviceRef(d);
  return el(
    'tr',
    {
      class: `device${view.device === ref ? ' open' : ''}`,
      'data-ref': ref,
      'data-ip': d.ip,
      'data-status': d.status,
    },
    el(
      'td',
      { class: 'mono ip' },
      el('a', { href: `#${hashOf({ ...view, device: ref })}`, class: 'open-device' }, d.ip),
    ),
    el('td', {}, d.site),
    el('td', {}, d.type),
    el('td', {}, d.brand),
    el('td', {}, `${oemText(d)}${d.rebranded ? ' (rebranded)' : ''}`),
    el('td', {}, d.model),
    statusCell(d.status),
    el('td', {}, when(d.firstSeen)),
    el('td', {}, when(d.lastSeen)),
  );
}

function renderSortHeaders() {
  for (const th of $('devices').tHead.rows[0].cells) {
    const key = th.dataset.sort;
    if (!key) continue;
    const active = view.sort === key;
    if (active) th.setAttribute('aria-sort', view.order === 'asc' ? 'ascending' : 'descending');
    else th.setAttribute('aria-sort', 'none');
    const button = th.querySelector('button');
    button.dataset.arrow = active ? (view.order === 'asc' ? '▲' : '▼') : '';
    button.title = `Sort by ${button.textContent}${active ? (view.order === 'asc' ? ', descending' : ', ascending') : ''}`;
  }
}

function syncFilters() {
  $('f-site').value = view.site;
  $('f-status').value = view.status;
  if (document.activeElement !== $('f-vendor')) $('f-vendor').value = view.vendor;
  if (document.activeElement !== $('f-q')) $('f-q').value = view.q;
  $('trend-days').value = view.days;
  $('f-per').value = view.per;
}

const listParams = () => ({
  per: view.per,
  site: view.site,
  status: view.status,
  vendor: view.vendor,
  q: view.q,
  sort: view.sort,
  order: view.order,
});

async function loadDevices(more = false) {
  const gen = more ? listGen : ++listGen;
  const cursor = more ? nextCursor : null;
  if (more && !cursor) return;
  const { per, ...params } = listParams();
  const page = await apiJson(`/devices?${query({ ...params, limit: per, cursor })}`);
  if (gen !== listGen) return; // a newer query has started: this answer is stale
  const rows = page.items.map(deviceRow);
  const body = $('devices').tBodies[0];
  if (more) body.append(...rows);
  else body.replaceChildren(...rows);
  shown = (more ? shown : 0) + page.items.length;
  nextCursor = page.nextCursor;
  $('device-count').textContent = String(page.total);
  $('shown').textContent = page.total ? `Showing ${shown} of ${page.total}.` : 'No device matches.';
  $('more').hidden = !nextCursor;
  renderSortHeaders();
  const vendors = unique(page.items.flatMap((d) => [d.oem, d.brand]).filter(Boolean)).sort();
  const known = new Set([...$('vendors').options].map((o) => o.value));
  for (const v of vendors) if (!known.has(v)) $('vendors').append(el('option', { value: v }));
}

// ---- one device: the drill-down --------------------------------------------------------------

function definitions(pairs) {
  return el(
    'dl',
    { class: 'facts' },
    ...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v instanceof Node ? v : (v ?? '-'))]),
  );
}

function historyTable(d) {
  return table(
    'history',
    ['Scan', 'IP', 'OEM', 'Status'],
    (d.history ?? []).map((h) =>
      el(
        'tr',
        {},
        el('td', {}, when(h.startedAt)),
        el('td', { class: 'mono' }, h.ip),
        el('td', {}, h.oem),
        statusCell(h.status),
      ),
    ),
  );
}

function evidenceTable(d) {
  return table(
    'evidence',
    ['#', 'Probe', 'Port', 'Field', 'Value', 'Signature', 'Vendor', 'Seen'],
    (d.evidence ?? []).map((e, i) =>
      el(
        'tr',
        { class: e.signature ? 'matched' : '' },
        el('td', {}, String(i + 1)),
        el('td', { class: 'probe' }, e.probe),
        el('td', { class: 'mono' }, `${e.port}/${e.transport}`),
        el(
          'td',
          { class: 'mono field' },
          e.field,
          e.request ? el('div', { class: 'muted' }, e.request) : '',
          e.authenticated ? el('div', { class: 'badge' }, 'authenticated') : '',
        ),
        el('td', { class: 'value' }, el('div', { class: 'mono' }, e.value)),
        el('td', { class: 'mono signature' }, e.signature ?? '-'),
        el(
          'td',
          {},
          [e.vendor, e.brand].filter(Boolean).join(' / ') || '-',
          e.strength ? ` (${e.strength})` : '',
        ),
        el('td', {}, when(e.observedAt)),
      ),
    ),
  );
}

function flagsTable(d) {
  return table(
    'flags',
    ['Policy', 'Vendor', 'Match', 'Confidence', 'Reason', 'Citation'],
    d.flags.map((f) =>
      el(
        'tr',
        {},
        el('td', {}, f.policy),
        el('td', {}, f.vendor),
        el('td', {}, f.match === 'oem' ? 'maker (behind the badge)' : 'direct'),
        el('td', {}, pct(f.confidence)),
        el('td', {}, f.reason),
        el('td', { class: 'citation' }, citation(f.reference)),
      ),
    ),
  );
}

function renderDetail(d) {
  $('detail-title').textContent = `${d.ip} · ${d.site}`;
  const claimed = d.brand ?? 'no badge';
  const maker = d.oem ? oemText(d) : 'unknown';
  const verdict = d.rebranded
    ? `Sold as ${claimed}, built by ${maker}.`
    : d.oem
      ? `Built by ${maker}${d.brand && d.brand !== d.oem ? `, badge ${claimed}` : ''}.`
      : 'The maker could not be established.';
  const parts = [
    el('p', { class: `verdict status-${d.status}` }, `${d.status}: ${verdict}`),
    definitions([
      [
        'Brand claimed',
        d.brandClaimed !== undefined && d.brandClaimed !== null
          ? `${claimed} (sent as "${d.brandClaimed}")`
          : claimed,
      ],
      ['Maker (OEM)', maker],
      ['Confidence', `${pct(d.oemConfidence)}${d.oemProbable ? ', probable (not established)' : ''}`],
      ['Rebranded', d.rebranded ? 'yes' : 'no'],
      ['Basis', d.oemBasis ?? '-'],
      ['Type', d.type],
      ['Model', d.model],
      ['Firmware', d.firmware],
      ['MAC', d.mac],
      ['Serial', d.serial],
      ['Hostname', d.hostname],
      ['Key', d.key],
      ['First seen', when(d.firstSeen)],
      ['Last seen', when(d.lastSeen)],
    ]),
  ];
  parts.push(el('h3', {}, `Flags (${d.flags.length})`));
  parts.push(d.flags.length ? flagsTable(d) : el('p', { class: 'muted' }, 'No policy flags this device.'));
  parts.push(el('h3', {}, `Evidence chain (${(d.evidence ?? []).length})`));
  parts.push(
    el(
      'p',
      { class: 'muted' },
      'As the newest report that saw the device gives it: what each probe read, and the signature it matched.',
    ),
    evidenceTable(d),
  );
  parts.push(el('h3', {}, `History across scans (${(d.history ?? []).length})`), historyTable(d));
  if (d.services?.length) {
    parts.push(
      el('h3', {}, 'Services'),
      table(
        'services',
        ['Port', 'Service', 'Status'],
        d.services.map((s) =>
          el(
            'tr',
            {},
            el('td', { class: 'mono' }, `${s.port}/${s.transport}`),
            el('td', {}, s.service),
            el('td', {}, s.status),
          ),
        ),
      ),
    );
  }
  if (d.errors?.length) {
    parts.push(
      el('h3', {}, 'Probe errors'),
      table(
        'errors',
        ['Probe', 'Port', 'Status', 'Message'],
        d.errors.map((e) =>
          el(
            'tr',
            {},
            el('td', {}, e.probe),
            el('td', { class: 'mono' }, String(e.port)),
            el('td', {}, e.status),
            el('td', {}, e.message),
          ),
        ),
      ),
    );
  }
  $('detail-body').replaceChildren(...parts);
}

let detailGen = 0;
async function loadDetail(scroll) {
  const gen = ++detailGen;
  const section = $('detail');
  for (const tr of $('devices').tBodies[0].rows) tr.classList.toggle('open', tr.dataset.ref === view.device);
  if (!view.device) {
    section.hidden = true;
    return;
  }
  const slash = view.device.indexOf('/');
  const site = view.device.slice(0, slash);
  const key = view.device.slice(slash + 1);
  section.hidden = false;
  if (slash < 1 || !key) {
    $('detail-body').replaceChildren(el('p', { class: 'error' }, 'Not a device reference.'));
    return;
  }
  const res = await api(`/sites/${encodeURIComponent(site)}/devices/${encodeURIComponent(key)}`);
  if (gen !== detailGen) return;
  if (!res.ok) {
    $('detail-title').textContent = 'Device';
    $('detail-body').replaceChildren(el('p', { class: 'error' }, `No such device (${res.status}).`));
    return;
  }
  renderDetail(await res.json());
  if (scroll) section.scrollIntoView({ block: 'start' });
}

// ---- scans (a site server) -------------------------------------------------------------------

async function download(id) {
  const res = await api(`/scans/${id}/report.html`);
  if (!res.ok) {
    say(`Report unavailable (${res.status}).`);
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

async function loadScans() {
  const r = await loadRoutes();
  $('scan-now').hidden = !r.scanNow;
  $('scans-section').hidden = !r.scans;
  if (!r.scans) {
    const newest = sites
      .map((s) => s.lastReceivedAt)
      .filter(Boolean)
      .sort()
      .at(-1);
    $('state').textContent = `last scan received ${when(newest)}`;
    return;
  }
  renderScans(await apiJson('/scans?limit=50'));
}

// ---- loading ---------------------------------------------------------------------------------

/** Everything, for sign-in and when a new scan has landed. */
async function refresh() {
  await loadSites();
  await Promise.all([loadTrend(), loadFlagged(), loadDevices(), loadScans(), loadDetail(false)]);
}

/** The periodic check: counts and scans; the device list only when a scan has landed. */
async function poll() {
  const changed = await loadSites();
  await loadScans();
  if (changed) await Promise.all([loadTrend(), loadFlagged(), loadDevices(), loadDetail(false)]);
}

async function onHash() {
  const before = view;
  view = readHash();
  syncFilters();
  if ($('app').hidden) return;
  const listChanged = ['site', 'status', 'vendor', 'q', 'sort', 'order', 'per'].some(
    (k) => before[k] !== view[k],
  );
  const tasks = [];
  if (before.site !== view.site) {
    renderSites();
    tasks.push(loadFlagged());
  }
  if (before.site !== view.site || before.days !== view.days) tasks.push(loadTrend());
  if (listChanged) tasks.push(loadDevices());
  if (before.device !== view.device) tasks.push(loadDetail(Boolean(view.device)));
  await Promise.all(tasks);
}

async function signIn(event) {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('token').value);
  $('token').value = '';
  try {
    await apiJson('/sites');
  } catch {
    return;
  }
  $('login').hidden = true;
  $('app').hidden = false;
  $('login-error').textContent = '';
  await refresh().catch(report);
}

async function scanNow() {
  const res = await api('/scans', { method: 'POST' });
  const body = await res.json();
  say(res.status === 202 ? 'Scan started.' : body.message);
  await loadScans();
}

function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

document.addEventListener('DOMContentLoaded', () => {
  view = readHash();
  syncFilters();
  $('login').addEventListener('submit', signIn);
  $('logout').addEventListener('click', () => signOut());
  $('scan-now').addEventListener('click', () => scanNow().catch(report));
  $('scans').addEventListener('click', (e) => {
    const a = e.target.closest('a.report');
    if (!a) return;
    e.preventDefault();
    download(a.dataset.id).catch(report);
  });
  const pickSite = (e) => {
    const b = e.target.closest('button[data-site]');
    if (b) go({ site: view.site === b.dataset.site ? '' : b.dataset.site, device: '' });
  };
  $('sites').addEventListener('click', pickSite);
  $('trend-legend').addEventListener('click', pickSite);
  $('all-sites').addEventListener('click', () => go({ site: '' }));
  $('trend-days').addEventListener('change', () => go({ days: $('trend-days').value }));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('f-site').addEventListener('change', () => go({ site: $('f-site').value }));
  $('f-status').addEventListener('change', () => go({ status: $('f-status').value }));
  $('f-vendor').addEventListener('change', () => go({ vendor: $('f-vendor').value.trim() }));
  $('f-q').addEventListener(
    'input',
    debounce(() => go({ q: $('f-q').value.trim() }), 300),
  );
  $('f-clear').addEventListener('click', () => go({ site: '', status: '', vendor: '', q: '' }));
  $('devices').tHead.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-sort]');
    if (!th) return;
    const sort = th.dataset.sort;
    go({ sort, order: view.sort === sort && view.order === 'asc' ? 'desc' : 'asc' });
  });
  $('devices').tBodies[0].addEventListener('click', (e) => {
    if (e.target.closest('a')) return; // the address link changes the hash itself
    const tr = e.target.closest('tr[data-ref]');
    if (tr) go({ device: tr.dataset.ref });
  });
  $('flagged').tBodies[0].addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-ref]');
    if (tr) go({ device: tr.dataset.ref });
  });
  $('f-per').addEventListener('change', () => go({ per: $('f-per').value }));
  $('more').addEventListener('click', () => loadDevices(true).catch(report));
  $('detail-close').addEventListener('click', () => go({ device: '' }));
  window.addEventListener('hashchange', () => onHash().catch(report));
  renderSortHeaders();
  if (sessionStorage.getItem(KEY)) {
    $('login').hidden = true;
    $('app').hidden = false;
    refresh().catch(report);
  }
  setInterval(() => {
    if (!$('app').hidden) poll().catch(() => {});
  }, 10000);
});
