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
<nav aria-label="Hoofdmenu"><a href="/">Overzicht</a> <a href="/definities">Definities</a> <a href="/sessies">Sessies</a> <a href="/slecht">Slecht</a></nav>
<main id="inhoud">`;
const voet = '</main></body></html>';

function start(u) {
  const code = u.searchParams.get('gemeente') ?? u.searchParams.get('code') ?? 'regio';
  const periode = u.searchParams.get('periode') ?? '2024';
  const naam = code === 'GM0153' ? 'Enschede' : 'Twente';
  const waarde = code === 'GM0153' ? '12,1%' : '13,6%';
  const optie = (v, t, gekozen) => `<option value="${v}"${v === gekozen ? ' selected' : ''}>${t}</option>`;
  return `${kop('Overzicht')}<h1>Overzicht ${naam} — ${periode}</h1><p class="afdruk-filters">Gebied: ${naam} · periode ${periode}</p>
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
    `${kop('Definities')}<h1>Definities</h1><ul>${['GM0153', 'GM0141', 'GM0147', 'GM1774', 'GM0158', 'GM0164']
      .map((c) => `<li><a href="/gemeente/${c}">${c}</a></li>`)
      .join('')}</ul>${voet}`,
  '/sturing': () =>
    `${kop('Sturing')}<h1>Sturing per segment</h1><div class="tabelblok" tabindex="0" role="region" aria-label="Tabel: streefpaden">` +
    '<table style="width:900px"><caption>Streefpaden</caption><tr><th scope="col">Segment</th><th scope="col">Realisatie</th><th scope="col">Pad</th></tr>' +
    `<tr><th scope="row">Verblijf</th><td>€ 4,5 mln</td><td>€ 3,9 mln</td></tr></table></div>${voet}`,
  '/indicator/jeugdhulp_gebruik': () => `${kop('Jeugdhulpgebruik')}<h1>Jeugdhulpgebruik</h1><p>13,6% in Twente, 2024.</p>${voet}`,
  '/signalen': () =>
    `${kop('Signalen')}<h1>Signalen</h1><ul><li><a href="/indicator/jeugdhulp_gebruik">Kosten jeugdhulp Hengelo ligt in juni 2025 boven de bovengrens: € 1.422.405 tegen verwacht € 1.387.828 (bovengrens € 1.422.155).</a> (ongunstig)</li></ul>${voet}`,
  '/vooruitblik': () =>
    `${kop('Vooruitblik')}<h1>Vooruitblik</h1><h2>Kosten <span class="label-prognose">prognose</span></h2><div class="tabelblok" tabindex="0" role="region" aria-label="Tabel: prognose kosten">` +
    '<table style="width:900px"><caption>Prognose: kosten na aanvulling</caption><tr><th scope="col">Gebied</th><th scope="col">Maand</th><th scope="col">Prognose na aanvulling</th></tr>' +
    `<tr><td>Regio Twente</td><td>mei 2025</td><td>€ 21.480.112</td></tr></table></div>${voet}`,
  '/vooruitblik/verblijf': () =>
    `${kop('Vooruitblik verblijf')}<h1>Vooruitblik verblijf</h1><h2>Uitstroom en stand per gebied <span class="label-prognose">prognose</span></h2><div class="tabelblok" tabindex="0" role="region" aria-label="Tabel: prognose verblijf">` +
    '<table style="width:900px"><caption>Prognose: uitstroom en stand verblijf per gebied</caption><tr><th scope="col">Gebied</th><th scope="col">In verblijf op peildatum</th><th scope="col">Prognose: beëindigd binnen 3 mnd</th></tr>' +
    `<tr><td>Regio Twente</td><td>155</td><td>13,8</td></tr></table></div>${voet}`,
  '/mijn-acties': () => `${kop('Mijn acties')}<h1>Mijn acties</h1><p>Nog geen acties op uw naam.</p>${voet}`,
  // Known faults, each of which the harness must report:
  // on a 390-px screen this block, outside a scroll box, makes the page 800 px wide
  '/datakwaliteit': () => `${kop('Datakwaliteit')}<h1>Datakwaliteit</h1><pre class="logregel" style="width:800px">rij 12: kolom datum: "2024-13-01" is geen datum</pre>${voet}`,
  '/slecht': () => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>a { outline: none; } #knop:focus { outline: none; }</style></head><body>
