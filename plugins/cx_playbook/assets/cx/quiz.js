/* CX playbook: turns each server-rendered quiz into a form that marks itself.
   Without JavaScript the questions stay readable, each answer in a collapsed <details>. */
(function () {
  "use strict";

  var seq = 0;
  var enhanced = new WeakSet();

  // progress.js, loaded just before this file, builds elements the same way for both.
  var progress = window.cxProgress;
  var el = progress.el;
  var t = progress.t;
  var LANG = document.documentElement.lang || "en";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

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

  function check(ok) {
    if (!ok) throw new Error("the page does not match the quiz's answer key");
  }

  // The words beside a control after marking, so a choice never shows by colour or greying alone:
  // a text, or the pieces parts() makes of a message with content in it.
  function tag(text, right) {
    return el("span", { class: right ? "cx-tag cx-tag--right" : "cx-tag" }, [].concat(text));
  }

  // Content set in a message: marked with its language where that is not the page's.
  function inLang(text, lang) {
    return lang ? el("span", { lang: lang, text: text }) : text;
  }

  // The tags set inside an option or an item written in `lang` speak the page's language.
  function tagsIn(lang, list) {
    return el("span", { class: "cx-tags", lang: lang && LANG }, list);
  }

  function choices(section) {
    return all(section, ":scope > .cx-question__choices > ul > li").map(function (li) { return li.innerHTML; });
  }

  /* Each builder returns { node, answered(), first(), answer() -> true/false, reveal(), reset() }. */

  function optionControls(labels, multiple, correct, shuffle, lang) {
    var name = "cx-q" + (++seq);
    var list = el("div", { class: "cx-options" });
    var inputs = [];
    function fill() {
      var order = labels.map(function (_, i) { return i; });
      inputs = [];
      list.replaceChildren.apply(list, (shuffle ? shuffled(order) : order).map(function (index) {
        var input = el("input", { type: multiple ? "checkbox" : "radio", name: name, value: String(index) });
        inputs.push(input);
        return el("label", { class: "cx-option" }, [input, el("span", { html: labels[index], lang: lang })]);
      }));
    }
    function picked() {
      return inputs.filter(function (i) { return i.checked; }).map(function (i) { return Number(i.value); });
    }
    fill();
    return {
      node: list,
      picked: picked,
      answered: function () { return picked().length > 0; },
      first: function () { return inputs[0]; },
      answer: function () {
        var chosen = picked();
        return chosen.length === correct.size && chosen.every(function (i) { return correct.has(i); });
      },
      reveal: function () {
        inputs.forEach(function (input) {
          var index = Number(input.value);
          input.nextSibling.append(tagsIn(lang, [
            input.checked && tag(t("quiz.your_answer")),
            correct.has(index) && tag(t("quiz.right_answer"), true)
          ]));
        });
      },
      reset: fill
    };
  }

  function choiceControls(section, key, multiple, lang) {
    var texts = choices(section);
    check(texts.length > 1 && Array.isArray(key.correct) && key.correct.every(function (i) { return i >= 0 && i < texts.length; }));
    return optionControls(texts, multiple, new Set(key.correct), section.dataset.shuffle !== "false", lang);
  }

  function trueFalseControls(section, key) {
    check(typeof key.answer === "boolean");
    return optionControls([t("quiz.true"), t("quiz.false")], false, new Set([key.answer ? 0 : 1]), false);
  }

  function orderingControls(section, key, announce, lang) {
    var texts = choices(section);
    check(Array.isArray(key.shown) && key.shown.length === texts.length);
    // The page lists items in key.shown order; position i of the page holds item key.shown[i].
    var items = key.shown.map(function (item, i) { return { item: item, html: texts[i] }; });
    var list = el("ol", { class: "cx-ordering" });
    function render(focusItem, direction) {
      var focus = null;
      list.replaceChildren.apply(list, items.map(function (entry, position) {
        var label = el("span", { class: "cx-ordering__text", html: entry.html, lang: lang });
        var up = el("button", { type: "button", class: "cx-move", "aria-label": t("quiz.move_up", { item: label.textContent }), text: "↑" });
        var down = el("button", { type: "button", class: "cx-move", "aria-label": t("quiz.move_down", { item: label.textContent }), text: "↓" });
        up.disabled = position === 0;
        down.disabled = position === items.length - 1;
        up.addEventListener("click", function () { move(position, -1); });
        down.addEventListener("click", function () { move(position, 1); });
        if (entry.item === focusItem) focus = direction < 0 && !up.disabled ? up : !down.disabled ? down : up;
        return el("li", { "data-item": String(entry.item) }, [label, el("span", { class: "cx-move-group" }, [up, down])]);
      }));
      // In the same task as the move: a key pressed straight after it acts on the moved item,
      // never on the button the move took away or on one focused late.
      if (focus) focus.focus();
    }
    function move(position, step) {
      var entry = items.splice(position, 1)[0];
      items.splice(position + step, 0, entry);
      render(entry.item, step);
      announce(progress.parts("quiz.moved", { item: inLang(list.children[position + step].firstChild.textContent, lang), position: position + step + 1, total: items.length }));
    }
    function reset() {
      do { items = shuffled(items); } while (items.every(function (e, i) { return e.item === i; }) && items.length > 1);
      render();
    }
    render();
    return {
      node: list,
      // Any order is an answer: the learner may agree with the order shown.
      answered: function () { return true; },
      first: function () { return list.querySelector("button:not([disabled])"); },
      answer: function () { return items.every(function (e, i) { return e.item === i; }); },
      reveal: function () {
        Array.prototype.forEach.call(list.children, function (li, position) {
          var item = items[position].item;
          li.firstChild.append(tagsIn(lang, [
            item === position ? tag(t("quiz.right_position"), true) : tag(t("quiz.right_position_is", { position: item + 1 }))
          ]));
        });
      },
      reset: reset
    };
  }

  function matchingControls(section, key, lang) {
    var table = section.querySelector(":scope > .cx-matching");
    var rows = table ? all(table, "tbody > tr").map(function (tr) { return tr.cells; }) : [];
    // A row split in two (a line break inside a pair) would offer a match that can never be right.
    check(Array.isArray(key.shown) && rows.length > 1 && rows.length === key.shown.length &&
      rows.every(function (cells) { return cells.length === 2; }) &&
      key.shown.slice().sort(function (a, b) { return a - b; }).every(function (index, i) { return index === i; }));
    rows = rows.map(function (cells) { return { term: cells[0].textContent, match: cells[1].textContent }; });
    // Row i shows term i and match key.shown[i]; the match for term t is the one whose index is t.
    var matches = rows.map(function (row, i) { return { index: key.shown[i], text: row.match }; });
    var texts = new Map(matches.map(function (m) { return [m.index, m.text]; }));
    var box = el("div", { class: "cx-matching-controls" });
    var selects = [];
    function fill() {
      var order = shuffled(matches);
      selects = [];
      box.replaceChildren.apply(box, rows.map(function (row, term) {
        var id = "cx-m" + (++seq);
        var select = el("select", { id: id, "data-term": String(term) }, [el("option", { value: "", text: t("quiz.choose") })].concat(order.map(function (m) {
          return el("option", { value: String(m.index), text: m.text, lang: lang });
        })));
        selects.push(select);
        return el("p", { class: "cx-match" }, [el("label", { for: id, text: row.term, lang: lang }), select]);
      }));
    }
    fill();
    function blank() { return selects.filter(function (s) { return s.value === ""; }); }
    return {
      node: box,
      answered: function () { return blank().length === 0; },
      first: function () { return blank()[0] || selects[0]; },
      answer: function () {
        return selects.every(function (s) { return s.value === s.dataset.term; });
      },
      reveal: function () {
        selects.forEach(function (s) {
          var right = s.value === s.dataset.term;
          s.after(el("span", { class: "cx-tags" }, [
            s.value === "" && tag(t("quiz.not_answered")),
            right ? tag(t("quiz.right_answer"), true) : tag(progress.parts("quiz.right_answer_is", { answer: inLang(texts.get(Number(s.dataset.term)), lang) }))
          ]));
        });
      },
      reset: fill
    };
  }

  function fillControls(section, key, details, lang) {
    check(Array.isArray(key.answers) && key.answers.length > 0);
    // As the author wrote them: the key holds them normalised for comparing.
    var written = details.querySelector(".cx-accepted[data-answers]");
    var accepted = written ? JSON.parse(written.dataset.answers) : key.answers;
    var id = "cx-f" + (++seq);
    var input = el("input", { type: "text", id: id, autocomplete: "off", spellcheck: "false" });
    var shown = el("span", { class: "cx-tags" });
    return {
      node: el("p", { class: "cx-fill" }, [el("label", { for: id, text: t("quiz.your_answer_field") }), " ", input, shown]),
      answered: function () { return input.value.trim() !== ""; },
      first: function () { return input; },
      answer: function () { return key.answers.indexOf(normalise(input.value)) !== -1; },
      reveal: function () {
        var right = key.answers.indexOf(normalise(input.value)) !== -1;
        // Listed the page's way (German joins the last two with its own word for "or"): the answers in their language, the words between in the page's.
        var answers = new Intl.ListFormat(LANG, { type: "disjunction" }).formatToParts(accepted).map(function (part) {
          return part.type === "element" ? inLang(part.value, lang) : part.value;
        });
        shown.replaceChildren(
          tag(input.value.trim() ? t("quiz.your_answer_was", { answer: input.value.trim() }) : t("quiz.not_answered")),
          tag(progress.parts(right ? "quiz.right_answer_yours" : "quiz.right_answer_is", { answer: el("span", {}, answers) }), right)
        );
      },
      reset: function () { input.value = ""; shown.replaceChildren(); }
    };
  }

  /* Reads everything a quiz needs before changing the page, so a quiz that does not add up
     throws here and stays as the readable list it is without JavaScript. */
  function build(quiz, announce) {
    var key = JSON.parse(quiz.dataset.key);
    check(key && typeof key === "object");
    var answers = new Map(Object.keys(key).map(function (name) { return [name, key[name]]; }));
    var sections = all(quiz, ":scope > section.cx-question[data-question][data-type]");
    check(sections.length > 0);
    return sections.map(function (section) {
      var k = answers.get(section.dataset.question);
      var prompt = section.querySelector(":scope > .cx-question__prompt");
      var details = section.querySelector(":scope > details.cx-answer");
      check(k && typeof k === "object" && prompt && details && details.querySelector(".cx-reread"));
      var type = section.dataset.type;
      // The language the question is written in, for what is built from it.
      var lang = progress.langOf(prompt);
      var controls = type === "single" ? choiceControls(section, k, false, lang)
        : type === "multiple" ? choiceControls(section, k, true, lang)
        : type === "true_false" ? trueFalseControls(section, k)
        : type === "ordering" ? orderingControls(section, k, announce, lang)
        : type === "matching" ? matchingControls(section, k, lang)
        : type === "fill_blank" ? fillControls(section, k, details, lang)
        : check(false);
      return { id: section.dataset.question, section: section, prompt: prompt, details: details, controls: controls, label: section.querySelector(":scope > .cx-question__label") };
    });
  }

  function enhance(quiz) {
    if (enhanced.has(quiz)) return;
    enhanced.add(quiz);
    var id = quiz.dataset.quiz;
    // The final assessment holds its whole pool and asks `data-draw` questions of it per attempt.
    var final = quiz.parentElement.closest(".cx-final[data-draw]");
    // Visually hidden: it speaks what sighted learners see happen (an item moved, the quiz reset).
    var status = el("div", { class: "cx-visually-hidden", role: "status" });
    // A text, or the pieces parts() makes of a message with content in it.
    var announce = function (text) { status.replaceChildren.apply(status, [].concat(text)); };
    var questions = build(quiz, announce);
    var summary = el("div", { class: "cx-quiz__summary" });
    questions.forEach(function (q) {
      var legendId = "cx-l" + (++seq);
      q.prompt.id = legendId;
      q.fieldset = el("fieldset", { class: "cx-controls", "aria-labelledby": legendId }, [q.controls.node]);
      q.missing = el("p", { class: "cx-missing", hidden: "", text: t("quiz.not_answered_yet") });
      q.result = el("div", { class: "cx-result", hidden: "" });
      var choicesBlock = q.section.querySelector(":scope > .cx-question__choices");
      if (choicesBlock) choicesBlock.classList.add("cx-print-only");
      q.details.hidden = true;
      q.section.insertBefore(q.fieldset, q.details);
      q.section.insertBefore(q.missing, q.details);
      q.section.insertBefore(q.result, q.details);
    });
    var submit = el("button", { type: "submit", class: "md-button md-button--primary", text: t("quiz.check") });
    var anyway = el("button", { type: "button", class: "md-button", text: t("quiz.submit_anyway"), hidden: "" });
    var retry = el("button", { type: "button", class: "md-button", text: t("quiz.try_again"), hidden: "" });
    var reviewButton = el("button", { type: "button", class: "md-button", text: t("quiz.review"), hidden: "" });
    var byId = new Map(questions.map(function (q) { return [q.id, q]; }));
    // The questions in play: all of them, the final's draw, or those being practised.
    var active = questions;
    var practice = false;
    var note = el("p", { class: "cx-practice", tabindex: "-1", hidden: "" });
    var unanswered = el("p", { class: "cx-quiz__unanswered", hidden: "" });
    var form = el("form", { class: "cx-quiz__form", novalidate: "" });
    while (quiz.firstChild) form.append(quiz.firstChild);
    form.append(unanswered, el("div", { class: "cx-quiz__actions" }, [submit, anyway, retry, reviewButton]), summary);
    form.prepend(note);
    quiz.append(form, status);
    use(draw());
    showBest(quiz, summary, id);
    offerReview();

    function draw() {
      return final ? shuffled(questions).slice(0, Number(final.dataset.draw)) : questions;
    }

    // Shows only `list`, in its order, numbered afresh.
    function use(list) {
      active = list;
      questions.forEach(function (q) { q.section.hidden = list.indexOf(q) === -1; });
      list.forEach(function (q, i) {
        unanswered.before(q.section);
        var number = q.label && q.label.querySelector("[data-cx-number]");
        var total = q.label && q.label.querySelector("[data-cx-total]");
        if (number) number.textContent = progress.number(i + 1);
        if (total) total.textContent = progress.number(list.length);
      });
    }

    // The questions missed in the last recorded attempt.
    function lastWrong() {
      var attempts = progress.load().quizzes.get(id) || [];
      var last = attempts[attempts.length - 1];
      return ((last && last.wrong) || []).map(byId.get, byId).filter(Boolean);
    }

    function offerReview() {
      reviewButton.hidden = !lastWrong().length;
    }

    function clearMissing() {
      unanswered.hidden = true;
      anyway.hidden = true;
      questions.forEach(function (q) { q.missing.hidden = true; });
    }

    form.addEventListener("change", function () {
      questions.forEach(function (q) { if (q.controls.answered()) q.missing.hidden = true; });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = active.filter(function (q) { return !q.controls.answered(); });
      if (!missing.length) return finish();
      // Nothing is marked or recorded until every question is answered or the learner says so.
      active.forEach(function (q) { q.missing.hidden = missing.indexOf(q) === -1; });
      var text = t("quiz.unanswered", { count: missing.length, button: t("quiz.submit_anyway") });
      unanswered.textContent = text;
      unanswered.hidden = false;
      anyway.hidden = false;
      announce(text);
      missing[0].controls.first().focus();
    });

    anyway.addEventListener("click", finish);

    function finish() {
      clearMissing();
      var wrong = active.filter(function (q) {
        var ok = q.controls.answer();
        mark(q, ok);
        return !ok;
      });
      var right = active.length - wrong.length;
      var score = Math.round((100 * right) / active.length);
      var passed = score >= Number(quiz.dataset.passMark);
      var text = practice ? t("quiz.practice_score", { right: right, total: active.length })
        : t("quiz.score", { right: right, total: active.length, score: progress.percent(score) }) + " " +
        t(passed ? "quiz.passed" : "quiz.not_passed", { pass_mark: progress.percent(Number(quiz.dataset.passMark)) });
      // Focus brings the learner to the result and a screen reader reads it there, once: it is
      // never also put in the live region.
      var result = el("p", { class: "cx-score " + (passed ? "cx-pass" : "cx-fail"), tabindex: "-1", text: text });
      summary.replaceChildren(result);
      announce("");
      if (!practice) progress.record(id, { date: new Date().toISOString(), score: score, passed: passed, version: quiz.dataset.version, drawn: final ? active.map(name) : undefined, wrong: wrong.map(name) });
      active.forEach(function (q) { q.fieldset.disabled = true; });
      submit.hidden = true;
      retry.hidden = false;
      offerReview();
      result.focus();
    }

    function reset() {
      questions.forEach(function (q) {
        q.controls.reset();
        q.result.hidden = true;
        q.details.hidden = true;
        q.details.open = false;
        q.section.classList.remove("cx-right", "cx-wrong");
        q.fieldset.disabled = false;
      });
      clearMissing();
      note.hidden = true;
      submit.hidden = false;
      retry.hidden = true;
    }

    retry.addEventListener("click", function () {
      reset();
      practice = false;
      use(draw());
      offerReview();
      showBest(quiz, summary, id);
      announce(t("quiz.reset"));
      active[0].controls.first().focus();
    });

    // Practice on the last attempt's mistakes, with explanations: marked, never recorded.
    reviewButton.addEventListener("click", function () {
      var wrong = lastWrong();
      reset();
      practice = true;
      use(wrong);
      reviewButton.hidden = true;
      retry.hidden = false;
      wrong.forEach(function (q) {
        q.result.replaceChildren(
          el("p", { class: "cx-verdict", text: t("quiz.wrong_last_time") }),
          el("div", { html: q.details.querySelector(".cx-explanation").innerHTML, lang: progress.langOf(q.details.querySelector(".cx-explanation")) }),
          el("p", { html: q.details.querySelector(".cx-reread").innerHTML })
        );
        q.result.hidden = false;
      });
      note.textContent = t("quiz.practice_note");
      note.hidden = false;
      summary.replaceChildren();
      note.focus();
    });
  }

  function name(q) {
    return q.id;
  }

  function mark(q, ok) {
    q.section.classList.toggle("cx-right", ok);
    q.section.classList.toggle("cx-wrong", !ok);
    q.controls.reveal();
    var parts = [el("p", { class: "cx-verdict", text: t(ok ? "quiz.correct" : "quiz.not_quite") })];
    (q.controls.picked ? q.controls.picked() : []).forEach(function (option) {
      var feedback = q.details.querySelector('.cx-feedback[data-option="' + option + '"]');
      if (feedback) parts.push(el("div", { class: "cx-option-feedback", html: feedback.innerHTML, lang: progress.langOf(feedback) }));
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
    var final = quiz.parentElement.closest(".cx-final");
    var earlier = top.version !== quiz.dataset.version ? " " + t(final ? "quiz.earlier_final_version" : "quiz.earlier_version") : "";
    var status = t(top.passed ? "quiz.best_passed" : "quiz.best_not_passed");
    summary.replaceChildren(el("p", { class: "cx-best", text: t("quiz.best", { score: progress.percent(top.score), status: status }) + earlier }));
  }

  function init() {
    // Only our own quiz markup, and each on its own: one that fails never stops the others.
    document.querySelectorAll(".md-content .cx-quiz[data-quiz][data-key]").forEach(function (quiz) {
      try {
        enhance(quiz);
      } catch (error) {
        if (window.console) console.warn("cx-playbook: quiz " + quiz.dataset.quiz + " left as text:", error);
      }
    });
  }
  progress.eachPage(init);
})();
