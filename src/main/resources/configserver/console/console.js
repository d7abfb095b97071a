// The config server's web console: one page over the REST API (/api/v1, docs/fleet.md).
// The admin token is typed in once, kept in this tab's sessionStorage (gone when the tab closes)
// and sent only as the Authorization header, never in a URL. Everything the server sends is put
// in the page as text (textContent), never as HTML: config YAML, agent attributes and status
// messages come from users and agents.
'use strict';

const TOKEN_KEY = 'logcamel.adminToken';
const REFRESH_MS = 3000;

const $ = (selector, root = document) => root.querySelector(selector);
/** A form's control by name (not form.name: a control could hide the form's own properties). */
const field = (form, name) => form.elements.namedItem(name);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') {
      node.addEventListener('click', value);
    } else {
      node.setAttribute(name, value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function show(text, isError = false) {
  const message = $('#message');
  message.textContent = text;
  message.classList.toggle('error', isError);
  message.hidden = false;
}

// ---- the REST API ---------------------------------------------------------------------------

class Unauthorized extends Error {}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('/api/v1' + path, {
    method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = {};
  try {
    data = await response.json();
  } catch (e) {
    // a body that is not JSON: the status says enough
  }
  if (response.status === 401) {
    signOut('The admin token was not accepted; sign in again.');
    throw new Unauthorized();
  }
  if (!response.ok) {
    throw new Error(data.error || method + ' ' + path + ': HTTP ' + response.status);
  }
  return data;
}

const seg = encodeURIComponent;

/** Runs an action of a button or form; its error goes to the message line. */
async function attempt(action) {
  try {
    await action();
  } catch (e) {
    if (!(e instanceof Unauthorized)) {
      show(e.message, true);
    }
  }
}

// ---- formatting -----------------------------------------------------------------------------

function splitList(text) {
  return text.split(/[\s,]+/).filter((s) => s.length > 0);
}

function parseTags(text) {
  const tags = {};
  for (const pair of splitList(text)) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new Error('Tags: "' + pair + '" is not key=value');
    }
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return tags;
}

function formatTags(tags) {
  return Object.entries(tags || {}).map(([k, v]) => k + '=' + v).join(', ');
}

function time(millis) {
  return millis ? new Date(millis).toLocaleString() : '—';
}

function age(millis) {
  if (!millis) {
    return '';
  }
  const seconds = Math.max(0, Math.round((Date.now() - millis) / 1000));
  return seconds < 120 ? seconds + ' s ago' : Math.round(seconds / 60) + ' min ago';
}

function selectorSummary(selector) {
  const parts = [];
  if (selector.ips.length) parts.push('IPs ' + selector.ips.join(', '));
  if (selector.cidrs.length) parts.push('CIDR ' + selector.cidrs.join(', '));
  if (selector.ids.length) parts.push('ids ' + selector.ids.join(', '));
  if (Object.keys(selector.tags).length) parts.push('tags ' + formatTags(selector.tags));
  return parts.length ? parts.join('; ') : '(selects nobody)';
}

/** One line per config of an agent: name, version, status and the message of a failure. */
function configStatuses(configs) {
  const entries = Object.entries(configs || {});
  if (entries.length === 0) {
    return '—';
  }
  return el('ul', { class: 'statuses' }, entries.map(([name, c]) =>
    el('li', { 'data-config': name, 'data-status': c.status },
      name + ' v' + c.version + ' ', el('span', { class: 'status status-' + c.status }, c.status),
      c.message ? el('span', { class: 'status-message' }, ' ' + c.message) : null)));
}

function onlineCell(agent) {
  return el('span', { class: agent.online ? 'online' : 'offline' }, agent.online ? 'online' : 'offline');
}

/** Replaces a select's options, keeping what was selected when it is still there. */
function fillSelect(select, values, label = (v) => v, preferred = []) {
  const kept = new Set([...select.selectedOptions].map((o) => o.value));
  const wanted = kept.size ? kept : new Set(preferred.map(String));
  select.replaceChildren(...values.map((v) => {
    const option = el('option', { value: String(v) }, label(v));
    option.selected = wanted.has(String(v));
    return option;
  }));
}

// ---- line diff (longest common subsequence over lines) --------------------------------------

function diffLines(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const out = a.slice(0, start).map((line) => [' ', line]);
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > 4000000) {
    // too large to align line by line in a page: all old lines out, all new lines in
    x.forEach((line) => out.push(['-', line]));
    y.forEach((line) => out.push(['+', line]));
  } else {
    const w = y.length + 1;
    const lcs = new Int32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        out.push([' ', x[i++]]); j++;
      } else if (j < y.length && (i === x.length || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
        out.push(['+', y[j++]]);
      } else {
        out.push(['-', x[i++]]);
      }
    }
  }
  a.slice(endA).forEach((line) => out.push([' ', line]));
  return out;
}

