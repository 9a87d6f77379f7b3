/* CX playbook: inside a learning management system, report the course to it through the
   SCORM 1.2 API. Where no API is found, as on the web, this script does nothing at all. */
(function () {
  "use strict";

  // How many frames up (from this window, then from its opener) an LMS may have put the API.
  var MOST_LEVELS = 10;
  // The LMS may already hold a better result from an earlier visit (another browser, cleared
  // storage): a report never takes the learner below it.
  var RANK = new Map([["incomplete", 1], ["failed", 2], ["passed", 3]]);

  function holderFrom(start) {
    var win = start;
    for (var level = 0; win && level <= MOST_LEVELS; level++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win;
      } catch (e) {
        // A frame from another origin: its API is out of reach, but its parent may not be.
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var holder = holderFrom(window) || (window.opener ? holderFrom(window.opener) : null);
  var course = window.cxManifest && window.cxManifest.course;
  var progress = window.cxProgress;
  if (!holder || !course || !progress) return;
  var api = holder.API;

  // Each page of the package loads this script afresh, while the LMS keeps one session for the
  // whole package: on every page after the first, LMSInitialize says "already initialised", and
  // the session is usable if reading from it works.
  if (api.LMSInitialize("") !== "true") {
    api.LMSGetValue("cmi.core.lesson_status");
    if (api.LMSGetLastError() !== "0") return;
  }
  var lmsStatus = api.LMSGetValue("cmi.core.lesson_status");
  var lmsScore = parseFloat(api.LMSGetValue("cmi.core.score.raw"));
  var sent = "";

  function passed(doc, quiz) {
    var top = progress.best(doc, quiz);
    return !!top && top.passed;
  }

  function status(doc, final) {
    if (final && !final.passed) return "failed";
    var modules = course.modules.every(function (module) { return passed(doc, module.quiz); });
    return final && modules ? "passed" : "incomplete";
  }

  function report(doc) {
    var final = progress.best(doc, course.final.id);
    var ours = status(doc, final);
    var values = [["cmi.core.lesson_status", (RANK.get(lmsStatus) || 0) > RANK.get(ours) ? lmsStatus : ours]];
    var score = Math.max(final ? final.score : -1, isNaN(lmsScore) ? -1 : lmsScore);
    if (score >= 0) values.push(["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"], ["cmi.core.score.raw", String(score)]);
    // Progress changes on every page read too: the LMS hears only of what it reports.
    var summary = JSON.stringify(values);
    if (summary === sent) return;
    values.forEach(function (pair) { api.LMSSetValue(pair[0], pair[1]); });
    if (api.LMSCommit("") === "true") sent = summary;
  }

  // Leaving a page for the next page of the package must not end the session, and a page cannot
  // tell where the learner is going. The session ends when the LMS's own window, which holds
  // the API, goes away: that is the learner leaving the package. Each page listens for that
  // while it is shown (a browser calls no listener of a page already left), so the session ends
  // once. Every change is committed as it happens, so nothing waits for the end.
  if (holder !== window) holder.addEventListener("pagehide", function () { api.LMSFinish(""); });

  progress.onChange(report);
  // Instant navigation keeps this script across pages: report once for each page shown.
  if (window.document$) window.document$.subscribe(function () { report(progress.load()); });
  else report(progress.load());
})();
