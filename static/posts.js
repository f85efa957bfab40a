/* plein — posts, progressive enhancement only (every form works without it).
 * 1. Markdown preview buttons (data-preview)   2. the public-visibility reminder
 *    (and "Who can see it" hidden while a group is chosen in "Post in")
 * 3. @mention and #topic suggestions in textareas with data-autocomplete
 *    (a listbox: arrows, Enter or Tab to choose, Escape to close)
 * 4. reaction buttons answer in place (the fresh buttons come from the server) */
(function () {
  'use strict';

  var doc = document;
  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function csrfOf(form) { var i = form && form.querySelector('input[name="_csrf"]'); return i ? i.value : ''; }
  function fragment(html) { var t = doc.createElement('template'); t.innerHTML = html; return t.content; }

  function initPreview() {
    $all('[data-preview]').forEach(function (btn) {
      var area = doc.getElementById(btn.getAttribute('data-preview'));
      var out = doc.getElementById(btn.getAttribute('data-preview-target'));
      if (!area || !out) return;
      btn.hidden = false;
      var showing = false, label = btn.textContent, edit = area.getAttribute('data-edit-label') || label;
      btn.setAttribute('aria-pressed', 'false');
      btn.addEventListener('click', function () {
        if (showing) {
          showing = false; out.hidden = true; area.hidden = false; btn.setAttribute('aria-pressed', 'false');
          area.focus();
          return;
        }
        var body = new URLSearchParams();
        body.set('_csrf', csrfOf(area.form));
        body.set('text', area.value);
        fetch('/posts/preview', { method: 'POST', body: body, credentials: 'same-origin',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
          .then(function (r) { return r.text(); })
          .then(function (html) {
            out.textContent = '';
            out.appendChild(fragment(html));
            out.hidden = false; showing = true; btn.setAttribute('aria-pressed', 'true');
          });
      });
      void edit;
    });
  }

  function initVisibility() {
    var sel = doc.getElementById('composer-visibility'), note = doc.getElementById('composer-public-note');
    var group = doc.getElementById('composer-group');
    if (!sel || !note) return;
    /* a post in a group is for the group: no "who can see it", no public reminder */
    var field = sel.closest ? sel.closest('.composer-visibility') : null;
    var sync = function () {
      var inGroup = !!(group && group.value);
      if (field) field.hidden = inGroup;
      note.hidden = inGroup || sel.value !== 'public';
    };
    sel.addEventListener('change', sync);
    if (group) group.addEventListener('change', sync);
    sync();
  }

  /* The word being typed before the caret, if it starts with @ or #. */
  function tokenAt(area) {
    var upto = area.value.slice(0, area.selectionStart);
    var m = /(^|[\s(])([@#])([^\s@#]{1,40})$/.exec(upto);
    return m ? { sigil: m[2], word: m[3], start: upto.length - m[3].length - 1 } : null;
  }

  function initAutocomplete() {
    $all('textarea[data-autocomplete]').forEach(function (area, n) {
      var list = doc.createElement('ul');
      list.className = 'suggest-list';
      list.id = 'suggest-' + n;
      list.setAttribute('role', 'listbox');
      list.hidden = true;
      area.parentNode.insertBefore(list, area.nextSibling);
      area.setAttribute('aria-autocomplete', 'list');
      area.setAttribute('aria-controls', list.id);
      var items = [], active = -1, token = null, seq = 0;
      function close() { list.hidden = true; items = []; active = -1; area.removeAttribute('aria-activedescendant'); }
      function mark() {
        $all('li', list).forEach(function (li, i) { li.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
        if (active >= 0) area.setAttribute('aria-activedescendant', list.id + '-' + active);
      }
      function choose(i) {
        var it = items[i];
        if (!it || !token) return;
        var text = token.sigil === '@' ? '@[' + it.name.replace(/[\[\]]/g, '') + '](/people/' + it.id + ') ' : '#' + it.name + ' ';
        var before = area.value.slice(0, token.start), after = area.value.slice(area.selectionStart);
        area.value = before + text + after;
        var caret = before.length + text.length;
        area.setSelectionRange(caret, caret);
        close();
        area.focus();
      }
      function show(found) {
        items = found.slice(0, 6);
        list.textContent = '';
        items.forEach(function (it, i) {
          var li = doc.createElement('li');
          li.id = list.id + '-' + i;
          li.setAttribute('role', 'option');
          li.textContent = (token.sigil === '#' ? '#' : '') + it.name + (it.hint ? ' · ' + it.hint : '');
          li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
          list.appendChild(li);
        });
        active = items.length ? 0 : -1;
        list.hidden = !items.length;
        mark();
      }
      area.addEventListener('input', function () {
        token = tokenAt(area);
        if (!token) { close(); return; }
        var mine = ++seq;
        var url = token.sigil === '@' ? '/api/v1/people?limit=6&q=' + encodeURIComponent(token.word)
                                      : '/api/v1/topics?q=' + encodeURIComponent(token.word);
        fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (j) {
            if (mine !== seq) return;
            show((j.items || []).map(function (x) {
              return token.sigil === '@' ? { id: x.id, name: x.name, hint: x.department || '' }
                                         : { name: x.name, hint: '' };
            }));
          }).catch(close);
      });
      area.addEventListener('keydown', function (e) {
        if (list.hidden) return;
        if (e.key === 'ArrowDown') { active = (active + 1) % items.length; mark(); e.preventDefault(); }
        else if (e.key === 'ArrowUp') { active = (active + items.length - 1) % items.length; mark(); e.preventDefault(); }
        else if (e.key === 'Enter' || e.key === 'Tab') { if (active >= 0) { choose(active); e.preventDefault(); } }
        else if (e.key === 'Escape') { close(); e.preventDefault(); }
      });
      area.addEventListener('blur', function () { setTimeout(close, 150); });
    });
  }

  function initReactions() {
    doc.addEventListener('submit', function (e) {
      var form = e.target;
      if (!form.classList || !form.classList.contains('reaction-form')) return;
      e.preventDefault();
      var box = form.closest('.reactions'), key = form.getAttribute('action');
      fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin',
        headers: { 'X-Fragment': '1', 'Content-Type': 'application/x-www-form-urlencoded' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var fresh = fragment(html).querySelector('.reactions');
          if (!fresh || !box) return;
          box.replaceWith(fresh);
          var again = fresh.querySelector('form[action="' + key + '"] button');
          if (again) again.focus();
        })
        .catch(function () { form.submit(); });
    });
  }

  function init() {
    initPreview();
    initVisibility();
    initAutocomplete();
    initReactions();
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
