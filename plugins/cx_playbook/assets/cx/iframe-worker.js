/* CX playbook: search on a copy opened from disk. A page at a file:// address may not start a
   Web Worker, and Material's search runs in one. On such a page, a worker is run instead in a
   hidden frame of the page itself: the same script, the same messages, nothing fetched from
   anywhere else. Material's search script knows this arrangement by the name IFrameWorker. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function load(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = new URL(src, location.href).href;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("Cannot load " + src)); };
      doc.head.appendChild(script);
    });
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      var self = this;
      this.queue = [];
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.tabIndex = -1;
      this.frame.setAttribute("aria-hidden", "true");
      this.frame.title = "Search";
      (document.body || document.documentElement).appendChild(this.frame);
      var scope = this.frame.contentWindow;
      // What a worker's script calls: its replies come out here as the worker's messages.
      scope.postMessage = function (data) { self.dispatchEvent(new MessageEvent("message", { data: data })); };
      scope.importScripts = function () {
        return Array.prototype.reduce.call(arguments, function (loaded, src) {
          return loaded.then(function () { return load(scope.document, src); });
        }, Promise.resolve());
      };
      load(scope.document, url).then(function () {
        var waiting = self.queue;
        self.queue = null;
        waiting.forEach(function (data) { self.deliver(data); });
      }, function (error) {
        self.dispatchEvent(new ErrorEvent("error", { message: error.message }));
      });
    }

    postMessage(data) {
      if (this.queue) this.queue.push(data);
      else this.deliver(data);
    }

    deliver(data) {
      var scope = this.frame.contentWindow;
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
