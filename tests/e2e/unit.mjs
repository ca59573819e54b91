// The highlighter's and the serialiser's own cases, run inside a plain test
// page (unit.html loads the extension's tree.js and highlight.js from dist).
// They need no tagger: each case makes its marks by hand. Each function is
// sent to the page as-is, so it must be self-contained; it returns true or a
// message saying what went wrong.

export const unitCases = [
  ['highlight colours: underline 3:1 and text 4.5:1 on light and dark pages; each kind its own underline style', () => {
    // WCAG relative luminance and contrast; colours come from the shipped content.css.
    const rgba = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const over = (top, base) => { const a = top.length > 3 ? top[3] : 1; return base.map((v, i) => top[i] * a + v * (1 - a)); };
    const f = document.getElementById('fixture');
    const kinds = [['actor', 'person'], ['actor', 'organization'], ['actor', 'place'], ['date'], ['source']];
    const styles = new Set();
    for (const [bg, fg] of [[[255, 255, 255], [17, 17, 17]], [[18, 18, 18], [232, 232, 232]]]) {
      f.style.background = `rgb(${bg})`;
      f.style.color = `rgb(${fg})`;
      for (const [role, type] of kinds) {
        f.innerHTML = '<p>Anna Berglund</p>';
        StorylineHighlight.wrapNode(f.firstChild.firstChild, [{ start: 0, end: 13, role, type, label: 'x' }]);
        const cs = getComputedStyle(f.querySelector('mark'));
        const border = cs.borderBottomStyle !== 'none';
        const line = rgba(border ? cs.borderBottomColor : cs.textDecorationColor);
        const style = border ? `border ${cs.borderBottomStyle}` : `text ${cs.textDecorationStyle}`;
        if (!border && cs.textDecorationLine === 'none') return `${type || role}: no underline`;
        styles.add(style);
        const tinted = over(rgba(cs.backgroundColor), bg);
        if (ratio(line, bg) < 3) return `${type || role}: underline ${ratio(line, bg).toFixed(2)}:1 on rgb(${bg})`;
        if (ratio(rgba(cs.color), tinted) < 4.5) return `${type || role}: text ${ratio(rgba(cs.color), tinted).toFixed(2)}:1 on rgb(${bg})`;
      }
    }
    f.removeAttribute('style');
    if (styles.size !== kinds.length) return `underline styles not distinct: ${[...styles].join(', ')}`;
    return true;
  }],
  ['nested ranges become nested marks, outer first; text unchanged', () => {
    const f = document.getElementById('fixture');
    f.innerHTML = '<p>Anna Berglund said the ferry would sail.</p>';
    const text = f.firstChild.firstChild;
    const before = f.textContent;
    const n = StorylineHighlight.wrapNode(text, [
      { start: 0, end: 13, role: 'actor', type: 'person', label: 'Person' },
      { start: 0, end: 40, role: 'content', label: 'What Anna said' },
      { start: 0, end: 13, role: 'source', label: 'Cited source' },
    ]);
    if (n !== 3) return `made ${n} marks`;
    if (f.textContent !== before) return 'text changed';
    const outer = f.querySelector('p > mark');
    if (!outer.classList.contains('storyline-content')) return `outer is ${outer.className}`;
    const mid = outer.firstElementChild;
    if (!mid || !mid.classList.contains('storyline-source')) return 'source not inside content';
    const inner = mid.firstElementChild;
    if (!inner || inner.className !== 'storyline-mark storyline-actor storyline-person') return `inner is ${inner && inner.className}`;
    if (inner.textContent !== 'Anna Berglund') return inner.textContent;
    return true;
  }],
  ['crossing ranges: the later one is dropped, never a broken tree', () => {
    const f = document.getElementById('fixture');
    f.textContent = 'Port Ellery council';
    const n = StorylineHighlight.wrapNode(f.firstChild, [
      { start: 0, end: 11, role: 'actor', type: 'place' },
      { start: 5, end: 19, role: 'actor', type: 'organization' },
    ]);
    if (n !== 1) return `made ${n}`;
    return f.textContent === 'Port Ellery council' || 'text changed';
  }],
  ['out-of-range, empty and surrogate-splitting ranges are refused', () => {
    const f = document.getElementById('fixture');
    f.textContent = 'a\u{1F600}b';
    const n = StorylineHighlight.wrapNode(f.firstChild, [
      { start: 0, end: 2, role: 'date' }, // ends inside the emoji
      { start: 2, end: 2, role: 'date' },
      { start: 3, end: 9, role: 'date' },
      { start: -1, end: 1, role: 'date' },
      { start: 1, end: 3, role: 'date' }, // the emoji: fine
    ]);
    if (n !== 1) return `made ${n}`;
    return f.querySelector('mark').textContent === '\u{1F600}' || 'wrong span';
  }],
  ['a text node changed since it was read is left alone', () => {
    const f = document.getElementById('fixture');
    f.innerHTML = '<p>Lena Dahl said</p>';
    const ser = StorylineTree.serializeRoots(document, [f], new Set());
    const i = ser.texts.findIndex((t) => t && t.data === 'Lena Dahl said');
    ser.texts[i].data = 'Someone else said';
    const made = StorylineHighlight.wrapAll(ser.texts, ser.tree.n.map((n) => n.x),
      [{ node: i, start: 0, end: 4, role: 'actor', type: 'person' }], () => false);
    return made === 0 || `made ${made}`;
  }],
  ['a second run over the same page wraps nothing twice', () => {
    const f = document.getElementById('fixture');
    f.innerHTML = '<p>Erik Holm spoke on Tuesday in Uddevalla.</p>';
    const run = () => {
      const ser = StorylineTree.serializeRoots(document, [f], new Set());
      const marks = [];
      ser.texts.forEach((t, i) => {
        if (!t || ser.frozen[i]) return;
        const at = (w, role, type) => {
          const s = t.data.indexOf(w);
          if (s >= 0) marks.push({ node: i, start: s, end: s + w.length, role, type });
        };
        at('Erik Holm', 'actor', 'person');
        at('Tuesday', 'date');
        at('Uddevalla', 'actor', 'place');
      });
      return StorylineHighlight.wrapAll(ser.texts, ser.tree.n.map((n) => n.x), marks, (i) => !!ser.frozen[i]);
    };
    const first = run();
    const html = f.innerHTML;
    const second = run();
    if (first !== 3) return `first run made ${first}`;
    if (second !== 0) return `second run made ${second}`;
    return f.innerHTML === html || 'DOM changed on the second run';
  }],
  ['painted highlights (CSS Custom Highlight API): each kind under its class name, the DOM untouched, bad ranges and changed text refused', () => {
    const f = document.getElementById('fixture');
    f.innerHTML = '<p>Erik Holm told Vasttrafik on Tuesday in Uddevalla.</p><p>Lena Dahl said</p>';
    const ser = StorylineTree.serializeRoots(document, [f], new Set());
    const expected = ser.tree.n.map((n) => n.x);
    const i = ser.texts.findIndex((t) => t && t.data.startsWith('Erik'));
    const j = ser.texts.findIndex((t) => t && t.data === 'Lena Dahl said');
    const html = f.innerHTML;
    const paint = new StorylineHighlight.Paint(document);
    if (!paint.ok) return 'no CSS Custom Highlight API in this browser';
    const at = (w, role, type) => {
      const s = ser.texts[i].data.indexOf(w);
      return { start: s, end: s + w.length, role, type };
    };
    const n = paint.paintGroup(ser.texts, expected, i, [
      at('Erik Holm', 'actor', 'person'), at('Vasttrafik', 'actor', 'organization'), at('Tuesday', 'date'),
      at('Uddevalla', 'actor', 'place'), at('Erik Holm told Vasttrafik', 'source'),
      { start: 5, end: 99, role: 'date' }, { start: 3, end: 3, role: 'date' }, // outside the text, empty: refused
    ]);
    if (n !== 5) return `painted ${n}`;
    paint.show();
    for (const k of ['person', 'organization', 'date', 'place', 'source']) {
      const h = CSS.highlights.get(`storyline-${k}`);
      if (!h || h.size !== 1) return `storyline-${k}: ${h ? h.size : 'not registered'}`;
    }
    const [r] = CSS.highlights.get('storyline-place');
    if (r.startContainer !== ser.texts[i] || String(ser.texts[i].data).slice(r.startOffset, r.endOffset) !== 'Uddevalla') return 'place range';
    if (CSS.highlights.get('storyline-date').priority <= CSS.highlights.get('storyline-source').priority) return 'inner kinds must paint over outer ones';
    ser.texts[j].data = 'Someone else said';
    if (paint.paintGroup(ser.texts, expected, j, [{ start: 0, end: 4, role: 'actor', type: 'person' }]) !== 0) return 'changed text painted';
    if (f.querySelector('mark') || f.innerHTML.replace('Someone else', 'Lena Dahl') !== html) return 'painting changed the DOM';
    paint.clear();
    return ['person', 'organization', 'date', 'place', 'source'].every((k) => !CSS.highlights.has(`storyline-${k}`)) || 'clear left highlights';
  }],
  ['unwrapping restores the exact text and merges the pieces', () => {
    const f = document.getElementById('fixture');
    f.innerHTML = '<p>Vasttrafik said on <b>Monday</b> that it agreed.</p>';
    const html = f.innerHTML;
    const p = f.firstChild;
    StorylineHighlight.wrapNode(p.firstChild, [{ start: 0, end: 10, role: 'actor', type: 'organization' }]);
    StorylineHighlight.wrapNode(p.querySelector('b').firstChild, [{ start: 0, end: 6, role: 'date' }]);
    if (f.querySelectorAll('mark').length !== 2) return 'not wrapped';
    StorylineHighlight.unwrapAll(f);
    return f.innerHTML === html || `got ${f.innerHTML}`;
  }],
  ['the serialiser keeps structure, kept attributes and JSON-LD, and skips what it must', () => {
    const f = document.getElementById('fixture');
    f.innerHTML = '<article class="story" data-x="1" onclick="x()"><h1>Title</h1><p>Body <a href="/a">link</a></p>'
      + '<script>var s = "code";</script><script type="application/ld+json">{"@type":"NewsArticle"}</script>'
      + '<textarea>typed</textarea><div contenteditable>draft</div><div contenteditable="false">fixed</div>'
      + '<style>.a{}</style></article>';
    const ser = StorylineTree.serializeRoots(document, [f.firstChild], new Set());
    const n = ser.tree.n;
    for (let i = 0; i < n.length; i++) if (!(n[i].p < i)) return `node ${i} before its parent`;
    const texts = n.filter((x) => x.x !== undefined).map((x) => x.x);
    const want = ['Title', 'Body ', 'link', '{"@type":"NewsArticle"}', 'fixed'];
    if (JSON.stringify(texts.slice(-want.length)) !== JSON.stringify(want)) return `texts ${JSON.stringify(texts)}`;
    const art = n.find((x) => x.t === 'article');
    if (JSON.stringify(art.a) !== JSON.stringify([['class', 'story']])) return `attrs ${JSON.stringify(art.a)}`;
    if (n.some((x) => x.t === 'div' && x.a === undefined && false)) return 'unreachable';
    if (!n.some((x) => x.t === 'html') || !n.some((x) => x.t === 'body')) return 'ancestor chain missing';
    const ld = n.findIndex((x) => x.x === '{"@type":"NewsArticle"}');
    if (!ser.frozen[ld]) return 'JSON-LD text must never be wrapped';
    return true;
  }],
  ['the tooltip lives outside the page text and shows on keyboard focus', () => {
    const f = document.getElementById('fixture');
    f.textContent = 'Gothenburg';
    StorylineHighlight.wrapNode(f.firstChild, [{ start: 0, end: 10, role: 'actor', type: 'place', label: 'Place <b>x</b>' }]);
    const before = document.body.textContent;
    const tip = new StorylineHighlight.Tooltip(document);
    tip.attach();
    const m = f.querySelector('mark');
    m.focus();
    const shown = tip.current === m && tip.tip.textContent === 'Place <b>x</b>' && tip.tip.children.length === 0;
    const same = document.body.textContent === before && document.documentElement.textContent.endsWith(before);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    const hidden = tip.current === null;
    tip.detach();
    if (!shown) return 'tooltip not shown as text on focus';
    if (!same) return 'page text changed by the tooltip';
    if (!hidden) return 'Escape did not hide it';
    return m.getAttribute('aria-description') === 'Place <b>x</b>' || 'no accessible description';
  }],
];
