/* plein — progressive enhancement only. Every page works without this file.
 * 1. as-you-type search (people with filters, who knows)   2. data-confirm on forms
 * 3. character counters          4. flash dismiss       5. "/" focuses search
 * 6. after a failed submit, focus the field to fix (on sign-in: the password)
 * 7. forms with data-busy show a "working…" note and disable their button on submit;
 *    data-select-all fields select their text on focus; data-autofocus sections take focus
 * 8. tag inputs (skills, interests) suggest existing tags for the word being typed
 * 9. live updates (server-sent events): the "N new posts" bar, new comments and
 *    reactions on a post page, the unread badge */
(function () {
  'use strict';

  var doc = document;

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }

  function isTypingTarget(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag === 'INPUT') {
      var t = (el.type || '').toLowerCase();
      return ['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'file', 'hidden', 'range', 'color'].indexOf(t) < 0;
    }
    return false;
  }

  /* Parse an HTML fragment from our own server into a DocumentFragment. */
  function fragment(html) {
    var t = doc.createElement('template');
    t.innerHTML = html;
    return t.content;
  }

  /* ---------- 1. as-you-type search: the people directory and "who knows" ---------- */
  function initLiveSearch(inputId, resultsId) {
    var input = doc.getElementById(inputId);
    var results = doc.getElementById(resultsId);
    if (!input || !results || !window.fetch || !window.AbortController || !window.URL) return;
    var form = input.form;
    var timer = 0;
    var controller = null;
    var shown = '';   // the query string whose results are on screen

    function endpoint(href) {
      var u = new URL(href, location.href);
      u.searchParams.set('partial', '1');
      return u;
    }

    function load(url, signal) {
      return fetch(url.toString(), {
        credentials: 'same-origin',
        signal: signal,
        headers: { 'Accept': 'text/html', 'X-Requested-With': 'fetch' }
      }).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      });
    }

    /* Keep the live count element in place (so screen readers announce the
     * change) and replace everything else. */
    function swap(html) {
      var frag = fragment(html);
      var oldCount = $('[data-count]', results);
      var newCount = $('[data-count]', frag);
      if (oldCount && newCount) {
        newCount.parentNode.removeChild(newCount);
        oldCount.className = newCount.className;
        if (oldCount.textContent !== newCount.textContent) oldCount.textContent = newCount.textContent;
        $all(':scope > :not([data-count])', results).forEach(function (n) { n.remove(); });
        Array.prototype.slice.call(results.childNodes).forEach(function (n) {
          if (n.nodeType === 3) n.remove();
        });
        results.appendChild(frag);
      } else {
        results.replaceChildren(frag);
      }
    }

    /* The page URL for the form's current values: empty fields, the
     * default sort and a level without a language are left out. */
    function pageUrl() {
      var page = new URL(form ? form.getAttribute('action') || '/people' : '/people', location.href);
      page.search = '';
      if (!form) {
        if (input.value.trim()) page.searchParams.set('q', input.value.trim());
        return page;
      }
      var data = new FormData(form);
      var lang = (data.get('language') || '').toString();
      data.forEach(function (v, k) {
        v = v.toString().trim();
        if (!v || (k === 'sort' && v === 'name') || (k === 'level' && !lang)) return;
        page.searchParams.append(k, v);
      });
      return page;
    }

    /* Put a fragment's filter panel in place, keeping focus on the same control. */
    function swapFilters(part) {
      var box = doc.getElementById('people-filters');
      if (!box || !part) return;
      var active = doc.activeElement;
      var focusId = active && box.contains(active) ? active.id : null;
      box.replaceChildren.apply(box, Array.prototype.slice.call(part.childNodes));
      if (focusId) {
        var again = doc.getElementById(focusId);
        if (again) again.focus();
      }
      var grid = $('[data-active]', box);
      var badge = $('[data-active-count]');
      if (grid && badge) badge.textContent = grid.getAttribute('data-active') || '';
    }

    function show(html) {
      var frag = fragment(html);
      var filters = $('[data-part="filters"]', frag);
      var part = $('[data-part="results"]', frag);
      swapFilters(filters);
      var holder = doc.createElement('template');
      if (part) {
        holder.content.append.apply(holder.content, Array.prototype.slice.call(part.childNodes));
        swap(holder.innerHTML);
      } else {
        swap(html);
      }
    }

    /* Load the results for url; push a history entry for choices, replace
     * it while typing. */
    function go(page, push) {
      var key = page.search;
      if (key === shown) return;
      if (controller) controller.abort();
      controller = new AbortController();
      var mine = controller;
      results.setAttribute('aria-busy', 'true');
      load(endpoint(page.href), controller.signal).then(function (html) {
        if (mine !== controller) return;
        show(html);
        shown = key;
        var target = page.pathname + page.search;
        if (push === 'none') return;
        if (push) history.pushState({ people: true }, '', target);
        else history.replaceState({ people: true }, '', target);
      }).catch(function (err) {
        if (err && err.name === 'AbortError') return;
        /* leave the old results; submitting the form still works */
      }).then(function () {
        if (mine === controller) results.removeAttribute('aria-busy');
      });
    }

    function search() {
      go(pageUrl(), false);
    }
    shown = pageUrl().search;

    if (form) {
      form.addEventListener('change', function (e) {
        if (!e.target || e.target.tagName !== 'SELECT') return;
        clearTimeout(timer);
        go(pageUrl(), true);
      });
    }
    /* "Clear filters" without a reload */
    doc.addEventListener('click', function (e) {
      var link = e.target.closest && e.target.closest('a[data-clear]');
      if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go(new URL(link.href, location.href), true);
    });
    /* Back and forward: show what the URL says, and put the text back. */
    window.addEventListener('popstate', function () {
      var u = new URL(location.href);
      input.value = u.searchParams.get('q') || '';
      go(u, 'none');
    });
    /* On a phone, the filters start folded unless some are in use. */
    var box = $('[data-filters-box]');
    if (box && window.matchMedia && window.matchMedia('(max-width: 719px)').matches) {
      var grid = $('[data-active]', box);
      if (!grid || !grid.getAttribute('data-active')) box.open = false;
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    /* type=search fires "search" when the clear (×) button is used */
    input.addEventListener('search', function () {
      clearTimeout(timer);
      search();
    });
    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        clearTimeout(timer);
        go(pageUrl(), true);
      });
    }

    /* "More": append the next page instead of navigating. */
    results.addEventListener('click', function (e) {
      var link = e.target.closest && e.target.closest('a[data-more]');
      if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      if (link.getAttribute('aria-disabled') === 'true') return;
      link.setAttribute('aria-disabled', 'true');
      var mine = controller;
      load(endpoint(link.href), controller ? controller.signal : undefined).then(function (html) {
        if (mine !== controller) return;
        var frag = fragment(html);
        var list = $('[data-list]', results);
        var newList = $('[data-list]', frag);
        var wrap = link.closest('[data-more-wrap]');
        var newWrap = $('[data-more-wrap]', frag);
        var first = null;
        if (list && newList) {
          first = newList.querySelector('a');
          while (newList.firstChild) list.appendChild(newList.firstChild);
        }
        if (wrap) {
          if (newWrap) wrap.replaceWith(newWrap); else wrap.remove();
        }
        if (first) first.focus();
      }).catch(function (err) {
        if (err && err.name === 'AbortError') return;
        location.href = link.href;    // fall back to an ordinary page load
      });
    });
  }

  /* ---------- 2. confirmations ---------- */
  function initConfirm() {
    doc.addEventListener('submit', function (e) {
      var form = e.target;
      var btn = e.submitter;
      var msg = (btn && btn.getAttribute('data-confirm')) || (form && form.getAttribute && form.getAttribute('data-confirm'));
      if (msg && !window.confirm(msg)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    }, true);
  }

  /* ---------- 3. character counters ---------- */
  function initCounters() {
    $all('textarea[data-counter]').forEach(function (ta) {
      var box = doc.getElementById(ta.getAttribute('data-counter'));
      if (!box) return;
      var max = parseInt(ta.getAttribute('maxlength'), 10);
      if (!(max > 0)) return;
      var visual = $('[data-counter-visual]', box);
      var live = $('[data-counter-live]', box);
      var tmpl = box.getAttribute('data-left-text') || '{n}';
      var fmt = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(doc.documentElement.lang || undefined) : null;
      var lastBand = -1;
      function num(n) { return fmt ? fmt.format(n) : String(n); }
      function update() {
        /* count like the server does: code points, newlines as one */
        var len = Array.from ? Array.from(ta.value).length : ta.value.length;
        var left = max - len;
        if (visual) visual.textContent = num(len) + ' / ' + num(max);
        box.classList.toggle('is-near', left <= max * 0.1 && left > 0);
        box.classList.toggle('is-over', left <= 0);
        /* announce only when crossing a threshold, not on every keystroke */
        var band = left <= 0 ? 3 : left <= 50 ? 2 : left <= 200 ? 1 : 0;
        if (live && band !== lastBand) {
          live.textContent = band > 0 && lastBand !== -1 ? tmpl.replace('{n}', num(Math.max(left, 0))) : '';
          lastBand = band;
        }
      }
      box.hidden = false;
      ta.addEventListener('input', update);
      update();
    });
  }

  /* ---------- 4. flash messages ---------- */
  function initFlash() {
    $all('[data-flash]').forEach(function (flash) {
      var btn = $('[data-dismiss]', flash);
      if (!btn) return;
      btn.hidden = false;
      btn.addEventListener('click', function () {
        var wrap = flash.parentNode && flash.parentNode.classList.contains('flash-wrap') ? flash.parentNode : flash;
        wrap.remove();
        var main = doc.getElementById('main');
        if (main) main.focus({ preventScroll: true });
      });
    });
  }

  /* ---------- 5. keyboard: "/" focuses the search box ---------- */
  function initKeys() {
    doc.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(doc.activeElement)) return;
      // the page's own search box first, else the top bar's
      var box = $('#main input[type="search"]') || $('input[type="search"]');
      if (!box) return;
      e.preventDefault();
      box.focus();
      box.select();
    });
  }

  /* ---------- 6. focus after a failed submit ---------- */
  function initFocus() {
    var el = $('[data-focus-if-filled]');
    if (!el) {
      /* after a failed submit, start at the first field that needs fixing */
      var bad = $('form [aria-invalid="true"]');
      if (bad) bad.focus();
      return;
    }
    var other = doc.getElementById(el.getAttribute('data-focus-if-filled'));
    var active = doc.activeElement;
    if (other && other.value && !el.value && (!active || active === doc.body || active === other)) el.focus();
  }

  /* ---------- 7. long uploads, links to copy, results to read ---------- */
  function initBusy() {
    doc.addEventListener('submit', function (e) {
      var form = e.target;
      if (e.defaultPrevented || !form.hasAttribute || !form.hasAttribute('data-busy')) return;
      var note = $('[data-busy-note]', form);
      if (note) note.hidden = false;
      /* disable after this turn, so the button's own value is still sent */
      window.setTimeout(function () {
        $all('button[type="submit"]', form).forEach(function (b) { b.disabled = true; b.setAttribute('aria-disabled', 'true'); });
      }, 0);
    });
    /* back from the browser's cache: the form works again */
    window.addEventListener('pageshow', function () {
      $all('form[data-busy] button[type="submit"]').forEach(function (b) { b.disabled = false; b.removeAttribute('aria-disabled'); });
      $all('[data-busy-note]').forEach(function (n) { n.hidden = true; });
    });
    $all('[data-select-all]').forEach(function (el) {
      el.addEventListener('focus', function () { el.select(); });
    });
    var target = $('[data-autofocus]');
    if (target && !$('form [aria-invalid="true"]')) target.focus();
  }

  /* 8. tag inputs ("Excel, Subsidies"): suggestions for the word being typed.
   * A datalist option replaces the whole value, so each option carries the
   * tags already typed before it: choosing one keeps them. */
  function initTagSuggest() {
    $all('input[data-suggest][list]').forEach(function (input) {
      var list = doc.getElementById(input.getAttribute('list'));
      var url = input.getAttribute('data-suggest');
      var timer = null, last = null;
      if (!list || !url || !window.fetch) return;
      input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var value = input.value;
          var cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(';'));
          var head = cut >= 0 ? value.slice(0, cut + 1) + ' ' : '';
          var word = value.slice(cut + 1).trim();
          if (word === last) return;
          last = word;
          fetch(url + '?prefix=' + encodeURIComponent(word), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : { items: [] }; })
            .then(function (data) {
              if (input.value !== value) return;  /* typed on meanwhile */
              var typed = value.toLowerCase().split(/[,;]/).map(function (t) { return t.trim(); });
              list.textContent = '';
              (data.items || []).forEach(function (tag) {
                if (typed.indexOf(tag.toLowerCase()) >= 0 && tag.toLowerCase() !== word.toLowerCase()) return;
                var option = doc.createElement('option');
                option.value = head + tag;
                list.appendChild(option);
              });
            })
            .catch(function () { /* suggestions are a help, not a need */ });
        }, 150);
      });
    });
  }

  /* ---------- praise: colleague suggestions for the last name typed ---------- */
  /* The field takes "name, name@example.com, …"; the datalist offers the
   * whole value with its last entry completed to an e-mail address, so the
   * browser's own list (arrow keys, Enter) does the choosing. */
  function initPeopleSuggest() {
    $all('input[data-people-suggest]').forEach(function (input) {
      var list = doc.getElementById(input.getAttribute('data-people-suggest'));
      if (!list || !window.fetch) return;
      var timer = 0, asked = '';
      input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var v = input.value, cut = Math.max(v.lastIndexOf(','), v.lastIndexOf(';'));
          var head = cut >= 0 ? v.slice(0, cut + 1) + ' ' : '', q = v.slice(cut + 1).trim();
          if (q.length < 2 || q.indexOf('@') >= 0 || q === asked) return;
          asked = q;
          fetch('/api/v1/people?limit=8&q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : { items: [] }; })
            .then(function (data) {
              list.textContent = '';
              (data.items || []).forEach(function (p) {
                var o = doc.createElement('option');
                o.value = head + p.email;
                o.label = p.name + (p.title ? ' · ' + p.title : '');
                list.appendChild(o);
              });
            })
            .catch(function () {});
        }, 150);
      });
    });
  }

  /* ---------- 9. live updates: server-sent events from /events ----------
   * Streams count incoming posts that belong to them and show the "N new
   * posts" bar (nothing moves until it is clicked); a post page appends new
   * comments and refreshes its reactions; the unread badge follows the
   * count. Texts come from the page: the bar's data-one / data-many ("%d"). */
  function initLiveUpdates() {
    var stream = $('ol.stream[data-stream]');
    var article = $('article.post[data-post-id]');
    if (!stream && !article && !$('.unread-count') && !$('[data-board]')) return;
    if (!doc.body.classList.contains('is-signed-in')) return;   /* the stream is for signed-in viewers */
    if (!window.EventSource || !window.fetch || !window.JSON) return;
    /* from the newest event when the page was made: what happens between the
     * page and its stream is replayed, not missed */
    var lastId = doc.body.getAttribute('data-live-since') || '';
    var retryMs = 5000;

    function getHtml(url) {
      return fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html', 'X-Requested-With': 'fetch' } })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); });
    }
    function data(e) { try { return JSON.parse(e.data); } catch (err) { return {}; } }
    function maxId(list, attr, current) {
      var m = Number(current) || 0;
      list.forEach(function (el) { m = Math.max(m, Number(el.getAttribute(attr)) || 0); });
      return m;
    }
    /* Only one fetch of a kind at a time; a request meanwhile runs once after. */
    function serial(fn) {
      var busy = false, again = false;
      return function run() {
        if (busy) { again = true; return; }
        busy = true;
        again = false;
        fn().catch(function () {}).then(function () { busy = false; if (again) run(); });
      };
    }

    /* the stream: "N new posts" */
    var kind = stream ? stream.getAttribute('data-stream') || '' : '';
    var bar = stream ? $('button.new-posts', stream.parentNode) : null;
    var status = stream ? $('[data-new-posts-status]', stream.parentNode) : null;   /* aria-live="polite" */
    function fold(t) {   /* as topic keys are folded: case and diacritics */
      t = String(t);
      if (t.normalize) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return t.toLowerCase();
    }
    var fresh = {}, count = 0;
    function fragmentUrl() {
      var after = '?after=' + encodeURIComponent(stream.getAttribute('data-newest') || '0');
      var own = stream.getAttribute('data-fragment');
      if (own) return own + after;
      if (kind === 'home' || kind === 'discover') return '/stream/' + kind + '/fragment' + after;
      if (kind.indexOf('topic:') === 0) return '/topics/' + encodeURIComponent(kind.slice(6)) + '/fragment' + after;
      return null;
    }
    function belongs(d) {
      if (kind === 'home') return !!d.in_home;
      if (kind === 'discover') return true;
      if (kind.indexOf('topic:') === 0) {
        var key = fold(kind.slice(6));
        return (d.topics || []).some(function (t) { return fold(t) === key; });
      }
      if (kind.indexOf('person:') === 0) return String(d.author_id) === kind.slice(7);
      /* a group's page: its posts (events carry group_id once posts can be in groups) */
      if (kind.indexOf('group:') === 0) return String(d.group_id) === kind.slice(6);
      return false;
    }
    function showBar(n) {
      count = n;
      if (!bar) return;
      if (n <= 0) { bar.hidden = true; return; }
      var text = n === 1 ? bar.getAttribute('data-one') || '1'
                         : (bar.getAttribute('data-many') || '%d').replace('%d', String(n));
      var label = $('.new-posts-label', bar) || bar;
      label.textContent = text;
      bar.hidden = false;
      if (status) status.textContent = text;
    }
    function onPost(d) {
      if (!bar || !fragmentUrl() || !belongs(d) || fresh[d.post_id]) return;
      if (doc.getElementById('post-' + d.post_id)) return;
      if (Number(d.post_id) <= (Number(stream.getAttribute('data-newest')) || 0)) return;
      fresh[d.post_id] = true;
      showBar(count + 1);
    }
    /* Everything newer than data-newest, newest first: the fragment answers a
     * page (20) at a time from the newest down, so when a page is full the
     * next one is asked for below its last item (cursor), until the gap is
     * closed (at most 10 pages; more than that and a reload is better). */
    function fetchNew(url, cursor, acc, rounds) {
      return getHtml(url + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (html) {
        var got = $all('li.post-item', fragment(html));
        acc = acc.concat(got);
        if (got.length < 20 || rounds >= 10) return acc;
        return fetchNew(url, got[got.length - 1].getAttribute('data-post-id'), acc, rounds + 1);
      });
    }
    function insertNew() {
      var url = fragmentUrl();
      if (!url) return Promise.resolve();
      return fetchNew(url, '', [], 1).then(function (all) {
        var items = all.filter(function (li) { return !doc.getElementById(li.id); });
        var frag = doc.createDocumentFragment();
        items.forEach(function (li) { frag.appendChild(li); });
        stream.insertBefore(frag, stream.firstChild);
        if (items.length) {
          stream.classList.remove('stream-empty');
          var empty = stream.nextElementSibling;
          if (empty && empty.classList.contains('empty-state')) empty.hidden = true;
        }
        stream.setAttribute('data-newest', String(maxId(items, 'data-post-id', stream.getAttribute('data-newest'))));
        fresh = {};
        showBar(0);
        if (items.length) {   /* keyboard and screen-reader users continue at the newest post */
          items[0].setAttribute('tabindex', '-1');
          items[0].focus();
        }
      });
    }
    if (bar) bar.addEventListener('click', serial(insertNew));

    /* a post page: new comments, fresh reactions */
    var postId = article ? article.getAttribute('data-post-id') : null;
    var comments = postId ? $('ol.comments[data-post-id="' + postId + '"]') : null;
    var loadComments = serial(function () {
      if (!comments) return Promise.resolve();
      var after = encodeURIComponent(comments.getAttribute('data-newest') || '0');
      return getHtml('/posts/' + postId + '/comments/fragment?after=' + after).then(function (html) {
        var items = $all('li.comment', fragment(html)).filter(function (li) {
          return !li.parentNode || li.parentNode.nodeType === 11;  /* top-level items of the fragment */
        });
        var added = [];
        items.forEach(function (li) {
          if (li.id && doc.getElementById(li.id)) return;
          var parentId = li.getAttribute('data-parent-id');
          var parent = parentId && parentId !== '0' ? doc.getElementById('comment-' + parentId) : null;
          var list = comments;
          if (parent) {
            list = $('.replies', parent);
            if (!list) {
              list = doc.createElement('ol');
              list.className = 'replies';
              parent.appendChild(list);
            }
          }
          list.appendChild(li);
          added.push(li);
        });
        comments.setAttribute('data-newest', String(maxId(added, 'data-comment-id', comments.getAttribute('data-newest'))));
        var none = added.length ? $('.comments-empty', comments.parentNode) : null;
        if (none) none.hidden = true;
      });
    });
    var loadingReactions = {};
    function loadReactions(id) {
      if (loadingReactions[id]) return;
      loadingReactions[id] = true;
      getHtml('/posts/' + id + '/reactions/fragment').then(function (html) {
        var fresh = $('.reactions', fragment(html));
        $all('.reactions[data-post-id="' + id + '"]').forEach(function (old) {
          if (!fresh) return;
          /* keep the keyboard where it was: the same button in the new bar */
          var active = doc.activeElement, form = null, href = null;
          if (active && old.contains(active)) {
            form = active.form ? active.form.getAttribute('action') : null;
            href = active.getAttribute('href');
          }
          var copy = fresh.cloneNode(true);
          old.parentNode.replaceChild(copy, old);
          var same = form ? $all('form', copy).filter(function (f) { return f.getAttribute('action') === form; })
                                             .map(function (f) { return $('button', f); })[0]
                   : href ? $all('a', copy).filter(function (a) { return a.getAttribute('href') === href; })[0] : null;
          if (same) same.focus();
        });
      }).catch(function () {}).then(function () { loadingReactions[id] = false; });
    }

    function setUnread(n) {
      if (typeof window.pleinSetUnread === 'function') { window.pleinSetUnread(n); return; }  /* the badge's own code */
      $all('.unread-count').forEach(function (b) {
        b.textContent = String(n);
        b.setAttribute('data-unread', String(n));
        b.hidden = !(n > 0);
      });
    }

    function connect() {
      var url = '/events' + (lastId ? '?last_event_id=' + encodeURIComponent(lastId) : '');
      var es = new EventSource(url);
      /* the board's columns (below) listen on the document for these */
      ['post', 'comment', 'post_moved', 'group_changed', 'reset'].forEach(function (k) {
        es.addEventListener(k, function (e) {
          var ev;
          try { ev = new CustomEvent('plein:live', { detail: { kind: k, data: data(e) } }); } catch (err) { return; }
          doc.dispatchEvent(ev);
        });
      });
      function remember(e) { if (e.lastEventId) lastId = e.lastEventId; }
      es.addEventListener('open', function () { retryMs = 5000; });
      es.addEventListener('post', function (e) { remember(e); onPost(data(e)); });
      es.addEventListener('comment', function (e) {
        remember(e);
        if (String(data(e).post_id) === postId) loadComments();
      });
      es.addEventListener('reaction', function (e) {
        remember(e);
        var d = data(e);
        if (d.post_id && $('.reactions[data-post-id="' + d.post_id + '"]')) loadReactions(String(d.post_id));
      });
      es.addEventListener('notification', function (e) { remember(e); setUnread(Number(data(e).unread) || 0); });
      es.addEventListener('post_moved', function (e) {
        /* groups: a post moved away from this viewer leaves the page at once;
         * one moved to them counts as new if it is newer than the stream */
        remember(e);
        var d = data(e);
        if (d.visible) { onPost(d); return; }
        var li = doc.getElementById('post-' + d.post_id);
        if (li && li.classList.contains('post-item')) li.parentNode.removeChild(li);
        if (String(d.post_id) === postId) window.location.reload();
      });
      es.addEventListener('group_changed', function (e) {
        /* a group this viewer may no longer read: its posts leave the page */
        remember(e);
        var gid = String(data(e).group_id);
        $all('li.post-item[data-group-id="' + gid + '"]').forEach(function (li) { li.parentNode.removeChild(li); });
        if (window.location.pathname.indexOf('/groups/' + gid) === 0) window.location.reload();
      });
      es.addEventListener('reset', function (e) {
        /* missed too much to replay: catch up from the page's own newest ids */
        remember(e);
        if (stream && fragmentUrl()) {
          getHtml(fragmentUrl()).then(function (html) {
            var n = $all('li.post-item', fragment(html)).filter(function (li) { return !doc.getElementById(li.id); }).length;
            if (n) showBar(n);
          }).catch(function () {});
        }
        if (postId) {
          loadComments();
          if ($('.reactions[data-post-id="' + postId + '"]')) loadReactions(postId);
        }
      });
      es.addEventListener('error', function () {
        /* the browser reconnects by itself (with Last-Event-ID) unless the
         * server refused (503, signed out): then try again, slower each time */
        if (es.readyState !== 2) return;
        es.close();
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 300000);
      });
    }
    connect();
  }

  function init() {
    doc.documentElement.classList.add('js');
    initFlash();
    initConfirm();
    initCounters();
    initLiveSearch('people-q', 'people-results');
    initLiveSearch('experts-q', 'experts-results');
    initTagSuggest();
    initPeopleSuggest();
    initKeys();
    initFocus();
    initBusy();
    initLiveUpdates();
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();

/* ---------- the board: live columns, "More", the column switcher ----------
 * Each column (section.board-col) names what it shows (data-kind, data-ref,
 * data-topic) and where its first page is (data-fragment). Live events come
 * from section 9's stream as 'plein:live' document events; a relevant one
 * re-reads the column's first page (the server filters it like the pages)
 * and puts the items not shown yet on top, with an "N new" note. Saved
 * searches re-run on any post or comment, at most once per 5 s a column. */
(function () {
  'use strict';
  var doc = document;
  if (!window.fetch) return;

  /* "Add column": topics as you type (the API answers only those who may browse them) */
  Array.prototype.forEach.call(doc.querySelectorAll('input[data-topic-suggest][list]'), function (input) {
    var list = doc.getElementById(input.getAttribute('list')), timer = 0, asked = '';
    if (!list) return;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.replace(/^#+/, '').trim();
        if (!q || q === asked) return;
        asked = q;
        fetch('/api/v1/topics/suggest?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (d) {
            list.textContent = '';
            (d.items || []).forEach(function (t) {
              var o = doc.createElement('option');
              o.value = t.name;
              list.appendChild(o);
            });
          }).catch(function () {});
      }, 150);
    });
    /* typing in a choice's field chooses it */
    input.addEventListener('focus', function () {
      var radio = doc.getElementById('add-topic');
      if (radio) radio.checked = true;
    });
  });
  ['search', 'group', 'person'].forEach(function (k) {
    var field = doc.getElementById('add-' + k + '-ref'), radio = doc.getElementById('add-' + k);
    if (field && radio) field.addEventListener('focus', function () { if (!radio.disabled) radio.checked = true; });
  });

  var board = doc.querySelector('[data-board]');
  if (!board) return;
  var SEARCH_EVERY = 5000;

  function all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  function parse(html) { var t = doc.createElement('template'); t.innerHTML = html; return t.content; }
  function get(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html', 'X-Requested-With': 'fetch' } })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); });
  }
  function fold(t) {
    t = String(t);
    if (t.normalize) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return t.toLowerCase();
  }

  var state = {};   /* column id → { busy, again, last, timer, fresh } */
  function st(col) {
    var id = col.getAttribute('data-column-id');
    return state[id] || (state[id] = { busy: false, again: false, last: 0, timer: 0, fresh: 0 });
  }
  function note(col, n) {
    var el = col.querySelector('[data-board-new]');
    if (!el) return;
    if (n <= 0) { el.hidden = true; el.textContent = ''; return; }
    el.textContent = n === 1 ? el.getAttribute('data-one') || '1'
                             : (el.getAttribute('data-many') || '%d').replace('%d', String(n));
    el.hidden = false;
  }
  function seen(col) {
    var s = st(col);
    if (!s.fresh) return;
    s.fresh = 0;
    note(col, 0);
    all('.board-item-new', col).forEach(function (li) { li.classList.remove('board-item-new'); });
  }
  function refresh(col) {
    var s = st(col);
    if (s.busy) { s.again = true; return; }
    s.busy = true;
    s.again = false;
    s.last = Date.now();
    get(col.getAttribute('data-fragment')).then(function (html) {
      var fresh = parse(html).querySelector('.board-col-body');
      var body = col.querySelector('.board-col-body');
      if (!fresh || !body) return;
      var shownNow = fresh.getAttribute('data-state') === 'shown';
      if (!shownNow || body.getAttribute('data-state') !== 'shown') {
        /* hidden, gone, or back again: the column as the server says now */
        body.parentNode.replaceChild(fresh, body);
        s.fresh = 0;
        note(col, 0);
        return;
      }
      var list = body.querySelector('ol.board-items');
      var items = all('li.board-item', fresh).filter(function (li) {
        var key = li.getAttribute('data-key');
        return key && !list.querySelector('li[data-key="' + key.replace(/"/g, '') + '"]');
      });
      if (!items.length) return;
      var frag = doc.createDocumentFragment();
      items.forEach(function (li) { li.classList.add('board-item-new'); frag.appendChild(li); });
      list.insertBefore(frag, list.firstChild);
      var empty = body.querySelector('.board-empty');
      if (empty) empty.hidden = true;
      s.fresh += items.length;
      note(col, s.fresh);
    }).catch(function () {}).then(function () {
      s.busy = false;
      if (s.again) schedule(col);
    });
  }
  function schedule(col) {
    var s = st(col);
    var wait = col.getAttribute('data-kind') === 'search' ? SEARCH_EVERY - (Date.now() - s.last) : 0;
    if (wait <= 0) { refresh(col); return; }
    if (s.timer) return;
    s.timer = setTimeout(function () { s.timer = 0; refresh(col); }, wait);
  }
  function belongs(col, kind, d) {
    var what = col.getAttribute('data-kind'), ref = col.getAttribute('data-ref');
    if (kind === 'reset') return true;
    if (kind === 'group_changed') return what === 'group' && String(d.group_id) === ref;
    if (kind === 'post_moved' && !d.visible) return false;
    if (what === 'search') return kind === 'post' || kind === 'comment' || kind === 'post_moved';
    if (kind === 'comment') return false;
    if (what === 'group') return String(d.group_id) === ref;
    if (what === 'person') return String(d.author_id) === ref;
    if (what === 'topic') {
      var key = fold(col.getAttribute('data-topic') || '');
      return (d.topics || []).some(function (t) { return fold(t) === key; });
    }
    return false;
  }
  /* what the viewer may no longer see leaves every column at once, as on
   * the streams: a post moved out of sight (a post's hit of any kind), the
   * items of a group they can no longer read */
  function drop(kind, d) {
    var gone = [];
    if (kind === 'post_moved' && !d.visible && d.post_id) {
      ['post', 'question', 'answer', 'article'].forEach(function (k) {
        gone = gone.concat(all('li.board-item[data-key="' + k + ':' + String(Number(d.post_id)) + '"]', board));
      });
    } else if (kind === 'group_changed' && d.group_id) {
      gone = all('li.board-item[data-group-id="' + String(Number(d.group_id)) + '"]', board);
    }
    gone.forEach(function (li) { li.parentNode.removeChild(li); });
  }
  doc.addEventListener('plein:live', function (e) {
    var kind = e.detail && e.detail.kind, d = (e.detail && e.detail.data) || {};
    drop(kind, d);
    all('section.board-col', board).forEach(function (col) {
      if (belongs(col, kind, d)) schedule(col);
    });
  });
  all('section.board-col', board).forEach(function (col) {
    col.addEventListener('focusin', function () { seen(col); });
    col.addEventListener('click', function () { seen(col); });
  });

  /* "More": the next page below, without leaving the board */
  board.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('a[data-board-more]') : null;
    if (!a) return;
    e.preventDefault();
    var more = a.parentNode;
    var list = a.closest('.board-col-body').querySelector('ol.board-items');
    get(a.getAttribute('data-board-more')).then(function (html) {
      var body = parse(html).querySelector('.board-col-body');
      if (!body) return;
      var items = all('li.board-item', body).filter(function (li) {
        return !list.querySelector('li[data-key="' + (li.getAttribute('data-key') || '').replace(/"/g, '') + '"]');
      });
      items.forEach(function (li) { list.appendChild(li); });
      var next = body.querySelector('.board-more');
      if (next) more.parentNode.replaceChild(next, more);
      else more.parentNode.removeChild(more);
      if (items[0]) {   /* keyboard users continue at the first new item */
        var link = items[0].querySelector('a');
        if (link) link.focus();
      }
    }).catch(function () { window.location.href = a.href; });
  });

  /* phones: one column at a time; the switcher brings the chosen one in */
  var sw = doc.querySelector('[data-board-switch]');
  if (sw) {
    sw.addEventListener('change', function () {
      var col = doc.getElementById(sw.value);
      if (!col) return;
      col.scrollIntoView({ block: 'nearest', inline: 'start' });
      var h = col.querySelector('h2');
      if (h) { h.setAttribute('tabindex', '-1'); h.focus({ preventScroll: true }); }
    });
    /* keep the switcher on the column in view */
    var cols = all('section.board-col', board), timer = 0;
    board.addEventListener('scroll', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var best = null, dist = Infinity;
        cols.forEach(function (c) {
          var d = Math.abs(c.offsetLeft - board.offsetLeft - board.scrollLeft);
          if (d < dist) { dist = d; best = c; }
        });
        if (best && sw.value !== best.id) sw.value = best.id;
      }, 100);
    });
  }
})();