// ---- views ----------------------------------------------------------------------------------

const state = { tab: 'agents', group: null, config: null, groups: [] };

async function loadAgents() {
  const agents = await api('GET', '/agents');
  $('#agent-rows').replaceChildren(...agents.map((a) => el('tr', { 'data-instance': a.instanceId },
    el('td', { class: 'mono' }, a.instanceId), el('td', {}, a.ip), el('td', {}, a.hostname),
    el('td', {}, onlineCell(a)), el('td', {}, time(a.lastHeartbeat), el('br'), age(a.lastHeartbeat)),
    el('td', {}, a.groups.join(', ')),
    el('td', { class: 'mono' }, Object.entries(a.attributes || {}).map(([k, v]) =>
      el('div', {}, k + '=' + (typeof v === 'string' ? v : JSON.stringify(v))))),
    el('td', {}, configStatuses(a.configs)))));
}

async function loadGroups() {
  state.groups = await api('GET', '/groups');
  $('#group-rows').replaceChildren(...state.groups.map((g) => el('tr', { 'data-group': g.name },
    el('td', {}, g.name), el('td', {}, g.description || ''), el('td', {}, selectorSummary(g.selector)),
    el('td', { class: 'actions' },
      el('button', { type: 'button', onclick: () => editGroup(g) }, 'Edit'),
      el('button', { type: 'button', onclick: () => attempt(() => openGroup(g.name)) }, 'Agents'),
      el('button', { type: 'button', onclick: () => attempt(() => deleteGroup(g.name)) }, 'Delete')))));
  if (state.group) {
    await loadGroupAgents();
  }
}

function editGroup(g) {
  const form = $('#group-form');
  field(form, 'name').value = g.name;
  field(form, 'description').value = g.description || '';
  field(form, 'ips').value = g.selector.ips.join(', ');
  field(form, 'cidrs').value = g.selector.cidrs.join(', ');
  field(form, 'ids').value = g.selector.ids.join(', ');
  field(form, 'tags').value = formatTags(g.selector.tags);
}

async function openGroup(name) {
  state.group = name;
  await loadGroupAgents();
}

async function loadGroupAgents() {
  const agents = await api('GET', '/groups/' + seg(state.group) + '/agents');
  $('#group-detail-name').textContent = state.group;
  $('#group-agent-rows').replaceChildren(...agents.map((a) => el('tr', { 'data-instance': a.instanceId },
    el('td', { class: 'mono' }, a.instanceId), el('td', {}, a.ip), el('td', {}, onlineCell(a)),
    el('td', {}, configStatuses(a.configs)))));
  $('#group-detail').hidden = false;
}

async function deleteGroup(name) {
  if (!confirm('Delete machine group ' + name + '? Its agents remove the configs applied through it.')) {
    return;
  }
  await api('DELETE', '/groups/' + seg(name));
  if (state.group === name) {
    state.group = null;
    $('#group-detail').hidden = true;
  }
  show('Group ' + name + ' deleted.');
  await loadGroups();
}

async function saveGroup(event) {
  event.preventDefault();
  const form = event.target;
  const name = field(form, 'name').value.trim();
  await api('PUT', '/groups/' + seg(name), {
    description: field(form, 'description').value, ips: splitList(field(form, 'ips').value), cidrs: splitList(field(form, 'cidrs').value),
    ids: splitList(field(form, 'ids').value), tags: parseTags(field(form, 'tags').value),
  });
  show('Group ' + name + ' saved.');
  await loadGroups();
}

