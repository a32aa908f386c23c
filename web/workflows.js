// The workflow half of the dashboard: for each workflow a grid of runs (columns, oldest on the
// left) by tasks (rows), each cell coloured by the task instance's state as Airflow's grid
// view does; a click on a cell shows the instance and its attempt logs. Trigger, pause/unpause
// and clear go through the workflow REST API (/api/v1/workflows...). The section stays hidden
// when this process serves no workflows (the API answers 404).
import { api, el } from './dom.js';

const REFRESH_EVERY_MS = 3000;
const RUNS_SHOWN = 15;
const STATES = ['success', 'failed', 'running', 'queued', 'up_for_retry', 'upstream_failed',
  'skipped', 'none'];

const section = document.getElementById('workflows');
const list = document.getElementById('workflow-list');
const detail = document.getElementById('task-detail');
const errorLine = document.getElementById('workflows-error');
let selected = null;  // {workflow, runId, task, attempt}
const enc = encodeURIComponent;

// The first of these fields the object has (the API's names, with room for a renamed field).
function pick(obj, ...names) {
  for (const n of names) if (obj && obj[n] !== undefined) return obj[n];
  return undefined;
}
const taskName = (t) => (typeof t === 'string' ? t : pick(t, 'task_id', 'task', 'name'));
const runsPath = (w) => `/api/v1/workflows/${enc(w)}/runs`;

function showError(e) {
  errorLine.textContent = e ? e.message : '';
}

async function act(what) {
  try {
    showError(null);
    await what();
  } catch (e) {
    showError(e);
  }
  await refresh();
}

function legend() {
  return el('div', { class: 'legend' }, STATES.map((s) => el('span', {}, [
    el('i', { 'data-state': s }), s,
  ])));
}

function gridFor(workflow, runs) {
  const name = pick(workflow, 'name', 'workflow_id');
  const tasks = (pick(workflow, 'tasks') || []).map(taskName);
  for (const run of runs) {
    for (const ti of run.instances) {
      if (!tasks.includes(taskName(ti))) tasks.push(taskName(ti));
    }
  }
  const head = el('tr', {}, [el('th', {}), ...runs.map((run) => el('th', { class: 'run' },
    el('span', {
      class: 'run-bar', 'data-state': run.state, title: `${run.run_id}: ${run.state}`,
      'data-run': run.run_id,
    })))]);
  const rows = tasks.map((task) => el('tr', {}, [
    el('th', { class: 'task', text: task }),
    ...runs.map((run) => {
      const ti = run.instances.find((i) => taskName(i) === task);
      const state = ti ? pick(ti, 'state') || 'none' : 'none';
      const isSelected = selected && selected.workflow === name && selected.runId === run.run_id &&
        selected.task === task;
      return el('td', {}, el('button', {
        class: `cell${isSelected ? ' selected' : ''}`, 'data-state': state, 'data-task': task,
        'data-run': run.run_id, title: `${task} in ${run.run_id}: ${state}`,
        'aria-label': `${task} in ${run.run_id}: ${state}`,
        onclick: () => select({ workflow: name, runId: run.run_id, task }),
      }));
    }),
  ]));
  return el('table', { class: 'grid' }, [el('thead', {}, head), el('tbody', {}, rows)]);
}

function workflowBlock(workflow, runs) {
  const name = pick(workflow, 'name', 'workflow_id');
  const paused = Boolean(pick(workflow, 'is_paused', 'paused'));
  const schedule = pick(workflow, 'schedule', 'schedule_interval');
  return el('div', { class: 'workflow', 'data-workflow': name }, [
    el('div', { class: 'workflow-head' }, [
      el('span', { class: 'name', text: name }),
      el('span', { class: 'sub', text: `${schedule || ''}${paused ? ' \u00b7 paused' : ''}` }),
      el('button', {
        'data-action': 'trigger', text: 'Trigger',
        onclick: () => act(() => api(runsPath(name), { method: 'POST', body: {} })),
      }),
      el('button', {
        'data-action': 'pause', text: paused ? 'Unpause' : 'Pause',
        onclick: () => act(() => api(`/api/v1/workflows/${enc(name)}`,
          { method: 'PATCH', body: { is_paused: !paused } })),
      }),
    ]),
    runs.length ? gridFor(workflow, runs) : el('p', { class: 'note', text: 'no runs yet' }),
  ]);
}

