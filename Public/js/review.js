// The diff viewer's review (/projects/{id}?diff={agent}#diff). A manager comments on lines of the agent's diff (a click
// on a line, or Enter on it), the comments gather in the Review panel with an optional summary, and "Send review" posts
// them to the reviews API as one review, which reaches the agent as one message. Until it is sent the draft is kept in
// sessionStorage, so a reload (or the git panel being re-rendered when the agent commits) keeps it. Everyone who can
// see the diff sees the agent's reviews listed under it.
import { api, ApiError, displayTime } from './live.js';

const page = document.querySelector('[data-project-page]');
const LINE = '[data-path][data-line][data-side]';

/** The draft's key in sessionStorage: one draft per project and agent. */
function draftKey(projectId, agent) {
  return `orchestrator-review:${projectId}:${agent}`;
}

function loadDraft(key) {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(key) ?? 'null');
    if (stored && Array.isArray(stored.comments)) {
      return {
        comments: stored.comments.filter((comment) => comment && typeof comment.path === 'string' && Number.isInteger(comment.line)
          && ['new', 'old'].includes(comment.side) && typeof comment.body === 'string'),
        summary: typeof stored.summary === 'string' ? stored.summary : '',
        open: stored.open && typeof stored.open.path === 'string' ? stored.open : null,
      };
    }
  } catch {
    // Storage is off, or holds something else: start empty.
  }
  return { comments: [], summary: '', open: null };
}

function saveDraft(key, draft) {
  try {
    if (draft.comments.length === 0 && !draft.summary.trim() && !draft.open) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage is full or off: the draft lives as long as the page.
  }
}

function sameLine(a, b) {
  return a.path === b.path && a.side === b.side && Number(a.line) === Number(b.line);
}

function lineLabel({ path, line, side }) {
  return `${path}:${line}${side === 'old' ? ' (old)' : ''}`;
}

