/**
 * The dashboard's checks in Chromium, against any server that serves it: a site server
 * (`oemscan serve`) or a hub (`oemscan serve --hub`). Each check takes the page, a base URL and
 * the API token, and derives what the page must show from the same API the page reads (so it
 * holds for any fleet and any number of sites), never from the lab's own answers.
 *
 *   expect(await runDashboardChecks(browser, 'http://127.0.0.1:8080', token)).toEqual([]);
 *
 * or one by one (openDashboard, signIn, checkOverview, ...), as dashboard-browser.test.ts does.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface DashboardPage {
  page: Page;
  /** Console errors, page errors, CSP violations and requests to any other origin, so far. */
  problems(opts?: { allow401?: boolean }): string[];
}

interface SiteSummary {
  name: string;
  devices: number;
  flagged: number;
  unverified: number;
  clear: number;
  silent: boolean;
}
interface Trend {
  series: { site: string; points: { flagged: number; startedAt: string }[] }[];
}
interface Device {
  key: string;
  site: string;
  ip: string;
  oem: string | null;
  brand: string | null;
  model: string | null;
  serial: string | null;
  status: string;
}
interface DevicePage {
  total: number;
  items: Device[];
  nextCursor: string | null;
}
interface Detail extends Device {
  flags: { policy: string; reference: string }[];
  history: unknown[];
  evidence: { probe: string; field: string; value: string; signature?: string; port: number }[];
}

async function getJson<T>(base: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Opens the dashboard in a fresh context that refuses (and records) any other origin. */
export async function openDashboard(
  browser: Browser,
  base: string,
  viewport = { width: 1280, height: 900 },
): Promise<DashboardPage> {
  const origin = new URL(base).origin;
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      errors.push(`foreign request ${route.request().url()}`);
      return route.abort();
    },
  );
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  // CSP violations (script, style, Trusted Types) are reported as events as well as on the console.
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  );
  await page.goto(base, { waitUntil: 'load' });
  return {
    page,
    problems: ({ allow401 = false } = {}) =>
      errors.filter((e) => !(allow401 && /401 \(Unauthorized\)/.test(e))),
  };
}

export async function signIn(page: Page, token: string) {
  await page.fill('#token', token);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForSelector('#sites .site-card');
}

/** The device table's addresses, in order. */
export const tableIps = (page: Page) =>
  page.locator('#devices tbody tr td.ip').evaluateAll((tds) => tds.map((td) => td.textContent ?? ''));

/** Waits until the device table shows exactly these addresses, in this order. */
async function expectRows(page: Page, ips: string[]) {
  await expect.poll(() => tableIps(page), { timeout: 10000 }).toEqual(ips);
}

/** Sets the view through the URL hash, as a link or a reload would. */
export async function setView(page: Page, hash: string) {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
}

const hashOf = (page: Page) => page.evaluate('location.hash') as Promise<string>;

/** One card per site with its counts; clicking one is the per-site view, clicking it again leaves it. */
export async function checkOverview(page: Page, base: string, token: string) {
  const sites = await getJson<SiteSummary[]>(base, token, '/api/sites');
  expect(sites.length).toBeGreaterThan(0);
  await expect.poll(() => page.locator('#sites .site-card').count()).toBe(sites.length);
  for (const s of sites) {
    const card = page.locator('#sites .site-card', { has: page.locator('.site-name', { hasText: s.name }) });
    const text = await card.first().textContent();
    expect(text).toContain(`${s.flagged} flagged`);
    expect(text).toContain(`${s.unverified} unverified`);
    expect(text).toContain(`${s.devices} devices`);
    expect(await card.first().locator('.silent-badge').count()).toBe(s.silent ? 1 : 0);
  }
  const site = sites[0] as SiteSummary;
  await page.locator(`#sites .site-card[data-site="${site.name}"]`).click();
  await expect.poll(() => hashOf(page)).toContain('site=');
  const mine = await getJson<DevicePage>(
    base,
    token,
    `/api/devices?site=${encodeURIComponent(site.name)}&limit=100`,
  );
  await expectRows(
    page,
    mine.items.map((d) => d.ip),
  );
  expect(await page.getAttribute(`#sites .site-card[data-site="${site.name}"]`, 'aria-pressed')).toBe('true');
  const flagged = (
    await getJson<DevicePage>(
      base,
      token,
      `/api/devices?site=${encodeURIComponent(site.name)}&status=flagged&limit=1`,
    )
  ).total;
  // The flagged list is fetched apart from the device table: wait for it to show this site.
  await expect.poll(() => page.locator('#flagged tbody tr').count(), { timeout: 10000 }).toBe(flagged);
  await page.click('#all-sites');
  await expect.poll(() => hashOf(page)).not.toContain('site=');
}

