// Outside check of issue #11: a plain MiniSearch baseline. Each evaluation question is answered with the text of the
// top section MiniSearch finds in the asker's language, followed by a sources block like the bot's (the file's title
// and the section heading, then at most two publications: the section's own `src` keys when the file names them,
// else the file's first two). It never declines, so only in-scope questions are scored, with the rule of `eval`:
// correct = an `expect_any` wording in the answer text (case and diacritics folded) AND the whole reply <= 2,000
// characters. Run: `cd bench/baseline && npm install && node baseline.mjs` (`--any-language` searches both languages'
// sections instead of only the asker's, and answers with the top one whatever its language).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const knowledge = join(root, 'knowledge');
const evalDir = join(root, 'tests', 'eval');
const MAX_REPLY = 2000;
const anyLanguage = process.argv.includes('--any-language');
const EARLY = 300;

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

function* markdownFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* markdownFiles(path);
    else if (/\.(en|vi)\.md$/.test(name)) yield path;
  }
}

// Just enough of the front matter: the title, the language and the sources (title, date, url, key).
function frontMatter(text) {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const meta = { title: '', lang: '', sources: [], body: match ? text.slice(match[0].length) : text };
  if (!match) return meta;
  let current = null;
  for (const line of match[1].split('\n')) {
    const top = /^(title|lang):\s*"?(.*?)"?\s*$/.exec(line);
    if (top) meta[top[1]] = top[2];
    const item = /^\s+-\s+(title|date|url|key):\s*"?(.*?)"?\s*$/.exec(line);
    const field = /^\s{4,}(title|date|url|key):\s*"?(.*?)"?\s*$/.exec(line);
    if (item) meta.sources.push((current = { [item[1]]: item[2] }));
    else if (field && current) current[field[1]] = field[2];
    else if (/^\S/.test(line)) current = null;
  }
  return meta;
}

const sections = [];
for (const path of markdownFiles(knowledge)) {
  const meta = frontMatter(readFileSync(path, 'utf8'));
  const file = relative(knowledge, path).split('\\').join('/');
  const parts = meta.body.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const rawHeading = part.slice(0, newline).trim();
    const attributes = /\{([^}]*)\}\s*$/.exec(rawHeading);
    const heading = rawHeading.replace(/\s*\{[^}]*\}\s*$/, '');
    const keys = attributes && /src="([^"]*)"/.exec(attributes[1]);
    const cited = keys ? meta.sources.filter((s) => keys[1].split(',').map((k) => k.trim()).includes(s.key)) : meta.sources;
    sections.push({
      id: sections.length, file, lang: meta.lang, title: meta.title, heading,
      text: part.slice(newline + 1).trim(), sources: cited.slice(0, 2),
    });
  }
}

const search = new MiniSearch({
  fields: ['title', 'heading', 'text'],
  storeFields: ['file', 'lang'],
  processTerm: (term) => fold(term),
});
search.addAll(sections);

function reply(section, lang) {
  const lines = [section.text, '', lang === 'vi' ? 'Nguồn:' : 'Sources:', `[1] ${section.title} — ${section.heading}`];
  for (const s of section.sources) lines.push(`    ${s.title}, ${s.date}${s.url ? ': ' + s.url : ''}`);
  return lines.join('\n');
}

const questions = readdirSync(evalDir).filter((f) => f.endsWith('.jsonl')).sort()
  .flatMap((f) => readFileSync(join(evalDir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)))
  .filter((q) => q.expect_any.length > 0);

const groups = new Map();
const add = (key, outcome) => {
  const g = groups.get(key) ?? { n: 0, correct: 0, ignoringLength: 0, early: 0, sourceFirst: 0, lengths: [] };
  g.n++;
  g.correct += outcome.correct;
  g.ignoringLength += outcome.found;
  g.early += outcome.early;
  g.sourceFirst += outcome.sourceFirst;
  g.lengths.push(outcome.length);
  groups.set(key, g);
};

for (const q of questions) {
  const [top] = search.search(q.question, {
    boost: { heading: 2, title: 1.5 }, fuzzy: 0.2, prefix: true, filter: anyLanguage ? undefined : (r) => r.lang === q.lang,
  });
  const section = top ? sections[top.id] : null;
  const text = section ? reply(section, q.lang) : '';
  const wanted = q.expect_any.map(fold);
  const found = section !== null && wanted.some((w) => fold(section.text).includes(w));
  const early = found && wanted.some((w) => fold(text.slice(0, EARLY)).includes(w));
  const outcome = {
    found: found ? 1 : 0, correct: found && text.length <= MAX_REPLY ? 1 : 0, early: early ? 1 : 0,
    sourceFirst: section && (q.expect_sources ?? []).includes(section.file) ? 1 : 0, length: text.length,
  };
  add('all', outcome);
  add(`split ${q.split}`, outcome);
  add(`style ${q.style}`, outcome);
  add(`lang ${q.lang}`, outcome);
  // The fresh held-out sets (fr-, fq-, fs-, fc-, fd-, fe-, fg-, fh-), written after the rest and measured before any work on them.
  if (/^f[rqscdegh]-/.test(q.id)) add(`fresh ${q.id.slice(0, 2)}`, outcome);
}

const pct = (a, b) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`MiniSearch 7.2.0 top section, ${sections.length} sections, ${questions.length} in-scope questions, ${anyLanguage ? 'sections of both languages' : "sections in the asker's language"}\n`);
console.log('| group | in-scope | correct | ignoring length | fact in first 300 | expected file first | median chars | max chars |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const order = (k) => (k === 'all' ? 0 : k.startsWith('split') ? 1 : k.startsWith('style') ? 2 : k.startsWith('lang') ? 3 : 4);
for (const [key, g] of [...groups].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))) {
  console.log(`| ${key} | ${g.n} | ${pct(g.correct, g.n)} | ${pct(g.ignoringLength, g.n)} | ${pct(g.early, g.n)} | ${pct(g.sourceFirst, g.n)} | ${median(g.lengths)} | ${Math.max(...g.lengths)} |`);
}
