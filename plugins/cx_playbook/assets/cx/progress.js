/* CX playbook: progress kept in this browser only (localStorage), never sent anywhere.
   One versioned JSON document per site, under a key namespaced by the site's base path. */
(function () {
  "use strict";

  var VERSION = 2;
  // Each entry upgrades a stored document of that version to the next one. Version 2 added what
  // version 1 never had (the name to print, the questions drawn and missed), so 1 carries over whole.
  var MIGRATIONS = new Map([[1, function (json) { return Object.assign({}, json, { version: 2 }); }]]);
  var scope = (window.__md_scope || new URL(".", location)).pathname;
  var KEY = "cx-progress@" + scope;
  // Pages and quizzes are keyed by names that come from content and files ("constructor" is a
  // valid quiz id), so in memory they live in Maps, never as properties of plain objects.
  var memory = null;
  // Storage is behind `memory`: a write failed, so what is stored must not be read over it.
  var unsaved = false;
  // Storage holds a record we could neither read nor copy aside: it is never overwritten.
  var held = false;
  var listeners = [];

  var NOTICES = new Map([["blocked", "notice.blocked"], ["full", "notice.full"], ["unreadable", "notice.unreadable"], ["held", "notice.held"]]);
  var notice = "";
  // Dismissed problems stay dismissed until the page is reloaded: this script lives on through
  // instant navigation, so a Set here outlasts each page's content.
  var dismissed = new Set();
  var noticeBox = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] == null) return; // an attribute that does not apply here, such as no lang
      if (name === "text") node.textContent = attrs[name];
      else if (name === "html") node.innerHTML = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.append(child); });
    return node;
  }

  // The site's wording comes with the manifest, in the page's language: t("key", {name: value})
  // fills in each {name}; a number called count chooses the plural form, and numbers are
  // written the way the language writes them. The plugin ships each key quoted in a script.
  var LANG = document.documentElement.lang || "en";
  var plural = new Intl.PluralRules(LANG);
  // Numbers are written with the symbols the build read off the language (as the pages write
  // them), to at most one decimal: Intl.NumberFormat's first use would cost a phone some 50 ms.
  var SYMBOLS = manifest().numbers || { decimal: ".", group: ",", percent: "{number}%" };
  function number(value) {
    // Absurd figures (from an imported file) are quoted as JavaScript writes them.
    if (!isFinite(value) || Math.abs(value) >= 1e15) return String(value);
    var digits = String(Math.round(Math.abs(value) * 10) / 10).split(".");
    var whole = digits[0].length > 3 ? digits[0].replace(/\B(?=(\d{3})+$)/g, SYMBOLS.group) : digits[0];
    return (value < 0 ? "-" : "") + whole + (digits[1] ? SYMBOLS.decimal + digits[1] : "");
  }
  function t(key, values) {
    values = values || {};
    var text = (manifest().messages || {})[key];
    if (text && typeof text === "object") text = text[plural.select(values.count)] || text.other;
    if (typeof text !== "string") return key;
    return text.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      var value = values[name];
      return value === undefined ? whole : typeof value === "number" ? number(value) : String(value);
    });
  }

  // The language of what the authors wrote at `node` where the page marks it as other than its
  // own; undefined where content and interface share the page's language. What a script builds
  // from content carries it too.
  function langOf(node) {
    var marked = node && node.closest("[lang]");
    return marked && marked !== document.documentElement ? marked.lang : undefined;
  }

  // A message with nodes (links) among its values, as strings and nodes for el().
  function parts(key, values) {
    var nodes = new Map();
    var plain = {};
    Object.keys(values).forEach(function (name) {
      if (values[name] instanceof Node) nodes.set(name, values[name]);
      plain[name] = values[name] instanceof Node ? "\u0000" + name + "\u0000" : values[name];
    });
    return t(key, plain).split("\u0000").map(function (piece, i) { return i % 2 ? nodes.get(piece) : piece; });
  }

  function percent(score) {
    return SYMBOLS.percent.replace("{number}", number(score));
  }

  function empty() {
    return { version: VERSION, pages: new Map(), quizzes: new Map(), course: null };
  }

  function isRecord(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  // Question ids kept on an attempt: absent, or a list of names.
  function ids(value) {
    return value === undefined || (Array.isArray(value) && value.every(function (v) { return typeof v === "string"; }));
  }

  function entries(object) {
    return Object.keys(object).map(function (name) { return [name, object[name]]; });
  }

  /* Turns parsed JSON into a document, or says in words what is wrong with it. */
  function readDocument(json) {
    if (!isRecord(json) || !Number.isInteger(json.version) || json.version < 1) return { problem: t("progress.file_not_export") };
    if (json.version > VERSION) return { problem: t("progress.file_newer") };
    while (json.version < VERSION) json = MIGRATIONS.get(json.version)(json);
    if (!isRecord(json.pages) || !isRecord(json.quizzes)) return { problem: t("progress.file_not_export") };
    var doc = empty();
    var problem = "";
    var course = json.course;
    if (course != null && !(isRecord(course) && typeof course.name === "string" && course.name.length <= 200)) problem = t("progress.file_course");
    else if (course) doc.course = { name: course.name };
    entries(json.pages).forEach(function (pair) {
      if (isRecord(pair[1])) doc.pages.set(pair[0], pair[1].auto === true ? { read: String(pair[1].read), auto: true } : { read: String(pair[1].read) });
      else problem = problem || t("progress.file_page");
    });
    entries(json.quizzes).forEach(function (pair) {
      var attempts = isRecord(pair[1]) && Array.isArray(pair[1].attempts) ? pair[1].attempts : null;
      if (!attempts || !attempts.every(isRecord)) { problem = problem || t("progress.file_attempts", { quiz: pair[0] }); return; }
      attempts.forEach(function (a) {
        if (problem) return;
        if (typeof a.score !== "number" || !Number.isFinite(a.score) || a.score < 0 || a.score > 100) {
          problem = t("progress.file_score", { quiz: pair[0], score: typeof a.score === "number" ? a.score : JSON.stringify(a.score) });
        } else if (typeof a.passed !== "boolean" || typeof a.date !== "string" || (a.version !== undefined && typeof a.version !== "string") || !ids(a.drawn) || !ids(a.wrong)) {
          problem = t("progress.file_attempts", { quiz: pair[0] });
        }
      });
      if (!problem) doc.quizzes.set(pair[0], attempts.map(function (a) {
        return { date: a.date, score: a.score, passed: a.passed, version: a.version, drawn: a.drawn, wrong: a.wrong };
      }));
    });
    return problem ? { problem: problem } : { doc: doc };
  }

  function toJSON(doc) {
    var quizzes = Array.from(doc.quizzes, function (pair) { return [pair[0], { attempts: pair[1] }]; });
    // Object.fromEntries defines own properties, so even a key named "__proto__" stays data.
    return { version: doc.version, pages: Object.fromEntries(doc.pages), quizzes: Object.fromEntries(quizzes), course: doc.course };
  }

  // Reading alone tells whether storage is there: a test write would fail when it is merely full.
  function storage() {
    try {
      var s = window.localStorage;
      s.getItem(KEY);
      return s;
    } catch (e) {
      return null;
    }
  }

  function warn(kind) {
    if (dismissed.has(kind)) return;
    notice = kind;
    showNotice();
  }

  function load() {
    var s = storage();
    if (!s) warn("blocked");
    if (!s || unsaved || held) return memory || (memory = empty());
    var raw = s.getItem(KEY);
    if (raw === null) return (memory = empty());
    var read;
    try { read = readDocument(JSON.parse(raw)); } catch (e) { read = {}; }
    if (read.doc) return (memory = read.doc);
    // Keep the unreadable copy aside rather than deleting what the learner had; if even that
    // cannot be written, leave it where it is and work in memory.
    try {
      s.setItem(KEY + ":unreadable:" + new Date().toISOString(), raw);
    } catch (e) {
      held = true;
      warn("held");
      return (memory = empty());
    }
    s.removeItem(KEY);
    warn("unreadable");
    return (memory = empty());
  }

  // Returns what stopped the write ("blocked", "held", "full"), or "" when it was saved.
  function write(doc) {
    var s = storage();
    if (!s) return "blocked";
    if (held) return "held";
    try {
      s.setItem(KEY, JSON.stringify(toJSON(doc)));
      return "";
    } catch (e) {
      return "full";
    }
  }

  function save(doc) {
    memory = doc;
    var problem = write(doc);
    unsaved = problem !== "";
    if (problem) warn(problem);
    listeners.forEach(function (listener) { listener(doc); });
    return problem;
  }

  function update(change) {
    var doc = load();
    change(doc);
    save(doc);
    return doc;
  }

  function attemptsAt(doc, quiz) {
    return doc.quizzes.get(quiz) || [];
  }

  function record(quiz, attempt) {
    return update(function (doc) { doc.quizzes.set(quiz, attemptsAt(doc, quiz).concat([attempt])); });
  }

  function best(doc, quiz) {
    return attemptsAt(doc, quiz).reduce(function (top, a) { return !top || a.score > top.score ? a : top; }, null);
  }

  // A title from content says its language in the manifest (`lang`), where it is not the page's.
  function link(item) {
    return el("a", { href: item.href, text: item.title, lang: item.lang });
  }

  function passed(doc, quiz) {
    var top = best(doc, quiz);
    return !!top && top.passed;
  }

  // Where the learner stands in the course, each module's status and what to do next.
  function courseState(doc) {
    var c = manifest().course;
    if (!c) return null;
    // A reading an earlier module also lists does not start a later one: reading it there says
    // nothing about this module.
    var earlier = new Set();
    var modules = c.modules.map(function (m) {
      var top = best(doc, m.quiz);
      var own = m.readings.filter(function (url) { return !earlier.has(url); });
      m.readings.forEach(function (url) { earlier.add(url); });
      var started = top || own.some(function (url) { return doc.pages.has(pagePath(url)); });
      var done = passed(doc, m.quiz);
      return { id: m.id, title: m.title, lang: m.lang, href: scope + m.url, quiz: m.quiz, best: top, passed: done, status: t(done ? "course.passed" : started ? "course.in_progress" : "course.not_started") };
    });
    var left = modules.filter(function (m) { return !m.passed; });
    var final = { id: c.final.id, title: t("course.next_final"), href: scope + c.final.url, best: best(doc, c.final.id), passed: passed(doc, c.final.id) };
    var done = !left.length && final.passed;
    return {
      course: c, modules: modules, final: final, done: done, left: left, next: left[0] || (done ? { title: t("course.next_certificate"), href: scope + c.certificate } : final),
      byId: new Map(modules.map(function (m) { return [m.id, m]; }).concat([["final", final]]))
    };
  }

  // The manifest's URLs are relative to the site's root ("./" is the home page); links are absolute.
  // The scope is a path on this origin, so its address never changes, even across instant navigation.
  var siteRoot = new URL(scope, location.href);
  function pagePath(url) {
    var path = new URL(url, siteRoot).pathname;
    return path.indexOf(scope) === 0 ? path.slice(scope.length) : null;
  }

  function manifest() {
    return window.cxManifest || { sections: [], quizzes: [] };
  }

  function trackable(path) {
    return manifest().sections.some(function (section) {
      return section.pages.some(function (page) { return pagePath(page.url) === path; });
    });
  }

  function overall(doc) {
    var m = manifest();
    var total = 0, done = 0;
    m.sections.forEach(function (section) {
      section.pages.forEach(function (page) { total++; if (doc.pages.has(pagePath(page.url))) done++; });
    });
    m.quizzes.forEach(function (quiz) {
      total++;
      var top = best(doc, quiz.id);
      if (top && top.passed) done++;
    });
    return { done: done, total: total, percent: total ? Math.round((100 * done) / total) : 0 };
  }

  /* --- What the learner sees on every page --- */

  function showNotice() {
    var main = document.querySelector(".md-content__inner");
    if (!notice || !main) return;
    if (!noticeBox || !noticeBox.isConnected) {
      var close = el("button", { type: "button", class: "md-button", text: t("notice.dismiss") });
      noticeBox = el("div", { class: "cx-notice admonition info", role: "status" }, [el("p"), close]);
      close.addEventListener("click", function () {
        dismissed.add(notice);
        notice = "";
        noticeBox.remove();
      });
      main.prepend(noticeBox);
    }
    noticeBox.firstChild.textContent = t(NOTICES.get(notice));
  }

  var headerLink = null;
  function header(doc) {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || !manifest().sections.length) return;
    if (!headerLink || !headerLink.isConnected) {
      // The theme drew it (see partials/search.html), its address relative to the page it was
      // drawn on: made absolute here, as instant navigation keeps the header across pages.
      headerLink = inner.querySelector(".cx-header-progress");
      if (headerLink) headerLink.setAttribute("href", headerLink.href);
      else {
        headerLink = el("a", { class: "cx-header-progress", href: scope + "progress/" }, [el("span", { "data-cx-label": "" })]);
        inner.insertBefore(headerLink, inner.querySelector(".md-search") || null);
      }
    }
    var all = overall(doc);
    headerLink.querySelector("[data-cx-label]").textContent = t("progress.header", { percent: percent(all.percent) });
    headerLink.setAttribute("aria-label", t("progress.header_label", { done: all.done, total: all.total, percent: percent(all.percent) }));
  }

  function markLinks(doc) {
    document.querySelectorAll(".md-nav__link[href], .cx-cards a[href], .cx-readings a[href], .cx-module p a[href]").forEach(function (link) {
      var read = doc.pages.has(pagePath(link.href));
      link.classList.toggle("cx-read", read);
      var hint = link.querySelector(":scope > .cx-read-hint");
      // Inside a title from content, the hint speaks the page's language.
      if (read && !hint) link.append(el("span", { class: "cx-read-hint", text: " " + t("progress.read_hint"), lang: langOf(link) && LANG }));
      else if (!read && hint) hint.remove();
    });
  }

  var toggle = null;
  function readToggle(doc, path) {
    var article = document.querySelector(".md-content__inner");
    if (!article || !trackable(path)) return;
    if (!toggle || !article.contains(toggle)) {
      var button = toggle = el("button", { type: "button", class: "md-button cx-read-toggle" });
      button.addEventListener("click", function () {
        var now = !load().pages.has(path);
        button.dataset.touched = "true";
        update(function (d) { if (now) d.pages.set(path, { read: new Date().toISOString() }); else d.pages.delete(path); });
      });
      article.append(button);
      watchEnd(button, path);
    }
    var read = doc.pages.has(path);
    toggle.setAttribute("aria-pressed", String(read));
    toggle.textContent = t(read ? "progress.marked_read" : "progress.mark_read");
  }

  // The rule: a page counts as read once the learner has scrolled down to its end. Only the
  // learner's own scrolling counts (wheel, touch, scroll keys), not focus moving to the button.
  var SCROLL_KEYS = ["PageDown", "End", "ArrowDown", " ", "Spacebar"];
  var scrolled = false;
  function onScroll() { scrolled = true; }
  window.addEventListener("wheel", onScroll, { passive: true });
  window.addEventListener("touchmove", onScroll, { passive: true });
  window.addEventListener("keydown", function (event) {
    if (SCROLL_KEYS.indexOf(event.key) !== -1 && !/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(event.target.tagName)) onScroll();
  });

  var observer = null;
  function watchEnd(button, path) {
    if (!("IntersectionObserver" in window)) return;
    observer = new IntersectionObserver(function (seen) {
      if (!seen[0].isIntersecting || !scrolled || button.dataset.touched) return;
      observer.disconnect();
      if (!load().pages.has(path)) update(function (d) { d.pages.set(path, { read: new Date().toISOString(), auto: true }); });
    });
    observer.observe(button);
  }

  // Material repeats the page's title in its header and the page's headings in the table of
  // contents: the copies take the language the page gives the originals.
  function chrome() {
    var topic = document.querySelector('.md-header [data-md-component="header-topic"]');
    if (topic) setLang(topic, langOf(document.querySelector(".md-content__inner h1")));
    // Material writes the table of contents' links as full addresses: each names its heading in its hash.
    document.querySelectorAll('.md-nav--secondary a.md-nav__link[href*="#"]').forEach(function (link) {
      setLang(link, langOf(document.getElementById(decodeURIComponent(link.hash.slice(1)))));
    });
    // A page of the site's own (a hand-written page's [[link]], the tags listing) may name an entry,
    // a quiz or a module by its title: the title keeps its language there too.
    var titles = contentTitles();
    if (!titles.size) return;
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      var item = titles.get(pagePath(link.href));
      if (item && !langOf(link) && link.textContent.replace(/\s+/g, " ").trim() === item.title) link.lang = item.lang;
    });
  }

  // The manifest's titles from content, by the page they name: only those given a language.
  var titled = null;
  function contentTitles() {
    if (titled) return titled;
    var m = manifest();
    var items = m.sections.reduce(function (all, section) { return all.concat(section.pages); }, m.quizzes.concat(m.course ? m.course.modules : []));
    titled = new Map(items.filter(function (item) { return item.lang; }).map(function (item) { return [pagePath(item.url), item]; }));
    return titled;
  }

  function setLang(node, lang) {
    if (lang) node.lang = lang;
    else node.removeAttribute("lang");
  }

  function refresh(doc) {
    var path = pagePath(location.href);
    header(doc);
    markLinks(doc);
    readToggle(doc, path);
    renderPage(doc);
    renderCourse(doc);
  }


  /* --- The "My progress" page --- */

  function bar(done, total, label) {
    return el("progress", { max: String(total || 1), value: String(done), "aria-label": label });
  }

  var pageParts = null;
  function renderPage(doc) {
    var root = document.querySelector(".md-content__inner [data-cx-progress-page]");
    if (!root) return;
    var m = manifest();
    var all = overall(doc);
    var nextPage = null, nextQuiz = null;
    var sections = el("div", { class: "cx-progress-sections" });
    m.sections.forEach(function (section) {
      var unread = section.pages.filter(function (p) { return !doc.pages.has(pagePath(p.url)); });
      var done = section.pages.length - unread.length;
      if (!nextPage) nextPage = unread[0] || null;
      sections.append(el("div", { class: "cx-progress-row" }, [
        el("h3", { text: section.title }),
        bar(done, section.pages.length, t("progress.section_label", { section: section.title, done: done, total: section.pages.length })),
        el("p", { text: t("progress.section_read", { done: done, total: section.pages.length }) })
      ]));
    });
    var state = courseState(doc);
    // The final joins the quizzes, so its attempts on an earlier version are labelled too.
    var quizzes = state ? m.quizzes.concat([{ id: state.final.id, title: t("final.title"), url: state.course.final.url, version: state.course.final.version }]) : m.quizzes;
    var rows = quizzes.map(function (quiz) {
      var top = best(doc, quiz.id);
      if (!nextQuiz && !(top && top.passed)) nextQuiz = quiz;
      var status = !top ? t("progress.not_taken") : t(top.passed ? "progress.passed" : "progress.not_passed") +
        (top.version && top.version !== quiz.version ? " " + t(state && quiz.id === state.final.id ? "progress.earlier_final_version" : "progress.earlier_version") : "");
      return el("tr", {}, [
        el("td", {}, [el("a", { href: scope + quiz.url, text: quiz.title, lang: quiz.lang })]),
        el("td", { text: top ? percent(top.score) : t("progress.no_score") }),
        el("td", { text: String(attemptsAt(doc, quiz.id).length) }),
        el("td", { text: status })
      ]);
    });
    var table = el("table", {}, [
      el("thead", {}, [el("tr", {}, ["progress.quiz", "progress.best_score", "progress.attempts", "progress.status"].map(function (h) { return el("th", { scope: "col", text: t(h) }); }))]),
      el("tbody", {}, rows)
    ]);
    var next = el("ul", {}, [
      state && el("li", { class: "cx-progress-course" }, [
        t("progress.course", { passed: state.modules.length - state.left.length, count: state.modules.length,
          final: t(state.final.passed ? "progress.final_passed" : state.final.best ? "progress.final_not_passed" : "progress.final_not_taken") }), " "
      ].concat(parts(state.done ? "progress.see" : "progress.next", { link: link(state.next) }))),
      nextPage && el("li", {}, parts("progress.read_next", { link: el("a", { href: scope + nextPage.url, text: nextPage.title, lang: nextPage.lang }) })),
      nextQuiz && el("li", {}, parts("progress.quiz_next", { link: el("a", { href: scope + nextQuiz.url, text: nextQuiz.title, lang: nextQuiz.lang }) }))
    ]);
    if (!pageParts || pageParts.root !== root) {
      // The summary drawn at build time keeps its place: only its words and numbers change.
      pageParts = { root: root, summary: root.querySelector(".cx-progress-summary") || el("div", { class: "cx-progress-summary" }) };
      root.replaceChildren(pageParts.summary, el("h2", { text: t("progress.keep") }), tools());
    }
    pageParts.summary.replaceChildren(
      el("p", { class: "cx-progress-total", text: t("progress.overall", { done: all.done, total: all.total, percent: percent(all.percent) }) }),
      bar(all.done, all.total, t("progress.overall_label")),
      el("h2", { text: t("progress.what_next") }),
      state || nextPage || nextQuiz ? next : el("p", { text: t("progress.all_done") }),
      el("h2", { text: t("progress.reading") }), sections,
      el("h2", { text: t("quizzes.title") }), el("div", { class: "cx-progress-quizzes" }, [table])
    );
  }

  var NOT_SAVED = new Map([["blocked", "progress.not_saved_blocked"], ["held", "progress.not_saved_held"], ["full", "progress.not_saved_full"]]);

  function tools() {
    var message = el("p", { class: "cx-tools-message", role: "status" });
    var exportButton = el("button", { type: "button", class: "md-button", text: t("progress.export") });
    exportButton.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(toJSON(load()), null, 2)], { type: "application/json" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "cx-progress-" + new Date().toISOString().slice(0, 10) + ".json" });
      document.body.append(link);
      link.click();
      link.remove();
      message.textContent = t("progress.exported");
    });
    var input = el("input", { type: "file", accept: "application/json,.json", id: "cx-import" });
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var read;
        try { read = readDocument(JSON.parse(text)); } catch (e) { read = { problem: t("progress.file_not_export") }; }
        if (read.problem) {
          message.textContent = t("progress.import_refused", { problem: read.problem });
          return;
        }
        // The import replaces the record only once it is safely stored.
        load();
        var problem = write(read.doc);
        if (problem) {
          message.textContent = t("progress.import_failed", { reason: t(NOT_SAVED.get(problem)) });
          return;
        }
        memory = read.doc;
        unsaved = false;
        listeners.forEach(function (listener) { listener(read.doc); });
        message.textContent = t("progress.imported");
      }).finally(function () { input.value = ""; });
    });
    var reset = el("button", { type: "button", class: "md-button", text: t("progress.reset") });
    var yes = el("button", { type: "button", class: "md-button md-button--primary", text: t("progress.reset_yes") });
    var no = el("button", { type: "button", class: "md-button", text: t("progress.reset_cancel") });
    var confirmBox = el("div", { class: "cx-confirm", hidden: "" }, [
      el("p", { text: t("progress.reset_confirm") }),
      yes, no
    ]);
    reset.addEventListener("click", function () { confirmBox.hidden = false; no.focus(); });
    no.addEventListener("click", function () { confirmBox.hidden = true; reset.focus(); });
    yes.addEventListener("click", function () {
      var problem = save(empty());
      confirmBox.hidden = true;
      message.textContent = problem ? t("progress.reset_for_visit", { reason: t(NOT_SAVED.get(problem)) }) : t("progress.reset_done");
      reset.focus();
    });
    return el("div", { class: "cx-tools" }, [
      exportButton,
      el("p", {}, [el("label", { for: "cx-import", text: t("progress.import") }), " ", input]),
      reset, confirmBox, message
    ]);
  }

  /* --- The course home and the certificate --- */

  function home(state, root) {
    root.querySelectorAll(".cx-module[data-module]").forEach(function (section) {
      var m = state.byId.get(section.dataset.module);
      var status = section.querySelector("[data-cx-module-status]");
      if (!m || !status) return;
      status.textContent = m.best ? t("course.with_best", { status: m.status, score: percent(m.best.score) }) : m.status;
    });
    var next = root.querySelector("[data-cx-course-next]");
    next.replaceChildren.apply(next, parts(state.done ? "course.completed" : "course.continue", { link: link(state.next) }));
  }

  // The date the course was complete: the latest of the first passes that completed it.
  function completed(doc, state) {
    return state.modules.map(function (m) { return m.quiz; }).concat([state.final.id]).map(function (quiz) {
      return doc.quizzes.get(quiz).filter(function (a) { return a.passed; })[0].date;
    }).sort().pop().slice(0, 10);
  }

  // A code over the printed fields, so a printout altered by hand no longer matches: a check, not proof.
  function code(fields) {
    if (!crypto.subtle) return Promise.resolve(t("certificate.code_none"));
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(fields.join("\n"))).then(function (hash) {
      var hex = Array.from(new Uint8Array(hash).slice(0, 6), function (b) { return (b | 256).toString(16).slice(1); }).join("").toUpperCase();
      return hex.match(/..../g).join("-");
    });
  }

  var ready = new WeakSet();
  // The parts are in the page's markup; wired once per page shown.
  function wire(root, doc) {
    if (ready.has(root)) return;
    ready.add(root);
    // A notice for browsers without scripts (in <noscript>, so absent here in pages built now).
    var notice = root.querySelector(".cx-noscript");
    if (notice) notice.remove();
    var input = root.querySelector("#cx-name");
    input.value = doc.course ? doc.course.name : "";
    root.querySelector(".cx-name-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var name = input.value.trim();
      // Spaces alone pass `required`.
      if (!name) return input.focus();
      update(function (d) { d.course = { name: name }; });
      root.querySelector(".cx-cert h2").focus();
    });
    root.querySelector('[data-action="print"]').addEventListener("click", function () { window.print(); });
  }

  // Passed items stay listed, ticked, and say so in words, so the list keeps its height.
  function tickPassed(item, passed) {
    var link = item.querySelector("a");
    var hint = link.querySelector(".cx-passed-hint");
    item.classList.toggle("cx-passed", !!passed);
    if (passed && !hint) link.append(el("span", { class: "cx-passed-hint cx-visually-hidden", text: " " + t("certificate.passed_hint"), lang: langOf(link) && LANG }));
    else if (!passed && hint) hint.remove();
  }

  function certificate(state, doc, root) {
    wire(root, doc);
    var part = root.querySelector.bind(root);
    part(".cx-cert-left").hidden = state.done;
    part(".cx-name-form").hidden = !state.done;
    part(".cx-cert").hidden = part(".cx-cert__actions").hidden = !state.done || !doc.course;
    root.querySelectorAll("[data-module]").forEach(function (row) {
      var result = state.byId.get(row.dataset.module);
      if (row.tagName === "LI") tickPassed(row, result && result.passed);
      else row.querySelector("[data-field]").textContent = result && result.best ? percent(result.best.score) : "";
    });
    if (part(".cx-cert").hidden) return;
    var c = state.course;
    var date = completed(doc, state);
    part('[data-field="name"]').textContent = doc.course.name;
    // Printed in the page's language; the completion code is worked out from the ISO date.
    var day = part('[data-field="date"]');
    day.dateTime = date;
    day.textContent = new Date(date + "T00:00:00Z").toLocaleDateString(LANG, { dateStyle: "long", timeZone: "UTC" });
    // The canonical string: one field a line, scores by module id; the README documents it.
    code(["cx-certificate", c.title, c.version, doc.course.name, date].concat(state.modules.map(function (m) { return m.id + "=" + m.best.score; }), ["final=" + state.final.best.score]))
      .then(function (text) { part('[data-field="code"]').textContent = text; });
  }

  function renderCourse(doc) {
    var state = courseState(doc);
    if (!state) return;
    var root = document.querySelector(".md-content [data-cx-course]");
    if (root) home(state, root);
    root = document.querySelector(".md-content [data-cx-certificate]");
    if (root) certificate(state, doc, root);
  }

  window.cxProgress = {
    KEY: KEY, el: el, t: t, parts: parts, langOf: langOf, number: number, percent: percent, load: load, record: record, best: best,
    eachPage: eachPage, onChange: function (listener) { listeners.push(listener); }
  };
  listeners.push(refresh);

  // Another tab changed the record: show the same progress here.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    var doc = load();
    listeners.forEach(function (listener) { listener(doc); });
  });

  // Runs `work` for every page shown: the first in a task of its own, after Material's setting up
  // (the page is drawn by then, and one long task would keep a phone from answering a tap), and
  // each page reached by instant navigation at once, before it is drawn.
  function eachPage(work) {
    var first = true;
    function run() {
      if (!first) return work();
      first = false;
      setTimeout(work, 0);
    }
    if (window.document$) window.document$.subscribe(run);
    else document.addEventListener("DOMContentLoaded", run);
  }

  function init() {
    // Instant navigation replaced the page: stop watching the old one.
    if (observer) observer.disconnect();
    scrolled = false;
    chrome();
    refresh(load());
    showNotice();
  }
  eachPage(init);
})();
