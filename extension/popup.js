// The toolbar popup: the current tab's stories and highlight counts, and the
// on/off switch for its site. All it shows comes from page text, so it is
// only ever set as textContent.
'use strict';

const KINDS = ['person', 'organization', 'place', 'date', 'source'];
const $ = (id) => document.getElementById(id);

async function ask(type, extra) {
  const r = await chrome.runtime.sendMessage({ type, ...extra });
  if (!r || !r.ok) throw new Error(r ? r.error : 'no answer');
  return r.result;
}

/** The tab this popup is about: ?tab=ID (when opened as a page), else the active tab. */
async function currentTab() {
  const q = new URLSearchParams(location.search).get('tab');
  if (q !== null && /^\d+$/.test(q)) return Number(q);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : null;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderStories(stories) {
  const ol = $('stories');
  ol.replaceChildren();
  for (const s of stories) {
    const li = el('li');
    li.append(el('div', 'title', s.title || t('popupUntitled')));
    const meta = [s.site, s.published, s.byline].filter(Boolean).join(' · ');
    if (meta) li.append(el('div', 'meta', meta));
    ol.append(li);
  }
  if (!stories.length) ol.append(el('li', 'muted', t('popupNoStories')));
}

function renderCounts(counts) {
  const body = $('counts').tBodies[0];
  body.replaceChildren();
  for (const k of KINDS) {
    const tr = el('tr');
    const name = el('td');
    name.append(el('span', `swatch ${k}`), document.createTextNode(t(`kind_${k}`)));
    tr.append(name, el('td', 'n', String(counts[k] ?? 0)));
    tr.dataset.kind = k;
    body.append(tr);
  }
}

// ---- the story cluster ------------------------------------------------------------
// For a story on the page: what the store said about it (its matches, each
// with a relation) and the rest of its coverage cluster from the worker,
// with published and read dates on a small SVG timeline. Text only.

const SVG = 'http://www.w3.org/2000/svg';
const REL = { same: 'relSame', contains: 'relContains', contained: 'relContained', overlaps: 'relOverlaps', related: 'relRelated' };
let chosen = 0;

function day(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return '';
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(ms));
}

/** A published date ("2026-03-12T09:30", "2026-03-12") as ms, or NaN. */
function pubMs(s) {
  const m = typeof s === 'string' && /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
}

function safeUrl(u) {
  try {
    const x = new URL(u);
    return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null;
  } catch (_) {
    return null;
  }
}

/** Members of the chosen story's cluster: its matches, then the rest of its coverage cluster. */
function membersOf(f, clusters) {
  const out = f.matches.map((m) => ({ ...m, rel: m.relation }));
  const ids = new Set(out.map((m) => m.id));
  const c = clusters.find((c) => c.versions.some((g) => g.some((m) => ids.has(m.id))));
  for (const g of c ? c.versions : []) {
    for (const m of g) {
      if (ids.has(m.id)) continue;
      ids.add(m.id);
      out.push({
        id: m.id, url: m.url, site: m.site, title: m.title, published: m.published, firstSeen: m.first_seen,
        why: m.why ?? null, rel: m.tier === 'coverage' ? 'related' : 'overlaps', newParagraphs: (m.new_paragraphs || []).length,
      });
    }
  }
  return out;
}

