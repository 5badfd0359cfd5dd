#!/usr/bin/env node
// Tests the browser harness itself: runs run.mjs against a small site with known faults and
// checks that it reports exactly those, and passes the good pages. A harness that passes
// everything would otherwise look the same as a dashboard without faults.
//
//   node tests/browser/zelftest.mjs [--toon]   (--toon: show the harness output too)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HIER = dirname(fileURLToPath(import.meta.url));

const kop = (titel) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>${titel}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/jeugdstuur.css"></head>
<body><a class="overslaan" href="#inhoud">Naar de inhoud</a>
<nav aria-label="Hoofdmenu"><a href="/">Overzicht</a> <a href="/definities">Definities</a> <a href="/slecht">Slecht</a></nav>
<main id="inhoud">`;
const voet = '</main></body></html>';

function start(u) {
  const code = u.searchParams.get('code') ?? 'regio';
  const periode = u.searchParams.get('periode') ?? '2024';
  const naam = code === 'GM0153' ? 'Enschede' : 'Twente';
  const waarde = code === 'GM0153' ? '12,1%' : '13,6%';
  const optie = (v, t, gekozen) => `<option value="${v}"${v === gekozen ? ' selected' : ''}>${t}</option>`;
  return `${kop('Overzicht')}<h1>Overzicht ${naam} — ${periode}</h1>
<form method="get" action="/"><label for="periode">Periode</label>
<select id="periode" name="periode">${optie('2024', '2024', periode)}${optie('2023', '2023', periode)}${optie('2023-Q1', '2023-Q1', periode)}</select>
<label for="code">Gebied</label>
<select id="code" name="code">${optie('regio', 'Twente', code)}${optie('GM0153', 'Enschede', code)}</select>
<button type="submit">Toon</button></form>
<table><caption>Indicatoren voor ${naam}, ${periode}</caption><tr><th scope="row">Jeugdhulpgebruik</th><td>${waarde}</td></tr></table>
<p><a href="/?periode=2023">vorig jaar</a> <a href="/?periode=2024">dit jaar</a></p>
<details><summary>Tabel en downloads</summary>
<p><a href="/download/tabel?formaat=csv">Download CSV</a> <a href="/download/tabel?formaat=xlsx">Download Excel</a></p></details>${voet}`;
}

const paginas = {
  '/definities': () =>
    `${kop('Definities')}<h1>Definities</h1><ul>${['GM0153', 'GM0141', 'GM0147', 'GM1774', 'GM0158']
      .map((c) => `<li><a href="/gemeente/${c}">${c}</a></li>`)
      .join('')}</ul>${voet}`,
  // Known faults, each of which the harness must report:
  '/slecht': () => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>a { outline: none; } #knop:focus { outline: none; }</style></head><body>
<h1>Een</h1><h1>Twee</h1>
<a href="/nergens">kapotte link</a> <button id="knop">knop</button>
<img src="/plaatje.png">
<script>console.error('kapot');</script></body></html>`,
};

const server = createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const stuur = (status, type, body, extra = {}) => {
    res.writeHead(status, { 'content-type': type, ...extra });
    res.end(body);
  };
  if (u.pathname === '/') return stuur(200, 'text/html; charset=utf-8', start(u));
  if (paginas[u.pathname]) return stuur(200, 'text/html; charset=utf-8', paginas[u.pathname]());
  const gemeente = /^\/gemeente\/(GM\d{4})$/.exec(u.pathname);
  if (gemeente) return stuur(200, 'text/html; charset=utf-8', `${kop(gemeente[1])}<h1>Gemeente ${gemeente[1]}</h1>${voet}`);
  if (u.pathname === '/api/indicatoren') return stuur(200, 'application/json', '[]');
  if (u.pathname === '/static/jeugdstuur.css') {
    return stuur(200, 'text/css', 'a:focus,button:focus,select:focus{outline:3px solid #b35900}.overslaan{position:absolute;left:-999px}.overslaan:focus{left:1rem}');
  }
  if (u.pathname === '/download/tabel' && u.searchParams.get('formaat') === 'csv') {
    // faults: no BOM, ',' instead of ';'
    return stuur(200, 'text/csv; charset=utf-8', 'indicator,waarde\njeugdhulp,"13,6"\n', {
      'content-disposition': 'attachment; filename="tabel.csv"',
    });
  }
  return stuur(404, 'text/plain', 'niet gevonden');
});