function element(tag, { className, text, attributes = {} } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The reviews of `agent`, newest first, under the diff. */
async function showReviews(section, projectId, agent) {
  const box = section.querySelector('[data-reviews]');
  const list = box?.querySelector('[data-review-list]');
  if (!list) return;
  let reviews;
  try {
    reviews = await api(`/api/v1/projects/${encodeURIComponent(projectId)}/reviews?agent=${encodeURIComponent(agent)}`);
  } catch {
    return; // the list is an extra: without it the diff still works
  }
  if (!Array.isArray(reviews)) return;
  list.replaceChildren(...reviews.map((review) => {
    const comments = Array.isArray(review.comments) ? review.comments : [];
    const time = element('time', { text: displayTime(review.created_at), attributes: { datetime: review.created_at ?? '' } });
    const head = element('div', { className: 'review-item-head small' }, [
      time, ' ',
      element('strong', { text: review.author ?? '' }), ' ',
      element('span', { text: plural(comments.length, 'comment'), attributes: { 'data-field': 'count' } }), ' ',
      element('span', { className: `badge review-state review-${review.state}`, text: review.state ?? '', attributes: { 'data-field': 'state' } }),
    ]);
    const details = element('details', { className: 'review-item-comments' }, [
      element('summary', { text: 'Comments' }),
      ...(review.summary ? [element('p', { className: 'small', text: review.summary })] : []),
      element('ul', {}, comments.map((comment) => element('li', { className: 'small' }, [
        element('code', { text: lineLabel(comment) }), ' ', comment.body ?? '',
      ]))),
    ]);
    return element('li', { className: 'review-item', attributes: { 'data-review-id': String(review.id) } }, [head, details]);
  }));
  box.querySelector('[data-reviews-empty]').hidden = reviews.length > 0;
  box.hidden = false;
}

/** Comment controls for managers: the lines of the diff, the inline form, the Review panel and sending it. */
function reviewControls(section, projectId, agent, onSent) {
  const pre = section.querySelector('pre.diff');
  const panel = section.querySelector('[data-review-draft]');
  if (!pre || !panel) return;
  const key = draftKey(projectId, agent);
  let draft = loadDraft(key);
  /** Messages from the last refused send: by comment (its place in the sent list) and for the summary or the whole. */
  let refusal = null;
  let sending = false;

  const lines = [...pre.querySelectorAll(LINE)];
  const place = new Map(lines.map((line, index) => [line, index]));
  const list = panel.querySelector('[data-review-comments]');
  const summary = panel.querySelector('[data-review-summary]');
  const send = panel.querySelector('[data-review-send]');
  const status = panel.querySelector('[data-review-status]');
  const summaryError = panel.querySelector('[data-review-error="summary"]');
  const generalError = panel.querySelector('[data-review-error="general"]');

  const lineFor = (target) => lines.find((line) => sameLine(target, {
    path: line.dataset.path, line: Number(line.dataset.line), side: line.dataset.side,
  })) ?? null;
  const targetOf = (line) => ({ path: line.dataset.path, line: Number(line.dataset.line), side: line.dataset.side });
  /** The comments in the diff's order (those whose line the diff no longer shows last), as they are sent. */
  const ordered = () => draft.comments
    .map((comment, index) => ({ comment, index, at: place.get(lineFor(comment)) ?? lines.length + index }))
    .sort((a, b) => a.at - b.at)
    .map(({ comment }) => comment);

  // Lines take the keyboard one at a time (arrow keys move between them), so the diff is one stop for Tab.
  pre.classList.add('is-reviewable');
  for (const line of lines) {
    line.tabIndex = -1;
    line.setAttribute('role', 'button');
    line.setAttribute('aria-describedby', 'review-hint');
  }
  if (lines[0]) lines[0].tabIndex = 0;
  function focusLine(line) {
    for (const other of lines) if (other.tabIndex === 0 && other !== line) other.tabIndex = -1;
    line.tabIndex = 0;
    line.focus();
  }

  function save() {
    saveDraft(key, draft);
  }

  function closeForm({ focus = false } = {}) {
    const form = pre.querySelector('[data-review-form]');
    if (!form) return;
    const line = lineFor(draft.open ?? {}) ?? form.previousElementSibling;
    form.remove();
    draft.open = null;
    save();
    if (focus && line) focusLine(line);
  }

  /** The inline form under `line`, with `body` in it (a comment being written or changed). */
  function openForm(line, { body, focus = true } = {}) {
    pre.querySelector('[data-review-form]')?.remove();
    const target = targetOf(line);
    const existing = draft.comments.find((comment) => sameLine(comment, target));
    const writing = draft.open && sameLine(draft.open, target) ? draft.open.body : undefined;
    const text = body ?? writing ?? existing?.body ?? '';
    draft.open = { ...target, body: text };
    save();
    const id = 'review-comment-body';
    const textarea = element('textarea', { attributes: { id, rows: '3', required: '', maxlength: '4000' } });
    textarea.value = text;
    const form = element('form', { className: 'review-inline', attributes: { 'data-review-form': '', novalidate: '' } }, [
      element('label', { className: 'small', attributes: { for: id } }, [
        existing ? 'Change the comment on ' : 'Comment on ', element('code', { text: lineLabel(target) }),
      ]),
      textarea,
      element('p', { className: 'review-error', attributes: { 'data-review-form-error': '', role: 'alert' } }),
      element('div', { className: 'button-row' }, [
        element('button', { className: 'primary', text: existing ? 'Save comment' : 'Add comment', attributes: { type: 'submit' } }),
        element('button', { text: 'Cancel', attributes: { type: 'button', 'data-review-cancel': '' } }),
      ]),
    ]);
    // After the line's newline, so the form sits under the line.
    const after = line.nextSibling?.nodeType === Node.TEXT_NODE ? line.nextSibling : line;
    after.after(form);
    textarea.addEventListener('input', () => {
      draft.open = { ...target, body: textarea.value };
      save();
    });
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeForm({ focus: true });
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.querySelector('[data-review-cancel]').addEventListener('click', () => closeForm({ focus: true }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        form.querySelector('[data-review-form-error]').textContent = 'Write the comment first.';
        textarea.focus();
        return;
      }
      const comment = { ...target, body: text, code: line.textContent.slice(1) };
      const index = draft.comments.findIndex((other) => sameLine(other, target));
      if (index >= 0) draft.comments[index] = comment;
      else draft.comments.push(comment);
      refusal = null;
      status.textContent = '';
      closeForm({ focus: true });
      render();
    });
    if (focus) {
      textarea.focus();
      form.scrollIntoView({ block: 'nearest' });
    }
  }

  function remove(comment) {
    draft.comments = draft.comments.filter((other) => other !== comment);
    refusal = null;
    save();
    render();
  }

  /** The panel and the marks on commented lines, from the draft (and the last refusal). */
  function render() {
    const comments = ordered();
    for (const line of lines) line.classList.toggle('has-comment', comments.some((comment) => sameLine(comment, targetOf(line))));
    list.replaceChildren(...comments.map((comment, index) => {
      const where = lineFor(comment);
      const jump = element('button', { className: 'link review-where', attributes: { type: 'button' } }, [element('code', { text: lineLabel(comment) })]);
      jump.addEventListener('click', () => {
        if (!where) return;
        where.scrollIntoView({ block: 'center' });
        openForm(where);
      });
      jump.disabled = !where;
      const removeButton = element('button', { className: 'link', attributes: { type: 'button', 'data-review-remove': '' } }, [
        'Remove', element('span', { className: 'visually-hidden', text: ` the comment on ${lineLabel(comment)}` }),
      ]);
      removeButton.addEventListener('click', () => remove(comment));
      const changed = where && typeof comment.code === 'string' && where.textContent.slice(1) !== comment.code;
      const problem = refusal?.comments.get(index)
        ?? (!where ? 'The diff no longer shows this line.' : changed ? 'This line has changed since the comment was written.' : '');
      return element('li', { attributes: { 'data-review-comment': lineLabel(comment) } }, [
        element('div', { className: 'review-comment-head' }, [jump, removeButton]),
        ...(comment.code !== undefined ? [element('code', { className: 'review-code', text: comment.code })] : []),
        element('p', { className: 'review-comment-body', text: comment.body }),
        ...(problem ? [element('p', { className: 'review-error', text: problem, attributes: { 'data-field-error': '' } })] : []),
      ]);
    }));
    if (summary.value !== draft.summary) summary.value = draft.summary;
    summaryError.textContent = refusal?.summary ?? '';
    summaryError.hidden = !refusal?.summary;
    generalError.textContent = refusal?.general ?? '';
    generalError.hidden = !refusal?.general;
    send.disabled = sending || comments.length === 0;
    send.textContent = sending ? 'Sending…' : `Send review (${comments.length})`;
  }

  /** Puts each refused field's message by what it names: a comment, the summary, or the review as a whole. */
  function refuse(error) {
    const fields = error instanceof ApiError ? error.body?.error?.details?.fields ?? [] : [];
    refusal = { comments: new Map(), summary: '', general: '' };
    const general = [];
    for (const { field, message } of fields) {
      const match = /^comments\[(\d+)\]\.(\w+)$/.exec(field ?? '');
      if (match) {
        const index = Number(match[1]);
        refusal.comments.set(index, [refusal.comments.get(index), message].filter(Boolean).join(' '));
      } else if (field === 'summary') {
        refusal.summary = message;
      } else {
        general.push(`${field}: ${message}`);
      }
    }
    if (general.length > 0) refusal.general = `The review was not sent. ${general.join(' ')}`;
    else if (fields.length > 0) refusal.general = 'The review was not sent: see the messages by the comments.';
    else refusal.general = `The review was not sent: ${error.message}`;
  }

  send.addEventListener('click', async () => {
    const comments = ordered();
    if (sending || comments.length === 0) return;
    sending = true;
    refusal = null;
    status.textContent = '';
    render();
    const body = { agent, comments: comments.map(({ path, line, side, body: text }) => ({ path, line, side, body: text })) };
    if (draft.summary.trim()) body.summary = draft.summary.trim();
    try {
      await api(`/api/v1/projects/${encodeURIComponent(projectId)}/reviews`, { method: 'POST', body });
      pre.querySelector('[data-review-form]')?.remove();
      draft = { comments: [], summary: '', open: null };
      save();
      status.textContent = `Review sent to ${agent} (${plural(comments.length, 'comment')}).`;
      onSent();
    } catch (error) {
      refuse(error);
    } finally {
      sending = false;
      render();
    }
  });

  summary.addEventListener('input', () => {
    draft.summary = summary.value;
    save();
  });

  pre.addEventListener('click', (event) => {
    const line = event.target.closest?.(LINE);
    if (!line || !pre.contains(line)) return;
    if (!window.getSelection()?.isCollapsed) return; // selecting text to copy, not commenting
    openForm(line);
  });
  pre.addEventListener('keydown', (event) => {
    const line = event.target.closest?.(LINE);
    if (!line || event.target !== line) return;
    const at = lines.indexOf(line);
    let next = null;
    if (event.key === 'ArrowDown') next = lines[at + 1];
    else if (event.key === 'ArrowUp') next = lines[at - 1];
    else if (event.key === 'Home') next = lines[0];
    else if (event.key === 'End') next = lines[lines.length - 1];
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openForm(line);
      return;
    }
    if (next) {
      event.preventDefault();
      focusLine(next);
    }
  });

  panel.hidden = false;
  render();
  // A comment being written when the page was left (or the section re-rendered) comes back, without taking the focus.
  const open = draft.open?.body?.trim() && lineFor(draft.open);
  if (open) openForm(open, { body: draft.open.body, focus: false });
  else if (draft.open) {
    draft.open = null;
    save();
  }
}

function setUp(section) {
  if (section.dataset.reviewReady) return;
  section.dataset.reviewReady = 'true';
  const projectId = page.dataset.projectId;
  const agent = section.dataset.reviewAgent;
  const reload = () => showReviews(section, projectId, agent);
  reviewControls(section, projectId, agent, reload);
  reload();
}

/** Re-reads the reviews list (a reply or another person's review changed it). */
export function refreshReviews() {
  const section = page?.querySelector('[data-review-agent][data-review-ready]');
  if (section) showReviews(section, page.dataset.projectId, section.dataset.reviewAgent);
}

if (page) {
  for (const section of page.querySelectorAll('[data-review-agent]')) setUp(section);
  // The git panel, the diff with it, is re-rendered by the server when the agent commits: set the new copy up again.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const sections = node.matches('[data-review-agent]') ? [node] : node.querySelectorAll('[data-review-agent]');
        for (const section of sections) setUp(section);
      }
    }
  }).observe(page, { childList: true, subtree: true });
}
