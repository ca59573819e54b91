// Code size of a wasm module per crate and per function, from its `name`
// section: what each dependency adds to the core.
//
//   node scripts/wasm-sizes.mjs WASM [TOP]
//
// WASM must keep its names: use the cargo output
// (target/wasm32-unknown-unknown/release/storyline.wasm), not the shipped,
// wasm-opt'ed pkg/storyline_bg.wasm. Sizes are function body bytes (the code
// section); data (string tables, lexicons) is reported per data segment total.
// Why not twiggy: the same figures for what we need (crate shares, top
// functions) without a cargo install on every machine; twiggy's dominator
// analysis is not needed to see which dependency is heavy.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/wasm-sizes.mjs WASM [TOP]');
  process.exit(2);
}
const TOP = Number(topArg || 15);
const b = readFileSync(file);
let p = 8;
const u32 = () => {
  let r = 0;
  let s = 0;
  for (;;) {
    const x = b[p++];
    r |= (x & 0x7f) << s;
    if (!(x & 0x80)) return r >>> 0;
    s += 7;
  }
};
const str = () => {
  const n = u32();
  const t = b.toString('utf8', p, p + n);
  p += n;
  return t;
};

let imported = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
let total = b.length;
const sections = {};
while (p < b.length) {
  const id = b[p++];
  const size = u32();
  const end = p + size;
  const label = id === 0 ? `custom:${(() => { const q = p; const n = str(); p = q; return n; })()}` : `section ${id}`;
  sections[label] = (sections[label] || 0) + size;
  if (id === 2) {
    const n = u32();
    for (let i = 0; i < n; i++) {
      str();
      str();
      const kind = b[p++];
      if (kind === 0) { u32(); imported++; } else if (kind === 1) { p++; const f = u32(); u32(); if (f & 1) u32(); } else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else if (kind === 3) { p += 2; }
    }
  } else if (id === 10) {
    const n = u32();
    for (let i = 0; i < n; i++) {
      const len = u32();
      bodies.push(len);
      p += len;
    }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    const name = str();
    if (name === 'name') {
      while (p < end) {
        const sub = b[p++];
        const len = u32();
        const subEnd = p + len;
        if (sub === 1) {
          const n = u32();
          for (let i = 0; i < n; i++) {
            const idx = u32();
            names.set(idx, str());
          }
        }
        p = subEnd;
      }
    }
  }
  p = end;
}

/** Rust v0 mangling (_R...), roughly: the crate, then the length-prefixed path idents. */
function demangleV0(s) {
  const c = /C(?:s[0-9A-Za-z]*_)?(\d+)/.exec(s);
  if (!c) return s;
  const parts = [];
  let r = s.slice(c.index);
  while (r.length) {
    const d = /^[^0-9]*?(\d+)(_?)/.exec(r);
    if (!d) break;
    const n = Number(d[1]);
    const at = d[0].length;
    const id = r.slice(at, at + n);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) break;
    parts.push(id);
    r = r.slice(at + n);
  }
  return parts.length ? parts.join('::') : s;
}

/** Legacy Rust mangling (_ZN..E) to a path; v0 goes to demangleV0, C names pass through. */
function demangle(s) {
  if (s.startsWith('_R')) return demangleV0(s);
  const m = /^_?_ZN(.*)E$/.exec(s);
  if (!m) return s;
  const parts = [];
  let r = m[1];
  while (r.length) {
    const d = /^(\d+)/.exec(r);
    if (!d) break;
    const n = Number(d[1]);
    parts.push(r.slice(d[1].length, d[1].length + n));
    r = r.slice(d[1].length + n);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  return parts.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}').replace(/\$RF\$/g, '&').replace(/\$C\$/g, ',')
    .replace(/\.\./g, '::');
}

/** The crate (or `storyline::module`) a function belongs to. */
function group(name) {
  if (/^__(wbg|wbindgen|externref)/.test(name)) return 'wasm-bindgen glue';
  const n = name.replace(/^_?<+/, '').replace(/^(impl |&|mut |dyn )+/, '');
  const head = n.split('::');
  if (head[0] === 'storyline' && head.length > 2) return `storyline::${head[1]}`;
  if (/^[a-z_][a-z0-9_]*$/.test(head[0]) && head.length > 1) return head[0];
  return '(other: libc, compiler builtins, glue)';
}

const funcs = bodies.map((len, i) => ({ name: demangle(names.get(i + imported) || `func[${i + imported}]`), len }));
const code = funcs.reduce((s, f) => s + f.len, 0);
const groups = new Map();
for (const f of funcs) groups.set(group(f.name), (groups.get(group(f.name)) || 0) + f.len);

const pct = (x) => `${((100 * x) / total).toFixed(1)}%`;
console.log(`${file}: ${total} bytes; code ${code} bytes in ${funcs.length} functions, data ${dataBytes} bytes, `
  + `names/custom ${Object.entries(sections).filter(([k]) => k.startsWith('custom')).reduce((s, [, v]) => s + v, 0)} bytes.`);
console.log('');
console.log('| crate / module | code bytes | share of module |');
console.log('| --- | ---: | ---: |');
for (const [g, s] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${g} | ${s} | ${pct(s)} |`);
console.log(`| data segments (lexicons, tables, strings) | ${dataBytes} | ${pct(dataBytes)} |`);
console.log('');
console.log(`| top ${TOP} functions | code bytes |`);
console.log('| --- | ---: |');
for (const f of [...funcs].sort((a, b) => b.len - a.len).slice(0, TOP)) {
  console.log(`| \`${f.name.slice(0, 110).replace(/\|/g, '\\|')}\` | ${f.len} |`);
}