/* ---------- notifications: the top bar's unread badge ----------
 * Whoever changes the count (the live updates, or pleinSetUnread) sets
 * data-unread or the text of .unread-count; this keeps the rest in step:
 * the number shown, hidden at 0, and the link's label for screen readers. */
(function () {
  'use strict';
  function sync(badge) {
    var raw = badge.getAttribute('data-unread');
    var n = parseInt(raw, 10);
    if (isNaN(n) || n < 0) n = parseInt(badge.textContent, 10) || 0;
    if (badge.getAttribute('data-unread') !== String(n)) badge.setAttribute('data-unread', String(n));
    var text = n > 99 ? '99+' : String(n);
    if (badge.textContent !== text) badge.textContent = text;
    if (badge.hidden !== (n === 0)) badge.hidden = n === 0;
    var link = badge.closest('.notif-link');
    if (!link) return;
    var label = n === 0 ? link.getAttribute('data-label-none')
      : n === 1 ? link.getAttribute('data-label-one')
      : (link.getAttribute('data-label-many') || '').replace('%d', String(n));
    if (label && link.getAttribute('aria-label') !== label) link.setAttribute('aria-label', label);
  }
  window.pleinSetUnread = function (n) {
    document.querySelectorAll('.unread-count').forEach(function (b) {
      b.setAttribute('data-unread', String(n));
    });
  };
  function init() {
    document.querySelectorAll('.unread-count').forEach(function (badge) {
      sync(badge);
      new MutationObserver(function () { sync(badge); })
        .observe(badge, { attributes: true, attributeFilter: ['data-unread'], childList: true, characterData: true, subtree: true });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

/* ---------- articles: the scheduler's time in the browser's zone ----------
 * The server keeps times in UTC. The editor's datetime-local input is shown
 * in local time (its data-utc value converted) and the form tells the
 * server the offset (tz_offset, as getTimezoneOffset gives it); scheduled
 * times in the drafts list are shown locally too. Without JavaScript the
 * input is UTC and says so. Opening an inline reply focuses its text. */
(function () {
  'use strict';
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function localValue(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function init() {
    document.querySelectorAll('input[data-tz-offset]').forEach(function (input) {
      var at = input.form && input.form.querySelector('input[name="publish_at"]');
      function sync() {
        var when = at && at.value ? new Date(at.value) : new Date();
        input.value = String(isNaN(when.getTime()) ? new Date().getTimezoneOffset() : when.getTimezoneOffset());
      }
      if (at && at.getAttribute('data-utc')) {
        var d = new Date(at.getAttribute('data-utc') + ':00Z');
        if (!isNaN(d.getTime())) at.value = localValue(d);
      }
      if (at) at.addEventListener('change', sync);
      sync();
    });
    document.querySelectorAll('time.local-time').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d.getTime())) t.textContent = d.toLocaleString(document.documentElement.lang || undefined,
        { dateStyle: 'medium', timeStyle: 'short' });
    });
    document.querySelectorAll('details.inline-reply').forEach(function (det) {
      det.addEventListener('toggle', function () {
        var ta = det.open && det.querySelector('textarea');
        if (ta) ta.focus();
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

/* ---------- search: the top bar's box with suggestions as you type ----------
 * A combobox (WAI-ARIA 1.2): suggestions from /api/v1/search/suggest in a
 * listbox, arrow keys move through them (aria-activedescendant), Enter
 * opens one, Escape closes the list. Without JavaScript the box is a plain
 * GET form to /search, and Enter without a chosen suggestion still is. */
(function () {
  'use strict';
  var KINDS = ['person', 'post', 'comment', 'group', 'topic', 'group_page', 'group_file', 'question', 'answer', 'article'];
  function init(form) {
    var input = form.querySelector('.topsearch-input');
    var list = form.querySelector('.topsearch-list');
    if (!input || !list) return;
    var labels = (form.getAttribute('data-labels') || '').split('|');
    var items = [], active = -1, timer = 0, seq = 0;
    function label(kind) { var i = KINDS.indexOf(kind); return i >= 0 && labels[i] ? labels[i] : ''; }
    function close() {
      list.hidden = true; list.textContent = ''; items = []; active = -1;
      input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant');
    }
    function mark(i) {
      active = i;
      items.forEach(function (li, k) { li.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
      if (i >= 0) { input.setAttribute('aria-activedescendant', items[i].id); items[i].scrollIntoView({ block: 'nearest' }); }
      else input.removeAttribute('aria-activedescendant');
    }
    function option(text, kind, url, n) {
      var li = document.createElement('li');
      li.id = 'topsearch-opt-' + n; li.setAttribute('role', 'option'); li.setAttribute('aria-selected', 'false');
      li.className = 'topsearch-option'; li.setAttribute('data-url', url);
      var t = document.createElement('span'); t.className = 'topsearch-title'; t.textContent = text; li.appendChild(t);
      if (kind) { var k = document.createElement('span'); k.className = 'topsearch-kind'; k.textContent = kind; li.appendChild(k); }
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { window.location.href = url; });
      return li;
    }
    function show(q, hits) {
      list.textContent = ''; items = []; active = -1;
      hits.forEach(function (h, n) { items.push(option(h.name || h.title || '', label(h.kind), h.url, n)); });
      /* split/join, not replace: a query holding "$&" stays as typed */
      var all = (form.getAttribute('data-all') || '%s').split('%s').join(q);
      items.push(option(all, '', '/search?q=' + encodeURIComponent(q), hits.length));
      items[items.length - 1].classList.add('topsearch-all');
      items.forEach(function (li) { list.appendChild(li); });
      list.hidden = false; input.setAttribute('aria-expanded', 'true'); input.removeAttribute('aria-activedescendant');
    }
    function suggest() {
      var q = input.value.trim(), mine = ++seq;
      if (!q) { close(); return; }
      fetch('/api/v1/search/suggest?limit=6&q=' + encodeURIComponent(input.value), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) { if (d && mine === seq && document.activeElement === input) show(q, d.items || []); })
        .catch(function () {});
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(suggest, 120); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (list.hidden) { if (input.value.trim()) suggest(); return; }
        e.preventDefault();
        var n = items.length, d = e.key === 'ArrowDown' ? 1 : -1;
        var next = active < 0 ? (d > 0 ? 0 : n - 1) : active + d;
        mark(next < 0 || next >= n ? -1 : next);  /* past either end: back to what was typed */
      } else if (e.key === 'Enter' && active >= 0 && !list.hidden) {
        e.preventDefault(); window.location.href = items[active].getAttribute('data-url');
      } else if (e.key === 'Escape') {
        if (!list.hidden) { e.preventDefault(); close(); } else if (input.value) { e.preventDefault(); input.value = ''; }
      }
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  }
  function start() { document.querySelectorAll('form.topsearch').forEach(init); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
