// Options: which kinds to highlight, the sites turned off, storage used.
// Settings are changed through the background worker, which validates and
// stores them; content scripts pick the change up from storage.
'use strict';

const KINDS = ['person', 'organization', 'place', 'date', 'source'];
const $ = (id) => document.getElementById(id);

async function ask(type, extra) {
  const r = await chrome.runtime.sendMessage({ type, ...extra });
  if (!r || !r.ok) throw new Error(r ? r.error : 'no answer');
  return r.result;
}

function saved() {
  $('status').textContent = t('optionsSaved');
}

function renderKinds(s) {
  const fs = $('kinds');
  for (const old of fs.querySelectorAll('label')) old.remove();
  for (const k of KINDS) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = k;
    box.checked = s.kinds[k];
    box.addEventListener('change', async () => {
      renderAll(await ask('setKinds', { kinds: { [k]: box.checked } }));
      saved();
    });
    const sw = document.createElement('span');
    sw.className = `swatch ${k}`;
    label.append(box, ' ', sw, t(`kind_${k}`));
    fs.append(label);
  }
}

function renderSites(s) {
  const ul = $('sites');
  ul.replaceChildren();
  for (const host of s.sitesOff) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t('optionsTurnOn');
    b.addEventListener('click', async () => {
      renderAll(await ask('setSite', { host, enabled: true }));
      saved();
    });
    li.append(document.createTextNode(host), b);
    ul.append(li);
  }
  if (!s.sitesOff.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('optionsNoSites');
    ul.append(li);
  }
}

function renderAll(s) {
  renderKinds(s);
  renderSites(s);
}

$('add-site').addEventListener('submit', async (e) => {
  e.preventDefault();
  const host = $('site-input').value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (!/^[a-z0-9.\-[\]:]+$/.test(host)) {
    $('status').textContent = t('optionsBadHost');
    return;
  }
  renderAll(await ask('setSite', { host, enabled: false }));
  $('site-input').value = '';
  saved();
});

(async () => {
  renderAll(await ask('getSettings'));
  const info = await ask('storeInfo');
  $('store').textContent = t('optionsStoreText', [String(info.storageBytes ?? info.bytes)]);
})();