/** The trend chart: one line (or lone point) per site, a point per scan, a legend entry per site. */
export async function checkTrend(page: Page, base: string, token: string) {
  const trend = await getJson<Trend>(base, token, '/api/trend?days=30');
  const withPoints = trend.series.filter((s) => s.points.length > 0);
  expect(withPoints.length).toBeGreaterThan(0);
  await expect.poll(() => page.locator('#trend svg g.series').count()).toBe(trend.series.length);
  for (const s of trend.series) {
    const g = page.locator(`#trend svg g.series[data-site="${s.site}"]`);
    expect(await g.locator('circle.trend-point').count(), s.site).toBe(s.points.length);
    expect(await g.locator('path.trend-line').count(), s.site).toBe(s.points.length > 1 ? 1 : 0);
  }
  expect(await page.locator('#trend-legend li').count()).toBe(trend.series.length);
  const labels = await page.locator('#trend svg text.axis-label').allTextContents();
  expect(labels.some((l) => l.includes('Flagged devices'))).toBe(true);
  expect(labels.some((l) => l.includes('Scan start'))).toBe(true);
  // The y axis reaches the highest count: some tick is at least the maximum.
  const ticks = (await page.locator('#trend svg text.tick').allTextContents())
    .map(Number)
    .filter(Number.isFinite);
  const max = Math.max(...withPoints.flatMap((s) => s.points.map((p) => p.flagged)));
  expect(Math.max(...ticks)).toBeGreaterThanOrEqual(max);
}

/** Status, vendor and site filters change the rows to exactly what the API answers for them. */
export async function checkFilters(page: Page, base: string, token: string) {
  const api = (q: string) => getJson<DevicePage>(base, token, `/api/devices?limit=100&${q}`);
  await setView(page, '');
  const all = await api('');
  await expectRows(
    page,
    all.items.map((d) => d.ip),
  );
  await page.selectOption('#f-status', 'flagged');
  const flagged = await api('status=flagged');
  expect(flagged.total).toBeGreaterThan(0);
  expect(flagged.total).toBeLessThan(all.total);
  await expectRows(
    page,
    flagged.items.map((d) => d.ip),
  );
  expect(await page.locator('#devices tbody tr[data-status="flagged"]').count()).toBe(flagged.items.length);
  expect(await page.textContent('#device-count')).toBe(String(flagged.total));

  const vendor = flagged.items.find((d) => d.oem)?.oem as string;
  await page.fill('#f-vendor', vendor.toLowerCase());
  await page.press('#f-vendor', 'Enter');
  const byVendor = await api(`status=flagged&vendor=${encodeURIComponent(vendor)}`);
  expect(byVendor.total).toBeGreaterThan(0);
  await expectRows(
    page,
    byVendor.items.map((d) => d.ip),
  );
  expect(await hashOf(page)).toContain(`vendor=${encodeURIComponent(vendor.toLowerCase())}`);

  const site = all.items[0]?.site as string;
  await page.selectOption('#f-status', '');
  await page.selectOption('#f-site', site);
  const bySite = await api(`vendor=${encodeURIComponent(vendor)}&site=${encodeURIComponent(site)}`);
  await expectRows(
    page,
    bySite.items.map((d) => d.ip),
  );
  await page.click('#f-clear');
  await expectRows(
    page,
    all.items.map((d) => d.ip),
  );
}

/** The search box finds a device by part of its model, serial or address, as the API does. */
export async function checkSearch(page: Page, base: string, token: string) {
  const all = await getJson<DevicePage>(base, token, '/api/devices?limit=1000');
  const target = all.items.find((d) => d.model) ?? (all.items[0] as Device);
  const needle = (target.model ?? target.ip).slice(0, 8).toLowerCase();
  await page.fill('#f-q', needle);
  const found = await getJson<DevicePage>(
    base,
    token,
    `/api/devices?limit=100&q=${encodeURIComponent(needle)}`,
  );
  expect(found.items.map((d) => d.key)).toContain(target.key);
  expect(found.total).toBeLessThan(all.total);
  await expectRows(
    page,
    found.items.map((d) => d.ip),
  );
  await page.fill('#f-q', 'no-device-has-this-text');
  await expectRows(page, []);
  expect(await page.textContent('#shown')).toContain('No device matches');
  await page.fill('#f-q', '');
  await expectRows(
    page,
    all.items.slice(0, 100).map((d) => d.ip),
  );
}

/** A column header sorts (aria-sort ascending), a second click flips the order (descending). */
export async function checkSort(page: Page, base: string, token: string) {
  const order = async (q: string) =>
    (await getJson<DevicePage>(base, token, `/api/devices?limit=100&${q}`)).items.map((d) => d.ip);
  const th = page.locator('#devices th[data-sort="oem"]');
  expect(await page.getAttribute('#devices th[data-sort="ip"]', 'aria-sort')).toBe('ascending');
  await th.locator('button').click();
  await expect.poll(() => th.getAttribute('aria-sort')).toBe('ascending');
  const asc = await order('sort=oem&order=asc');
  await expectRows(page, asc);
  expect(await page.getAttribute('#devices th[data-sort="ip"]', 'aria-sort')).toBe('none');
  await th.locator('button').click();
  await expect.poll(() => th.getAttribute('aria-sort')).toBe('descending');
  const desc = await order('sort=oem&order=desc');
  expect(desc).not.toEqual(asc);
  await expectRows(page, desc);
  const status = page.locator('#devices th[data-sort="status"]');
  await status.locator('button').click();
  await expectRows(page, await order('sort=status&order=asc'));
  const firstStatus = await page.locator('#devices tbody tr').first().getAttribute('data-status');
  expect(firstStatus).toBe('flagged');
  await setView(page, '');
  await expect.poll(() => page.getAttribute('#devices th[data-sort="ip"]', 'aria-sort')).toBe('ascending');
}

