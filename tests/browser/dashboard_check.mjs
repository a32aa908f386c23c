// Drives the dashboard of a running `sluice run` in Debian's headless chromium (playwright-core
// brings no browser) and checks what a person would look at. Run by tests/e2e/test_dashboard.py:
//   node dashboard_check.mjs pipeline BASE_URL OUT_DIR   the pipeline half; hidden workflows
//   node dashboard_check.mjs worker BASE_URL OUT_DIR     `sluice process --listen`: no ingest
//   node dashboard_check.mjs grid BASE_URL OUT_DIR       the workflow grid (trigger, states, log)
//   node dashboard_check.mjs scheduler BASE_URL OUT_DIR  `sluice scheduler`: the grid alone
//   node dashboard_check.mjs no-token BASE_URL OUT_DIR   opened without ?token=: the 401 message
// BASE_URL carries ?token=... as `sluice run` prints it (but for no-token); every mode checks
// that the page took it out of the address bar and kept it for this tab only.
// Exits 0 when every check passed; otherwise prints what failed and exits 1. Saves a full-page
// screenshot in OUT_DIR either way.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [mode, base, outDir] = process.argv.slice(2);
const CHROMIUM = process.env.SLUICE_CHROMIUM || '/usr/bin/chromium';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Polls `read` until `good` holds for its answer; fails with `message` and the last answer.
async function until(read, good, message, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (good(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${message} (last: ${JSON.stringify(last)})`);
}

const count = (text) => Number(String(text).replace(/,/g, ''));

// Pixels of the canvas close to the colour (r, g, b): proof that a line was drawn.
function pixelsOf(page, id, [r, g, b]) {
  return page.evaluate(([canvasId, rgb]) => {
    const canvas = document.getElementById(canvasId);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - rgb[0]) < 40 && Math.abs(data[i + 1] - rgb[1]) < 40 &&
          Math.abs(data[i + 2] - rgb[2]) < 40 && data[i + 3] > 128) n++;
    }
    return n;
  }, [id, [r, g, b]]);
}

async function checkPipeline(page, problems) {
  await until(() => page.textContent('#health'), (t) => t === 'ready', 'the health badge says ready');
  const stored0 = count(await page.textContent('#stored'));
  await until(async () => count(await page.textContent('#stored')), (n) => n > stored0,
    'the stored count moves');
  await until(async () => count(await page.textContent('#fetched')), (n) => n > 0,
    'the fetched count moves');
  // Charts: several points with a rate above zero, and lines on the canvases.
  await until(() => page.evaluate(() => window.sluiceCharts.throughput.nonZeroCounts()),
    (c) => c[0] >= 2 && c[1] >= 2 && c[2] >= 1, 'the throughput chart has moving series');
  await until(() => page.evaluate(() => window.sluiceCharts.latency.nonZeroCounts()),
    (c) => c[0] >= 2 && c[1] >= 2, 'the latency chart has p50 and p99 points');
  check(await pixelsOf(page, 'throughput-chart', [46, 125, 50]) > 30,
    'the throughput chart drew the stored line');
  check(await pixelsOf(page, 'latency-chart', [239, 108, 0]) > 30,
    'the latency chart drew the p99 line');
  check(/ms$/.test(await page.textContent('#p99')), 'the p99 card shows milliseconds');
  await until(() => page.textContent('#unstored'), (t) => /^[\d,]+$/.test(t),
    'sluice run shows its unstored records (published, not yet stored) as a count');
  check(await page.isVisible('#unstored'), 'the unstored card is shown for sluice run');

  // Quarantine: rows with a position and reasons naming rules.
  const rules = await until(() => page.$$eval('#quarantine .reason b', (bs) => bs.map((b) => b.textContent)),
    (r) => r.length > 0, 'the quarantine table shows reasons');
  const known = new Set(['required', 'data_types', 'email_format', 'date_format', 'gender_values',
    'username_length', 'username_unique', 'parse', 'key']);
  check(rules.every((r) => known.has(r)), `quarantine reasons name rules: ${rules}`);
  const positions = await page.$$eval('#quarantine tr td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
  check(positions.every((p) => /^\d+\/\d+$/.test(p)), `quarantine positions: ${positions}`);

  // Failed rules and verdicts.
  const ruleRows = await page.$$eval('#rules tr', (trs) => trs.length);
  check(ruleRows === 7, `the failed-rules table lists the 7 rules (got ${ruleRows})`);
  check((await page.textContent('#verdicts')).includes('quarantined'), 'the verdict bar shows quarantined');

  // Partitions: every partition of the log, held, with known offsets once data went through.
  const parts = await until(() => page.$$eval('#partitions tr', (trs) => trs.map((tr) =>
    [...tr.children].map((td) => td.textContent))),
  (rows) => rows.length === 4 && rows.every((r) => r[1] === 'yes' && r[2] !== '-' && r[3] !== '-'),
  'the partitions table lists 4 held partitions with end and committed offsets');
  for (const [p, , end, committed] of parts) {
    check(count(end) >= count(committed), `partition ${p}: end ${end} >= committed ${committed}`);
  }
  check(await page.isHidden('#workflows'), 'the workflow section is hidden without workflows');
}

// A cluster worker (`sluice process --listen`) after a finished ingest: its counts, its
// partitions and quarantine, and no ingest card.
async function checkWorker(page) {
  await until(() => page.textContent('#health'), (t) => t === 'ready', 'the health badge says ready');
  await until(async () => count(await page.textContent('#stored')), (n) => n > 0,
    'the worker shows what it stored');
  check(await page.isHidden('#fetched'), 'a worker without ingest hides the fetched card');
  check(await page.isHidden('#unstored'), 'a worker, which publishes nothing, hides the unstored card');
  await until(() => page.$$eval('#quarantine .reason b', (bs) => bs.length), (n) => n > 0,
    'the worker shows quarantined records with reasons');
  await until(() => page.$$eval('#partitions tr', (trs) => trs.map((tr) => tr.children[1].textContent)),
    (held) => held.length === 4 && held.every((h) => h === 'yes'), 'the worker holds the 4 partitions');
  check(await page.isHidden('#workflows'), 'a worker shows no workflow section');
}

// `sluice scheduler` has no pipeline: only the workflow section shows, and the page asks for no
// pipeline data (a quarantine request would be a 404 on the console).
async function checkScheduler(page) {
  await until(() => page.textContent('#pipeline'), (t) => t.startsWith('scheduler'),
    'the header names the scheduler');
  await until(() => page.isVisible('[data-workflow="manual"]'), (v) => v, 'the workflow shows');
  const shown = await page.$$eval('[data-pipeline]', (ss) => ss.filter((s) => s.offsetParent !== null).length);
  check(shown === 0, `no pipeline section shows on a scheduler (${shown} do)`);
  await page.waitForTimeout(3500);  // a quarantine poll would have happened by now
}

async function cellStates(page, workflow) {
  return page.$$eval(`[data-workflow="${workflow}"] .cell`, (cells) =>
    cells.map((c) => `${c.dataset.run}|${c.dataset.task}|${c.dataset.state}`));
}

async function checkGrid(page) {
  await until(() => page.isVisible('#workflows'), (v) => v, 'the workflow section shows');
  const wf = 'manual';
  const block = `[data-workflow="${wf}"]`;
  await page.waitForSelector(block);
  const before = await cellStates(page, wf);
  check(before.length === 0, `no runs before the trigger (cells: ${before})`);
  await page.click(`${block} [data-action="trigger"]`);
  // The run's cells appear, then turn green once every task succeeded.
  const seen = new Set();
  const states = await until(async () => {
    const s = await cellStates(page, wf);
    s.forEach((c) => seen.add(c.split('|')[2]));
    return s;
  }, (s) => s.length === 2 && s.every((c) => c.endsWith('|success')),
  'the triggered run shows both tasks as success');
  check(seen.size >= 2, `the cells changed state on the way (saw ${[...seen]})`);
  const colour = await page.$eval(`${block} .cell`, (c) => getComputedStyle(c).backgroundColor);
  check(colour === 'rgb(0, 128, 0)', `a success cell is green (got ${colour})`);
  const [runId, task] = states.find((c) => c.split('|')[1] === 'say').split('|');
  await page.click(`${block} .cell[data-run="${runId}"][data-task="${task}"]`);
  const log = await until(() => page.textContent('#task-detail pre.log').catch(() => ''),
    (t) => t.includes('hello from the grid'), 'the task log shows the task output');
  check(log.includes(runId), 'the log names the run (the task echoes it)');
  // Clear the task: it runs again, its attempt count goes to 2.
  await page.click('#task-detail [data-action="clear"]');
  await until(() => page.$$eval('#task-detail dd', (dds) => dds.map((d) => d.textContent)),
    (dd) => dd[4] === '2' && dd[3] === 'success', 'a cleared task runs a second attempt', 30000);
  await until(() => page.textContent('#task-detail h2:last-of-type'), (t) => t.endsWith('attempt 2'),
    'the detail follows the latest attempt\'s log');
  await page.click('#task-detail [data-attempt="1"]');
  await until(() => page.textContent('#task-detail h2:last-of-type'), (t) => t.endsWith('attempt 1'),
    'an earlier attempt\'s log can be picked');
  // Pause shows as paused.
  await page.click(`${block} [data-action="pause"]`);
  await until(() => page.textContent(`${block} .workflow-head .sub`), (t) => t.includes('paused'),
    'pausing shows the workflow as paused');
}

// The token left the address bar (history.replaceState) and lives in sessionStorage.
async function checkTokenTaken(page) {
  const token = new URL(base).searchParams.get('token');
  check(!page.url().includes('token='), `the address bar still shows the token: ${page.url()}`);
  const kept = await page.evaluate(() => sessionStorage.getItem('sluice.api_token'));
  check(kept === token, 'the page keeps the token in sessionStorage');
  check(await page.isHidden('#auth-error'), 'no authorization error is shown');
}

// Without a token every API call is refused: the page says what to do, and nothing else moves.
async function checkNoToken(page) {
  await until(() => page.isVisible('#auth-error'), (v) => v, 'the 401 message is shown');
  const text = await page.textContent('#auth-error');
  check(text.includes('?token='), `the 401 message tells where the token goes: ${text}`);
  check(await page.textContent('#stored') === '-', 'no numbers without the token');
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The one expected failure: the workflow list answers 404 in a process without workflows,
    // which is how the page learns to hide the grid.
    const where = msg.location().url || '';
    if ((mode === 'pipeline' || mode === 'worker') && where.endsWith('/api/v1/workflows') && msg.text().includes('404')) {
      return;
    }
    // Without a token, the browser reports each refused call (the test is about those).
    if (mode === 'no-token' && msg.text().includes('401')) return;
    consoleErrors.push(`${msg.text()} ${where}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()}`));
  let failure = null;
  try {
    await page.goto(base, { waitUntil: 'load' });
    if (mode === 'no-token') await checkNoToken(page);
    else await checkTokenTaken(page);
    if (mode === 'no-token') { /* nothing more: the page cannot read the API */ }
    else if (mode === 'grid') await checkGrid(page);
    else if (mode === 'worker') await checkWorker(page);
    else if (mode === 'scheduler') await checkScheduler(page);
    else await checkPipeline(page);
  } catch (e) {
    failure = e;
  }
  const shot = path.join(outDir, `dashboard-${mode}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  await browser.close();
  if (!failure && consoleErrors.length) failure = new Error(`console errors: ${consoleErrors.join('; ')}`);
  if (failure) {
    console.error(`dashboard check (${mode}) failed: ${failure.message}\nscreenshot: ${shot}`);
    process.exit(1);
  }
  console.log(`dashboard check (${mode}) passed; screenshot: ${shot}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
