/* CX playbook: turns each server-rendered quiz into a form that marks itself.
   Without JavaScript the questions stay readable, each answer in a collapsed <details>. */
(function () {
  "use strict";

  var seq = 0;

  // progress.js, loaded just before this file, builds elements the same way for both.
  var progress = window.cxProgress;
  var el = progress.el;

  function shuffled(list) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }

  function normalise(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function choices(section) {
    return Array.prototype.map.call(section.querySelectorAll(".cx-question__choices > ul > li"), function (li) {
      return li.innerHTML;
    });
  }

  /* Each builder returns { node, answer() -> true/false, reset() }. */

  function choiceControls(section, key, multiple) {
    var texts = choices(section);
    var name = "cx-q" + (++seq);
    var list = el("div", { class: "cx-options" });
    function fill() {
      var order = section.dataset.shuffle === "false" ? texts.map(function (_, i) { return i; }) : shuffled(texts.map(function (_, i) { return i; }));
      list.replaceChildren.apply(list, order.map(function (index) {
        var input = el("input", { type: multiple ? "checkbox" : "radio", name: name, value: String(index) });
        return el("label", { class: "cx-option" }, [input, el("span", { html: texts[index] })]);
      }));
    }
    fill();
    return {
      node: list,
      chosen: function () {
        return Array.prototype.filter.call(list.querySelectorAll("input"), function (i) { return i.checked; })
          .map(function (i) { return Number(i.value); });
      },
      answer: function () {
        var picked = this.chosen().sort().join(",");
        return picked === key.correct.slice().sort().join(",");
      },
      reset: fill
    };
  }

  function trueFalseControls(section, key) {
    var name = "cx-q" + (++seq);
    var list = el("div", { class: "cx-options" }, ["True", "False"].map(function (label) {
      return el("label", { class: "cx-option" }, [el("input", { type: "radio", name: name, value: label }), el("span", { text: label })]);
    }));
    return {
      node: list,
      chosen: function () { return []; },
      answer: function () {
        var picked = list.querySelector("input:checked");
        return !!picked && (picked.value === "True") === key.answer;
      },
      reset: function () { list.querySelectorAll("input").forEach(function (i) { i.checked = false; }); }
    };
  }

  function orderingControls(section, key, announce) {
    var texts = choices(section);
    // The page lists items in key.shown order; position i of the page holds item key.shown[i].
    var items = key.shown.map(function (item, i) { return { item: item, html: texts[i] }; });
    var list = el("ol", { class: "cx-ordering" });
    function render(focusItem, direction) {
      list.replaceChildren.apply(list, items.map(function (entry, position) {
        var label = el("span", { html: entry.html });
        var up = el("button", { type: "button", class: "cx-move", "aria-label": "Move up: " + label.textContent, text: "↑" });
        var down = el("button", { type: "button", class: "cx-move", "aria-label": "Move down: " + label.textContent, text: "↓" });
        up.disabled = position === 0;
        down.disabled = position === items.length - 1;
        up.addEventListener("click", function () { move(position, -1); });
        down.addEventListener("click", function () { move(position, 1); });
        if (entry.item === focusItem) setTimeout(function () { (direction < 0 && !up.disabled ? up : !down.disabled ? down : up).focus(); });
        return el("li", { "data-item": String(entry.item) }, [label, el("span", { class: "cx-move-group" }, [up, down])]);
      }));
    }
    function move(position, step) {
      var entry = items.splice(position, 1)[0];
      items.splice(position + step, 0, entry);
      render(entry.item, step);
      announce(list.children[position + step].firstChild.textContent + " moved to position " + (position + step + 1) + " of " + items.length + ".");
    }
    function reset() {
      do { items = shuffled(items); } while (items.every(function (e, i) { return e.item === i; }) && items.length > 1);
      render();
    }
    render();
    return {
      node: list,
      chosen: function () { return []; },
      answer: function () { return items.every(function (e, i) { return e.item === i; }); },
      reset: reset
    };
  }

  function matchingControls(section, key) {
    var rows = Array.prototype.map.call(section.querySelectorAll(".cx-matching tbody tr"), function (tr) {
      return { term: tr.cells[0].textContent, match: tr.cells[1].textContent };
    });
    // Row i shows term i and match key.shown[i]; the match for term t is the one whose index is t.
    var matches = rows.map(function (row, i) { return { index: key.shown[i], text: row.match }; });
    var box = el("div", { class: "cx-matching-controls" });
    function fill() {
      var order = shuffled(matches);
      box.replaceChildren.apply(box, rows.map(function (row, term) {
        var id = "cx-m" + (++seq);
        var select = el("select", { id: id, "data-term": String(term) }, [el("option", { value: "", text: "Choose…" })].concat(order.map(function (m) {
          return el("option", { value: String(m.index), text: m.text });
        })));
        return el("p", { class: "cx-match" }, [el("label", { for: id, text: row.term }), select]);
      }));
    }
    fill();
    return {
      node: box,
      chosen: function () { return []; },
      answer: function () {
        return Array.prototype.every.call(box.querySelectorAll("select"), function (s) { return s.value === s.dataset.term; });
      },
      reset: fill
    };
  }

  function fillControls(section, key) {
    var id = "cx-f" + (++seq);
    var input = el("input", { type: "text", id: id, autocomplete: "off", spellcheck: "false" });
    return {
      node: el("p", { class: "cx-fill" }, [el("label", { for: id, text: "Your answer: " }), input]),
      chosen: function () { return []; },
      answer: function () { return key.answers.indexOf(normalise(input.value)) !== -1; },
      reset: function () { input.value = ""; }
    };
  }

  function enhance(quiz) {
    if (quiz.dataset.ready) return;
    quiz.dataset.ready = "true";
    var key = JSON.parse(quiz.dataset.key);
    var id = quiz.dataset.quiz;
    var status = el("div", { class: "cx-quiz__status", role: "status", "aria-live": "polite" });
    var summary = el("div", { class: "cx-quiz__summary", tabindex: "-1" });
    var questions = Array.prototype.map.call(quiz.querySelectorAll(".cx-question"), function (section, index) {
      var k = key[section.dataset.question];
      var type = section.dataset.type;
      var announce = function (text) { status.textContent = text; };
      var controls = type === "single" ? choiceControls(section, k, false)
        : type === "multiple" ? choiceControls(section, k, true)
        : type === "true_false" ? trueFalseControls(section, k)
        : type === "ordering" ? orderingControls(section, k, announce)
        : type === "matching" ? matchingControls(section, k)
        : fillControls(section, k);
      var prompt = section.querySelector(".cx-question__prompt");
      var legendId = "cx-l" + (++seq);
      prompt.id = legendId;
      var fieldset = el("fieldset", { class: "cx-controls", "aria-labelledby": legendId }, [controls.node]);
      var result = el("div", { class: "cx-result", hidden: "" });
      var choicesBlock = section.querySelector(".cx-question__choices");
      if (choicesBlock) choicesBlock.classList.add("cx-print-only");
      var details = section.querySelector(".cx-answer");
      details.hidden = true;
      section.insertBefore(fieldset, details);
      section.insertBefore(result, details);
      return { section: section, controls: controls, result: result, details: details, index: index };
    });
    var submit = el("button", { type: "submit", class: "md-button md-button--primary", text: "Check my answers" });
    var retry = el("button", { type: "button", class: "md-button", text: "Try again", hidden: "" });
    var form = el("form", { class: "cx-quiz__form", novalidate: "" });
    while (quiz.firstChild) form.append(quiz.firstChild);
    form.append(el("div", { class: "cx-quiz__actions" }, [submit, retry]), summary);
    quiz.append(form, status);
    showBest(quiz, summary, id);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var right = 0;
      questions.forEach(function (q) {
        var ok = q.controls.answer();
        if (ok) right++;
        mark(q, ok);
      });
      var score = Math.round((100 * right) / questions.length);
      var passed = score >= Number(quiz.dataset.passMark);
      var text = "You scored " + right + " of " + questions.length + " (" + score + "%). " +
        (passed ? "You passed: the pass mark is " : "Not passed yet: the pass mark is ") + quiz.dataset.passMark + "%.";
      summary.replaceChildren(el("p", { class: "cx-score " + (passed ? "cx-pass" : "cx-fail"), text: text }));
      status.textContent = text;
      progress.record(id, { date: new Date().toISOString(), score: score, passed: passed, version: quiz.dataset.version });
      form.querySelectorAll(".cx-controls").forEach(function (f) { f.disabled = true; });
      submit.hidden = true;
      retry.hidden = false;
      summary.focus();
    });

    retry.addEventListener("click", function () {
      questions.forEach(function (q) {
        q.controls.reset();
        q.result.hidden = true;
        q.details.hidden = true;
        q.details.open = false;
        q.section.classList.remove("cx-right", "cx-wrong");
      });
      form.querySelectorAll(".cx-controls").forEach(function (f) { f.disabled = false; });
      submit.hidden = false;
      retry.hidden = true;
      showBest(quiz, summary, id);
      status.textContent = "The quiz has been reset and shuffled.";
      var first = form.querySelector(".cx-controls input, .cx-controls select, .cx-controls button:not([disabled])");
      if (first) first.focus();
    });
  }

  function mark(q, ok) {
    q.section.classList.toggle("cx-right", ok);
    q.section.classList.toggle("cx-wrong", !ok);
    var parts = [el("p", { class: "cx-verdict", text: ok ? "✓ Correct" : "✗ Not quite" })];
    q.controls.chosen().forEach(function (option) {
      var feedback = q.details.querySelector('.cx-feedback[data-option="' + option + '"]');
      if (feedback) parts.push(el("div", { class: "cx-option-feedback", html: feedback.innerHTML }));
    });
    q.result.replaceChildren.apply(q.result, parts);
    q.result.hidden = false;
    q.details.hidden = false;
    q.details.open = true;
    q.details.querySelector(".cx-reread").hidden = ok;
  }

  function showBest(quiz, summary, id) {
    var top = progress.best(progress.load(), id);
    if (!top) { summary.replaceChildren(); return; }
    var earlier = top.version !== quiz.dataset.version ? " That attempt was on an earlier version of this quiz." : "";
    summary.replaceChildren(el("p", { class: "cx-best", text: "Your best so far: " + top.score + "% (" + (top.passed ? "passed" : "not passed") + ")." + earlier }));
  }

  function init() {
    document.querySelectorAll(".cx-quiz").forEach(enhance);
  }
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