/** Small pages: "Load more" follows the cursor until every device is listed once. */
export async function checkPaging(page: Page, base: string, token: string) {
  const all = await getJson<DevicePage>(base, token, '/api/devices?limit=1000&sort=model&order=desc');
  expect(all.total).toBeGreaterThan(10);
  await setView(page, 'sort=model&order=desc&per=10');
  await expectRows(
    page,
    all.items.slice(0, 10).map((d) => d.ip),
  );
  let clicks = 0;
  while (await page.isVisible('#more')) {
    await page.click('#more');
    clicks++;
    await expect
      .poll(() => page.locator('#devices tbody tr').count())
      .toBe(Math.min(all.total, 10 * (clicks + 1)));
    if (clicks > 100) break;
  }
  expect(clicks).toBe(Math.ceil(all.total / 10) - 1);
  await expectRows(
    page,
    all.items.map((d) => d.ip),
  );
  expect(await page.textContent('#shown')).toContain(`Showing ${all.total} of ${all.total}`);
  await setView(page, '');
}

/**
 * Drill-down: a flagged device's row opens its detail with brand and maker, flags with their
 * citations, history, and the evidence chain item by item as the API gives it; the view is in
 * the hash, so reloading the page shows the same device. Returns the device.
 */
export async function checkDrillDown(
  page: Page,
  base: string,
  token: string,
  prefer?: (d: Device) => boolean,
) {
  const flagged = await getJson<DevicePage>(base, token, '/api/devices?status=flagged&limit=1000');
  const pick = flagged.items.find((d) => prefer?.(d)) ?? (flagged.items[0] as Device);
  const detail = await getJson<Detail>(
    base,
    token,
    `/api/sites/${encodeURIComponent(pick.site)}/devices/${encodeURIComponent(pick.key)}`,
  );
  expect(detail.evidence.length).toBeGreaterThan(0);
  await setView(page, new URLSearchParams({ status: 'flagged', q: pick.key }).toString());
  await page.locator(`#devices tbody tr[data-ref="${pick.site}/${pick.key}"] td`).nth(2).click();
  await page.waitForSelector('#detail:not([hidden]) table.evidence');
  const body = page.locator('#detail-body');
  const facts = await body.locator('dl.facts').textContent();
  expect(facts).toContain(detail.oem ?? 'unknown');
  if (detail.brand) expect(facts).toContain(detail.brand);
  const rows = body.locator('table.evidence tbody tr');
  expect(await rows.count()).toBe(detail.evidence.length);
  for (const [i, e] of detail.evidence.entries()) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    expect(cells[1]).toBe(e.probe);
    expect(cells[2]).toContain(String(e.port));
    expect(cells[3]).toContain(e.field);
    expect(cells[4]).toBe(e.value);
    expect(cells[5]).toBe(e.signature ?? '-');
  }
  expect(await body.locator('table.flags tbody tr').count()).toBe(detail.flags.length);
  for (const f of detail.flags) {
    const text = await body.locator('table.flags').textContent();
    expect(text).toContain(f.policy);
    expect(text).toContain(f.reference);
  }
  expect(await body.locator('table.history tbody tr').count()).toBe(detail.history.length);
  // Linkable: reload with the hash and the same device is open, with the filter still set.
  const hash = await hashOf(page);
  expect(hash).toContain('device=');
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#detail:not([hidden]) table.evidence');
  expect(await page.locator('#detail-body table.evidence tbody tr').count()).toBe(detail.evidence.length);
  expect(await page.inputValue('#f-status')).toBe('flagged');
  return detail;
}

/**
 * Every check above, in order, on a fresh page: what the lead's hub test calls with the hub's
 * base URL and reader token (the hub must hold at least one site with more than 10 devices,
 * some flagged, some with a model). Returns the problems seen (console errors, CSP violations,
 * foreign requests), which must be none.
 */
export async function runDashboardChecks(browser: Browser, base: string, token: string): Promise<string[]> {
  const d = await openDashboard(browser, base);
  try {
    await signIn(d.page, token);
    await checkOverview(d.page, base, token);
    await checkTrend(d.page, base, token);
    await checkFilters(d.page, base, token);
    await checkSearch(d.page, base, token);
    await checkSort(d.page, base, token);
    await checkPaging(d.page, base, token);
    await checkDrillDown(d.page, base, token);
    return d.problems();
  } finally {
    await d.page.context().close();
  }
}