function renderTimeline(points) {
  const box = $('timeline');
  box.replaceChildren();
  const pts = points.filter((p) => Number.isFinite(p.ms));
  if (!pts.length) return;
  const W = 310; const H = 62; const L = 10; const R = W - 10;
  let lo = Math.min(...pts.map((p) => p.ms));
  let hi = Math.max(...pts.map((p) => p.ms));
  if (hi - lo < 864e5) { lo -= 864e5; hi += 864e5; }
  const x = (ms) => L + ((ms - lo) / (hi - lo)) * (R - L);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'tl-title');
  const title = document.createElementNS(SVG, 'title');
  title.id = 'tl-title';
  title.textContent = `${t('timelineLabel')}: ${pts.map((p) => `${p.label} ${day(p.ms)}`).join('; ')}`;
  svg.append(title);
  const axis = document.createElementNS(SVG, 'line');
  for (const [k, v] of [['x1', L], ['x2', R], ['y1', 30], ['y2', 30], ['class', 'axis']]) axis.setAttribute(k, String(v));
  svg.append(axis);
  for (const p of pts) {
    const g = document.createElementNS(SVG, 'g');
    g.setAttribute('class', p.kind);
    const mark = document.createElementNS(SVG, p.kind === 'read' ? 'rect' : p.kind === 'mentioned' ? 'path' : 'circle');
    if (p.kind === 'read') {
      for (const [k, v] of [['x', x(p.ms) - 4], ['y', 34], ['width', 8], ['height', 8]]) mark.setAttribute(k, String(v));
    } else if (p.kind === 'mentioned') {
      const cx = x(p.ms);
      mark.setAttribute('d', `M${cx} 4 L${cx + 4} 11 L${cx - 4} 11 Z`);
    } else {
      for (const [k, v] of [['cx', x(p.ms)], ['cy', 22], ['r', 4.5]]) mark.setAttribute(k, String(v));
    }
    const tip = document.createElementNS(SVG, 'title');
    tip.textContent = `${p.label}: ${day(p.ms)}`;
    mark.append(tip);
    g.append(mark);
    svg.append(g);
  }
  for (const [ms, anchor] of [[lo, 'start'], [hi, 'end']]) {
    const tx = document.createElementNS(SVG, 'text');
    tx.setAttribute('x', String(anchor === 'start' ? L : R));
    tx.setAttribute('y', '58');
    tx.setAttribute('text-anchor', anchor);
    tx.textContent = day(ms);
    svg.append(tx);
  }
  const legend = el('p', 'legend muted');
  legend.append(el('span', 'key published', '●'), document.createTextNode(` ${t('timelinePublished')}  `),
    el('span', 'key read', '■'), document.createTextNode(` ${t('timelineRead')}  `),
    el('span', 'key mentioned', '▲'), document.createTextNode(` ${t('timelineMentioned')}`));
  box.append(svg, legend);
}

/**
 * "Only in this version": the paragraphs a version adds to the earliest one
 * read, and the names, dates and sources in them (`lists`: [label key,
 * names]). A description list, all text.
 */
function onlyHereBlock(paragraphs, lists) {
  const dl = el('dl', 'only');
  const head = el('div');
  head.append(el('dt', null, t('onlyHereTitle')), el('dd', null, t('onlyHereParas', [String(paragraphs)])));
  dl.append(head);
  for (const [key, names] of lists) {
    if (!names || !names.length) continue;
    const row = el('div');
    row.append(el('dt', null, t(key)), el('dd', null, names.join(', ')));
    dl.append(row);
  }
  return dl;
}

/** Adds, under each stored version, what it adds to the earliest version read (from the store). */
async function fillOnlyHere(items) {
  if (!items.length) return;
  const found = await ask('onlyHere', { ids: items.map(([id]) => id) }).catch(() => ({}));
  for (const [id, li] of items) {
    const o = found[id];
    if (!o || !li.isConnected) continue;
    if (!o.paragraphs.length && !o.names.length) continue;
    li.append(onlyHereBlock(o.paragraphs.length, [['onlyHereStoredNames', o.names]]));
  }
}

