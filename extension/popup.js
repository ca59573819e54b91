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
  $('mode').textContent = state.mode === 'worker' ? t('popupModeWorker') : state.mode === 'page' ? t('popupModePage') : '';
}

/** Tells the reader when their store had to be set aside or is read-only. */
async function renderNotice() {
  const stats = await ask('storeStats').catch(() => null);
  const key = stats && { 'store-reset': 'noticeStoreReset', 'store-newer': 'noticeStoreNewer' }[stats.notice];
  $('notice').hidden = !key;
  if (key) $('notice').textContent = t(key);
}

(async () => {
  const tabId = await currentTab();
  await render(tabId);
  await renderNotice();
  $('site-switch').addEventListener('change', async (e) => {
    await ask('setSite', { host: e.target.dataset.host, enabled: e.target.checked });
  });
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'session' && tabId !== null && changes[`tab.${tabId}`]) render(tabId);
  });
})();
