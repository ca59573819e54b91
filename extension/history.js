// The reading history: every story read, grouped by cluster (the core's
// clusters: coverage clusters holding version groups), searchable, with
// export and import, forget (story, site, all) and the pause switch. Everything shown
// comes from page text, so it is only ever set as textContent.
'use strict';

const $ = (id) => document.getElementById(id);

async function ask(type, extra) {
  const r = await chrome.runtime.sendMessage({ type, ...extra });
  if (!r || !r.ok) throw new Error(r ? r.error : 'no answer');
  return r.result;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function day(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 0) return '';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(seconds * 1000));
}

function safeUrl(u) {
  try {
    const x = new URL(u);
    return x.protocol === 'http:' || x.protocol === 'https:' ? x.href : null;
  } catch (_) {
    return null;
  }
}

let clusters = [];

/** The words a story is found by: title, site, address, why it joined (names the actors it shares), dates. */
function haystack(m) {
  const d = new Date((m.first_seen || 0) * 1000);
  const iso = Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
  return [m.title, m.site, m.url, m.why, m.published, iso, day(m.first_seen)].filter(Boolean).join(' ').toLowerCase();
}

function render() {
  const q = $('q').value.trim().toLowerCase();
  const words = q ? q.split(/\s+/) : [];
  const box = $('clusters');
  box.replaceChildren();
  let shown = 0;
  for (const c of clusters) {
    const members = c.versions.flat().filter((m) => words.every((w) => haystack(m).includes(w)));
    if (!members.length) continue;
    const sec = el('section', 'cluster');
    const first = c.versions[0]?.[0];
    const h = el('h2', null, first ? (first.title || first.site) : `#${c.cluster}`);
    h.id = `c${c.cluster}`;
    sec.setAttribute('aria-labelledby', h.id);
    const ul = el('ul', 'stories');
    for (const m of members) {
      const li = el('li');
      li.dataset.id = String(m.id);
      const text = el('div');
      const url = safeUrl(m.url);
      const title = el(url ? 'a' : 'div', 'title', m.title || m.site);
      if (url) {
        title.href = url;
        title.addEventListener('click', (e) => { e.preventDefault(); chrome.tabs.create({ url }); });
      }
      text.append(title);
      const meta = [m.site, m.published ? m.published.slice(0, 10) : '', day(m.first_seen), m.tier, m.why].filter(Boolean);
      text.append(el('div', 'meta', meta.join(' · ')));
      const actions = el('div', 'actions');
      const fs = el('button', 'forget-story', t('historyForgetStory'));
      fs.type = 'button';
      fs.setAttribute('aria-label', `${t('historyForgetStory')}: ${m.title || m.site}`);
      fs.addEventListener('click', () => act(() => ask('forgetStory', { id: m.id })));
      const fsite = el('button', 'forget-site', t('historyForgetSite'));
      fsite.type = 'button';
      fsite.setAttribute('aria-label', `${t('historyForgetSite')}: ${m.site}`);
      fsite.addEventListener('click', () => act(() => ask('forgetSite', { site: m.site })));
      actions.append(fs, fsite);
      li.append(text, actions);
      ul.append(li);
      shown++;
    }
    sec.append(h, ul);
    box.append(sec);
  }
  if (!shown) box.append(el('p', 'muted', t('historyEmpty')));
}

async function load() {
  const [stats, cl, settings] = await Promise.all([ask('storeStats'), ask('clusters'), ask('getSettings')]);
  clusters = Array.isArray(cl) ? cl : [];
  $('used').textContent = t('historyUsed', [String(stats.stories), String(stats.bytes)]);
  $('pause').checked = settings.paused === true;
  render();
  return { stats, clusters };
}

async function act(fn) {
  try {
    await fn();
  } catch (e) {
    $('status').textContent = String(e.message || e);
  }
  await load();
}

$('q').addEventListener('input', render);
$('pause').addEventListener('change', (e) => act(() => ask('setPaused', { paused: e.target.checked })));
$('forget-all').addEventListener('click', () => {
  if (confirm(t('historyConfirmAll'))) act(() => ask('forgetAll'));
});
$('export').addEventListener('click', async () => {
  // `store` is the store's own bytes (base64): what an import reads back; the rest is for people and other tools
  const [listing, store] = await Promise.all([load(), ask('exportStore')]);
  const data = { format: 'storyline-history', version: 1, exported: new Date().toISOString(), ...listing, store };
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = el('a');
  a.href = url;
  a.download = 'storyline-history.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});
// ---- import -------------------------------------------------------------------------
// Reads an export made by the button above (here or in another profile) and
// merges its store into the reader's; every failure is a sentence in the
// status line, and leaves the store as it was.

const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** The status text for an import of `text` (the file's contents). */
async function importText(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (_) {
    return t('historyImportNotJson');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data.format !== 'storyline-history') {
    return t('historyImportBad', ['no "format": "storyline-history"']);
  }
  if (typeof data.store !== 'string') return t('historyImportNoStore');
  const r = await chrome.runtime.sendMessage({ type: 'importStore', b64: data.store });
  if (r && r.ok) return t('historyImportedN', [String(r.result.added), String(r.result.duplicates)]);
  if (r && r.code === 'newer-version') return t('historyImportNewer');
  return t('historyImportBad', [String(r ? r.error : 'no answer').slice(0, 200)]);
}

$('import').addEventListener('click', () => $('import-file').click());
$('import-file').setAttribute('aria-label', t('historyImportChoose'));
$('import').setAttribute('aria-label', t('historyImportChoose'));
$('import-file').addEventListener('change', async (e) => {
  const file = e.target.files && e.target.files[0];
  e.target.value = '';
  if (!file) return;
  let msg;
  try {
    msg = file.size > MAX_IMPORT_BYTES ? t('historyImportTooBig') : await importText(await file.text());
  } catch (err) {
    msg = t('historyImportBad', [String((err && err.message) || err).slice(0, 200)]);
  }
  await load().catch(() => {});
  $('status').textContent = msg;
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes['store.v1'] || changes.settings)) load();
});

load();