async function loadRuns(name) {
  const answer = await api(`${runsPath(name)}?limit=${RUNS_SHOWN}`);
  const runs = (pick(answer, 'runs', 'workflow_runs') || []).slice().reverse();
  await Promise.all(runs.map(async (run) => {
    const tasks = await api(`${runsPath(name)}/${enc(run.run_id)}/tasks`);
    run.instances = pick(tasks, 'task_instances', 'tasks') || [];
  }));
  return runs;
}

async function showDetail() {
  if (!selected) {
    detail.hidden = true;
    return;
  }
  const { workflow, runId, task } = selected;
  const base = `${runsPath(workflow)}/${enc(runId)}`;
  // The instance with the attempts that have a log: an attempt counted but not started yet
  // (just cleared, or claimed a moment ago) has none to ask for.
  let ti;
  try {
    ti = await api(`${base}/tasks/${enc(task)}`);
  } catch (e) {
    detail.replaceChildren(el('p', { class: 'err', text: `${task} in ${runId}: ${e.message}` }));
    detail.hidden = false;
    return;
  }
  const tries = Number(pick(ti, 'try_number') || 0);
  const logged = (pick(ti, 'log_attempts') || []).map(Number).sort((a, b) => a - b);
  const latest = logged.length ? logged[logged.length - 1] : 0;
  // The latest logged attempt unless the user picked one (a retry or a clear adds attempts).
  if (!selected.attemptChosen || !logged.includes(selected.attempt)) selected.attempt = latest;
  const fields = [['workflow', workflow], ['run', runId], ['task', task],
    ['state', pick(ti, 'state')], ['attempts', tries], ['started', pick(ti, 'start_date')],
    ['ended', pick(ti, 'end_date')], ['duration (s)', pick(ti, 'duration')]];
  let log = el('p', { class: 'note', text: 'no attempt has a log yet' });
  if (latest > 0) {
    try {
      const answer = await api(`${base}/tasks/${enc(task)}/logs/${selected.attempt}`);
      log = el('pre', { class: 'log', text: pick(answer, 'content') || '(empty log)' });
    } catch (e) {
      log = el('p', { class: 'err', text: `log: ${e.message}` });
    }
  }
  const downstream = el('input', { type: 'checkbox', id: 'clear-downstream' });
  detail.replaceChildren(
    el('h2', { text: `${task} \u00b7 ${runId}` }),
    el('dl', {}, fields.flatMap(([k, v]) => [el('dt', { text: k }),
      el('dd', { text: v === undefined || v === null ? '-' : String(v) })])),
    el('div', { class: 'workflow-head' }, [
      el('button', {
        'data-action': 'clear', text: 'Clear',
        onclick: () => act(() => api(`${base}/clear`,
          { method: 'POST', body: { tasks: [task], downstream: downstream.checked } })),
      }),
      el('label', {}, [downstream, ' and downstream']),
      logged.length > 1 ? el('span', {}, ['attempt ', ...logged.map((n) => el('button', {
        'data-attempt': n, text: String(n), disabled: selected.attempt === n,
        onclick: () => { Object.assign(selected, { attempt: n, attemptChosen: true }); showDetail(); },
      }))]) : null,
    ]),
    el('h2', { text: `log of attempt ${selected.attempt || '-'}` }), log,
  );
  detail.hidden = false;
}

function select(cell) {
  selected = { ...cell, attempt: 0, attemptChosen: false };
  refresh();
}

let refreshing = false;
let timer = null;
async function refresh() {
  if (refreshing) return;
  refreshing = true;
  try {
    const answer = await api('/api/v1/workflows');
    const workflows = pick(answer, 'workflows') || [];
    const blocks = await Promise.all(workflows.map(async (w) => workflowBlock(w,
      await loadRuns(pick(w, 'name', 'workflow_id')))));
    list.replaceChildren(legend(), ...blocks);
    section.hidden = workflows.length === 0;
    await showDetail();
  } catch (e) {
    // 404 from the list: this process runs no workflows (or has no workflow API), and will not
    // start to without a restart: hide the section and stop asking.
    if (e.status === 404 && !selected) {
      section.hidden = true;
      clearInterval(timer);
    } else {
      showError(e);
    }
  } finally {
    refreshing = false;
  }
}

export function startWorkflows() {
  timer = setInterval(refresh, REFRESH_EVERY_MS);
  refresh();
}
