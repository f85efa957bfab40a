/* plein — asking a question, progressive enhancement only (the form works
 * without it: "Suggest colleagues" submits and the server suggests).
 * While the title is typed: similar questions (GET /api/v1/questions/similar)
 * and colleagues who know its words (GET /api/v1/experts) to tick for
 * "Ask colleagues"; ticked ones stay, at most data-max can be ticked. On a
 * question's page, "Helpful" answers in place. */
(function () {
  'use strict';

  var doc = document;
  if (!window.fetch) return;

  /* the question page: "Helpful" answers in place (the server sends the fresh buttons) */
  doc.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute('data-helpful')) return;
    e.preventDefault();
    var box = form.closest('.answer-actions');
    fetch(form.getAttribute('action'), { method: 'POST', body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin', headers: { 'X-Fragment': '1' } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
      .then(function (html) {
        var t = doc.createElement('template');
        t.innerHTML = html;
        var fresh = t.content.querySelector('.answer-actions');
        if (!fresh || !box) return;
        box.parentNode.replaceChild(fresh, box);
        var again = fresh.querySelector('form[data-helpful] button');
        if (again) again.focus();
      })
      .catch(function () { form.submit(); });   /* the page way, as without JavaScript */
  });

  var title = doc.getElementById('question-title');
  if (!title) return;
  var similar = doc.getElementById(title.getAttribute('data-similar'));
  var box = doc.getElementById(title.getAttribute('data-colleagues'));
  var list = box ? box.querySelector('.question-colleague-list') : null;
  var max = box ? Number(box.getAttribute('data-max') || 10) : 10;
  var me = box ? box.getAttribute('data-me') : '';
  var timer = 0, seq = 0;

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .catch(function () { return { items: [] }; });
  }

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function showSimilar(items) {
    if (!similar) return;
    var ul = similar.querySelector('ul');
    ul.textContent = '';
    items.forEach(function (q) {
      var li = el('li'), a = el('a', '', q.title);
      a.href = q.url;
      li.appendChild(a);
      ul.appendChild(li);
    });
    similar.hidden = items.length === 0;
  }

  function limitTicks() {
    var boxes = Array.prototype.slice.call(list.querySelectorAll('input[name="ask"]'));
    var ticked = boxes.filter(function (b) { return b.checked; }).length;
    boxes.forEach(function (b) { b.disabled = !b.checked && ticked >= max; });
  }

  function showColleagues(items) {
    if (!list) return;
    var keep = {};
    Array.prototype.slice.call(list.querySelectorAll('li')).forEach(function (li) {
      var b = li.querySelector('input[name="ask"]');
      if (b && b.checked) keep[b.value] = true;
      else li.parentNode.removeChild(li);
    });
    items.forEach(function (p) {
      var id = String(p.id);
      if (keep[id] || id === me) return;
      var li = el('li'), label = el('label', 'check'), input = el('input'), span = el('span');
      input.type = 'checkbox'; input.name = 'ask'; input.value = id;
      span.appendChild(el('strong', '', p.name));
      var why = (p.reasons && p.reasons[0]) || p.title;
      if (why) { span.appendChild(doc.createTextNode(' ')); span.appendChild(el('span', 'hint', why)); }
      label.appendChild(input); label.appendChild(span); li.appendChild(label);
      list.appendChild(li);
    });
    var none = box.querySelector('.question-colleagues-none');
    if (none) none.hidden = list.children.length > 0;
    limitTicks();
  }

  function lookup() {
    var t = title.value.trim(), mine = ++seq;
    if (t.length < 5) { showSimilar([]); return; }
    getJson('/api/v1/questions/similar?limit=5&title=' + encodeURIComponent(t)).then(function (r) {
      if (mine === seq) showSimilar(r.items || []);
    });
    if (list && box.getAttribute('data-experts') === '1') {
      getJson('/api/v1/experts?limit=8&q=' + encodeURIComponent(t)).then(function (r) {
        if (mine === seq) showColleagues(r.items || []);
      });
    }
  }

  title.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 300);
  });
  if (list) {
    list.addEventListener('change', limitTicks);
    limitTicks();
    /* suggestions follow typing: the no-JavaScript button is not needed */
    var button = box.querySelector('[data-suggest-button]');
    if (button && box.getAttribute('data-experts') === '1') button.hidden = true;
  }
})();