async function loadConfigs() {
  const configs = await api('GET', '/configs');
  $('#config-rows').replaceChildren(...configs.map((c) => el('tr', { 'data-config': c.name },
    el('td', {}, c.name), el('td', {}, 'v' + c.latestVersion),
    el('td', { class: 'actions' },
      el('button', { type: 'button', onclick: () => attempt(() => openConfig(c.name, true)) }, 'Open')))));
  if (state.config) {
    await loadConfigDetail(false);
  }
}

async function openConfig(name, intoEditor) {
  if (state.config !== name) {
    // another config: its versions, not the selections made for the last one
    document.querySelectorAll('#rollout-form select, #diff-form select').forEach((select) => select.replaceChildren());
  }
  state.config = name;
  await loadConfigDetail(intoEditor);
}

async function loadConfigDetail(intoEditor) {
  const name = state.config;
  const [config, groups] = await Promise.all([api('GET', '/configs/' + seg(name)), api('GET', '/groups')]);
  state.groups = groups;
  const versions = config.versions.map((v) => v.version);
  $('#config-detail-name').textContent = name + ' (latest v' + config.latestVersion + ')';
  $('#assignment-rows').replaceChildren(...config.assignments.map((a) => el('tr', { 'data-group': a.group },
    el('td', {}, a.group), el('td', {}, 'v' + a.stableVersion),
    el('td', {}, a.canaryVersion ? 'v' + a.canaryVersion + ' to ' + a.canaryPercent + ' %' : '—'),
    el('td', {}, a.note || ''),
    el('td', { class: 'actions' }, el('button', { type: 'button', onclick: () => attempt(() => unassign(name, a.group)) },
      'Unassign')))));
  const rollout = $('#rollout-form');
  fillSelect(field(rollout, 'groups'), state.groups.map((g) => g.name));
  fillSelect(field(rollout, 'version'), [...versions].reverse(), (v) => 'v' + v, [config.latestVersion]);
  $('#version-rows').replaceChildren(...[...config.versions].reverse().map((v) => el('tr', { 'data-version': v.version },
    el('td', {}, 'v' + v.version), el('td', {}, time(v.createdAt)), el('td', {}, v.description || ''),
    el('td', { class: 'actions' },
      el('button', { type: 'button', onclick: () => toEditor(name, v) }, 'Edit from this')))));
  const diff = $('#diff-form');
  fillSelect(field(diff, 'from'), versions, (v) => 'v' + v, [Math.max(1, config.latestVersion - 1)]);
  fillSelect(field(diff, 'to'), versions, (v) => 'v' + v, [config.latestVersion]);
  if (intoEditor) {
    toEditor(name, config.versions[config.versions.length - 1]);
    $('#diff').hidden = true;
  }
  $('#config-detail').hidden = false;
}

function toEditor(name, version) {
  const form = $('#config-form');
  field(form, 'name').value = name;
  field(form, 'description').value = version.description || '';
  field(form, 'yaml').value = version.yaml;
}

async function saveConfig(event) {
  event.preventDefault();
  const form = event.target;
  const name = field(form, 'name').value.trim();
  const saved = await api('PUT', '/configs/' + seg(name), { yaml: field(form, 'yaml').value, description: field(form, 'description').value });
  show('Config ' + name + ' saved as version ' + saved.version + '.');
  state.config = name;
  await loadConfigs();
}

async function unassign(name, group) {
  await api('DELETE', '/configs/' + seg(name) + '/groups/' + seg(group));
  show('Config ' + name + ' unassigned from ' + group + '.');
  await loadConfigDetail(false);
}

