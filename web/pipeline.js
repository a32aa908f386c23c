// The pipeline half of the dashboard: totals, throughput and latency charts, verdicts and failed
// rules, partitions and health from /api/v1/status every second; the newest quarantined records
// from /api/v1/quarantine every few seconds.
import { LineChart } from './charts.js';
import { api, el, formatCount, replaceRows, setText } from './dom.js';

const STATUS_EVERY_MS = 1000;
const QUARANTINE_EVERY_MS = 3000;
const QUARANTINE_ROWS = 15;
const RAW_SHOWN = 160;  // characters of a record shown in the table; the rest in its tooltip
// Rates and latency quantiles are taken over the last few seconds: the processor stores in
// groups and ingest fetches in runs, so one second's difference swings between 0 and a burst.
const WINDOW_MS = 5000;

const throughput = new LineChart(document.getElementById('throughput-chart'), [
  { name: 'fetched', color: '#1565c0' },
  { name: 'stored', color: '#2e7d32' },
  { name: 'quarantined', color: '#c62828' },
]);
const latency = new LineChart(document.getElementById('latency-chart'), [
  { name: 'p50', color: '#6a1b9a' },
  { name: 'p99', color: '#ef6c00' },
]);
window.sluiceCharts = { throughput, latency };  // for the browser tests

const history = [];  // {t, s}: the status reads of the last WINDOW_MS, and one older

