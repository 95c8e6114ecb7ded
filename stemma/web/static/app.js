// stemma: the little JavaScript the pages use. No dependencies, nothing fetched from elsewhere.
// Article text only ever reaches the page through textContent, never as markup.
(function () {
  "use strict";

  // -- collation: a click on a variant highlights it in every witness ----------------------
  function highlight(id) {
    document.querySelectorAll("[data-variant].active").forEach(function (el) {
      el.classList.remove("active");
    });
    var status = document.getElementById("variant-status");
    if (!id) {
      if (status) status.textContent = "";
      return;
    }
    var found = document.querySelectorAll('[data-variant="' + CSS.escape(id) + '"]');
    found.forEach(function (el) { el.classList.add("active"); });
    if (status) {
      var witnesses = new Set();
      found.forEach(function (el) {
        var cell = el.closest("[data-witness]");
        if (cell) witnesses.add(cell.getAttribute("data-witness"));
      });
      status.textContent = "variant " + id + " in " + witnesses.size + " witnesses";
    }
  }
  function onVariant(ev) {
    var el = ev.target.closest && ev.target.closest("[data-variant]");
    if (!el) return;
    if (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ") return;
    ev.preventDefault();
    highlight(el.classList.contains("active") ? null : el.getAttribute("data-variant"));
  }
  document.addEventListener("click", onVariant);
  document.addEventListener("keydown", onVariant);

  // -- diagrams: fit to the box, or actual size scrolling inside it ---------------------------
  document.querySelectorAll("[data-zoomable]").forEach(function (fig) {
    var bar = fig.querySelector(".zoom-bar");
    if (!bar) return;
    bar.hidden = false;
    bar.addEventListener("click", function (ev) {
      var button = ev.target.closest && ev.target.closest("button[data-zoom]");
      if (!button) return;
      var full = button.getAttribute("data-zoom") === "full";
      fig.classList.toggle("full", full);
      bar.querySelectorAll("button[data-zoom]").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
    });
  });

  // -- collation: the witnesses chosen side by side, the others one tap away ---------------
  var table = document.getElementById("collation-table");
  var picks = document.querySelectorAll("#sigla input.pick");
  if (table && picks.length > 1) {
    var narrow = window.matchMedia && window.matchMedia("(max-width: 700px)").matches;
    var show = function () {
      picks.forEach(function (box) {
        var id = box.value;
        table.querySelectorAll("[data-witness]").forEach(function (el) {
          if (el.getAttribute("data-witness") === id) el.classList.toggle("off", !box.checked);
        });
        var key = box.closest(".siglum-key");
        if (key) key.classList.toggle("off", !box.checked);
      });
    };
    picks.forEach(function (box, i) {
      box.hidden = false;
      if (narrow) box.checked = false; // two columns on a phone: the base and one more
      box.addEventListener("change", show);
    });
    if (narrow) {
      var base = table.getAttribute("data-base");
      var chosen = 0;
      picks.forEach(function (box) {
        if (box.value === base) box.checked = true;
      });
      picks.forEach(function (box) {
        if (box.value !== base && chosen < 1) { box.checked = true; chosen += 1; }
      });
    }
    var help = document.querySelector(".pick-help");
    if (help) help.hidden = false;
    show();
  }

  // -- quotes: filter by speaker and language (folded quotes open while a filter is on) ------
  var filter = document.getElementById("quote-filter");
  if (filter) {
    filter.hidden = false;
    var apply = function () {
      var speaker = filter.querySelector("[data-filter=speaker]").value;
      var lang = filter.querySelector("[data-filter=lang]").value;
      var shown = 0;
      document.querySelectorAll("li.quote").forEach(function (li) {
        var ok = (!speaker || li.getAttribute("data-speaker") === speaker) &&
          (!lang || li.getAttribute("data-langs").indexOf(" " + lang + " ") >= 0);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      var more = document.getElementById("more-quotes");
      if (more && (speaker || lang)) more.open = true;
      document.getElementById("quote-count").textContent =
        speaker || lang ? shown + " shown" : "";
    };
    filter.addEventListener("change", apply);
    filter.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
  }

  // -- corrections: the reader's name, typed once, kept in this browser ----------------------
  var WHO = "stemma.who";
  var stored = null;
  try { stored = window.localStorage.getItem(WHO); } catch (e) { stored = null; }
  document.querySelectorAll("input.who").forEach(function (input) {
    if (!input.value && stored) input.value = stored;
    var form = input.form;
    if (form) form.addEventListener("submit", function () {
      try { window.localStorage.setItem(WHO, input.value.trim()); } catch (e) { /* private mode */ }
    });
  });

  // -- upload: send the form, then follow the job ---------------------------------------------
  var form = document.getElementById("upload-form");
  if (form && window.fetch) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var error = document.getElementById("upload-error");
      var limit = Number(form.getAttribute("data-limit"));
      var files = form.querySelector("input[type=file]").files;
      for (var i = 0; i < files.length; i++) {
        if (limit && files[i].size > limit) {
          error.textContent = files[i].name + " is over the " + limit / 1e6 + " MB limit";
          return;
        }
      }
      var body = new FormData();
      for (var k = 0; k < files.length; k++) body.append("files", files[k]);
      // pasted text and an address travel as the form's own fields, as without JavaScript
      var given = files.length > 0;
      ["pasted", "url"].forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input && input.value.trim()) {
          body.append(name, input.value);
          given = true;
        }
      });
      if (!given) {
        error.textContent = "choose files, paste a text or an address";
        return;
      }
      error.textContent = "uploading…";
      fetch("/api/uploads", { method: "POST", body: body })
        .then(function (r) { return r.json().then(function (data) { return [r, data]; }); })
        .then(function (res) {
          if (!res[0].ok) throw new Error(res[1].detail || "upload refused (" + res[0].status + ")");
          window.location.assign("/uploads/" + encodeURIComponent(res[1].id));
        })
        .catch(function (e) { error.textContent = String(e.message || e); });
    });
  }

  // -- job page: poll the job until it is done ------------------------------------------------
  var job = document.getElementById("job");
  if (job && window.fetch) {
    var id = job.getAttribute("data-job");
    var poll = function () {
      fetch("/api/uploads/" + encodeURIComponent(id))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var bar = document.getElementById("job-progress");
          bar.value = Math.round(data.progress * 100);
          bar.textContent = bar.value + "%";
          document.getElementById("job-state").textContent = data.state;
          // "done: done" says nothing twice: the step shows only when it adds to the state
          document.getElementById("job-step").textContent = data.step === data.state ? "" : data.step;
          job.setAttribute("data-state", data.state);
          fill("job-problems", data.problems, null);
          fill("job-stories", data.stories, "/stories/", data.titles);
          if (data.state !== "done" && data.state !== "failed") setTimeout(poll, 500);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    var fill = function (listId, items, prefix, titles) {
      var list = document.getElementById(listId);
      list.replaceChildren();
      (items || []).forEach(function (item) {
        var li = document.createElement("li");
        var target = li;
        if (prefix) {
          target = document.createElement("a");
          target.href = prefix + encodeURIComponent(item);
          li.appendChild(target);
        }
        target.textContent = (titles && titles[item]) || item;
        list.appendChild(li);
        if (prefix === "/stories/" && !(titles && titles[item])) {
          // the story's title, once known, instead of its id
          fetch("/api/stories/" + encodeURIComponent(item))
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (story) { if (story && story.title) target.textContent = story.title; })
            .catch(function () { /* the id stays */ });
        }
      });
    };
    if (job.getAttribute("data-state") !== "done") poll();
  }
})();