function renderCluster(state, clusters) {
  const found = (state.found || []).filter((f) => f.paragraphs > 0);
  $('cluster-section').hidden = !found.length;
  if (!found.length) return;
  if (chosen >= found.length) chosen = 0;
  const pick = $('cluster-pick');
  pick.replaceChildren();
  pick.hidden = found.length < 2;
  found.forEach((f, i) => {
    const b = el('button', 'pick', f.title || t('popupUntitled'));
    b.type = 'button';
    b.setAttribute('role', 'radio');
    b.setAttribute('aria-checked', String(i === chosen));
    b.tabIndex = i === chosen ? 0 : -1;
    b.addEventListener('click', () => { chosen = i; renderCluster(state, clusters); $('cluster-pick').children[i]?.focus(); });
    b.addEventListener('keydown', (e) => {
      const d = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[e.key];
      if (!d) return;
      e.preventDefault();
      chosen = (i + d + found.length) % found.length;
      renderCluster(state, clusters);
      $('cluster-pick').children[chosen]?.focus();
    });
    pick.append(b);
  });
  const f = found[chosen];
  const members = membersOf(f, clusters);
  $('cluster-none').hidden = members.length > 0;
  const ul = $('members');
  ul.replaceChildren();
  const here = el('li', 'member here');
  here.append(el('div', 'title', f.title || t('popupUntitled')));
  const hereMeta = [state.host, f.published ? t('memberPublished', [f.published.slice(0, 10)]) : ''];
  if (members.length && f.newParagraphs && !f.onlyHere) hereMeta.push(t('memberNew', [String(f.newParagraphs)]));
  here.append(el('div', 'meta', hereMeta.filter(Boolean).join(' · ')));
  if (f.onlyHere) here.append(onlyHereBlock(f.onlyHere.paragraphs, [
    ['onlyHereActors', f.onlyHere.actors], ['onlyHereDates', f.onlyHere.dates], ['onlyHereSources', f.onlyHere.sources]]));
  ul.append(here);
  const later = [];
  for (const m of members) {
    const li = el('li', `member ${m.rel}`);
    const url = safeUrl(m.url);
    const head = el(url ? 'a' : 'div', 'title', m.title || t('popupUntitled'));
    if (url) {
      head.href = url;
      head.addEventListener('click', (e) => { e.preventDefault(); chrome.tabs.create({ url }); });
    }
    li.append(head);
    const meta = [m.site, t(REL[m.rel] || 'relRelated'),
      m.published ? t('memberPublished', [m.published.slice(0, 10)]) : '', m.firstSeen ? t('memberRead', [day(m.firstSeen * 1000)]) : '',
      m.newParagraphs && m.rel === 'related' ? t('memberNew', [String(m.newParagraphs)]) : ''];
    li.append(el('div', 'meta', meta.filter(Boolean).join(' · ')));
    if (m.why) li.append(el('div', 'why muted', m.why));
    if (m.rel !== 'related') later.push([m.id, li]);
    ul.append(li);
  }
  fillOnlyHere(later);
  const points = [{ kind: 'published', ms: pubMs(f.published), label: `${t('timelinePublished')} (${state.host})` }];
  for (const d of f.dates || []) points.push({ kind: 'mentioned', ms: pubMs(d), label: `${t('timelineMentioned')} (${state.host})` });
  for (const m of members) {
    points.push({ kind: 'published', ms: pubMs(m.published), label: `${t('timelinePublished')} (${m.site})` });
    points.push({ kind: 'read', ms: m.firstSeen * 1000, label: `${t('timelineRead')} (${m.site})` });
  }
  if (members.length) renderTimeline(points);
  else $('timeline').replaceChildren();
}

async function render(tabId) {
  const state = tabId === null ? null : await ask('tabState', { tabId });
  if (!state) {
    $('status').textContent = t('popupNotHere');
    return;
  }
  $('host').textContent = state.host;
  $('switch-row').hidden = false;
  $('site-switch').checked = state.enabled;
  $('site-switch').dataset.host = state.host;
  if (!state.enabled) {
    $('status').textContent = t('popupSiteOff');
    $('stories-section').hidden = true;
    $('counts-section').hidden = true;
    $('mode').textContent = '';
    return;
  }
  $('status').textContent = state.passes.length ? '' : t('popupWaiting');
  $('stories-section').hidden = false;
  $('counts-section').hidden = false;
  renderStories(state.stories);
  renderCounts(state.counts);
  renderCluster(state, await ask('clusters').catch(() => []));
  $('mode').textContent = state.mode === 'worker' ? t('popupModeWorker') : state.mode === 'page' ? t('popupModePage') : '';
}

/** Downloads the page's highlights as W3C Web Annotation JSON-LD (built by the core in the worker). */
async function exportHighlights(tabId) {
  const status = $('export-status');
  status.textContent = '';
  try {
    const doc = await ask('exportHighlights', { tabId });
    const n = Number.isInteger(doc.total) ? doc.total : 0;
    const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/ld+json' }));
    const a = el('a');
    a.href = url;
    a.download = 'storyline-highlights.jsonld';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = t('popupExported', [String(n)]);
  } catch (e) {
    status.textContent = t('popupExportFailed', [String(e.message || e)]);
  }
}

/** Tells the reader when their store had to be set aside or is read-only. */
async function renderNotice() {
  const stats = await ask('storeStats').catch(() => null);
  const key = stats && { 'store-reset': 'noticeStoreReset', 'store-newer': 'noticeStoreNewer', 'store-full': 'noticeStoreFull' }[stats.notice];
  $('notice').hidden = !key;
  if (key) $('notice').textContent = t(key);
}

(async () => {
  const tabId = await currentTab();
  await render(tabId);
  await renderNotice();
  $('export-highlights').addEventListener('click', () => exportHighlights(tabId));
  $('site-switch').addEventListener('change', async (e) => {
    await ask('setSite', { host: e.target.dataset.host, enabled: e.target.checked });
  });
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && tabId !== null && changes[`tab.${tabId}`]) render(tabId);
  });
})();
