/**
 * The dashboard in headless Chromium (Debian's /usr/bin/chromium through playwright-core, as
 * in html-browser.test.ts): `oemscan serve` (dist/, a child process) scans the simulated fleet
 * on 127.0.65.0/25 and listens on 127.0.65.200; two scans are triggered through the API, then the page is loaded, a wrong token
 * is refused, the right one signs in, and the checks of test/helpers/dashboard.ts run: the site
 * overview and per-site view, the trend chart, filters, search, sort, paging, the drill-down
 * with its evidence chain, a view restored from the URL hash. The same checks take any base URL
 * and token, so they run unchanged against a hub. The page must raise no console error (a CSP
 * or Trusted Types violation would) and fetch nothing but its own origin.
 * UPDATE_SCREENSHOT=1 also writes docs/images/dashboard-overview.png and
 * docs/images/dashboard-device.png for the README.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import type { ScanRecord } from '../../src/store/types.js';
import { launchChromium, noBrowser } from '../helpers/browser.js';
import {
  checkDrillDown,
  checkFilters,
  checkOverview,
  checkPaging,
  checkSearch,
  checkSort,
  checkTrend,
  type DashboardPage,
  openDashboard,
  runDashboardChecks,
  setView,
  signIn,
} from '../helpers/dashboard.js';
import { apiClient, type ServeProcess, spawnServe, waitFor } from '../helpers/serve.js';

const LAB = '127.0.65';
const OFFSET = 23000;
const TARGETS = `${LAB}.0/25`; // the lab starts at .11; the service listens outside the targets
const LISTEN = '127.0.65.200:30650';
const SITE = 'Lab 65';
const TOKEN = 'dashboard-token-3b9d0c6e1a-0123456789';
const shot = (name: string) => fileURLToPath(new URL(`../../docs/images/${name}`, import.meta.url));
const UPDATE = process.env.UPDATE_SCREENSHOT === '1';
const ARTIFACTS = join(tmpdir(), 'oemscan-artifacts');

describe.skipIf(noBrowser)('dashboard in headless Chromium', () => {
  let lab: Lab;
  let dir: string;
  let serve: ServeProcess;
  let browser: Browser;
  let dash: DashboardPage;
  let page: Page;
  let report: Report;
  const base = `http://${LISTEN}`;

  beforeAll(async () => {
    lab = await startLab({ prefix: LAB, portOffset: OFFSET });
    dir = await mkdtemp(join(tmpdir(), 'oemscan-dashboard-'));
    const config = join(dir, 'serve.json');
    await writeFile(
      config,
      JSON.stringify({
        targets: [TARGETS],
        data: 'data',
        listen: LISTEN,
        site: SITE,
        scan: { portOffset: OFFSET },
      }),
    );
    serve = spawnServe(['--config', config], { OEMSCAN_API_TOKEN: TOKEN }, 'warn');
    await waitFor('healthz', 15000, async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
    const api = apiClient(base, TOKEN);
    // Two scans: the trend has a line, not a lone point, and every device a history of two.
    for (let i = 0; i < 2; i++) {
      const started = await api.post('/api/scans');
      expect(started.status).toBe(202);
      await waitFor('the scan to complete', 60000, async () => {
        const s = (await api.json<ScanRecord[]>('/api/scans')).find((x) => x.id === started.body.id);
        return s?.status === 'complete' ? s : undefined;
      });
      report = JSON.parse((await api.text(`/api/scans/${started.body.id}`)).body) as Report;
    }
    browser = await launchChromium();
    dash = await openDashboard(browser, base);
    page = dash.page;
  }, 150000);

  afterAll(async () => {
    await browser?.close();
    if (serve && serve.child.exitCode === null && serve.child.signalCode === null)
      serve.child.kill('SIGTERM');
    await serve?.exited;
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a wrong token and stays on the sign-in form', async () => {
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('#login button[type=submit]');
    await expect.poll(() => page.textContent('#login-error')).toContain('not accepted');
    expect(await page.isVisible('#app')).toBe(false);
  });

  it('signs in with the token and shows the fleet and its flagged devices', async () => {
    await signIn(page, TOKEN);
    const flagged = report.devices.filter((d) => d.status === 'flagged');
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.locator('#flagged tbody tr').count()).toBe(flagged.length);
    for (const d of flagged) {
      const row = page.locator('#flagged tbody tr', { hasText: d.ip });
      expect(await row.isVisible()).toBe(true);
      expect(await row.textContent()).toContain(d.oem.vendor ?? 'unknown');
    }
    await expect.poll(() => page.locator('#devices tbody tr').count()).toBe(report.devices.length);
    const lorex = report.devices.find((d) => d.brand === 'Lorex');
    const row = page.locator('#flagged tbody tr', { hasText: lorex?.ip ?? '?' });
    expect(await row.textContent()).toMatch(/Lorex.*Dahua \(rebranded\)/);
    expect(await page.textContent('#sites')).toContain(SITE);
    // A site server: its scans and "Scan now", no estate line (that is the hub's).
    await expect.poll(() => page.isVisible('#scans-section')).toBe(true);
    expect(await page.isVisible('#scan-now')).toBe(true);
    expect(await page.isVisible('#estate')).toBe(false);
    if (UPDATE) {
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: shot('dashboard-overview.png') });
      await page.screenshot({
        path: fileURLToPath(new URL('../screenshots/dashboard.png', import.meta.url)),
        clip: { x: 0, y: 0, width: 1200, height: 900 },
      });
    }
  });

  it('site overview: a card per site with its counts; a click is the per-site view', async () => {
    await checkOverview(page, base, TOKEN);
  });

  it('trend chart: a line per site with a point per scan, axes labelled', async () => {
    await checkTrend(page, base, TOKEN);
    expect(await page.locator('#trend circle.trend-point').count()).toBe(2);
  });

  it('filters by status, vendor and site change the rows', async () => {
    await checkFilters(page, base, TOKEN);
  });

  it('search finds a device', async () => {
    await checkSearch(page, base, TOKEN);
  });

  it('sortable headers: aria-sort, and the order flips', async () => {
    await checkSort(page, base, TOKEN);
  });

  it('pages with "Load more" until every device is listed once', async () => {
    await checkPaging(page, base, TOKEN);
  });

  it('drill-down shows brand and maker, flags with citations, history and the evidence chain', async () => {
    const d = await checkDrillDown(page, base, TOKEN, (x) => x.brand === 'Lorex');
    expect(d.brand).toBe('Lorex');
    expect(d.oem).toBe('Dahua');
    expect(d.history).toHaveLength(2);
    const lab = report.devices.find((x) => x.ip === d.ip);
    expect(d.evidence).toEqual(lab?.evidence);
    const facts = await page.textContent('#detail-body dl.facts');
    expect(facts).toMatch(/Brand claimed\s*Lorex/);
    expect(facts).toMatch(/Maker \(OEM\)\s*Dahua/);
    expect(await page.textContent('#detail-body .verdict')).toContain('Sold as Lorex, built by Dahua');
    if (UPDATE) {
      await page.locator('#detail').scrollIntoViewIfNeeded();
      await page.evaluate("document.getElementById('detail').scrollIntoView({ block: 'start' })");
      await page.screenshot({ path: shot('dashboard-device.png') });
    }
  });

  it('a device string is text, never markup: hostile strings in the answers stay inert', async () => {
    const HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const d = await openDashboard(browser, base);
    const p = d.page;
    let dialogs = 0;
    p.on('dialog', (dlg) => {
      dialogs++;
      return dlg.dismiss();
    });
    // The real answers, with a device's strings replaced by markup on the way to the page.
    await p.route(/\/api\/devices\?/, async (route) => {
      const body = await (await route.fetch()).json();
      for (const x of body.items) Object.assign(x, { model: HOSTILE, brand: HOSTILE, site: x.site });
      return route.fulfill({ json: body });
    });
    await p.route(/\/api\/sites\/[^/]+\/devices\//, async (route) => {
      const body = await (await route.fetch()).json();
      Object.assign(body, { model: HOSTILE, hostname: HOSTILE, brandClaimed: HOSTILE, oemBasis: HOSTILE });
      for (const e of body.evidence) e.value = HOSTILE;
      for (const f of body.flags) f.reference = 'javascript:window.pwned=3';
      return route.fulfill({ json: body });
    });
    await signIn(p, TOKEN);
    const lorex = report.devices.find((x) => x.brand === 'Lorex');
    await setView(p, new URLSearchParams({ device: `${SITE}/serial:${lorex?.serial}` }).toString());
    await p.waitForSelector('#detail:not([hidden]) table.evidence');
    const values = await p.locator('#detail-body table.evidence td.value').allTextContents();
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v === HOSTILE)).toBe(true);
    expect(await p.locator('#devices tbody tr').first().textContent()).toContain(HOSTILE);
    expect(await p.textContent('#detail-body dl.facts')).toContain(HOSTILE);
    expect(await p.locator('#app img, #app script, #app iframe').count()).toBe(0);
    expect(await p.locator('#detail-body a[href^="javascript"]').count()).toBe(0);
    expect(await p.textContent('#detail-body table.flags')).toContain('javascript:window.pwned=3');
    expect(await p.evaluate('window.pwned')).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(d.problems()).toEqual([]);
    await p.context().close();
  });

  it('downloads the scan HTML report', async () => {
    await setView(page, '');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#scans a.report')]);
    const path = join(dir, 'report.html');
    await download.saveAs(path);
    const html = await readFile(path, 'utf8');
    expect(html).toContain(report.scan.id);
    for (const d of report.devices.filter((x) => x.status === 'flagged')) expect(html).toContain(d.ip);
  });

  it('runs every check in one call on a fresh page, as a hub test would (runDashboardChecks)', async () => {
    expect(await runDashboardChecks(browser, base, TOKEN)).toEqual([]);
  });

  it('raised no console error or CSP violation and fetched nothing from another origin', () => {
    // The wrong token's 401 is logged by Chromium as a failed resource; nothing else may be.
    expect(dash.problems({ allow401: true })).toEqual([]);
  });

  describe('trend chart readability (the API answer replaced in the browser)', () => {
    const fake = (sites: number, points: number) => {
      const t0 = Date.now() - 20 * 86400e3;
      return {
        sites: Array.from({ length: sites }, (_, i) => ({
          name: `site-${String(i + 1).padStart(2, '0')}`,
          lastScanAt: new Date(t0).toISOString(),
          lastReceivedAt: new Date(t0).toISOString(),
          scans: points,
          devices: 200,
          flagged: i,
          unverified: 1,
          clear: 199 - i,
          silent: i === 3,
        })),
        trend: {
          series: Array.from({ length: sites }, (_, i) => ({
            site: `site-${String(i + 1).padStart(2, '0')}`,
            points: Array.from({ length: points }, (_, j) => ({
              scanId: `00000000-0000-4000-8000-${String(i * 100 + j).padStart(12, '0')}`,
              startedAt: new Date(t0 + j * 86400e3 + i * 60e3).toISOString(),
              devices: 200,
              flagged: (i * 3 + j * 7) % 40,
              unverified: 1,
            })),
          })),
        },
      };
    };

    async function withFake(sites: number, points: number, hub = false) {
      const data = fake(sites, points);
      const d = await openDashboard(browser, base, { width: 1280, height: 900 });
      if (hub) {
        // What a hub's /openapi.json says: /api/estate, and no scans of its own to start or list.
        await d.page.route(/\/openapi\.json$/, async (r) => {
          const doc = await (await r.fetch()).json();
          delete doc.paths['/api/scans'];
          doc.paths['/api/estate'] = { get: {} };
          return r.fulfill({ json: doc });
        });
        await d.page.route(/\/api\/estate$/, (r) =>
          r.fulfill({
            json: {
              sites,
              silentSites: 1,
              devices: 200 * sites,
              flagged: 190,
              unverified: sites,
              clear: 3810,
              newlyFlagged: 4,
            },
          }),
        );
      }
      await d.page.route(/\/api\/trend/, (r) => r.fulfill({ json: data.trend }));
      await d.page.route(/\/api\/sites$/, (r) => r.fulfill({ json: data.sites }));
      await signIn(d.page, TOKEN);
      await d.page.waitForSelector('#trend svg');
      return d;
    }

    it('20 sites: 20 lines, each with its points, told apart by colour and dash, a legend that fits', async () => {
      const d = await withFake(20, 10, true);
      const p = d.page;
      expect(await p.locator('#trend svg g.series').count()).toBe(20);
      expect(await p.locator('#trend svg path.trend-line').count()).toBe(20);
      expect(await p.locator('#trend svg circle.trend-point').count()).toBe(200);
      const styles = await p
        .locator('#trend svg path.trend-line')
        .evaluateAll((ps) =>
          ps.map((x) => `${x.getAttribute('stroke')}|${x.getAttribute('stroke-dasharray') ?? ''}`),
        );
      expect(new Set(styles).size).toBe(20);
      expect(await p.locator('#trend-legend li').count()).toBe(20);
      const chart = await p.locator('#trend svg').boundingBox();
      expect(chart?.width).toBeGreaterThan(600);
      for (const box of await p
        .locator('#trend-legend li')
        .evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().toJSON()))) {
        expect(box.right).toBeLessThanOrEqual(1280);
        expect(box.top).toBeGreaterThanOrEqual((chart?.y ?? 0) + (chart?.height ?? 0) - 1);
      }
      expect(await p.locator('#sites .site-card').count()).toBe(20);
      expect(await p.locator('#sites .site-card.silent .silent-badge').count()).toBe(1);
      await mkdir(ARTIFACTS, { recursive: true });
      await p.locator('#trend-section').screenshot({ path: join(ARTIFACTS, 'dashboard-trend-20.png') });
      // A hub: the estate line, no scan list or "Scan now" (it runs no scans itself).
      await expect
        .poll(() => p.textContent('#estate'))
        .toContain('Estate: 20 sites (1 silent), 4000 devices');
      expect(await p.textContent('#estate')).toContain('4 newly flagged');
      expect(await p.isVisible('#scans-section')).toBe(false);
      expect(await p.isVisible('#scan-now')).toBe(false);
      expect(await p.isVisible('#estate')).toBe(true);
      // Choosing a site from the legend dims the others.
      await p.locator('#trend-legend button[data-site="site-05"]').click();
      await expect.poll(() => p.locator('#trend svg g.series.dim').count()).toBe(19);
      expect(d.problems()).toEqual([]);
      await p.context().close();
    });

    it('one site, one scan: a visible point, labelled axes', async () => {
      const d = await withFake(1, 1);
      const p = d.page;
      expect(await p.locator('#trend svg circle.trend-point').count()).toBe(1);
      expect(await p.locator('#trend svg path.trend-line').count()).toBe(0);
      const point = await p.locator('#trend svg circle.trend-point').boundingBox();
      const chart = await p.locator('#trend svg').boundingBox();
      expect(point && chart && point.x > chart.x && point.x < chart.x + chart.width).toBe(true);
      expect(await p.locator('#trend svg text.axis-label').count()).toBe(2);
      expect(d.problems()).toEqual([]);
      await p.context().close();
    });
  });
});
