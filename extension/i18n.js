// Fills every [data-i18n] element of an extension page with its message from
// _locales, as text (never HTML).
'use strict';

globalThis.t = (key, subs) => chrome.i18n.getMessage(key, subs) || key;
for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
