// The checks the runner applies to pages. Each check returns a list of problems (strings,
// empty when all is well) plus what it saw, so the runner decides how to report it.
//
// Functions passed to page.evaluate run inside the page: they must be self-contained.

/** What a person can reach with Tab: the candidates, filtered in the page. */
const INTERACTIEF =
  'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';

// ---------------------------------------------------------------------------------------------
// Basic page structure

export async function structuur(page) {
  return page.evaluate(() => {
    const zichtbaar = (el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0;
    const h1 = [...document.querySelectorAll('h1')];
    return {
      lang: document.documentElement.getAttribute('lang'),
      titel: document.title.trim(),
      h1: h1.map((h) => ({ tekst: h.textContent.trim().replace(/\s+/g, ' '), zichtbaar: zichtbaar(h) })),
    };
  });
}

export function controleerStructuur(s) {
  const p = [];
  if (s.lang !== 'nl') p.push(`<html lang> is ${JSON.stringify(s.lang)}, verwacht "nl"`);
  if (!s.titel) p.push('<title> ontbreekt of is leeg');
  const zichtbareH1 = s.h1.filter((h) => h.zichtbaar);
  if (s.h1.length !== 1 || zichtbareH1.length !== 1) {
    p.push(
      `verwacht precies één zichtbare <h1>, gevonden: ${s.h1.length}` +
        (s.h1.length ? ` (${s.h1.map((h) => JSON.stringify(h.tekst) + (h.zichtbaar ? '' : ' [onzichtbaar]')).join(', ')})` : ''),
    );
  }
  if (zichtbareH1.length === 1 && !zichtbareH1[0].tekst) p.push('de <h1> is leeg');
  return p;
}

// ---------------------------------------------------------------------------------------------
// Links, for the crawl and the download test

export async function links(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href], area[href]')].map((a) => ({
      href: a.href,
      rauw: a.getAttribute('href'),
      tekst: (a.textContent || a.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 80),
      download: a.hasAttribute('download') ? a.getAttribute('download') || '' : null,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// axe-core

export async function axe(page, axeBron, tags) {
  const heeftAxe = await page.evaluate(() => typeof window.axe === 'object');
  // evaluate (not a <script> tag) so a Content-Security-Policy cannot block the injection.
  if (!heeftAxe) await page.evaluate(axeBron);
  return page.evaluate(
    async (tags) => {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'incomplete'],
      });
      const knopen = (nodes) =>
        nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | '),
          html: n.html.replace(/\s+/g, ' ').slice(0, 160),
          samenvatting: (n.failureSummary || '').replace(/\s+/g, ' ').trim().slice(0, 300),
        }));
      return {
        versie: window.axe.version,
        schendingen: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          knopen: knopen(v.nodes),
        })),
        nakijken: r.incomplete.map((v) => ({ id: v.id, aantal: v.nodes.length, help: v.help })),
      };
    },
    tags,
  );
}

/** One (multi-line) message per violated rule: rule, impact, help, and the elements. */
export function beschrijfSchendingen(schendingen, maxKnopen = 8) {
  return schendingen.map((v) => {
    const regels = [`${v.id} [${v.impact}] ${v.help} (${v.knopen.length}×) — ${v.helpUrl}`];
    for (const k of v.knopen.slice(0, maxKnopen)) {
      regels.push(`    element: ${k.target}`);
      regels.push(`      html: ${k.html}`);
      if (k.samenvatting) regels.push(`      ${k.samenvatting}`);
    }
    if (v.knopen.length > maxKnopen) regels.push(`    … en nog ${v.knopen.length - maxKnopen} elementen`);
    return regels.join('\n');
  });
}

// ---------------------------------------------------------------------------------------------
// Keyboard

/**
 * Marks every element a keyboard user should be able to reach, in the page (window.__doelen),
 * and returns their descriptions. Radio buttons count per group: one of a group is enough.
 */
async function markeerDoelen(page) {
  return page.evaluate((selector) => {
    const beschrijf = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.getAttribute('name')) s += `[name="${el.getAttribute('name')}"]`;
      else if (el.getAttribute('href')) s += `[href="${el.getAttribute('href')}"]`;
      const tekst = (el.textContent || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ');
      if (tekst && el.tagName !== 'SELECT') s += ` "${tekst.slice(0, 50)}"`;
      return s;
    };
    const doelen = [];
    for (const el of document.querySelectorAll(selector)) {
      if (el.closest('[inert]')) continue;
      if (el.matches(':disabled')) continue;
      if (el.tagName === 'INPUT' && el.type === 'hidden') continue;
      if (el.hasAttribute('tabindex') && el.tabIndex < 0) continue;
      if (el.tagName === 'SUMMARY' && !(el.parentElement?.tagName === 'DETAILS' && el.parentElement.querySelector(':scope > summary') === el)) continue;
      if (!el.checkVisibility({ visibilityProperty: true }) || el.getClientRects().length === 0) continue;
      doelen.push(el);
    }
    window.__doelen = doelen;
    window.__beschrijf = beschrijf;
    return doelen.map((el) => ({
      wat: beschrijf(el),
      groep: el.tagName === 'INPUT' && el.type === 'radio' && el.name ? `radio:${el.form?.id ?? ''}:${el.name}` : null,
    }));
  }, INTERACTIEF);
}