/** Failures the harness must report, as "page · start of check name"; nothing else may fail. */
const VERWACHTE_FOUTEN = [
  '/slecht · lang="nl", <title>, één <h1>',
  '/slecht · axe-core',
  '/slecht · toetsenbord',
  '/slecht · geen consolefouten',
  '/slecht · geen mislukte verzoeken',
  '/nergens · HTTP 200',
  '/ · CSV-download',
  "(alle pagina's) · downloadlinks werken",
  "(alle pagina's) · favicon",
];
/** Details that must be in the report, to show each fault is found for the right reason. */
const VERWACHTE_DETAILS = [
  'is "en", verwacht "nl"',
  '<title> ontbreekt',
  'verwacht precies één zichtbare <h1>, gevonden: 2',
  'image-alt',
  'document-title',
  'eerste Tab-stop is geen "Naar de inhoud"-link',
  'focus niet zichtbaar op button#knop',
  'kapot',
  'plaatje.png: HTTP 404',
  'begint niet met een UTF-8 BOM',
  "geen ';' als scheidingsteken",
  'formaat=xlsx (op /): HTTP 404',
  '/favicon.ico geeft HTTP 404 (gebruikt door /slecht)',
];

await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const artefacten = mkdtempSync(join(tmpdir(), 'jeugdstuur-zelftest-'));
const uitvoer = [];
const code = await new Promise((resolve) => {
  const kind = spawn(process.execPath, [join(HIER, 'run.mjs'), '--url', url, '--artefacten', artefacten], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  kind.stdout.on('data', (d) => uitvoer.push(d));
  kind.stderr.on('data', (d) => uitvoer.push(d));
  kind.on('exit', (c) => resolve(c));
});
server.close();

const tekst = Buffer.concat(uitvoer).toString();
const problemen = [];
let rapport = null;
try {
  rapport = JSON.parse(readFileSync(join(artefacten, 'rapport.json'), 'utf8'));
} catch (e) {
  problemen.push(`geen rapport.json: ${e.message}`);
}
if (code !== 1) problemen.push(`run.mjs eindigde met ${code}, verwacht 1`);
if (rapport) {
  const fout = rapport.resultaten.filter((r) => r.status === 'fout').map((r) => `${r.pagina} · ${r.controle}`);
  for (const v of VERWACHTE_FOUTEN) if (!fout.some((f) => f.startsWith(v))) problemen.push(`niet gemeld: ${v}`);
  for (const f of fout) if (!VERWACHTE_FOUTEN.some((v) => f.startsWith(v))) problemen.push(`onterecht gemeld: ${f}`);
  const alles = JSON.stringify(rapport.resultaten);
  for (const d of VERWACHTE_DETAILS) if (!alles.includes(JSON.stringify(d).slice(1, -1))) problemen.push(`detail ontbreekt in het rapport: ${d}`);
  const filter = rapport.resultaten.find((r) => r.controle.startsWith('filter '));
  if (filter?.status !== 'ok') problemen.push(`filtertest niet geslaagd op de goede pagina: ${JSON.stringify(filter)}`);
  for (const p of ['/', '/definities', '/gemeente/GM0153', '/slecht', '/nergens']) {
    if (!rapport.bezocht.includes(p)) problemen.push(`pagina ${p} niet bezocht (crawl)`);
  }
  if (!rapport.beperkt.some((p) => p.startsWith('/gemeente/'))) problemen.push('de grens per patroon (/gemeente/*) werkte niet');
  if (rapport.bezocht.some((p) => p.startsWith('/download/'))) problemen.push('een downloadlink is als pagina bezocht');
  const varianten = rapport.bezocht.filter((p) => p.startsWith('/?periode='));
  if (varianten.length !== 1) problemen.push(`verwacht één bezoek aan /?periode=…, gezien: ${varianten.join(', ') || 'geen'}`);
}
rmSync(artefacten, { recursive: true, force: true });

if (problemen.length || process.argv.includes('--toon')) console.log('uitvoer van run.mjs:\n' + tekst);
if (problemen.length) {
  for (const p of problemen) console.log(`FOUT zelftest: ${p}`);
}
const totaal = VERWACHTE_FOUTEN.length + VERWACHTE_DETAILS.length + 4;
console.log(`zelftest van de browserharnas: ${problemen.length ? 'MISLUKT' : 'alle bekende fouten gevonden, goede pagina\'s goedgekeurd'}`);
console.log(`zelftest: ${Math.max(0, totaal - problemen.length)} passed, ${problemen.length} failed`);
process.exit(problemen.length ? 1 : 0);
