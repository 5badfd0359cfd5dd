#!/usr/bin/env node
// Browser end-to-end tests of the Jeugdstuur dashboard: the real server on a fresh release,
// driven through Debian's Chromium with playwright-core, accessibility checked with axe-core.
//
//   node tests/browser/run.mjs --bin "$CARGO_TARGET_DIR/debug/jeugdstuur"
//   node tests/browser/run.mjs --url http://127.0.0.1:8080   (a server that already runs)
//
// Pages are found by following same-origin links from the start page, plus the must-exist
// pages below, so a new page is tested as soon as something links to it. See README.md.

// ---- configuration ---------------------------------------------------------------------------
const CONFIG = {
  /** Pages that must exist and answer 200, linked or not. Add a page here when it must stay. */
  verplichtePaginas: ['/', '/gemeente/GM0153', '/indicator/jeugdhulp_gebruik', '/verblijf', '/datakwaliteit',
    '/definities', '/?soort=maand&segment=verblijf', '/aanbieders', '/aanbieder/98000101',
    '/vergelijking/volgens_plan_aandeel?aanbieder=98000101', '/verblijf?segment=wonen&soort=kwartaal',
    '/aanbieder/98000101?gemeente=GM0153&soort=jaar', '/beheer/gebruikers', '/beheer/logboek', '/beheer/levering', '/inloggen',
    '/jaarrapport/2025.html', '/sturing', '/sturing?soort=jaar&periode=2025', '/gemeente',
    '/indicator/kosten?soort=jaar&periode=2025&uitsplitsing=segment_verblijf', '/signalen',
    '/vooruitblik', '/vooruitblik/methode', '/vooruitblik/verblijf', '/indicator/kosten?soort=maand&periode=2025-12'],
  /** A phone (issue 22): these pages at 390 px wide must not widen the page (wide tables and
   * the overview scroll in their own box), with 0 axe violations; the first is also printed. */
  smalScherm: { breedte: 390, hoogte: 844, paginas: ['/?gemeente=GM0153', '/sturing', '/indicator/jeugdhulp_gebruik', '/gemeente/GM0153', '/datakwaliteit', '/signalen', '/vooruitblik', '/vooruitblik/verblijf'] },
  /** Non-HTML resources that must answer 200 with this content type. */
  verplichteBronnen: [
    { pad: '/api/indicatoren', type: 'application/json' },
    { pad: '/static/jeugdstuur.css', type: 'text/css' },
  ],
  /** Links with these paths are not crawled as pages (downloads are tested separately). */
  nietCrawlen: [/^\/download\//, /^\/api\//, /^\/static\//],
  /** Links to a file (like /sessie/3/verslag.md) are download links, not pages. */
  bestand: /\.(md|csv|xlsx|json|parquet|arrow|pdf|zip|txt)$/i,
  /** Crawl limits: link depth from a must-exist page, pages in all, pages per route pattern
   * (/gemeente/GM0153 and /gemeente/GM0141 share the pattern /gemeente/*). One path is visited
   * once per set of query parameter names: /?periode=2023 and /?periode=2024 count as one. */
  maxDiepte: 3,
  maxPaginas: 40,
  maxPerPatroon: 4,
  /** axe-core rule tags that must have zero violations. */
  axeTags: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
  /** The filter test on the start page: this gemeente (in the first <select> with one of these
   * names), and a whole year other than the default in <select name="periode">. */
  filter: { pad: '/', velden: ['gemeente', 'code'], code: 'GM0153', naam: 'Enschede' },
  /** A skip link's text, as the first Tab stop of every page. */
  overslaanTekst: /^(naar de inhoud|direct naar( de)? inhoud|ga (direct )?naar( de)? inhoud|naar de hoofdinhoud)$/i,
  viewport: { width: 1280, height: 900 },
  chromiumArgs: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  /** The duidingssessie walked through the forms like a user, after the crawl. The date is in
   * the current year, so /pdca lists it without choosing a year. */
  sessie: {
    titel: 'Browsertest duidingssessie jeugdhulpgebruik',
    deelnemers: 'A. de Vries (Enschede), B. Jansen (Hengelo), C. Bakker (Jeugdstuur)',
    /** The author: the logged-in account's name (duidingen and actions are signed with it). */
    naam: 'Demobeheerder',
    gebied: 'Enschede',
    /** Accounts invited to the session (created with `jeugdstuur user add` before the server
     * starts); each logs in afterwards and sees the session within its own scope. */
    deelnemers_accounts: [
      { login: 'deelnemer-gemeente', rol: 'gemeente', extra: ['--gemeente', 'GM0153'], duidt: true },
      { login: 'deelnemer-aanbieder', rol: 'aanbieder', extra: ['--aanbieder', '98000101'], duidt: false },
    ],
    deelnemerWachtwoord: 'browsertest-deelnemer-wachtwoord',
    periode: '2024',
    indicatoren: ['jeugdhulp_gebruik', 'crisis_start_aandeel', 'trajectduur'],
    /** The bold part of the duiding, which must come back as <strong>. */
    vet: 'stijging in Enschede',
    actie: { titel: 'Wachtlijst jeugd-GGZ uitzoeken', eigenaar: 'Team inkoop Twente', status: 'loopt' },
  },
  tijd: { ingestMs: 180_000, serverStartMs: 120_000, paginaMs: 30_000, downloadMs: 20_000, totaalMs: 10 * 60_000 },
};
// ----------------------------------------------------------------------------------------------

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { zorgVoorNodeModules } from './lib/afhankelijkheden.mjs';
import { startServer, voerUit } from './lib/server.mjs';

/** Fills a 'your name' field when the form has one (a server without accounts asks for it;
 * Jeugdstuur signs with the logged-in account instead). */
async function vulNaamIn(form, naam) {
  const veld = form.getByLabel(/^(uw )?naam$/i);
  if (await veld.count()) await veld.first().fill(naam);
}

/** The administrator the first `serve` creates (JEUGDSTUUR_BEHEERDER_WACHTWOORD). With --url,
 * set JEUGDSTUUR_BEHEERDER_WACHTWOORD to that server's password. */
const INLOG = {
  login: process.env.JEUGDSTUUR_LOGIN ?? 'beheerder',
  wachtwoord: process.env.JEUGDSTUUR_BEHEERDER_WACHTWOORD ?? 'browsertest-beheerder-wachtwoord',
};

const HIER = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HIER, '..', '..');
const begin = Date.now();

