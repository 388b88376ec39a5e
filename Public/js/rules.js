// The project page's approval rules: listed with how often each matched (global ones too, read-only), and for
// managers changed in place (answer, pattern, dry run), removed, or added.
import { api, displayTime } from './live.js';

/** The JSON API (live.js's `api`), called as (method, path, body). */
const call = (method, path, body) => api(path, { method, body });

function describe(rule) {
  const parts = [rule.tool ? `${rule.tool}: ` : '', rule.pattern];
  return parts.join('');
}

export function setUpRules(card) {
  const projectId = card.dataset.projectId;
  const canManage = card.hasAttribute('data-can-manage');
  const list = card.querySelector('[data-rule-list]');
  const status = card.querySelector('[data-rule-status]');
  const own = `/api/v1/projects/${encodeURIComponent(projectId)}/approval-rules`;
  const say = (text) => { status.textContent = text; };

  function item(rule, global) {
    const entry = document.createElement('li');
    entry.className = 'rule';
    entry.dataset.ruleId = rule.id;
    const what = document.createElement('code');
    what.textContent = describe(rule);
    const facts = document.createElement('span');
    facts.className = 'small muted';
    const kinds = rule.agent_kinds?.length ? ` for ${rule.agent_kinds.join(', ')}` : '';
    const last = rule.last_hit_at ? `, last ${displayTime(rule.last_hit_at)}` : '';
    facts.textContent = ` ${global ? 'global, ' : ''}${kinds ? kinds.slice(1) + ', ' : ''}matched ${rule.hits}×${last}, by ${rule.created_by}`;
    const answer = document.createElement(canManage && !global ? 'select' : 'span');
    answer.className = `badge rule-${rule.answer}`;
    if (canManage && !global) {
      for (const value of ['allow', 'deny', 'ask']) answer.append(new Option(value === 'ask' ? 'always ask' : value, value, false, value === rule.answer));
      answer.setAttribute('aria-label', `Answer of rule ${rule.id}`);
      answer.addEventListener('change', () => change(rule, { answer: answer.value }));
    } else {
      answer.textContent = rule.answer;
    }
    entry.append(answer, ' ', what, facts);
    if (rule.dry_run) entry.append(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'dry run' }));
    if (canManage && !global) {
      const row = document.createElement('div');
      row.className = 'button-row';
      const dry = document.createElement('button');
      dry.type = 'button';
      dry.textContent = rule.dry_run ? 'Make it live' : 'Dry run only';
      dry.addEventListener('click', () => change(rule, { dry_run: !rule.dry_run }));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.dataset.ruleRemove = rule.id;
      remove.addEventListener('click', async () => {
        try {
          await call('DELETE', `${own}/${rule.id}`);
          say('Rule removed.');
          await load();
        } catch (error) {
          say(`Could not remove it: ${error.message}`);
        }
      });
      const edit = document.createElement('button');
      edit.type = 'button';
      edit.textContent = 'Edit pattern';
      edit.dataset.ruleEdit = rule.id;
      edit.addEventListener('click', () => editPattern(rule, what, row));
      row.append(edit, dry, remove);
      entry.append(row);
    }
    return entry;
  }

  /** Swaps the rule's pattern for a field to change it in (Enter or Save sends it; Cancel or Escape puts it back). */
  function editPattern(rule, shown, row) {
    const form = document.createElement('form');
    form.className = 'rule-pattern-form';
    form.dataset.rulePatternForm = rule.id;
    const field = Object.assign(document.createElement('input'), { name: 'pattern', value: rule.pattern, required: true, maxLength: 500 });
    field.setAttribute('aria-label', `Pattern of rule ${rule.id}`);
    const save = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Save' });
    const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Cancel' });
    const restore = () => { form.replaceWith(shown); row.hidden = false; };
    cancel.addEventListener('click', restore);
    field.addEventListener('keydown', (event) => { if (event.key === 'Escape') restore(); });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      change(rule, { pattern: field.value });
    });
    form.append(field, save, cancel);
    shown.replaceWith(form);
    row.hidden = true;
    field.focus();
  }

  async function change(rule, body) {
    try {
      await call('PATCH', `${own}/${rule.id}`, body);
      say('Rule changed.');
      await load();
    } catch (error) {
      say(`Could not change it: ${error.message}`);
    }
  }

  async function load() {
    try {
      const [mine, global] = await Promise.all([call('GET', own), call('GET', '/api/v1/approval-rules')]);
      const items = [...mine.map((rule) => item(rule, false)), ...global.map((rule) => item(rule, true))];
      if (items.length === 0) {
        const none = document.createElement('li');
        none.className = 'muted small';
        none.textContent = 'No rule yet: every question goes to a person.';
        items.push(none);
      }
      list.replaceChildren(...items);
    } catch (error) {
      say(`Could not read the rules: ${error.message}`);
    }
  }

  card.querySelector('[data-rule-form]')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const body = { pattern: data.get('pattern'), answer: data.get('answer'), dry_run: data.get('dry_run') === 'on' };
    if (data.get('tool')) body.tool = data.get('tool');
    try {
      await call('POST', own, body);
      event.target.reset();
      say('Rule added.');
      await load();
    } catch (error) {
      say(`Could not add it: ${error.message}`);
    }
  });
  load();
  return { load };
}