async function rollout(action) {
  const form = $('#rollout-form');
  const name = state.config;
  const groups = [...field(form, 'groups').selectedOptions].map((o) => o.value);
  const version = Number(field(form, 'version').value);
  const path = '/configs/' + seg(name) + '/';
  if (action === 'apply') {
    await api('POST', path + 'apply', { groups, version });
    show('Config ' + name + ' v' + version + ' applied to ' + groups.join(', ') + '.');
  } else if (action === 'canary') {
    const percent = Number(field(form, 'percent').value);
    await api('POST', path + 'canary', { groups, version, percent });
    show('Canary of ' + name + ' v' + version + ' to ' + percent + ' % of ' + groups.join(', ') + '.');
  } else if (action === 'promote') {
    await api('POST', path + 'promote', {});
    show('Canary of ' + name + ' promoted.');
  } else if (action === 'end-canary') {
    await api('POST', path + 'rollback', {});
    show('Canary of ' + name + ' rolled back.');
  } else if (action === 'rollback') {
    await api('POST', path + 'rollback', { version });
    show('Every group of ' + name + ' rolled back to v' + version + '.');
  }
  await loadConfigDetail(false);
}

async function showDiff(event) {
  event.preventDefault();
  const form = event.target;
  const name = state.config;
  const [from, to] = await Promise.all([field(form, 'from').value, field(form, 'to').value].map((v) =>
    api('GET', '/configs/' + seg(name) + '/versions/' + seg(v))));
  const lines = diffLines(from.yaml.split('\n'), to.yaml.split('\n'));
  const pre = $('#diff');
  pre.replaceChildren(el('div', { class: 'diff-head' }, '--- v' + from.version + '\n+++ v' + to.version),
    ...lines.map(([mark, line]) => el('div', { class: mark === '+' ? 'added' : mark === '-' ? 'removed' : 'same' },
      mark + ' ' + line)));
  pre.hidden = false;
}

// ---- tabs, sign-in, refresh -----------------------------------------------------------------

const loaders = { agents: loadAgents, groups: loadGroups, configs: loadConfigs };

async function openTab(tab) {
  state.tab = tab;
  for (const section of document.querySelectorAll('.tab')) {
    section.hidden = section.id !== tab;
  }
  for (const button of document.querySelectorAll('#tabs button')) {
    button.classList.toggle('active', button.dataset.tab === tab);
  }
  await loaders[tab]();
}

function signedIn() {
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#tabs').hidden = false;
  $('#sign-out').hidden = false;
  return attempt(() => openTab(state.tab));
}

function signOut(text) {
  sessionStorage.removeItem(TOKEN_KEY);
  $('#app').hidden = true;
  $('#tabs').hidden = true;
  $('#sign-out').hidden = true;
  $('#login').hidden = false;
  $('#token').value = '';
  if (text) {
    show(text, true);
  } else {
    $('#message').hidden = true;
  }
}

let refreshing = false;

async function refresh() {
  if (refreshing || !sessionStorage.getItem(TOKEN_KEY) || document.hidden) {
    return;
  }
  refreshing = true;
  try {
    await loaders[state.tab]();
  } catch (e) {
    // a failed refresh is tried again in a moment; actions report their own errors
  } finally {
    refreshing = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('#login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
    $('#token').value = '';
    $('#message').hidden = true;
    signedIn();
  });
  $('#sign-out').addEventListener('click', () => signOut());
  for (const button of document.querySelectorAll('#tabs button')) {
    button.addEventListener('click', () => attempt(() => openTab(button.dataset.tab)));
  }
  for (const button of document.querySelectorAll('.refresh')) {
    button.addEventListener('click', () => attempt(() => loaders[state.tab]()));
  }
  $('#group-form').addEventListener('submit', (event) => attempt(() => saveGroup(event)));
  $('#config-form').addEventListener('submit', (event) => attempt(() => saveConfig(event)));
  $('#diff-form').addEventListener('submit', (event) => attempt(() => showDiff(event)));
  for (const button of document.querySelectorAll('#rollout-form button')) {
    button.addEventListener('click', () => attempt(() => rollout(button.dataset.action)));
  }
  if (sessionStorage.getItem(TOKEN_KEY)) {
    signedIn();
  }
  setInterval(refresh, REFRESH_MS);
});
