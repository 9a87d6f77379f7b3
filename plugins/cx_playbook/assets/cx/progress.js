/* CX playbook: progress kept in this browser only (localStorage), never sent anywhere.
   One versioned JSON document per site, under a key namespaced by the site's base path. */
(function () {
  "use strict";

  var VERSION = 1;
  // Each entry upgrades a document of that version to the next one.
  var MIGRATIONS = {};
  var scope = (window.__md_scope || new URL(".", location)).pathname;
  var KEY = "cx-progress@" + scope;
  var memory = null;
  var listeners = [];
  var noticeText = "";

  function empty() {
    return { version: VERSION, pages: {}, quizzes: {} };
  }

  function isDocument(doc) {
    return !!doc && typeof doc === "object" && Number.isInteger(doc.version) &&
      doc.version >= 1 && doc.version <= VERSION &&
      !!doc.pages && typeof doc.pages === "object" && !Array.isArray(doc.pages) &&
      !!doc.quizzes && typeof doc.quizzes === "object" && !Array.isArray(doc.quizzes) &&
      Object.keys(doc.quizzes).every(function (id) {
        var quiz = doc.quizzes[id];
        return quiz && Array.isArray(quiz.attempts) && quiz.attempts.every(function (a) {
          return a && typeof a.score === "number" && typeof a.passed === "boolean" && typeof a.date === "string";
        });
      });
  }

  function migrate(doc) {
    while (doc.version < VERSION) doc = MIGRATIONS[doc.version](doc);
    return doc;
  }

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(KEY + ":probe", "1");
      s.removeItem(KEY + ":probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  function warn(text) {
    noticeText = text;
    showNotice();
  }

  function load() {
    var s = storage();
    if (!s) {
      warn("This browser is not letting the site save your progress, so it will be forgotten when you leave. Everything else, quizzes included, still works.");
      return memory || (memory = empty());
    }
    var raw = s.getItem(KEY);
    if (raw === null) return memory || empty();
    try {
      var doc = JSON.parse(raw);
      if (!isDocument(doc)) throw new Error("not a progress document");
      return migrate(doc);
    } catch (e) {
      // Keep the unreadable copy aside rather than deleting what the learner had.
      try { s.setItem(KEY + ":unreadable:" + new Date().toISOString(), raw); } catch (ignored) { /* full */ }
      s.removeItem(KEY);
      warn("Your saved progress could not be read, so a fresh record has been started. The old one is kept aside in this browser.");
      return empty();
    }
  }

  function save(doc) {
    memory = doc;
    var s = storage();
    if (s) {
      try {
        s.setItem(KEY, JSON.stringify(doc));
      } catch (e) {
        warn("This browser's storage is full, so new progress is kept only until you leave this page.");
      }
    }
    listeners.forEach(function (listener) { listener(doc); });
  }

  function update(change) {
    var doc = load();
    change(doc);
    save(doc);
    return doc;
  }

  function record(quiz, attempt) {
    return update(function (doc) {
      var entry = doc.quizzes[quiz] || (doc.quizzes[quiz] = { attempts: [] });
      entry.attempts.push(attempt);
    });
  }

  function best(doc, quiz) {
    var attempts = (doc.quizzes[quiz] || { attempts: [] }).attempts;
    return attempts.reduce(function (top, a) { return !top || a.score > top.score ? a : top; }, null);
  }

  function pagePath(url) {
    var path = new URL(url, location).pathname;
    return path.indexOf(scope) === 0 ? path.slice(scope.length) : null;
  }

  function manifest() {
    return window.cxManifest || { sections: [], quizzes: [] };
  }

  function trackable(path) {
    return manifest().sections.some(function (section) {
      return section.pages.some(function (page) { return page.url === path; });
    });
  }

  function overall(doc) {
    var m = manifest();
    var total = 0, done = 0;
    m.sections.forEach(function (section) {
      section.pages.forEach(function (page) { total++; if (doc.pages[page.url]) done++; });
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
    if (!noticeText || !main) return;
    var box = document.querySelector(".cx-notice");
    if (!box) {
      box = document.createElement("div");
      box.className = "cx-notice admonition info";
      box.setAttribute("role", "status");
      var text = document.createElement("p");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "md-button";
      close.textContent = "Dismiss";
      close.addEventListener("click", function () { box.remove(); noticeText = ""; });
      box.append(text, close);
      main.prepend(box);
    }
    box.querySelector("p").textContent = noticeText;
  }

  function header(doc) {
    var inner = document.querySelector(".md-header__inner");
    if (!inner || !manifest().sections.length) return;
    var link = inner.querySelector(".cx-header-progress");
    if (!link) {
      link = document.createElement("a");
      link.className = "cx-header-progress";
      link.href = scope + "progress/";
      inner.insertBefore(link, inner.querySelector(".md-search") || null);
    }
    var all = overall(doc);
    link.textContent = all.percent + "% done";
    link.setAttribute("aria-label", "My progress: " + all.done + " of " + all.total + " done (" + all.percent + "%)");
  }

  function markLinks(doc) {
    document.querySelectorAll(".md-nav__link[href], .cx-cards a[href]").forEach(function (link) {
      var read = !!doc.pages[pagePath(link.href)];
      link.classList.toggle("cx-read", read);
      var hint = link.querySelector(".cx-read-hint");
      if (read && !hint) {
        hint = document.createElement("span");
        hint.className = "cx-read-hint";
        hint.textContent = " (read)";
        link.append(hint);
      } else if (!read && hint) {
        hint.remove();
      }
    });
  }

  function readToggle(doc, path) {
    var article = document.querySelector(".md-content__inner");
    if (!article || !trackable(path)) return;
    var button = article.querySelector(".cx-read-toggle");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "md-button cx-read-toggle";
      button.addEventListener("click", function () {
        var now = !load().pages[path];
        button.dataset.touched = "true";
        update(function (d) { if (now) d.pages[path] = { read: new Date().toISOString() }; else delete d.pages[path]; });
      });
      article.append(button);
      watchEnd(button, path);
    }
    var read = !!doc.pages[path];
    button.setAttribute("aria-pressed", String(read));
    button.textContent = read ? "Read ✓ (mark as unread)" : "Mark as read";
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
      if (!load().pages[path]) update(function (d) { d.pages[path] = { read: new Date().toISOString(), auto: true }; });
    });
    observer.observe(button);
  }

  function refresh(doc) {
    var path = pagePath(location.href);
    header(doc);
    markLinks(doc);
    readToggle(doc, path);
    if (window.cxProgressPage) window.cxProgressPage(doc);
  }


  /* --- The "My progress" page --- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "html") node.innerHTML = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.append(child); });
    return node;
  }

  function bar(done, total, label) {
    return el("progress", { max: String(total || 1), value: String(done), "aria-label": label });
  }

  function renderPage(doc) {
    var root = document.querySelector("[data-cx-progress-page]");
    if (!root) return;
    var m = manifest();
    var all = overall(doc);
    var nextPage = null, nextQuiz = null;
    var sections = el("div", { class: "cx-progress-sections" });
    m.sections.forEach(function (section) {
      var done = section.pages.filter(function (p) { return doc.pages[p.url]; }).length;
      if (!nextPage) nextPage = section.pages.filter(function (p) { return !doc.pages[p.url]; })[0] || null;
      sections.append(el("div", { class: "cx-progress-row" }, [
        el("h3", { text: section.title }),
        bar(done, section.pages.length, section.title + ": " + done + " of " + section.pages.length + " read"),
        el("p", { text: done + " of " + section.pages.length + " read" })
      ]));
    });
    var rows = m.quizzes.map(function (quiz) {
      var attempts = (doc.quizzes[quiz.id] || { attempts: [] }).attempts;
      var top = best(doc, quiz.id);
      if (!nextQuiz && !(top && top.passed)) nextQuiz = quiz;
      var status = !top ? "Not taken" : (top.passed ? "Passed" : "Not passed yet") +
        (top.version && top.version !== quiz.version ? " (on an earlier version of the quiz)" : "");
      return el("tr", {}, [
        el("td", {}, [el("a", { href: scope + quiz.url, text: quiz.title })]),
        el("td", { text: top ? top.score + "%" : "–" }),
        el("td", { text: String(attempts.length) }),
        el("td", { text: status })
      ]);
    });
    var table = el("table", {}, [
      el("thead", {}, [el("tr", {}, ["Quiz", "Best score", "Attempts", "Status"].map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, rows)
    ]);
    var next = el("ul", {}, [
      nextPage && el("li", {}, [document.createTextNode("Read next: "), el("a", { href: scope + nextPage.url, text: nextPage.title })]),
      nextQuiz && el("li", {}, [document.createTextNode("Quiz to take: "), el("a", { href: scope + nextQuiz.url, text: nextQuiz.title })])
    ]);
    var summary = root.querySelector(".cx-progress-summary");
    if (!summary) {
      summary = el("div", { class: "cx-progress-summary" });
      root.replaceChildren(summary, el("h2", { text: "Keep or move your progress" }), tools());
    }
    summary.replaceChildren(
      el("p", { class: "cx-progress-total", text: "Overall: " + all.done + " of " + all.total + " done (" + all.percent + "%)" }),
      bar(all.done, all.total, "Overall progress"),
      el("h2", { text: "What to do next" }),
      nextPage || nextQuiz ? next : el("p", { text: "You have read every page and passed every quiz. Well done." }),
      el("h2", { text: "Reading" }), sections,
      el("h2", { text: "Quizzes" }), el("div", { class: "md-typeset__table" }, [table])
    );
  }

  function tools() {
    var message = el("p", { class: "cx-tools-message", role: "status" });
    var exportButton = el("button", { type: "button", class: "md-button", text: "Export progress" });
    exportButton.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(load(), null, 2)], { type: "application/json" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "cx-progress-" + new Date().toISOString().slice(0, 10) + ".json" });
      document.body.append(link);
      link.click();
      link.remove();
      message.textContent = "Your progress was saved to a file.";
    });
    var input = el("input", { type: "file", accept: "application/json,.json", id: "cx-import" });
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var doc;
        try { doc = JSON.parse(text); } catch (e) { doc = null; }
        if (!isDocument(doc)) {
          message.textContent = "That file is not a progress export from this site, so nothing was changed.";
          return;
        }
        save(migrate(doc));
        message.textContent = "Your progress was imported.";
      }).finally(function () { input.value = ""; });
    });
    var reset = el("button", { type: "button", class: "md-button", text: "Reset progress…" });
    var confirmBox = el("div", { class: "cx-confirm", hidden: "" }, [
      el("p", { text: "This deletes everything you have marked as read and every quiz attempt in this browser. Export first if you may want it back." })
    ]);
    var yes = el("button", { type: "button", class: "md-button md-button--primary", text: "Yes, delete my progress" });
    var no = el("button", { type: "button", class: "md-button", text: "Cancel" });
    confirmBox.append(yes, no);
    reset.addEventListener("click", function () { confirmBox.hidden = false; no.focus(); });
    no.addEventListener("click", function () { confirmBox.hidden = true; reset.focus(); });
    yes.addEventListener("click", function () {
      save(empty());
      confirmBox.hidden = true;
      message.textContent = "Your progress was reset.";
      reset.focus();
    });
    return el("div", { class: "cx-tools" }, [
      exportButton,
      el("p", {}, [el("label", { for: "cx-import", text: "Import progress from a file: " }), input]),
      reset, confirmBox, message
    ]);
  }

  window.cxProgressPage = renderPage;

  window.cxProgress = {
    KEY: KEY, VERSION: VERSION,
    load: load, save: save, update: update, record: record, best: best,
    overall: overall, manifest: manifest, el: el, isDocument: isDocument, migrate: migrate, empty: empty,
    onChange: function (listener) { listeners.push(listener); }
  };
  listeners.push(refresh);

  // Another tab changed the record: show the same progress here.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) listeners.forEach(function (listener) { listener(load()); });
  });

  function init() {
    // Instant navigation replaced the page: stop watching the old one.
    if (observer) observer.disconnect();
    scrolled = false;
    refresh(load());
    showNotice();
  }
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