/** Where focus is now: which marked target, and whether a person can see that it has focus. */
async function focusNu(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { leeg: true };
    const cs = getComputedStyle(el);
    const transparant = (kleur) => kleur === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(kleur);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !transparant(cs.outlineColor);
    const schaduw = cs.boxShadow && cs.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    const inBeeld = r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && r.width * r.height > 0;
    return {
      leeg: false,
      index: window.__doelen.indexOf(el),
      wat: window.__beschrijf(el),
      tag: el.tagName.toLowerCase(),
      type: el.tagName === 'INPUT' ? el.type : '',
      href: el.getAttribute('href'),
      tekst: (el.textContent || '').trim().replace(/\s+/g, ' '),
      zichtbaarGefocust: Boolean(outline || schaduw),
      stijl: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
      inBeeld,
      rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
    };
  });
}

/**
 * Tabs through a freshly loaded page. Returns { problemen, stappen, doelen }.
 * `laad` reloads the page (so the test starts from the top with nothing focused).
 */
export async function toetsenbord(page, laad, { overslaanTekst, maxStappen = 400 }) {
  const problemen = [];
  await laad();
  const doelen = await markeerDoelen(page);
  const stappen = [];
  const bereikt = new Set();
  const limiet = Math.min(maxStappen, doelen.length + 15);
  let vorige = null;
  let herhaald = 0;
  // Date and time fields have a Tab stop per part (day, month, year) inside the one element,
  // so focus stays on it for a few Tabs; only more than that is a trap.
  const delen = (f) => ({ date: 3, 'datetime-local': 5, time: 3, month: 2, week: 2 })[f.type] ?? 1;
  for (let druk = 0; stappen.length < limiet && druk < limiet * 3; druk++) {
    await page.keyboard.press('Tab');
    const f = await focusNu(page);
    if (f.leeg) {
      if (stappen.length > 0) break; // past the last element: focus left the document
      continue;
    }
    if (stappen.length > 0 && f.index >= 0 && f.index === stappen[0].index && f.wat === stappen[0].wat) break; // wrapped
    if (vorige && f.index === vorige.index && f.wat === vorige.wat) {
      if (++herhaald >= delen(f) + 1) {
        problemen.push(`toetsenbordval: focus blijft op ${f.wat} na herhaald Tab (WCAG 2.1.2)`);
        break;
      }
      continue; // the next part of the same field: one stop in the Tab order
    }
    herhaald = 0;
    vorige = f;
    stappen.push(f);
    if (f.index >= 0) bereikt.add(f.index);
  }

  // 1. the first stop is a working skip link (WCAG 2.4.1)
  const eerste = stappen[0];
  if (!eerste) {
    if (doelen.length) problemen.push(`Tab bereikt niets, terwijl de pagina ${doelen.length} interactieve elementen heeft`);
  } else if (!(eerste.tag === 'a' && eerste.href?.startsWith('#') && overslaanTekst.test(eerste.tekst))) {
    problemen.push(
      `eerste Tab-stop is geen "Naar de inhoud"-link maar ${eerste.wat} (WCAG 2.4.1: voeg als eerste element van <body> ` +
        `<a class="overslaan" href="#inhoud">Naar de inhoud</a> toe, met <main id="inhoud">)`,
    );
  } else {
    problemen.push(...(await werktOverslaanLink(page, laad, eerste)));
  }

  // 2. every visible interactive element is reached
  const groepenBereikt = new Set([...bereikt].map((i) => doelen[i].groep).filter(Boolean));
  const gemist = doelen.filter((d, i) => !bereikt.has(i) && !(d.groep && groepenBereikt.has(d.groep)));
  if (gemist.length) {
    problemen.push(
      `${gemist.length} van ${doelen.length} interactieve elementen niet met Tab bereikt` +
        (stappen.length >= limiet ? ` (gestopt na ${limiet} Tabs)` : '') +
        `: ${gemist.slice(0, 10).map((d) => d.wat).join(', ')}${gemist.length > 10 ? ', …' : ''}`,
    );
  }

  // 3. focus is visible on every stop (WCAG 2.4.7)
  for (const f of stappen) {
    if (!f.zichtbaarGefocust) problemen.push(`focus niet zichtbaar op ${f.wat} (${f.stijl}); geef :focus-visible een outline (WCAG 2.4.7)`);
    else if (!f.inBeeld) problemen.push(`gefocust element ${f.wat} staat buiten beeld (${f.rect}) terwijl het focus heeft (WCAG 2.4.7)`);
  }
  const extra = stappen.filter((f) => f.index < 0).map((f) => f.wat);
  return { problemen, stappen: stappen.map((f) => f.wat), doelen: doelen.length, extra };
}

