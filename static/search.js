// Search page: results follow the query box as it is typed. Without this
// script the form submits as usual; the URL holds the whole state either way.
"use strict";
(function () {
  const form = document.getElementById("search-form");
  if (!form || !document.getElementById("results")) return;
  const box = form.querySelector("input[name=q]");
  let timer = null;
  let latest = 0;

  function refresh() {
    const params = new URLSearchParams(new FormData(form));
    params.delete("page");
    const url = "/?" + params.toString();
    const ticket = ++latest;
    fetch(url)
      .then((r) => r.text())
      .then((html) => {
        if (ticket !== latest) return; // a later query answered first
        const doc = new DOMParser().parseFromString(html, "text/html");
        const fresh = doc.getElementById("results");
        const current = document.getElementById("results");
        if (fresh && current) current.replaceWith(fresh);
        history.replaceState(null, "", url);
      })
      .catch(() => {});
  }

  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
})();
