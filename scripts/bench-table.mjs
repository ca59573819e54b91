// Turns benchmark output into the Markdown that BENCHMARKS.md carries.
//
//   cargo bench --bench pipeline 2>&1 | node scripts/bench-table.mjs > native.md
//   node scripts/bench-table.mjs --splice BENCHMARKS.md NAME FILE [NAME FILE ...]
//
// The first form reads criterion's text report (median of the time estimate,
// throughput converted from MiB/s to MB/s) and the `# page: ...` lines that
// benches/pipeline.rs prints. The second replaces, in BENCHMARKS.md, what lies
// between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` with FILE's text,
// so hand-written prose around the generated tables survives a rerun.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execSync } from 'node:child_process';

const args = process.argv.slice(2);

if (args[0] === '--splice') {
  const [, file, ...pairs] = args;
  let md = readFileSync(file, 'utf8');
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = pairs[i];
    const body = readFileSync(pairs[i + 1], 'utf8').trim();
    const open = `<!-- bench:${name} -->`;
    const close = `<!-- /bench:${name} -->`;
    const a = md.indexOf(open);
    const b = md.indexOf(close);
    const block = `${open}\n${body}\n${close}`;
    if (a >= 0 && b > a) md = md.slice(0, a) + block + md.slice(b + close.length);
    else md = `${md.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(file, md);
  process.exit(0);
}

const toMs = (v, unit) => v * { ps: 1e-9, ns: 1e-6, µs: 1e-3, us: 1e-3, ms: 1, s: 1000 }[unit];
// Element throughputs are named by the benchmark id's last part (`tag::actors/tokens` → tokens/s).
const rate = (v, unit, name = '') => {
  const bytes = { 'B/s': 1, 'KiB/s': 1024, 'MiB/s': 1048576, 'GiB/s': 1073741824 }[unit];
  if (bytes) return `${((v * bytes) / 1e6).toFixed(2)} MB/s`;
  const el = { 'elem/s': 1, 'Kelem/s': 1e3, 'Melem/s': 1e6, 'Gelem/s': 1e9 }[unit];
  if (el) return `${Math.round(v * el).toLocaleString('en-US')} ${/\/(\w+)$/.exec(name)?.[1] ?? 'elements'}/s`;
  return `${v} ${unit}`;
};

const lines = readFileSync(0, 'utf8').split('\n');
const notes = [];
const rows = [];
let pending = null;
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  if (/^# \S+: \d+ (bytes HTML|actor-tagger tokens)/.test(line)) notes.push(line.slice(2));
  const t = /^(\S.*?)?\s*time:\s+\[\s*\S+\s+\S+\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s*\]/.exec(line);
  if (t) {
    const name = (t[1] || pending || '').trim();
    const row = { name, ms: toMs(Number(t[2]), t[3]), thrpt: '' };
    const th = /thrpt:\s+\[\s*\S+\s+\S+\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s*\]/.exec(lines[i + 1] || '');
    if (th) row.thrpt = rate(Number(th[1]), th[2], name);
    rows.push(row);
    pending = null;
  } else if (/^\S/.test(line) && !line.startsWith('#') && !/^(Benchmarking|Gnuplot|Warning|Found|  )/.test(line)) {
    pending = line;
  }
}

let rustc = '';
try {
  rustc = execSync('rustc --version', { encoding: 'utf8' }).trim();
} catch (_) { /* not on PATH */ }
console.log(`\`cargo bench --bench pipeline\` (criterion, 10 samples, 3 s each; median of the estimate). ${rustc}; `
  + `${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${loadavg()[0].toFixed(1)} at the end; `
  + `${new Date().toISOString().slice(0, 16)} UTC. Throughput is bytes of page text (HTML bytes for the html5ever door).`);
console.log('');
for (const n of notes) console.log(`- ${n}`);
console.log('');
console.log('| page / stage | time | throughput |');
console.log('| --- | ---: | ---: |');
for (const r of rows) {
  const ms = r.ms >= 100 ? r.ms.toFixed(0) : r.ms >= 1 ? r.ms.toFixed(2) : r.ms.toFixed(3);
  console.log(`| ${r.name} | ${ms} ms | ${r.thrpt} |`);
}