/** Activating the skip link must move the keyboard into its target. */
async function werktOverslaanLink(page, laad, eerste) {
  const problemen = [];
  await laad();
  await markeerDoelen(page);
  await page.keyboard.press('Tab');
  const doel = eerste.href.slice(1);
  // the targets inside or after the skip link's target, in document order
  const naDoel = await page.evaluate((id) => {
    const d = document.getElementById(id);
    if (!d) return null;
    return window.__doelen
      .filter((el) => d.contains(el) || d.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
      .map((el) => window.__beschrijf(el));
  }, doel);
  if (naDoel === null) return [`"${eerste.tekst}" verwijst naar #${doel}, maar er is geen element met id="${doel}"`];
  await page.keyboard.press('Enter');
  const hash = await page
    .waitForFunction((id) => location.hash === `#${id}`, doel, { timeout: 5000 })
    .then(() => true)
    .catch(() => false);
  if (!hash) problemen.push(`Enter op "${eerste.tekst}" zet de pagina niet op #${doel}`);
  if (naDoel.length === 0) return problemen; // nothing to focus in or after the content: the hash is all
  await page.keyboard.press('Tab');
  const nu = await page.evaluate(() => {
    const el = document.activeElement;
    return el && el !== document.body ? window.__beschrijf(el) : '(niets)';
  });
  if (!naDoel.includes(nu)) {
    problemen.push(`na "${eerste.tekst}" + Enter gaat Tab naar ${nu}, niet naar de inhoud (#${doel}, eerst: ${naDoel[0]})`);
  }
  return problemen;
}

// ---------------------------------------------------------------------------------------------
// Downloads

/** Minimal RFC 4180 reader for a ';'-separated file: rows of fields (quotes honoured). */
export function leesCsv(tekst, scheiding = ';') {
  const rijen = [];
  let rij = [];
  let veld = '';
  let inQuotes = false;
  for (let i = 0; i < tekst.length; i++) {
    const c = tekst[i];
    if (inQuotes) {
      if (c === '"' && tekst[i + 1] === '"') {
        veld += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else veld += c;
    } else if (c === '"') inQuotes = true;
    else if (c === scheiding) {
      rij.push(veld);
      veld = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && tekst[i + 1] === '\n') i++;
      rij.push(veld);
      rijen.push(rij);
      rij = [];
      veld = '';
    } else veld += c;
  }
  if (veld !== '' || rij.length) {
    rij.push(veld);
    rijen.push(rij);
  }
  return rijen;
}

/** Checks the bytes of a CSV download: UTF-8 BOM, ';' separators, rectangular. */
export function controleerCsv(bytes) {
  const p = [];
  if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    p.push(`begint niet met een UTF-8 BOM (eerste bytes: ${[...bytes.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}); Excel leest het dan niet als UTF-8`);
  }
  const tekst = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (tekst.includes('\uFFFD')) p.push('bevat ongeldige UTF-8');
  const rijen = leesCsv(tekst).filter((r) => !(r.length === 1 && r[0] === ''));
  if (rijen.length < 2) {
    p.push(`heeft ${rijen.length} regel(s): verwacht een kop en minstens één datarij`);
    return { problemen: p, rijen: rijen.length, kolommen: rijen[0]?.length ?? 0 };
  }
  const kop = rijen[0];
  if (kop.length < 2) p.push(`de kopregel heeft geen ';' als scheidingsteken: ${JSON.stringify(tekst.split(/\r?\n/)[0].slice(0, 120))}`);
  const scheef = rijen.findIndex((r) => r.length !== kop.length);
  if (scheef > 0) p.push(`regel ${scheef + 1} heeft ${rijen[scheef].length} velden, de kop ${kop.length}`);
  return { problemen: p, rijen: rijen.length, kolommen: kop.length, kop };
}