const { values: opties } = parseArgs({
  options: {
    bin: { type: 'string' },
    url: { type: 'string' },
    fixtures: { type: 'string', default: join(REPO, 'fixtures', 'twente') },
    artefacten: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    'max-paginas': { type: 'string' },
    verplicht: { type: 'string' },
    'bewaar-data': { type: 'boolean', default: false },
    'geen-installatie': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opties.help) {
  console.log(`Gebruik: node tests/browser/run.mjs [opties]
  --bin PAD            jeugdstuur-binary (standaard $CARGO_TARGET_DIR/debug/jeugdstuur)
  --url URL            test een server die al draait (geen ingest, geen start/stop)
  --fixtures MAP       leveringen voor de ingest (standaard fixtures/twente)
  --artefacten MAP     schermafdrukken en rapport (standaard $JEUGDSTUUR_ARTEFACTEN of target/browser-artefacten)
  --chromium PAD       browser (standaard $CHROMIUM of /usr/bin/chromium)
  --max-paginas N      hoogstens N pagina's (standaard ${CONFIG.maxPaginas})
  --verplicht P1,P2    andere verplichte pagina's dan CONFIG.verplichtePaginas (voor de zelftest)
  --bewaar-data        laat de tijdelijke datamap staan
  --geen-installatie   installeer geen Chromium of npm-pakketten als ze ontbreken`);
  process.exit(0);
}
if (opties['max-paginas']) CONFIG.maxPaginas = Number(opties['max-paginas']);
if (opties.verplicht) CONFIG.verplichtePaginas = opties.verplicht.split(',').filter(Boolean);

const artefacten = resolve(opties.artefacten ?? process.env.JEUGDSTUUR_ARTEFACTEN ?? join(REPO, 'target', 'browser-artefacten'));

// ---- results ---------------------------------------------------------------------------------
const resultaten = [];

/** Records one check: problems (strings) make it fail; `overgeslagen` (a reason) skips it. */
function meld(pagina, controle, problemen, { overgeslagen = null, info = '', details = [], gegevens } = {}) {
  const status = overgeslagen ? 'overgeslagen' : problemen.length ? 'fout' : 'ok';
  resultaten.push({ pagina, controle, status, problemen, overgeslagen, info, gegevens });
  const kop = { ok: 'ok  ', fout: 'FOUT', overgeslagen: 'over' }[status];
  console.log(`${kop} ${pagina} · ${controle}${info ? ` — ${info}` : ''}${overgeslagen ? ` — overgeslagen: ${overgeslagen}` : ''}`);
  for (const p of problemen) console.log(`       ${p.replace(/\n/g, '\n       ')}`);
  for (const d of details) console.log(`       ${d}`);
}

// ---- cleanup, whatever happens ---------------------------------------------------------------
const opruimen = [];
let opruiming = null;
/** Runs the cleanup steps once, last registered first; every caller waits for the same run. */
function ruimOp() {
  opruiming ??= (async () => {
    while (opruimen.length) {
      const stap = opruimen.pop();
      try {
        await stap();
      } catch (e) {
        console.log(`opruimen: ${e.message}`);
      }
    }
  })();
  return opruiming;
}
for (const signaal of ['SIGINT', 'SIGTERM']) {
  process.on(signaal, async () => {
    console.log(`\n${signaal} ontvangen: opruimen en stoppen`);
    await ruimOp();
    process.exit(130);
  });
}
const waakhond = setTimeout(async () => {
  console.log(`\nFOUT de browsertests duren langer dan ${CONFIG.tijd.totaalMs / 60_000} minuten: afgebroken`);
  await ruimOp();
  console.log('browsertests: 0 passed, 1 failed');
  process.exit(1);
}, CONFIG.tijd.totaalMs);
waakhond.unref();

// ---- helpers -----------------------------------------------------------------------------------
function patroon(pathname) {
  const delen = pathname.split('/').filter(Boolean);
  return delen.length >= 2 ? `/${delen[0]}/*` : pathname;
}

function bestandsnaam(nr, pad) {
  const u = new URL(pad, 'http://x');
  let naam = u.pathname === '/' ? 'start' : u.pathname.replace(/^\/|\/$/g, '').replace(/\//g, '_');
  if (u.search) naam += '__' + [...u.searchParams].map(([k, v]) => `${k}-${v}`).join('_');
  return `${String(nr).padStart(2, '0')}-${naam.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 100)}.png`;
}

function foutenVerzamelaar(page) {
  const f = { console: [], verzoeken: [], verstuurd: null };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const waar = m.location()?.url ?? '';
    // the page's own error status is reported by the status check already
    if (m.text().startsWith('Failed to load resource') && waar === page.url()) return;
    // the browser fetches the icon on its own time, so its errors would come and go: the icon
    // is checked once per page, deterministically, by the favicon check instead
    if (/\/favicon\.ico$/.test(waar)) return;
    // the browser's own line for a write that alleenLezen blocked: reported there already
    if (/ERR_BLOCKED_BY_CLIENT/.test(m.text()) && f.verstuurd?.some((v) => v.endsWith(` ${waar}`))) return;
    f.console.push(`${m.text()}${waar ? ` (${waar})` : ''}`);
  });
  page.on('pageerror', (e) => f.console.push(`niet-afgevangen fout: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (/\/favicon\.ico$/.test(r.url())) return;
    const reden = r.failure()?.errorText ?? '?';
    if (reden === 'net::ERR_BLOCKED_BY_CLIENT' && f.verstuurd?.includes(`${r.method()} ${r.url()}`)) return; // reported by alleenLezen
    // a download started from a link ends the navigation request with ERR_ABORTED: not an error
    if (reden === 'net::ERR_ABORTED' && r.isNavigationRequest()) return;
    f.verzoeken.push(`${r.method()} ${r.url()}: ${reden}`);
  });
  page.on('response', (r) => {
    const vraag = r.request();
    if (vraag.isNavigationRequest() && vraag.frame() === page.mainFrame()) return; // checked as the page status
    if (/\/favicon\.ico$/.test(r.url())) return;
    if (r.status() >= 400) f.verzoeken.push(`${vraag.method()} ${r.url()}: HTTP ${r.status()}`);
  });
  return f;
}

/** Closes a page, but never waits more than 10 s for it. */
async function sluit(page) {
  const klaar = await Promise.race([
    page.close().then(() => true),
    new Promise((r) => setTimeout(() => r(false), 10_000).unref()),
  ]);
  if (!klaar) console.log(`let op: tabblad ${page.url()} sloot niet binnen 10 s`);
}

/**
 * Lets a page only read: a request other than GET or HEAD (a form that posts, a fetch that
 * writes) is blocked before it reaches the server, and reported by meldFouten. For the crawl
 * and the page checks, which must never create or change data.
 */
async function alleenLezen(page, f) {
  f.verstuurd = [];
  await page.route('**/*', (route) => {
    const v = route.request();
    if (v.method() === 'GET' || v.method() === 'HEAD') return route.fallback();
    f.verstuurd.push(`${v.method()} ${v.url()}`);
    return route.abort('blockedbyclient');
  });
}

function meldFouten(pagina, f) {
  meld(pagina, 'geen consolefouten', [...new Set(f.console)]);
  meld(pagina, 'geen mislukte verzoeken', [...new Set(f.verzoeken)]);
  if (f.verstuurd) {
    meld(pagina, 'alleen lezen (niets verstuurd)', [...new Set(f.verstuurd)].map((v) => `${v}: geblokkeerd; een pagina bekijken mag niets versturen of wijzigen`));
  }
}

/**
 * The checks for one page: status, structure, axe, screenshot (as `naam`), keyboard, console
 * errors and failed requests. Returns the page's links (none when it is no HTML page).
 */
async function controleerPagina(o, pad, { van = '(verplicht)', naam }) {
  const { context, oorsprong, c, axeBron } = o;
  const url = oorsprong + pad;
  const page = await context.newPage();
  const fouten = foutenVerzamelaar(page);
  await alleenLezen(page, fouten);
  const laad = async () => {
    const r = await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    return r;
  };
  let links = [];
  try {
    const antwoord = await laad();
    const status = antwoord?.status();
    const ct = antwoord?.headers()['content-type'] ?? '';
    meld(pad, 'HTTP 200', status === 200 ? [] : [`HTTP ${status}${van !== '(verplicht)' ? ` (link op ${van})` : ''}`]);
    if (status !== 200) return links;
    if (!ct.startsWith('text/html')) {
      meld(pad, 'HTML-pagina', [], { overgeslagen: `Content-Type ${ct}: geen pagina, alleen de status gecontroleerd` });
      return links;
    }

    meld(pad, 'lang="nl", <title>, één <h1>', c.controleerStructuur(await c.structuur(page)));
    const icoon = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.href ?? new URL('/favicon.ico', location.href).href);
    o.iconen.set(icoon, [...(o.iconen.get(icoon) ?? []), pad]);
    links = await c.links(page);

    const a = await c.axe(page, axeBron, CONFIG.axeTags);
    for (const v of a.schendingen) o.axeTotaal.set(v.id, [...(o.axeTotaal.get(v.id) ?? []), pad]);
    meld(pad, `axe-core ${a.versie} (${CONFIG.axeTags.join(', ')})`, a.schendingen.length ? c.beschrijfSchendingen(a.schendingen) : [], {
      info: `${a.schendingen.length} schendingen`,
      details: a.nakijken.length ? [`handmatig nakijken (axe 'incomplete'): ${a.nakijken.map((n) => `${n.id} ×${n.aantal}`).join(', ')}`] : [],
    });

    const png = join(artefacten, naam);
    await page.screenshot({ path: png, fullPage: true });
    o.schermafdrukken.push(png);

    const t = await c.toetsenbord(page, laad, { overslaanTekst: CONFIG.overslaanTekst });
    meld(pad, 'toetsenbord: overslaanlink, alles bereikbaar, focus zichtbaar', t.problemen, {
      info: `${t.stappen.length} Tab-stops, ${t.doelen} interactieve elementen`,
      details: t.extra.length ? [`ook focus op (geen link/knop/veld): ${t.extra.join(', ')}`] : [],
      gegevens: { tabvolgorde: t.stappen },
    });
  } catch (e) {
    meld(pad, 'pagina doorlopen', [`afgebroken: ${e.message.split('\n')[0]}`]);
  } finally {
    meldFouten(pad, fouten);
    await sluit(page);
  }
  return links;
}

// ---- main ------------------------------------------------------------------------------------
async function hoofd() {
  if (!opties['geen-installatie']) zorgVoorNodeModules(HIER);
  const { chromium } = await import('playwright-core');
  const require = createRequire(import.meta.url);
  const axeBron = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const c = await import('./lib/controles.mjs');

  if (!existsSync(opties.chromium)) {
    if (opties['geen-installatie']) throw new Error(`${opties.chromium} ontbreekt; installeer met tests/browser/installeer-chromium.sh`);
    const r = spawnSync(join(HIER, 'installeer-chromium.sh'), { stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(opties.chromium)) throw new Error(`Chromium installeren mislukt (${opties.chromium} ontbreekt)`);
  }

  mkdirSync(join(artefacten, 'downloads'), { recursive: true });
  for (const f of readdirSync(artefacten)) if (/\.(png|log|json)$/.test(f)) rmSync(join(artefacten, f));
  for (const f of readdirSync(join(artefacten, 'downloads'))) rmSync(join(artefacten, 'downloads', f), { recursive: true });

  // 1. the server: fresh data dir, ingest, serve on a free port
  let basis = opties.url;
  if (!basis) {
    const bin = resolve(
      opties.bin ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'jeugdstuur-target'), 'debug', 'jeugdstuur'),
    );
    if (!existsSync(bin)) throw new Error(`binary ${bin} bestaat niet: bouw eerst met cargo build (of geef --bin)`);
    const werk = mkdtempSync(join(tmpdir(), 'jeugdstuur-browser-'));
    opruimen.push(() => {
      if (opties['bewaar-data']) console.log(`datamap bewaard: ${werk}`);
      else rmSync(werk, { recursive: true, force: true });
    });
    const data = join(werk, 'data');
    let t = Date.now();
    const { createWriteStream } = await import('node:fs');
    const ingestLog = createWriteStream(join(artefacten, 'ingest.log'));
    await voerUit(bin, ['ingest', '--data', data, opties.fixtures], { timeoutMs: CONFIG.tijd.ingestMs, log: ingestLog });
    ingestLog.end();
    console.log(`ingest van ${opties.fixtures}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    // The first `serve` creates 'beheerder' only on a database without accounts; since the
    // participants are added before the server starts, the administrator is added here too.
    const accounts = [
      { login: INLOG.login, naam: CONFIG.sessie.naam, rol: 'beheerder', extra: [], wachtwoord: INLOG.wachtwoord },
      ...CONFIG.sessie.deelnemers_accounts.map((d) => ({ ...d, naam: `Deelnemer ${d.rol}`, wachtwoord: CONFIG.sessie.deelnemerWachtwoord })),
    ];
    for (const d of accounts) {
      const r = spawnSync(bin, ['user', 'add', d.login, '--naam', d.naam, '--rol', d.rol, ...d.extra, '--wachtwoord-stdin', '--data', data], {
        input: d.wachtwoord + '\n',
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`user add ${d.login}: ${r.stderr}`);
    }
    t = Date.now();
    const server = startServer(bin, data, {
      timeoutMs: CONFIG.tijd.serverStartMs,
      logPad: join(artefacten, 'server.log'),
      env: { ...process.env, JEUGDSTUUR_BEHEERDER_WACHTWOORD: INLOG.wachtwoord },
    });
    opruimen.push(async () => {
      const einde = await server.stop();
      console.log(`server gestopt (${einde})`);
    });
    basis = await server.url;
    console.log(`server (pid ${server.pid}) draait op ${basis} na ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const oorsprong = new URL(basis).origin;

  // 2. the browser
  const browser = await chromium.launch({
    executablePath: opties.chromium,
    headless: true,
    args: CONFIG.chromiumArgs,
    timeout: 60_000,
    // our own signal handlers close the browser, then the server, then remove the data dir
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  opruimen.push(() => browser.close());
  console.log(`browser: Chromium ${browser.version()} via playwright-core; axe-core ${JSON.parse(readFileSync(require.resolve('axe-core/package.json'))).version}`);
  const context = await browser.newContext({
    viewport: CONFIG.viewport,
    locale: 'nl-NL',
    acceptDownloads: true,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(CONFIG.tijd.paginaMs);

  // 2b. log in through the login page, as a person would (the page itself is checked too).
  // The server this harness starts must ask for a login; a server given with --url (e.g. the
  // self-test's site) is logged into only when it sends us to a login page.
  {
    const page = await context.newPage();
    const p = [];
    try {
      const r = await page.goto(oorsprong + '/', { waitUntil: 'load' });
      const naarInloggen = new URL(page.url()).pathname.startsWith('/inloggen');
      if (!naarInloggen && opties.url) {
        await page.close();
        console.log(`${oorsprong} vraagt geen inlog: verder zonder`);
      } else {
      if (!naarInloggen) p.push(`/ zonder inloggen geeft ${page.url()} (HTTP ${r?.status()}), verwacht de inlogpagina`);
      await page.getByLabel('Inlognaam').fill(INLOG.login);
      await page.getByLabel('Wachtwoord').fill(INLOG.wachtwoord);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Inloggen' }).click()]);
      if (new URL(page.url()).pathname !== '/') p.push(`na inloggen op ${page.url()}, verwacht /`);
      const koek = (await context.cookies()).find((k) => k.name === 'jeugdstuur_sessie');
      if (!koek) p.push('geen sessiecookie na inloggen');
      else if (!koek.httpOnly || koek.sameSite !== 'Strict' || !koek.secure) p.push(`sessiecookie niet HttpOnly/Secure/SameSite=Strict: ${JSON.stringify(koek)}`);
      if (!(await page.getByRole('button', { name: 'Uitloggen' }).count())) p.push('geen knop Uitloggen in de kop');
      meld('/inloggen', 'inloggen via het formulier', p);
      await page.close();
      }
    } catch (e) {
      p.push(String(e?.message ?? e));
      meld('/inloggen', 'inloggen via het formulier', p);
    }
    if (p.length) throw new Error(`inloggen mislukt: ${p.join('; ')}`);
  }

  // 3. resources that are not pages
  for (const { pad, type } of CONFIG.verplichteBronnen) {
    const r = await context.request.get(oorsprong + pad, { failOnStatusCode: false });
    const ct = r.headers()['content-type'] ?? '';
    const p = [];
    if (r.status() !== 200) p.push(`HTTP ${r.status()}, verwacht 200`);
    else if (!ct.startsWith(type)) p.push(`Content-Type ${JSON.stringify(ct)}, verwacht ${type}`);
    else if (type === 'application/json') {
      try {
        JSON.parse(await r.text());
      } catch (e) {
        p.push(`geen geldige JSON: ${e.message}`);
      }
    }
    meld(pad, 'bron', p, { info: `${r.status()} ${ct}` });
  }

  // 4. crawl: every page gets the page checks
  const rij = CONFIG.verplichtePaginas.map((pad) => ({ pad, diepte: 0, van: '(verplicht)' }));
  const gezien = new Set(CONFIG.verplichtePaginas.flatMap((p) => [p, `${p}?`]));
  const perPatroon = new Map();
  const beperkt = [];
  const bezocht = [];
  const schermafdrukken = [];
  const downloadLinks = [];
  const axeTotaal = new Map(); // rule id -> pages
  const iconen = new Map(); // icon URL -> pages that use it
  const omgeving = { browser, context, oorsprong, c, axeBron, axeTotaal, iconen, schermafdrukken, nr: 0 };

  while (rij.length) {
    const { pad, diepte, van } = rij.shift();
    if (bezocht.length >= CONFIG.maxPaginas) {
      beperkt.push(pad);
      continue;
    }
    console.log(`\n-- ${pad}  (diepte ${diepte}, gevonden op ${van})`);
    const links = await controleerPagina(omgeving, pad, { van, naam: bestandsnaam(++omgeving.nr, pad) });
    bezocht.push(pad);

    // links: for the crawl and the download test
    for (const l of links) {
      let u;
      try {
        u = new URL(l.href);
      } catch {
        continue;
      }
      if (u.origin !== oorsprong) continue;
      if (u.pathname.includes('/download/') || l.download !== null || CONFIG.bestand.test(u.pathname)) {
        downloadLinks.push({ ...l, pagina: pad });
        continue;
      }
      if (CONFIG.nietCrawlen.some((re) => re.test(u.pathname))) continue;
      const doel = u.pathname + u.search;
      const soort = `${u.pathname}?${[...new Set(u.searchParams.keys())].sort().join('&')}`;
      if (gezien.has(doel) || gezien.has(soort) || diepte + 1 > CONFIG.maxDiepte) continue;
      gezien.add(doel);
      gezien.add(soort);
      const pat = patroon(u.pathname);
      const n = perPatroon.get(pat) ?? 0;
      if (n >= CONFIG.maxPerPatroon) {
        beperkt.push(doel);
        continue;
      }
      perPatroon.set(pat, n + 1);
      rij.push({ pad: doel, diepte: diepte + 1, van: pad });
    }
  }

  // 5. filter on the start page
  await filtertest(context, oorsprong, c, axeBron, schermafdrukken);

  // 5b. a 390-px-wide screen, and the print stylesheet
  await smalScherm(browser, context, oorsprong, c, axeBron, schermafdrukken);

  // 6. downloads
  await downloadtest(context, oorsprong, c, downloadLinks);

  // 7. a whole duidingssessie through the forms, then the page checks on its pages with data
  const metData = await duidingssessie(omgeving);

    // the icon every page asks for: without one, each visit logs a 404 in the console
  const icoonProblemen = [];
  for (const [icoon, paginas] of iconen) {
    if (icoon.startsWith('data:')) continue;
    const r = await context.request.get(icoon, { failOnStatusCode: false });
    if (r.status() !== 200) {
      icoonProblemen.push(
        `${new URL(icoon).pathname} geeft HTTP ${r.status()} (gebruikt door ${paginas.slice(0, 5).join(', ')}${paginas.length > 5 ? ', …' : ''}); ` +
          'de browser vraagt het icoon bij elk bezoek op en meldt de 404 in de console: zet <link rel="icon" href="…"> in <head> of serveer /favicon.ico',
      );
    }
  }
  meld("(alle pagina's)", 'favicon', icoonProblemen, { info: `${iconen.size} icoon-URL's` });

  await ruimOp();

  // 8. summary
  const fout = resultaten.filter((r) => r.status === 'fout');
  const ok = resultaten.filter((r) => r.status === 'ok');
  const over = resultaten.filter((r) => r.status === 'overgeslagen');
  const rapport = { oorsprong, bezocht, beperkt, metData, axe: Object.fromEntries(axeTotaal), schermafdrukken, resultaten };
  writeFileSync(join(artefacten, 'rapport.json'), JSON.stringify(rapport, null, 2));

  console.log('\n== samenvatting browsertests ==');
  console.log(`pagina's bezocht (${bezocht.length}): ${bezocht.join(', ')}`);
  console.log(`na de duidingssessie opnieuw gecontroleerd, met data (${metData.length}): ${metData.join(', ') || 'geen'}`);
  if (beperkt.length) console.log(`niet bezocht door de grenzen (${beperkt.length}): ${beperkt.slice(0, 15).join(', ')}${beperkt.length > 15 ? ', …' : ''}`);
  const axeAantal = [...axeTotaal.values()].reduce((s, p) => s + p.length, 0);
  console.log(`axe-schendingen: ${axeAantal} (0 verwacht)${axeAantal ? ': ' + [...axeTotaal].map(([id, p]) => `${id} op ${p.join(', ')}`).join('; ') : ''}`);
  console.log(`schermafdrukken: ${schermafdrukken.length} in ${artefacten}`);
  for (const r of over) console.log(`overgeslagen: ${r.pagina} · ${r.controle}: ${r.overgeslagen}`);
  if (fout.length) {
    console.log(`mislukt (${fout.length}):`);
    for (const r of fout) console.log(`  - ${r.pagina} · ${r.controle}: ${r.problemen[0].split('\n')[0]}${r.problemen.length > 1 ? ` (+${r.problemen.length - 1})` : ''}`);
  }
  console.log(`duur: ${((Date.now() - begin) / 1000).toFixed(0)} s`);
  console.log(`browsertests: ${ok.length} passed, ${fout.length} failed, ${over.length} skipped`);
  return fout.length === 0;
}

// ---- narrow screen and print -----------------------------------------------------------------
async function smalScherm(browser, context, oorsprong, c, axeBron, schermafdrukken) {
  const { breedte, hoogte, paginas } = CONFIG.smalScherm;
  // The same login, on a phone-sized screen.
  const smal = await browser.newContext({
    viewport: { width: breedte, height: hoogte },
    storageState: await context.storageState(),
    locale: 'nl-NL',
    reducedMotion: 'reduce',
  });
  smal.setDefaultTimeout(CONFIG.tijd.paginaMs);
  for (const pad of paginas) {
    const page = await smal.newPage();
    const p = [];
    try {
      const r = await page.goto(oorsprong + pad, { waitUntil: 'load' });
      if (r?.status() !== 200) p.push(`HTTP ${r?.status()}`);
      const maat = await page.evaluate(() => ({
        pagina: document.documentElement.scrollWidth,
        breed: [...document.querySelectorAll('main *')]
          .filter((e) => !e.closest('.tabelblok') && e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}`),
      }));
      if (maat.pagina > breedte + 1) p.push(`de pagina is ${maat.pagina} px breed bij een scherm van ${breedte} px (te breed: ${maat.breed.join(', ')})`);
      const a = await c.axe(page, axeBron, CONFIG.axeTags);
      if (a.schendingen.length) p.push(...c.beschrijfSchendingen(a.schendingen));
      const png = join(artefacten, `smal-${bestandsnaam(0, pad)}`);
      await page.screenshot({ path: png, fullPage: true });
      schermafdrukken.push(png);
      meld(pad, `${breedte} px breed: pagina niet breder dan het scherm, 0 axe-schendingen`, p, { info: `scrollWidth ${maat.pagina}` });
    } catch (e) {
      meld(pad, `${breedte} px breed`, [`afgebroken: ${e.message.split('\n')[0]}`]);
    } finally {
      await page.close();
    }
  }
  await smal.close();

  // Print: A4, no navigation, the filters stated in the header.
  const pad = paginas[0];
  const page = await context.newPage();
  const p = [];
  try {
    await page.goto(oorsprong + pad, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const druk = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('nav')).display,
      filters: document.querySelector('.afdruk-filters') ? getComputedStyle(document.querySelector('.afdruk-filters')).display : 'ontbreekt',
      tekst: document.querySelector('.afdruk-filters')?.textContent ?? '',
      downloads: [...document.querySelectorAll('.downloads')].filter((e) => getComputedStyle(e).display !== 'none').length,
    }));
    if (druk.nav !== 'none') p.push(`navigatie in de afdruk (display ${druk.nav})`);
    if (druk.filters !== 'block') p.push(`filters niet in de kop van de afdruk (display ${druk.filters})`);
    if (!/Enschede/.test(druk.tekst)) p.push(`de afdruk noemt de gekozen gemeente niet: ${JSON.stringify(druk.tekst)}`);
    if (druk.downloads) p.push(`${druk.downloads} downloadregels in de afdruk`);
    const pdf = join(artefacten, `afdruk-${bestandsnaam(0, pad)}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    meld(pad, 'afdrukken (A4, zonder navigatie, met de filters in de kop)', p, { info: pdf });
  } catch (e) {
    meld(pad, 'afdrukken', [`afgebroken: ${e.message.split('\n')[0]}`]);
  } finally {
    await page.close();
  }
}

// ---- filter test -----------------------------------------------------------------------------
async function filtertest(context, oorsprong, c, axeBron, schermafdrukken) {
  const { pad, velden, code, naam } = CONFIG.filter;
  const naamTest = `filter ${naam} (${code}) en periode`;
  const page = await context.newPage();
  const fouten = foutenVerzamelaar(page);
  const p = [];
  try {
    console.log(`\n-- ${naamTest} op ${pad}`);
    await page.goto(oorsprong + pad, { waitUntil: 'load' });
    const veld = await page.evaluate((namen) => namen.find((n) => document.querySelector(`form select[name="${n}"]`)), velden);
    if (!veld) {
      meld(pad, naamTest, [`geen formulier met een <select name="…"> voor de gemeente (gezocht: ${velden.join(', ')})`]);
      return;
    }
    const gebied = `select[name="${veld}"]`;
    const form = page.locator(`form:has(${gebied})`).first();
    const voor = await page.evaluate(() => ({
      h1: document.querySelector('h1')?.textContent.trim() ?? '',
      getallen: (document.querySelector('main') ?? document.body).innerText.match(/\d[\d.]*,\d+/g) ?? [],
    }));
    const codeOpties = await form.locator(`${gebied} option`).evaluateAll((os) => os.map((o) => ({ v: o.value, t: o.textContent.trim() })));
    const gemeente = codeOpties.find((o) => o.v === code);
    if (!gemeente) {
      meld(pad, naamTest, [`<select name="${veld}"> heeft geen optie ${code}; wel: ${codeOpties.map((o) => o.v).join(', ')}`]);
      return;
    }
    if (gemeente.t !== naam) p.push(`optie ${code} heet ${JSON.stringify(gemeente.t)}, verwacht ${JSON.stringify(naam)}`);
    await form.locator(gebied).selectOption(code);

    // another whole year than the one shown, preferably the one before it
    let periode = null;
    const periodeSelect = form.locator('select[name="periode"]');
    if ((await periodeSelect.count()) === 0) p.push('geen <select name="periode"> in het filterformulier');
    else {
      const huidig = await periodeSelect.inputValue();
      const jaren = (await periodeSelect.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter((v) => /^\d{4}$/.test(v));
      periode = jaren.find((j) => Number(j) === Number(huidig) - 1) ?? jaren.find((j) => j !== huidig) ?? null;
      if (!periode) p.push(`geen ander heel jaar om te kiezen in <select name="periode"> (nu ${huidig})`);
      else await periodeSelect.selectOption(periode);
    }

    // submit with the keyboard: focus the submit button, press Enter
    const knop = form.locator('button[type="submit"], input[type="submit"], button:not([type])').first();
    if ((await knop.count()) === 0) {
      meld(pad, naamTest, [...p, 'het filterformulier heeft geen verzendknop (zonder JavaScript en met toetsenbord niet te gebruiken)']);
      return;
    }
    await knop.focus();
    const voorUrl = page.url();
    let antwoord = null;
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()) antwoord = r;
    });
    await page.keyboard.press('Enter');
    try {
      await page.waitForURL((u) => u.href !== voorUrl, { waitUntil: 'load', timeout: CONFIG.tijd.paginaMs });
    } catch {
      meld(pad, naamTest, [...p, `Enter op de verzendknop laadt binnen ${CONFIG.tijd.paginaMs / 1000} s geen nieuwe pagina (URL blijft ${voorUrl})`]);
      return;
    }
    if (antwoord?.status() !== 200) p.push(`na verzenden HTTP ${antwoord?.status()} voor ${page.url()}`);

    const u = new URL(page.url());
    if (u.searchParams.get(veld) !== code) p.push(`URL ${u.pathname}${u.search} heeft niet ${veld}=${code}`);
    if (periode && u.searchParams.get('periode') !== periode) p.push(`URL ${u.pathname}${u.search} heeft niet periode=${periode}`);

    const na = await page.evaluate((gebied) => ({
      h1: document.querySelector('h1')?.textContent.trim() ?? '',
      bijschriften: [...document.querySelectorAll('caption, figcaption')].map((e) => e.textContent.trim()),
      tekst: (document.querySelector('main') ?? document.body).innerText,
      code: document.querySelector(gebied)?.value,
      periode: document.querySelector('select[name="periode"]')?.value,
    }), gebied);
    na.getallen = na.tekst.match(/\d[\d.]*,\d+/g) ?? [];
    const koppen = [na.h1, ...na.bijschriften].join(' | ');
    if (!koppen.includes(naam)) p.push(`<h1> en bijschriften noemen ${naam} niet: ${JSON.stringify(koppen.slice(0, 200))}`);
    if (periode && !na.h1.includes(periode) && !na.bijschriften.some((b) => b.includes(periode))) p.push(`<h1> en bijschriften noemen de periode ${periode} niet: ${JSON.stringify(na.h1)}`);
    if (na.h1 === voor.h1) p.push(`<h1> is niet veranderd: ${JSON.stringify(na.h1)}`);
    if (na.code !== code) p.push(`het formulier toont na verzenden gemeente ${JSON.stringify(na.code)} in plaats van ${code}`);
    if (periode && na.periode !== periode) p.push(`het formulier toont na verzenden periode ${JSON.stringify(na.periode)} in plaats van ${periode}`);
    const procent = na.tekst.match(/\d+,\d+\s?%/);
    if (!procent) p.push('geen enkel percentage met decimale komma (zoals 13,6%) op de pagina');
    const engels = na.tekst.match(/\b\d+\.\d+\s?%/);
    if (engels) p.push(`percentage met decimale punt in plaats van komma: ${engels[0]}`);
    if (voor.getallen.join(' ') === na.getallen.join(' ')) p.push(`dezelfde getallen als voor het filter (${voor.getallen.slice(0, 5).join(' ')} …): het filter lijkt niets te doen`);

    meld(pad, naamTest, p, { info: `${u.pathname}${u.search} → ${JSON.stringify(na.h1)}, bv. ${procent?.[0] ?? '—'}` });

    const a = await c.axe(page, axeBron, CONFIG.axeTags);
    meld(`${u.pathname}${u.search}`, `axe-core na filteren`, a.schendingen.length ? c.beschrijfSchendingen(a.schendingen) : [], { info: `${a.schendingen.length} schendingen` });
    const png = join(artefacten, `filter-${code}-${periode ?? 'periode'}.png`);
    await page.screenshot({ path: png, fullPage: true });
    schermafdrukken.push(png);
  } catch (e) {
    meld(pad, naamTest, [...p, `afgebroken: ${e.message.split('\n')[0]}`]);
  } finally {
    meldFouten(`${pad} (filter)`, fouten);
    await sluit(page);
  }
}

// ---- download test ---------------------------------------------------------------------------
async function downloadtest(context, oorsprong, c, downloadLinks) {
  console.log('\n-- downloads');
  const perHref = new Map();
  for (const l of downloadLinks) if (!perHref.has(l.href)) perHref.set(l.href, l); // first page that has it
  const uniek = [...perHref.values()];
  if (uniek.length === 0) {
    meld('(alle pagina\'s)', 'CSV-download', [], { overgeslagen: 'geen downloadlinks (a[href*="/download/"] of a[download]) gevonden op de bezochte pagina\'s' });
    return;
  }
  const isCsv = (l) => /[?&]formaat=csv\b/i.test(l.href) || /\.csv$/i.test(new URL(l.href).pathname) || /\.csv$/i.test(l.download ?? '');
  const csv = uniek.find(isCsv);
  if (!csv) {
    meld(uniek[0].pagina, 'CSV-download', [`${uniek.length} downloadlinks, maar geen CSV (formaat=csv): ${uniek.slice(0, 5).map((l) => l.rauw).join(', ')}`]);
  } else {
    const page = await context.newPage();
    const fouten = foutenVerzamelaar(page);
    const naamTest = `CSV-download via "${csv.tekst || csv.rauw}"`;
    try {
      await page.goto(oorsprong + csv.pagina, { waitUntil: 'load' });
      const link = page.locator(`a[href=${JSON.stringify(csv.rauw)}]`).first();
      // a link in a closed <details>: open it the way a person would, by its <summary>
      const samenvattingen = await link.evaluate((a) => {
        const paden = [];
        for (let d = a.closest('details'); d; d = d.parentElement?.closest('details')) {
          if (!d.open) paden.unshift(d);
        }
        paden.forEach((d, i) => d.querySelector(':scope > summary')?.setAttribute('data-toets-open', String(i)));
        return paden.length;
      });
      for (let i = 0; i < samenvattingen; i++) await page.locator(`summary[data-toets-open="${i}"]`).click();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: CONFIG.tijd.downloadMs }),
        link.click({ timeout: CONFIG.tijd.downloadMs }),
      ]).catch((e) => {
        throw new Error(
          `klikken gaf binnen ${CONFIG.tijd.downloadMs / 1000} s geen download (pagina nu ${page.url()}; ${e.message.split('\n')[0]}); ` +
            'is de link zichtbaar, en stuurt de server Content-Disposition: attachment of heeft de link het download-attribuut?',
        );
      });
      const bestand = join(artefacten, 'downloads', download.suggestedFilename().replace(/[/\\]/g, '_'));
      await download.saveAs(bestand);
      const mislukt = await download.failure();
      const p = [];
      if (mislukt) p.push(`download mislukt: ${mislukt}`);
      if (!/\.csv$/i.test(download.suggestedFilename())) p.push(`bestandsnaam ${JSON.stringify(download.suggestedFilename())} eindigt niet op .csv`);
      const bytes = readFileSync(bestand);
      const r = c.controleerCsv(bytes);
      p.push(...r.problemen);
      meld(csv.pagina, naamTest, p, { info: `${download.suggestedFilename()}: ${bytes.length} bytes, ${r.rijen} regels × ${r.kolommen} kolommen` });
    } catch (e) {
      meld(csv.pagina, naamTest, [e.message.split('\n')[0]]);
    } finally {
      meldFouten(`${csv.pagina} (download)`, fouten);
      await sluit(page);
    }
  }

  // download links answer 200 with a body, not an HTML error page: up to 30, taken in turn
  // from each format so that every format is asked for
  const formaat = (l) => {
    const u = new URL(l.href);
    return u.searchParams.get('formaat') ?? /\.([a-z0-9]+)$/i.exec(u.pathname)?.[1]?.toLowerCase() ?? '?';
  };
  const perFormaat = new Map();
  for (const l of uniek) perFormaat.set(formaat(l), [...(perFormaat.get(formaat(l)) ?? []), l]);
  const steekproef = [];
  for (let i = 0; steekproef.length < Math.min(30, uniek.length); i++) {
    for (const lijst of perFormaat.values()) if (lijst[i] && steekproef.length < 30) steekproef.push(lijst[i]);
  }
  const p = [];
  for (const l of steekproef) {
    const r = await context.request.get(l.href, { failOnStatusCode: false, timeout: CONFIG.tijd.downloadMs });
    const ct = r.headers()['content-type'] ?? '';
    const lengte = (await r.body()).length;
    if (r.status() !== 200) p.push(`${l.rauw} (op ${l.pagina}): HTTP ${r.status()}`);
    else if (lengte === 0) p.push(`${l.rauw} (op ${l.pagina}): leeg antwoord`);
    else if (ct.startsWith('text/html')) p.push(`${l.rauw} (op ${l.pagina}): geeft een HTML-pagina (${ct}), geen bestand`);
  }
  meld('(alle pagina\'s)', 'downloadlinks werken', p, {
    info: `${steekproef.length} van ${uniek.length} links opgevraagd (${[...perFormaat].map(([f, l]) => `${f}: ${l.length}`).join(', ')})`,
  });
}

// ---- duidingssessie --------------------------------------------------------------------------
/**
 * A whole duidingssessie the way a person does it, through the forms (fields filled, boxes
 * ticked, buttons clicked, Enter pressed) and never through the API: new session on /sessies,
 * the agenda, a duiding in Markdown, a verbeteractie, its status on /acties, the minutes as HTML
 * and as a Markdown download, the year on /pdca. Then the page checks on those pages, now with
 * data. Returns the pages checked with data.
 */
async function duidingssessie(o) {
  const { context, oorsprong } = o;
  const S = CONFIG.sessie;
  const jaar = new Date().getFullYear();
  const datum = `${jaar}-03-12`;
  const deadline = `${jaar + 1}-03-31`;
  const duiding = `De **${S.vet}** komt vooral door meer korte trajecten bij de wijkteams.\n\n- vooral 12–17 jaar\n- na de zomer afgenomen`;
  const fout = (e) => {
    const regels = e.message.split('\n').map((r) => r.trim()).filter(Boolean);
    return regels[0].includes('strict mode violation') ? regels.slice(0, 4).join(' ') : regels[0];
  };
  const rest = (pagina, vanaf, reden) => {
    for (const n of ['1', '2', '3', '4', '5', '6', '7'].filter((n) => n >= vanaf)) meld(pagina, `duidingssessie ${n}`, [], { overgeslagen: reden });
  };
  console.log('\n-- duidingssessie (door de formulieren, zoals een gebruiker)');

  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const fouten = foutenVerzamelaar(page);
  const metData = [];
  let id = null;
  let waar = '/sessies';

  /** Does `actie` (a click or Enter that submits a form) and waits for the page it leads to. */
  const verstuur = async (form, actie) => {
    const stappen = [];
    const luister = (r) => {
      if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()) stappen.push(r);
    };
    page.on('response', luister);
    try {
      const geladen = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: CONFIG.tijd.paginaMs });
      await actie();
      try {
        await geladen;
      } catch {
        const ongeldig = await form
          .evaluate((f) => [...f.elements].filter((e) => e.willValidate && !e.checkValidity()).map((e) => `${e.name}: ${e.validationMessage}`))
          .catch(() => []);
        throw new Error(
          `versturen laadt binnen ${CONFIG.tijd.paginaMs / 1000} s geen nieuwe pagina (nog op ${page.url()})` +
            (ongeldig.length ? `; de browser weigert ongeldige velden: ${ongeldig.join('; ')}` : ''),
        );
      }
      await page.waitForLoadState('load');
    } finally {
      page.off('response', luister);
    }
    const laatste = stappen.at(-1);
    const route = stappen.map((r) => `${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search} ${r.status()}`).join(' → ');
    if (laatste && laatste.status() !== 200) {
      const uitleg = await page.evaluate(() => (document.querySelector('main') ?? document.body).innerText.replace(/\s+/g, ' ').trim().slice(0, 300));
      throw new Error(`na versturen HTTP ${laatste.status()} (${route}): ${uitleg}`);
    }
    return route;
  };
  const tekstVan = (loc) => loc.evaluate((e) => e.innerText.replace(/\s+/g, ' ').trim());
  const hoofdtekst = () => page.evaluate(() => (document.querySelector('main') ?? document.body).innerText);
  /** A date as the pages may show it: 2025-03-31, 31-03-2025, 31-3-2025 or 31 maart 2025. */
  const datumVormen = (iso) => {
    const [j, m, d] = iso.split('-');
    const maand = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][Number(m) - 1];
    return [iso, `${d}-${m}-${j}`, `${Number(d)}-${Number(m)}-${j}`, `${Number(d)} ${maand} ${j}`];
  };
  const heeftDatum = (tekst, iso) => datumVormen(iso).some((v) => tekst.includes(v));

  try {
    // 1. a new session through the form on /sessies
    const namen = [];
    try {
      const p = [];
      const r = await page.goto(oorsprong + '/sessies', { waitUntil: 'load' });
      if (r?.status() !== 200) throw new Error(`/sessies geeft HTTP ${r?.status()}`);
      const form = page.locator('form').filter({ has: page.locator('input[type="checkbox"]') }).first();
      if ((await form.count()) === 0) throw new Error('geen formulier voor een nieuwe sessie (met vinkjes voor de agenda) op /sessies');
      await form.getByLabel('Titel', { exact: true }).fill(S.titel);
      await form.getByLabel('Datum', { exact: true }).fill(datum);
      await form.getByLabel('Deelnemers', { exact: true }).fill(S.deelnemers);
      await vulNaamIn(form, S.naam);
      const release = form.getByLabel(/release/i);
      const releaseKeuze = (await release.count()) ? await release.inputValue() : null; // the newest, as offered
      await form.getByLabel('Gebied', { exact: true }).selectOption({ label: S.gebied });
      for (const d of S.deelnemers_accounts) {
        const vak = form.locator(`input[type="checkbox"][name="uitgenodigd"][value="${d.login}"]`);
        if ((await vak.count()) === 0) p.push(`geen vinkje om ${d.login} uit te nodigen`);
        else await vak.check();
      }
      await form.getByLabel('Periode', { exact: true }).selectOption(S.periode);
      for (const ind of S.indicatoren) {
        const vak = form.locator(`input[type="checkbox"][name="indicator"][value="${ind}"]`);
        if ((await vak.count()) === 0) {
          p.push(`geen vinkje voor indicator ${ind} in de agenda`);
          continue;
        }
        await vak.check(); // a mouse click on the box
        namen.push(await vak.evaluate((v) => (v.labels?.[0]?.textContent ?? v.value).trim()));
      }
      if (namen.length < 2) throw new Error([...p, `maar ${namen.length} agendapunten aangevinkt, nodig: 2 of meer`].join('; '));
      const route = await verstuur(form, () => form.getByRole('button', { name: /aanmaken|opslaan|maken/i }).click());
      const m = /^\/sessie\/(\d+)$/.exec(new URL(page.url()).pathname);
      if (!m) throw new Error(`na versturen op ${page.url()}, verwacht /sessie/{id} (${route})`);
      id = m[1];
      waar = `/sessie/${id}`;
      const h1 = await tekstVan(page.locator('h1').first());
      if (!h1.includes(S.titel)) p.push(`<h1> is ${JSON.stringify(h1)}, verwacht de titel ${JSON.stringify(S.titel)}`);
      const tekst = await hoofdtekst();
      if (!heeftDatum(tekst, datum)) p.push(`de datum ${datum} staat niet op de sessiepagina`);
      if (releaseKeuze && !tekst.includes(releaseKeuze)) p.push(`de gekozen release ${releaseKeuze} staat niet op de sessiepagina`);
      meld('/sessies', 'duidingssessie 1: nieuwe sessie via het formulier', p, {
        info: `${route}; ${namen.length} agendapunten (${namen.join(', ')}), ${S.gebied} ${S.periode}, ${datum}`,
      });
    } catch (e) {
      meld('/sessies', 'duidingssessie 1: nieuwe sessie via het formulier', [fout(e)]);
      rest('/sessies', '2', 'er is geen sessie aangemaakt');
      return metData;
    }

    // 2. the agenda: a figure with a decimal comma and a chart, next point and back
    let cijfer = null;
    try {
      const p = [];
      const punt = async (n) => {
        const u = new URL(page.url());
        if ((u.searchParams.get('punt') ?? '1') !== String(n)) p.push(`URL ${u.pathname}${u.search}, verwacht agendapunt ${n}`);
        return page.evaluate(() => {
          const fig = [...document.querySelectorAll('main figure')].find((f) => f.querySelector('svg'));
          const deel = fig?.closest('section') ?? document.querySelector('main');
          const svg = fig?.querySelector('svg');
          const kop = deel?.querySelector('h2, h3');
          const zonderSvg = deel.cloneNode(true);
          zonderSvg.querySelectorAll('svg').forEach((s) => s.remove());
          return {
            kop: kop?.textContent.replace(/\s+/g, ' ').trim() ?? '',
            titel: svg?.querySelector(':scope > title')?.textContent.trim() ?? svg?.getAttribute('aria-label') ?? null,
            svg: Boolean(svg),
            getal: zonderSvg.querySelector('dd')?.textContent.match(/\d[\d.]*,\d+\s?%?/)?.[0] ?? zonderSvg.textContent.match(/\d[\d.]*,\d+\s?%?/)?.[0] ?? null,
            actief: document.querySelector('[aria-current="step"], [aria-current="true"]')?.textContent.trim() ?? null,
          };
        });
      };
      const een = await punt(1);
      cijfer = een.getal;
      if (!een.svg) p.push('agendapunt 1 heeft geen grafiek (<figure> met <svg>)');
      else if (!een.titel) p.push('de grafiek van agendapunt 1 heeft geen <title> (of aria-label): schermlezers weten niet wat ze toont');
      if (!een.getal) p.push('agendapunt 1 toont geen getal met decimale komma (zoals 13,6%)');
      if (!een.kop.includes(namen[0])) p.push(`de kop van agendapunt 1 noemt ${JSON.stringify(namen[0])} niet: ${JSON.stringify(een.kop)}`);
      if (!een.kop.includes(S.gebied) || !een.kop.includes(S.periode)) p.push(`de kop van agendapunt 1 noemt ${S.gebied} en ${S.periode} niet: ${JSON.stringify(een.kop)}`);
      const engels = (await hoofdtekst()).match(/\b\d+\.\d+\s?%/);
      if (engels) p.push(`percentage met decimale punt: ${engels[0]}`);

      const volg = async (naam, n) => {
        await page.getByRole('link', { name: naam }).first().click();
        await page.waitForURL(new RegExp(`[?&]punt=${n}\\b`)).catch(() => {
          throw new Error(`de link ${naam} leidt niet naar agendapunt ${n} (nu ${page.url()})`);
        });
      };
      await volg(/volgend agendapunt/i, 2);
      const twee = await punt(2);
      if (!twee.kop.includes(namen[1])) p.push(`na "volgend agendapunt" noemt de kop ${JSON.stringify(namen[1])} niet: ${JSON.stringify(twee.kop)}`);
      if (twee.actief && !twee.actief.includes(namen[1])) p.push(`de agenda markeert ${JSON.stringify(twee.actief)} als huidig (aria-current), niet punt 2`);
      if (!twee.svg) p.push('agendapunt 2 heeft geen grafiek');

      await volg(/vorig agendapunt/i, 1);
      const terug = await punt(1);
      if (terug.kop !== een.kop) p.push(`terug naar punt 1 geeft kop ${JSON.stringify(terug.kop)}, eerst ${JSON.stringify(een.kop)}`);
      meld(waar, 'duidingssessie 2: agenda, cijfer en grafiek, volgend en vorig punt', p, {
        info: `punt 1 ${JSON.stringify(een.kop)}: ${een.getal ?? '—'}, grafiek ${JSON.stringify(een.titel ?? '—')}; punt 2 ${JSON.stringify(twee.kop)}`,
      });
    } catch (e) {
      meld(waar, 'duidingssessie 2: agenda, cijfer en grafiek, volgend en vorig punt', [fout(e)]);
      await page.goto(`${oorsprong}/sessie/${id}?punt=1`, { waitUntil: 'load' });
    }

    // 3. a duiding in Markdown, sent with Enter in the name field
    try {
      const p = [];
      const form = page.locator('form').filter({ has: page.locator('textarea') }).filter({ has: page.getByLabel(/nieuwe duiding/i) }).last();
      if ((await form.count()) === 0) throw new Error('geen formulier met een tekstvak voor een nieuwe duiding');
      await form.locator('textarea').fill(duiding);
      await vulNaamIn(form, S.naam);
      const route = await verstuur(form, () => form.locator('button[type="submit"]').last().click());
      const r = await page.evaluate(
        ({ vet, naam }) => {
          const main = document.querySelector('main');
          const s = [...main.querySelectorAll('strong, b')].find((e) => e.textContent.trim() === vet);
          const blok = s?.closest('article, li, section');
          return {
            sterk: Boolean(s),
            ruw: main.innerText.includes(`**${vet}**`),
            lijst: Boolean(s && blok?.querySelector('ul li')),
            auteur: Boolean(blok?.innerText.includes(naam)),
            blok: blok?.innerText.replace(/\s+/g, ' ').trim().slice(0, 160) ?? '',
          };
        },
        { vet: S.vet, naam: S.naam },
      );
      if (!r.sterk) p.push(r.ruw ? `de duiding staat er als ruwe Markdown (**${S.vet}**), niet opgemaakt` : `de duiding met <strong>${S.vet}</strong> staat niet op de pagina`);
      else {
        if (!r.lijst) p.push('de opsomming in de duiding (- …) is geen <ul><li>');
        if (!r.auteur) p.push(`de naam ${JSON.stringify(S.naam)} staat niet bij de duiding: ${JSON.stringify(r.blok)}`);
      }
      meld(waar, 'duidingssessie 3: duiding in Markdown, opgemaakt en met auteur', p, { info: `${route}; ${JSON.stringify(r.blok)}` });
    } catch (e) {
      meld(waar, 'duidingssessie 3: duiding in Markdown, opgemaakt en met auteur', [fout(e)]);
    }

    // 4. a verbeteractie, sent with a click on the button
    try {
      const p = [];
      const form = page.locator('form').filter({ has: page.getByLabel('Eigenaar', { exact: true }) }).first();
      if ((await form.count()) === 0) throw new Error('geen formulier met een veld "Eigenaar" voor een actie');
      const soort = form.getByLabel('Soort');
      if (await soort.count()) {
        const waarde = await soort.locator('option').evaluateAll((os) => os.find((o) => /verbeteractie/i.test(o.textContent + o.value))?.value);
        if (waarde === undefined) p.push('het veld Soort heeft geen keuze "verbeteractie"');
        else await soort.selectOption(waarde);
      }
      await form.getByLabel('Titel', { exact: true }).fill(S.actie.titel);
      await form.getByLabel('Eigenaar', { exact: true }).fill(S.actie.eigenaar);
      await form.getByLabel('Deadline').fill(deadline);
      await vulNaamIn(form, S.naam);
      const route = await verstuur(form, () => form.getByRole('button').last().click());
      const rijen = page.locator('main table tr').filter({ hasText: S.actie.titel });
      const n = await rijen.count();
      if (n !== 1) p.push(`${n} rijen met ${JSON.stringify(S.actie.titel)} in de actietabel van de sessie, verwacht 1`);
      let rij = '';
      if (n >= 1) {
        rij = await tekstVan(rijen.first());
        if (!rij.includes(S.actie.eigenaar)) p.push(`de rij noemt de eigenaar ${S.actie.eigenaar} niet: ${JSON.stringify(rij)}`);
        if (!heeftDatum(rij, deadline)) p.push(`de rij noemt de deadline ${deadline} niet: ${JSON.stringify(rij)}`);
        if (/verlopen/i.test(rij)) p.push(`een deadline in de toekomst (${deadline}) heet verlopen: ${JSON.stringify(rij)}`);
      }
      meld(waar, 'duidingssessie 4: verbeteractie in de actietabel van de sessie', p, { info: `${route}; ${JSON.stringify(rij)}` });
    } catch (e) {
      meld(waar, 'duidingssessie 4: verbeteractie in de actietabel van de sessie', [fout(e)]);
    }

    // 5. the status on /acties
    try {
      const p = [];
      const r = await page.goto(oorsprong + '/acties', { waitUntil: 'load' });
      if (r?.status() !== 200) throw new Error(`/acties geeft HTTP ${r?.status()}`);
      const rij = () => page.locator('main tr').filter({ hasText: S.actie.titel });
      if ((await rij().count()) !== 1) throw new Error(`${await rij().count()} rijen met ${JSON.stringify(S.actie.titel)} op /acties, verwacht 1`);
      const form = rij().locator('form');
      await rij().getByLabel(/status/i).selectOption(S.actie.status);
      await vulNaamIn(rij(), S.naam);
      const route = await verstuur(form, () => rij().getByRole('button').click());
      if (new URL(page.url()).pathname !== '/acties') p.push(`na opslaan op ${page.url()}, verwacht terug op /acties`);
      const na = (await rij().count()) === 1 ? rij() : null;
      if (!na) p.push(`na opslaan ${await rij().count()} rijen met ${JSON.stringify(S.actie.titel)}`);
      else {
        const keuze = await na.getByLabel(/status/i).inputValue().catch(() => null);
        const tekst = await tekstVan(na);
        if (keuze !== null ? keuze !== S.actie.status : !tekst.includes(S.actie.status)) {
          p.push(`de status is na opslaan ${JSON.stringify(keuze ?? tekst)}, verwacht ${S.actie.status}`);
        }
      }
      meld('/acties', `duidingssessie 5: status van de actie naar "${S.actie.status}"`, p, { info: route });
    } catch (e) {
      meld('/acties', `duidingssessie 5: status van de actie naar "${S.actie.status}"`, [fout(e)]);
    }

    // 6. the minutes: as a page, and the Markdown download from the link on the session page
    const verslag = `/sessie/${id}/verslag.html`;
    try {
      const p = [];
      const r = await page.goto(oorsprong + verslag, { waitUntil: 'load' });
      if (r?.status() !== 200) throw new Error(`HTTP ${r?.status()}`);
      const v = await page.evaluate(
        ({ vet }) => ({
          h1: document.querySelector('h1')?.textContent.trim() ?? '',
          tekst: document.body.innerText,
          grafiek: [...document.querySelectorAll('svg')].some((s) => s.querySelector(':scope > title')?.textContent.trim()),
          sterk: [...document.querySelectorAll('strong, b')].some((e) => e.textContent.trim() === vet),
        }),
        { vet: S.vet },
      );
      if (!v.h1.includes(S.titel)) p.push(`<h1> ${JSON.stringify(v.h1)} noemt de titel niet`);
      if (cijfer && !v.tekst.includes(cijfer)) p.push(`het cijfer van agendapunt 1 (${cijfer}) staat niet in het verslag`);
      if (!v.grafiek) p.push('geen grafiek (svg met <title>) in het verslag');
      if (!v.sterk) p.push(`de duiding (<strong>${S.vet}</strong>) staat niet opgemaakt in het verslag`);
      if (!v.tekst.includes(S.naam)) p.push(`de auteur ${S.naam} staat niet in het verslag`);
      const actieRegel = v.tekst.split('\n').find((l) => l.includes(S.actie.titel));
      if (!actieRegel) p.push(`de actie ${JSON.stringify(S.actie.titel)} staat niet in het verslag`);
      else if (!actieRegel.includes(S.actie.status)) p.push(`de actie staat er niet met status ${S.actie.status}: ${JSON.stringify(actieRegel.trim())}`);
      meld(verslag, 'duidingssessie 6a: verslag als pagina', p, { info: `${JSON.stringify(v.h1)}, cijfer ${cijfer ?? '—'}` });
    } catch (e) {
      meld(verslag, 'duidingssessie 6a: verslag als pagina', [fout(e)]);
    }
    const md = `/sessie/${id}/verslag.md`;
    try {
      const p = [];
      await page.goto(`${oorsprong}/sessie/${id}`, { waitUntil: 'load' });
      const link = page.locator(`a[href$="/sessie/${id}/verslag.md"], a[href="verslag.md"]`).first();
      if ((await link.count()) === 0) throw new Error(`de sessiepagina heeft geen link naar ${md}`);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: CONFIG.tijd.downloadMs }), link.click()]).catch((e) => {
        throw new Error(`klikken op de link naar ${md} gaf geen download (${e.message.split('\n')[0]}); stuurt de server Content-Disposition: attachment?`);
      });
      const bestand = join(artefacten, 'downloads', download.suggestedFilename().replace(/[/\\]/g, '_'));
      await download.saveAs(bestand);
      const ruw = readFileSync(bestand, 'utf8');
      // a browser sends the line breaks of a <textarea> as CRLF (HTML standard): compare lines
      const tekst = ruw.replace(/\r\n?/g, '\n');
      const crlf = (ruw.match(/\r\n/g) ?? []).length;
      const lf = (ruw.match(/(?<!\r)\n/g) ?? []).length;
      const details = crlf && lf ? [`let op: gemengde regeleinden (${crlf}× CRLF, ${lf}× LF): de duiding staat er met de CRLF van het formulier in`] : [];
      if (!/\.md$/i.test(download.suggestedFilename())) p.push(`bestandsnaam ${JSON.stringify(download.suggestedFilename())} eindigt niet op .md`);
      if (!tekst.includes(S.titel)) p.push('de titel van de sessie staat er niet in');
      if (!tekst.includes(duiding.trim())) {
        p.push(tekst.includes(`**${S.vet}**`) ? 'de duiding staat er maar half in' : `de duiding (met **${S.vet}**) staat er niet in`);
      }
      if (!tekst.includes(S.actie.titel)) p.push(`de actie ${JSON.stringify(S.actie.titel)} staat er niet in`);
      if (tekst.includes('<strong>') || /&amp;|&lt;|&#\d+;/.test(tekst)) p.push('bevat HTML of HTML-entiteiten in plaats van Markdown');
      meld(md, 'duidingssessie 6b: verslag als Markdown-download', p, { info: `${download.suggestedFilename()}: ${Buffer.byteLength(ruw)} bytes`, details });
    } catch (e) {
      meld(md, 'duidingssessie 6b: verslag als Markdown-download', [fout(e)]);
    }

    // 7. the year on /pdca lists the session
    try {
      const p = [];
      const r = await page.goto(oorsprong + '/pdca', { waitUntil: 'load' });
      if (r?.status() !== 200) throw new Error(`/pdca geeft HTTP ${r?.status()}`);
      let h1 = await tekstVan(page.locator('h1').first());
      let info = `standaard ${JSON.stringify(h1)}`;
      if (!h1.includes(String(jaar))) {
        await page.getByRole('link', { name: String(jaar), exact: true }).first().click();
        await page.waitForLoadState('load');
        h1 = await tekstVan(page.locator('h1').first());
        info += `, na klikken op ${jaar}: ${JSON.stringify(h1)}`;
        p.push(`/pdca toont zonder keuze niet het huidige jaar ${jaar}`);
      }
      const links = page.locator(`main a[href$="/sessie/${id}"]`);
      if ((await links.count()) === 0) p.push(`geen link naar /sessie/${id} bij ${jaar}`);
      else {
        const regel = await links.first().evaluate((a) => (a.closest('li, tr') ?? a).innerText.replace(/\s+/g, ' ').trim());
        if (!regel.includes(S.titel)) p.push(`de sessie staat er niet met haar titel: ${JSON.stringify(regel)}`);
        if (!heeftDatum(regel, datum)) p.push(`de sessie staat er niet met haar datum ${datum}: ${JSON.stringify(regel)}`);
        info += `; ${JSON.stringify(regel)}`;
      }
      meld('/pdca', `duidingssessie 7: sessie in het PDCA-jaaroverzicht ${jaar}`, p, { info });
    } catch (e) {
      meld('/pdca', `duidingssessie 7: sessie in het PDCA-jaaroverzicht ${jaar}`, [fout(e)]);
    }
  } finally {
    meldFouten('(duidingssessie)', fouten);
    await sluit(page);
  }

  // 8. the page checks again, now that the pages have data
  for (const pad of ['/sessies', `/sessie/${id}`, `/sessie/${id}?punt=2`, '/acties', '/pdca', `/sessie/${id}/verslag.html`, `/sessie/${id}/pakket.html`]) {
    console.log(`\n-- ${pad}  (met data van de duidingssessie)`);
    await controleerPagina(o, pad, { naam: `data-${bestandsnaam(++o.nr, pad)}` });
    metData.push(pad);
  }

  // 9. the invited partners: each logs in, sees the session within its own scope (page checks
  // and axe as every page), and the gemeente writes a duiding through the form.
  if (id !== null) {
    for (const d of S.deelnemers_accounts) {
      const ctx = await o.browser.newContext({ viewport: CONFIG.viewport, locale: 'nl-NL', reducedMotion: 'reduce' });
      ctx.setDefaultTimeout(CONFIG.tijd.paginaMs);
      const p = [];
      try {
        const pg = await ctx.newPage();
        await pg.goto(oorsprong + '/inloggen', { waitUntil: 'load' });
        await pg.getByLabel('Inlognaam').fill(d.login);
        await pg.getByLabel('Wachtwoord').fill(S.deelnemerWachtwoord);
        await Promise.all([pg.waitForNavigation({ waitUntil: 'load' }), pg.getByRole('button', { name: 'Inloggen' }).click()]);
        const r = await pg.goto(oorsprong + `/sessie/${id}`, { waitUntil: 'load' });
        if (r?.status() !== 200) p.push(`/sessie/${id} geeft ${d.login} HTTP ${r?.status()}, verwacht 200`);
        const tekst = await pg.locator('main').innerText();
        if (!tekst.includes(S.titel)) p.push(`${d.login} ziet de titel van de sessie niet`);
        const formulier = pg.locator(`form[action="/sessie/${id}/duiding"]`);
        if (d.duidt) {
          if ((await formulier.count()) === 0) p.push(`${d.login} krijgt geen formulier om te duiden`);
          else {
            await formulier.getByLabel(/Nieuwe duiding/).fill(`Duiding van ${d.login} in de browser`);
            await Promise.all([pg.waitForNavigation({ waitUntil: 'load' }), formulier.getByRole('button', { name: /Duiding opslaan/ }).click()]);
            if (!(await pg.locator('main').innerText()).includes(`Duiding van ${d.login} in de browser`)) p.push(`de duiding van ${d.login} staat niet op de pagina`);
          }
        }
        await pg.close();
        meld(`/sessie/${id}`, `deelnemer ${d.login} (${d.rol}) neemt deel binnen het eigen bereik`, p);
        await controleerPagina({ ...o, context: ctx }, `/sessie/${id}`, { naam: `deelnemer-${d.login}.png` });
        await controleerPagina({ ...o, context: ctx }, '/mijn-acties', { naam: `mijn-acties-${d.login}.png` });
        metData.push(`/sessie/${id} (${d.login})`);
      } catch (e) {
        meld(`/sessie/${id}`, `deelnemer ${d.login} (${d.rol}) neemt deel binnen het eigen bereik`, [...p, fout(e)]);
      } finally {
        await ctx.close();
      }
    }
  }
  return metData;
}

// ---- run -------------------------------------------------------------------------------------
let geslaagd = false;
try {
  geslaagd = await hoofd();
} catch (e) {
  console.log(`\nFOUT ${e.message}`);
  await ruimOp();
  const fout = resultaten.filter((r) => r.status === 'fout').length + 1;
  const ok = resultaten.filter((r) => r.status === 'ok').length;
  console.log(`browsertests: ${ok} passed, ${fout} failed`);
} finally {
  await ruimOp();
}
process.exit(geslaagd ? 0 : 1);