<h1>Een</h1><h1>Twee</h1>
<a href="/nergens">kapotte link</a> <button id="knop">knop</button>
<img src="/plaatje.png">
<script>console.error('kapot'); fetch('/wis', { method: 'POST' }).catch(() => {});</script></body></html>`,
};

// ---- a small PDCA workspace, for the duidingssessie flow -------------------------------------
// Good pages (one known fault: the Markdown minutes leave out the duiding), six sessions that
// already exist (for the crawl limits), and every POST the server receives.
const INDICATOREN = { jeugdhulp_gebruik: 'Jeugdhulpgebruik', crisis_start_aandeel: 'Start via crisis', trajectduur: 'Gemiddelde trajectduur', kosten: 'Kosten jeugdhulp' };
const WAARDEN = { jeugdhulp_gebruik: '13,3%', crisis_start_aandeel: '7,9%', trajectduur: '487 dagen', kosten: '€ 1.234' };
const GEBIEDEN = { regio: 'Hele regio Twente', GM0153: 'Enschede' };
const STATUSSEN = ['open', 'loopt', 'gereed'];
/** Accounts a session can invite; a logged-in account (cookie) sees only sessions it is invited to. */
const ACCOUNTS = ['deelnemer-gemeente', 'deelnemer-aanbieder', 'niet-uitgenodigd'];
const pdca = { sessies: [], duidingen: [], acties: [] };
const ontvangen = []; // "POST /pad"
for (let i = 1; i <= 6; i++) {
  pdca.sessies.push({ id: i, titel: `Sessie ${i}`, datum: `2025-0${i}-15`, deelnemers: 'de adviesgroep', uitgenodigd: [], gebied: 'regio', periode: '2024', agenda: ['jeugdhulp_gebruik', 'kosten'] });
}
const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/** Just enough Markdown: paragraphs, "- " lists, **bold**. */
const markdown = (t) =>
  t
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((blok) => {
      const inline = (r) => esc(r).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
      const regels = blok.split('\n');
      return regels.every((r) => r.startsWith('- ')) ? `<ul>${regels.map((r) => `<li>${inline(r.slice(2))}</li>`).join('')}</ul>` : `<p>${inline(blok)}</p>`;
    })
    .join('');
const veld = (id, label, invoer) => `<div><label for="${id}">${label}</label> ${invoer}</div>`;
const sessieVan = (id) => pdca.sessies.find((x) => x.id === Number(id));
const punten = (x) => x.agenda.map((ind, i) => ({ n: i + 1, ind, naam: INDICATOREN[ind], gebied: GEBIEDEN[x.gebied], waarde: WAARDEN[ind] }));
const grafiek = (p) =>
  `<figure><svg role="img" viewBox="0 0 100 40" width="300" height="120"><title>${esc(p.naam)} in ${esc(p.gebied)}, 2019–2024</title>` +
  '<polyline points="0,30 50,20 100,10" fill="none" stroke="#005a9c" stroke-width="2"/></svg></figure>';
const actieRijen = (lijst) =>
  lijst.length
    ? `<table><caption>Acties</caption><thead><tr><th scope="col">Titel</th><th scope="col">Eigenaar</th><th scope="col">Deadline</th><th scope="col">Status</th></tr></thead><tbody>${lijst
        .map((a) => `<tr><th scope="row">${esc(a.titel)}</th><td>${esc(a.eigenaar)}</td><td>${esc(a.deadline)}</td><td>${a.status}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>Nog geen acties.</p>';

function sessiesPagina() {
  return `${kop('Duidingssessies')}<h1>Duidingssessies</h1><p><a href="/acties">Actieregister</a> · <a href="/pdca">PDCA</a></p>
<table><caption>Sessies</caption><thead><tr><th scope="col">Datum</th><th scope="col">Titel</th><th scope="col">Verslag</th></tr></thead><tbody>${pdca.sessies
    .map((x) => `<tr><td>${x.datum}</td><th scope="row"><a href="/sessie/${x.id}">${esc(x.titel)}</a></th><td><a href="/sessie/${x.id}/verslag.html">verslag ${esc(x.titel)}</a></td></tr>`)
    .join('')}</tbody></table>
<h2>Nieuwe sessie</h2><form method="post" action="/sessies">
${veld('s-titel', 'Titel', '<input id="s-titel" name="titel" required>')}
${veld('s-datum', 'Datum', '<input id="s-datum" name="datum" type="date" required>')}
${veld('s-deelnemers', 'Deelnemers', '<input id="s-deelnemers" name="deelnemers">')}
${veld('s-auteur', 'Uw naam', '<input id="s-auteur" name="auteur" required>')}
${veld('s-release', 'Cijfers van release', '<select id="s-release" name="release"><option value="r0001">r0001</option></select>')}
${veld('s-gebied', 'Gebied', `<select id="s-gebied" name="gebied">${Object.entries(GEBIEDEN).map(([c, n]) => `<option value="${c}">${n}</option>`).join('')}</select>`)}
${veld('s-periode', 'Periode', '<select id="s-periode" name="periode"><option>2023</option><option selected>2024</option></select>')}
<fieldset><legend>Uitnodigen (accounts)</legend>${ACCOUNTS.map((l) => `<input type="checkbox" id="u-${l}" name="uitgenodigd" value="${l}"> <label for="u-${l}">${l}</label>`).join(' ')}</fieldset>
<fieldset><legend>Agenda</legend>${Object.entries(INDICATOREN)
    .map(([id, naam]) => `<input type="checkbox" id="a-${id}" name="indicator" value="${id}"> <label for="a-${id}">${naam}</label>`)
    .join(' ')}</fieldset>
<button type="submit">Sessie aanmaken</button></form>${voet}`;
}

function sessiePagina(x, n, wie) {
  const ps = punten(x);
  const p = ps[Math.min(Math.max(n, 1), ps.length) - 1];
  const duidingen = pdca.duidingen.filter((d) => d.sessie === x.id && d.punt === p.n);
  return `${kop(`Sessie ${esc(x.titel)}`)}<h1>${esc(x.titel)} <small>${x.datum}</small></h1>
<p>Deelnemers: ${esc(x.deelnemers)} · release r0001 · <a href="/sessie/${x.id}/verslag.html">Verslag (HTML)</a> · <a href="/sessie/${x.id}/verslag.md">Verslag (Markdown)</a></p>
<nav aria-label="Agenda"><ol>${ps.map((q) => `<li><a href="/sessie/${x.id}?punt=${q.n}"${q.n === p.n ? ' aria-current="step"' : ''}>${q.naam} — ${q.gebied}</a></li>`).join('')}</ol></nav>
<section aria-labelledby="kop-punt"><h2 id="kop-punt">${p.n}. ${p.naam} — ${p.gebied}, ${x.periode}</h2>
<dl><dt>Waarde</dt><dd>${p.waarde}</dd></dl>${grafiek(p)}
<p>${p.n > 1 ? `<a href="/sessie/${x.id}?punt=${p.n - 1}">← vorig agendapunt</a> ` : ''}${p.n < ps.length ? `<a href="/sessie/${x.id}?punt=${p.n + 1}">volgend agendapunt →</a>` : ''}</p></section>
<section id="duidingen" aria-labelledby="kop-d"><h2 id="kop-d">Duidingen</h2>
${duidingen.map((d) => `<article>${markdown(d.tekst)}<p>${esc(d.auteur)}</p></article>`).join('')}
<form method="post" action="/sessie/${x.id}/duiding"><input type="hidden" name="punt" value="${p.n}">
${veld('d-tekst', 'Nieuwe duiding (Markdown mag)', '<textarea id="d-tekst" name="tekst" required></textarea>')}
${wie ? `<p>U duidt als ${esc(wie)}.</p>` : veld('d-auteur', 'Uw naam', '<input id="d-auteur" name="auteur" required>')}<button type="submit">Duiding opslaan</button></form></section>
<section id="acties" aria-labelledby="kop-a"><h2 id="kop-a">Acties</h2>${actieRijen(pdca.acties.filter((a) => a.sessie === x.id))}
<form method="post" action="/sessie/${x.id}/actie"><input type="hidden" name="punt" value="${p.n}">
${veld('x-soort', 'Soort', '<select id="x-soort" name="soort"><option value="besluit">Besluit</option><option value="verbeteractie">Verbeteractie</option></select>')}
${veld('x-titel', 'Titel', '<input id="x-titel" name="titel" required>')}
${veld('x-eigenaar', 'Eigenaar', '<input id="x-eigenaar" name="eigenaar" required>')}
${veld('x-deadline', 'Deadline', '<input id="x-deadline" name="deadline" type="date">')}
${veld('x-auteur', 'Uw naam', '<input id="x-auteur" name="auteur" required>')}<button type="submit">Actie toevoegen</button></form></section>${voet}`;
}

function actiesPagina() {
  return `${kop('Actieregister')}<h1>Actieregister</h1>${
    pdca.acties.length
      ? `<table><caption>Acties</caption><thead><tr><th scope="col">Titel</th><th scope="col">Eigenaar</th><th scope="col">Status wijzigen</th></tr></thead><tbody>${pdca.acties
          .map(
            (a) => `<tr><th scope="row">${esc(a.titel)}</th><td>${esc(a.eigenaar)}</td><td><form method="post" action="/actie/${a.id}">
<label for="st-${a.id}" class="sr">Status van ${esc(a.titel)}</label><select id="st-${a.id}" name="status">${STATUSSEN.map((st) => `<option${st === a.status ? ' selected' : ''}>${st}</option>`).join('')}</select>
<label for="wa-${a.id}" class="sr">Uw naam</label><input id="wa-${a.id}" name="auteur" required> <button type="submit">Opslaan</button></form></td></tr>`,
          )
          .join('')}</tbody></table>`
      : '<p>Nog geen acties.</p>'
  }${voet}`;
}

function pdcaPagina(u) {
  const jaar = Number(u.searchParams.get('jaar') ?? new Date().getFullYear());
  const lijst = pdca.sessies.filter((x) => x.datum.startsWith(String(jaar)));
  return `${kop(`PDCA ${jaar}`)}<h1>PDCA-cyclus ${jaar}</h1><p>${[jaar - 2, jaar - 1, jaar, jaar + 1].map((j) => `<a href="/pdca?jaar=${j}">${j}</a>`).join(' · ')}</p>
${lijst.length ? `<ul>${lijst.map((x) => `<li><a href="/sessie/${x.id}">${x.datum} — ${esc(x.titel)}</a></li>`).join('')}</ul>` : `<p>In ${jaar} nog geen sessies.</p>`}${voet}`;
}

function verslagPagina(x) {
  return `${kop(`Verslag ${esc(x.titel)}`)}<h1>Verslag duidingssessie: ${esc(x.titel)}</h1><p>Datum ${x.datum}</p>${punten(x)
    .map(
      (p) => `<h2>${p.n}. ${p.naam} — ${p.gebied}</h2><p>Waarde ${p.waarde}</p>${grafiek(p)}${pdca.duidingen
        .filter((d) => d.sessie === x.id && d.punt === p.n)
        .map((d) => `<article>${markdown(d.tekst)}<p>${esc(d.auteur)}</p></article>`)
        .join('')}`,
    )
    .join('')}<h2>Acties</h2>${actieRijen(pdca.acties.filter((a) => a.sessie === x.id))}${voet}`;
}

function pakketPagina(x) {
  return `${kop(`Sessiepakket ${esc(x.titel)}`)}<h1>Sessiepakket: ${esc(x.titel)}</h1><p>Datum ${x.datum} · uitgenodigd: ${esc(x.uitgenodigd.join(', ') || 'niemand')}</p>${punten(x)
    .map((p) => `<h2>${p.n}. ${p.naam} — ${p.gebied}</h2><p>Waarde ${p.waarde}</p>${grafiek(p)}`)
    .join('')}<h2>Open acties</h2>${actieRijen(pdca.acties.filter((a) => a.sessie === x.id && a.status !== 'gereed'))}${voet}`;
}

function inlogPagina() {
  return `${kop('Inloggen')}<h1>Inloggen</h1><form method="post" action="/inloggen">
${veld('i-login', 'Inlognaam', '<input id="i-login" name="login" required autocomplete="username">')}
${veld('i-ww', 'Wachtwoord', '<input id="i-ww" name="wachtwoord" type="password" required autocomplete="current-password">')}
<button type="submit">Inloggen</button></form>${voet}`;
}

/** Known fault: the duiding itself is missing, only its author is there. */
function verslagMarkdown(x) {
  let m = `# Verslag duidingssessie: ${x.titel}\n\nDatum: ${x.datum}\n\n`;
  for (const p of punten(x)) {
    m += `## ${p.n}. ${p.naam}\n\nWaarde: ${p.waarde}\n\n`;
    for (const d of pdca.duidingen.filter((d) => d.sessie === x.id && d.punt === p.n)) m += `Duiding van ${d.auteur}.\n\n`;
  }
  for (const a of pdca.acties.filter((a) => a.sessie === x.id)) m += `- ${a.titel} (${a.eigenaar}, ${a.deadline}, ${a.status})\n`;
  return m;
}

/** The PDCA routes; null when the path is none of them. */
function pdcaRoute(req, u, body) {
  const html = (t) => [200, 'text/html; charset=utf-8', t];
  const verder = (pad) => [303, 'text/plain', '', { location: pad }];
  const f = new URLSearchParams(body);
  if (req.method === 'POST') ontvangen.push(`POST ${u.pathname}`);
  const wie = /(?:^|;\s*)wie=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null;
  if (u.pathname === '/inloggen' && req.method === 'POST') {
    const login = f.get('login');
    if (!ACCOUNTS.includes(login)) return html(inlogPagina());
    return [303, 'text/plain', '', { location: '/', 'set-cookie': `wie=${login}; Path=/; HttpOnly; SameSite=Strict` }];
  }
  if (u.pathname === '/inloggen') return html(inlogPagina());
  if (u.pathname === '/sessies' && req.method === 'POST') {
    const x = { id: pdca.sessies.length + 1, titel: f.get('titel'), datum: f.get('datum'), deelnemers: f.get('deelnemers'), uitgenodigd: f.getAll('uitgenodigd'), gebied: f.get('gebied'), periode: f.get('periode'), agenda: f.getAll('indicator') };
    pdca.sessies.push(x);
    return verder(`/sessie/${x.id}`);
  }
  if (u.pathname === '/sessies') return html(sessiesPagina());
  if (u.pathname === '/acties') return html(actiesPagina());
  if (u.pathname === '/pdca') return html(pdcaPagina(u));
  let m = /^\/actie\/(\d+)$/.exec(u.pathname);
  if (m && req.method === 'POST') {
    const a = pdca.acties.find((a) => a.id === Number(m[1]));
    if (a) a.status = f.get('status');
    return verder('/acties');
  }
  m = /^\/sessie\/(\d+)(?:\/(duiding|actie|verslag\.html|verslag\.md|pakket\.html))?$/.exec(u.pathname);
  const x = m && sessieVan(m[1]);
  if (!x) return null;
  if (wie && !x.uitgenodigd.includes(wie)) return [403, 'text/html; charset=utf-8', `${kop('Geen toegang')}<h1>Geen toegang</h1><p>U bent niet uitgenodigd.</p>${voet}`];
  if (m[2] === 'duiding' && req.method === 'POST') {
    pdca.duidingen.push({ sessie: x.id, punt: Number(f.get('punt')), tekst: f.get('tekst'), auteur: f.get('auteur') ?? wie });
    return verder(`/sessie/${x.id}?punt=${f.get('punt')}#duidingen`);
  }
  if (m[2] === 'actie' && req.method === 'POST') {
    pdca.acties.push({ id: pdca.acties.length + 1, sessie: x.id, titel: f.get('titel'), eigenaar: f.get('eigenaar'), deadline: f.get('deadline'), status: 'open' });
    return verder(`/sessie/${x.id}?punt=${f.get('punt')}#acties`);
  }
  if (m[2] === 'verslag.html') return html(verslagPagina(x));
  if (m[2] === 'pakket.html') return html(pakketPagina(x));
  if (m[2] === 'verslag.md') return [200, 'text/markdown; charset=utf-8', verslagMarkdown(x), { 'content-disposition': `attachment; filename="verslag-${x.id}.md"` }];
  if (!m[2] && req.method === 'GET') return html(sessiePagina(x, Number(u.searchParams.get('punt') ?? 1), wie));
  return null;
}

const server = createServer(async (req, res) => {
  const u = new URL(req.url, 'http://x');
  const stuur = (status, type, body, extra = {}) => {
    res.writeHead(status, { 'content-type': type, ...extra });
    res.end(body);
  };
  let body = '';
  for await (const stuk of req) body += stuk;
  const antwoord = pdcaRoute(req, u, body);
  if (antwoord) return stuur(...antwoord);
  if (req.method === 'POST') ontvangen.push(`POST ${u.pathname}`);
  if (u.pathname === '/') return stuur(200, 'text/html; charset=utf-8', start(u));
  if (paginas[u.pathname]) return stuur(200, 'text/html; charset=utf-8', paginas[u.pathname]());
  const gemeente = /^\/gemeente\/(GM\d{4})$/.exec(u.pathname);
  if (gemeente) return stuur(200, 'text/html; charset=utf-8', `${kop(gemeente[1])}<h1>Gemeente ${gemeente[1]}</h1>${voet}`);
  if (u.pathname === '/api/indicatoren') return stuur(200, 'application/json', '[]');
  if (u.pathname === '/static/jeugdstuur.css') {
    return stuur(
      200,
      'text/css',
      'a:focus,button:focus,select:focus,input:focus,textarea:focus{outline:3px solid #b35900}.overslaan{position:absolute;left:-999px}.overslaan:focus{left:1rem}' +
        '.tabelblok{overflow-x:auto;max-width:100%}.afdruk-filters{display:none}@media print{nav,form,.overslaan{display:none}.afdruk-filters{display:block}}' +
        '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
    );
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
  '/slecht · alleen lezen',
  '/nergens · HTTP 200',
  '/sessie/7/verslag.md · duidingssessie 6b',
  '/ · CSV-download',
  "(alle pagina's) · downloadlinks werken",
  "(alle pagina's) · favicon",
  '/datakwaliteit · 390 px breed',
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
  '/wis: geblokkeerd; een pagina bekijken mag niets versturen of wijzigen',
  'de duiding (met **stijging in Enschede**) staat er niet in',
  'de pagina is 8',
];
/** The POSTs the flow makes through the forms, and only those: the crawl sends none. */
const VERWACHTE_POSTS = [
  'POST /sessies',
  'POST /sessie/7/duiding',
  'POST /sessie/7/actie',
  'POST /actie/1',
  // the invited partners: each logs in, the gemeente writes a duiding
  'POST /inloggen',
  'POST /sessie/7/duiding',
  'POST /inloggen',
];

await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const artefacten = mkdtempSync(join(tmpdir(), 'jeugdstuur-zelftest-'));
const uitvoer = [];
const code = await new Promise((resolve) => {
  const kind = spawn(process.execPath, [join(HIER, 'run.mjs'), '--url', url, '--artefacten', artefacten, '--verplicht', '/,/gemeente/GM0153'], {
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
  // the crawl: a bounded number of session pages, the Markdown minutes as a download, no POST
  const sessiePaginas = rapport.bezocht.filter((p) => p.startsWith('/sessie/'));
  if (sessiePaginas.length === 0 || sessiePaginas.length > 4) problemen.push(`verwacht 1 tot 4 bezoeken aan /sessie/*, gezien: ${sessiePaginas.join(', ') || 'geen'}`);
  if (!rapport.beperkt.some((p) => p.startsWith('/sessie/'))) problemen.push('de grens per patroon (/sessie/*) werkte niet');
  if (rapport.bezocht.some((p) => /\.md$/.test(p))) problemen.push('verslag.md is als pagina bezocht in plaats van als download');
  if (JSON.stringify(ontvangen) !== JSON.stringify(VERWACHTE_POSTS)) {
    problemen.push(`de server kreeg ${JSON.stringify(ontvangen)}, verwacht alleen de formulieren van de duidingssessie ${JSON.stringify(VERWACHTE_POSTS)}`);
  }
  // the flow: every step passed on the good pages, and the pages were checked again with data
  for (const r of rapport.resultaten.filter((r) => r.controle.startsWith('duidingssessie ') && !r.controle.startsWith('duidingssessie 6b'))) {
    if (r.status !== 'ok') problemen.push(`stap niet geslaagd op de goede pagina's: ${r.pagina} · ${r.controle}: ${r.problemen.join('; ') || r.overgeslagen}`);
  }
  const stappen = new Set(rapport.resultaten.filter((r) => r.controle.startsWith('duidingssessie ')).map((r) => r.controle.split(':')[0]));
  if (stappen.size !== 8) problemen.push(`verwacht 8 stappen van de duidingssessie, gezien: ${[...stappen].join(', ')}`);
  // the invited partners took part through the login and the duiding form; print and the
  // narrow screen were checked on the good pages
  for (const l of ['deelnemer-gemeente', 'deelnemer-aanbieder']) {
    if (!rapport.resultaten.some((r) => r.controle.startsWith(`deelnemer ${l} `) && r.status === 'ok')) problemen.push(`deelnamestap van ${l} niet geslaagd op de goede pagina's`);
  }
  if (!pdca.duidingen.some((d) => d.auteur === 'deelnemer-gemeente')) problemen.push('de deelnemer-gemeente schreef geen duiding via het formulier');
  if (rapport.resultaten.find((r) => r.controle.startsWith('afdrukken'))?.status !== 'ok') problemen.push('de afdrukcontrole slaagde niet op de goede startpagina');
  for (const pad of ['/sturing', '/indicator/jeugdhulp_gebruik', '/gemeente/GM0153']) {
    if (!rapport.resultaten.some((r) => r.pagina === pad && r.controle.startsWith('390 px') && r.status === 'ok')) problemen.push(`${pad} niet goedgekeurd op 390 px`);
  }
  const metData = ['/sessies', '/sessie/7', '/sessie/7?punt=2', '/acties', '/pdca', '/sessie/7/verslag.html', '/sessie/7/pakket.html'];
  for (const p of metData) {
    if (!rapport.resultaten.some((r) => r.pagina === p && r.controle.startsWith('toetsenbord') && r.status === 'ok')) problemen.push(`${p} niet (goed) gecontroleerd met data`);
  }
}
rmSync(artefacten, { recursive: true, force: true });

if (problemen.length || process.argv.includes('--toon')) console.log('uitvoer van run.mjs:\n' + tekst);
if (problemen.length) {
  for (const p of problemen) console.log(`FOUT zelftest: ${p}`);
}
const totaal = VERWACHTE_FOUTEN.length + VERWACHTE_DETAILS.length + 17;
console.log(`zelftest van de browserharnas: ${problemen.length ? 'MISLUKT' : 'alle bekende fouten gevonden, goede pagina\'s goedgekeurd'}`);
console.log(`zelftest: ${Math.max(0, totaal - problemen.length)} passed, ${problemen.length} failed`);
process.exit(problemen.length ? 1 : 0);