// The q-quantile of the observations between two cumulative histograms (buckets as
// [upper bound or null for +inf, cumulative count]), interpolated inside its bucket; null when
// nothing was observed in between.
export function windowQuantile(older, newer, q) {
  const counts = newer.map(([, c], i) => c - (older ? older[i][1] : 0));
  const total = counts[counts.length - 1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (let i = 0; i < newer.length; i++) {
    const bound = newer[i][0];
    if (counts[i] >= rank) {
      if (bound === null) return lower;  // past the last finite bound: report that bound
      const inBucket = counts[i] - below;
      return inBucket > 0 ? lower + ((bound - lower) * (rank - below)) / inBucket : bound;
    }
    if (bound !== null) lower = bound;
    below = counts[i];
  }
  return lower;
}

function ms(seconds) {
  return seconds === null ? null : seconds * 1000;
}

function showHealth(s) {
  const badge = document.getElementById('health');
  badge.textContent = s.ready ? 'ready' : s.health || 'not ready';
  badge.className = `badge ${s.ready ? 'ok' : 'wait'}`;
  badge.title = s.health || '';
}

function showTotals(s) {
  setText('pipeline', `pipeline ${s.pipeline} \u00b7 data in ${s.sink}` +
    (s.last_error ? ` \u00b7 last ingest error: ${s.last_error}` : ''));
  const ingest = s.fetched !== undefined;
  for (const card of document.querySelectorAll('[data-ingest]')) card.hidden = !ingest;
  // Only `sluice run` knows what it published and its group has not stored.
  const unstored = s.unstored !== undefined;
  for (const card of document.querySelectorAll('[data-unstored]')) card.hidden = !unstored;
  for (const k of ['fetched', 'stored', 'quarantined', 'lag']) setText(k, formatCount(s[k]));
  if (unstored) setText('unstored', formatCount(s.unstored));
  setText('p50', `${(s.latency_seconds.p50 * 1000).toFixed(1)} ms`);
  setText('p99', `${(s.latency_seconds.p99 * 1000).toFixed(1)} ms`);
}

function pushCharts(s, now) {
  history.push({ t: now, s });
  while (history.length > 2 && history[1].t <= now - WINDOW_MS) history.shift();
  if (history.length < 2) return;
  const old = history[0];
  const seconds = (now - old.t) / 1000;
  const rate = (k) => (s[k] === undefined ? null : Math.max(0, (s[k] - old.s[k]) / seconds));
  setText('rate', formatCount(Math.round(rate('processed'))));
  throughput.push(now, [rate('fetched'), rate('stored'), rate('quarantined')]);
  const older = old.s.latency_seconds.buckets;
  const newer = s.latency_seconds.buckets;
  latency.push(now, [ms(windowQuantile(older, newer, 0.5)), ms(windowQuantile(older, newer, 0.99))]);
}

function showVerdicts(s) {
  const total = s.stored + s.quarantined;
  const part = (name, n, color) => (n > 0
    ? el('div', { style: `width:${(100 * n) / total}%;background:${color}`, title: name },
      `${name} ${formatCount(n)} (${((100 * n) / total).toFixed(1)}%)`)
    : null);
  document.getElementById('verdicts').replaceChildren(
    ...[part('stored', s.stored, '#2e7d32'), part('quarantined', s.quarantined, '#c62828')]
      .filter(Boolean));
  const rules = Object.entries(s.rule_failures || {}).sort((a, b) => b[1] - a[1]);
  const most = Math.max(1, ...rules.map(([, n]) => n));
  replaceRows('rules', rules.map(([rule, n]) => el('tr', {}, [
    el('td', { text: rule }),
    el('td', { class: 'num', text: formatCount(n) }),
    el('td', { style: 'width:40%' }, n > 0 ? el('div', { class: 'bar', style: `width:${(100 * n) / most}%` }) : null),
  ])));
}

function showPartitions(s) {
  const known = (n) => (n < 0 ? '-' : formatCount(n));
  replaceRows('partitions', (s.partition_offsets || []).map((p) => el('tr', {}, [
    el('td', { text: p.partition }),
    el('td', { text: p.assigned ? 'yes' : 'no' }),
    el('td', { class: 'num', text: known(p.end_offset) }),
    el('td', { class: 'num', text: known(p.committed) }),
    el('td', { class: 'num', text: formatCount(p.lag) }),
  ])));
}

// A process without a pipeline (`sluice scheduler`) answers {"role", "workflows"}: the page
// keeps only its workflow section.
function showRoleOnly(s) {
  for (const section of document.querySelectorAll('[data-pipeline]')) section.hidden = true;
  setText('pipeline', `${s.role || 'process'} \u00b7 ${s.workflows ?? 0} workflows`);
  const badge = document.getElementById('health');
  badge.textContent = 'up';
  badge.className = 'badge ok';
}

let quarantineTimer = null;

async function pollStatus() {
  try {
    const s = await api('/api/v1/status');
    if (s.stored === undefined) {
      showRoleOnly(s);
      return;
    }
    if (quarantineTimer === null) {  // a pipeline: its quarantine is worth asking for
      pollQuarantine();
      quarantineTimer = setInterval(pollQuarantine, QUARANTINE_EVERY_MS);
    }
    const now = Date.now();
    showHealth(s);
    showTotals(s);
    pushCharts(s, now);
    showVerdicts(s);
    showPartitions(s);
  } catch (e) {
    const badge = document.getElementById('health');
    badge.textContent = `not reachable: ${e.message}`;
    badge.className = 'badge wait';
  }
}

function reasonList(reasons) {
  if (!Array.isArray(reasons)) return el('span', { text: String(reasons) });
  return el('div', {}, reasons.map((r) => el('div', { class: 'reason' }, [
    el('b', { text: r.rule }), ` ${r.message}`,
  ])));
}

async function pollQuarantine() {
  const note = document.getElementById('quarantine-note');
  try {
    const answer = await api(`/api/v1/quarantine?limit=${QUARANTINE_ROWS}`);
    note.textContent = answer.rows.length ? `the newest ${answer.rows.length}, newest first`
      : 'nothing quarantined yet';
    replaceRows('quarantine', answer.rows.map((r) => el('tr', {}, [
      el('td', { text: r.ingested_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }),
      el('td', { class: 'num', text: `${r.partition}/${r.offset}` }),
      el('td', {}, reasonList(r.reasons)),
      el('td', { title: r.raw, text: r.raw.length > RAW_SHOWN ? `${r.raw.slice(0, RAW_SHOWN)}...` : r.raw }),
    ])));
  } catch (e) {
    note.textContent = `cannot list the quarantine: ${e.message}`;
  }
}

export function startPipeline() {
  pollStatus();
  setInterval(pollStatus, STATUS_EVERY_MS);
}
