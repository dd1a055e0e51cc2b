// Upload page: sends each chosen or dropped file on its own request, so each
// shows its own progress, then follows its status until it is read or fails.
"use strict";
(function () {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const list = document.getElementById("upload-list");
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const token = document.getElementById("token");

  function row(name) {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.className = "name";
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const state = document.createElement("span");
    state.className = "state";
    state.textContent = " đang gửi · sending";
    li.append(label, " ", bar, state);
    list.append(li);
    return { li, bar, state };
  }

  function show(view, status) {
    view.li.className = status.state;
    if (status.state === "done" && status.plan_id) {
      view.bar.remove();
      const link = document.createElement("a");
      link.href = "/plans/" + encodeURIComponent(status.plan_id);
      link.textContent = "xem văn bản · open the plan";
      view.state.replaceChildren(" ", link);
    } else if (status.state === "failed") {
      view.bar.remove();
      view.state.className = "error";
      view.state.textContent = " " + (status.error || "could not be read");
    } else {
      view.state.textContent = status.state === "queued" ? " đang chờ · waiting" : " đang đọc · reading";
    }
  }

  function follow(view, id) {
    fetch("/api/v1/uploads/" + encodeURIComponent(id))
      .then((r) => r.json())
      .then((status) => {
        show(view, status);
        if (status.state === "queued" || status.state === "ingesting") {
          setTimeout(() => follow(view, id), 1000);
        }
      })
      .catch(() => setTimeout(() => follow(view, id), 2000));
  }

  function send(file) {
    const view = row(file.name);
    const body = new FormData();
    body.append("file", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/uploads");
    request.setRequestHeader("Authorization", "Bearer " + token.value);
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) view.bar.value = (100 * e.loaded) / e.total;
    };
    request.onload = () => {
      let answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch (_) {}
      if (request.status === 202 && answer && answer.uploads && answer.uploads[0]) {
        view.bar.value = 100;
        show(view, answer.uploads[0]);
        follow(view, answer.uploads[0].id);
      } else {
        view.bar.remove();
        view.state.className = "error";
        view.state.textContent = " " + ((answer && answer.error && answer.error.message) || "the upload failed (" + request.status + ")");
      }
    };
    request.onerror = () => {
      view.bar.remove();
      view.state.className = "error";
      view.state.textContent = " the server could not be reached";
    };
    request.send(body);
  }

  function sendAll(files) {
    if (!token.value) {
      token.focus();
      token.reportValidity();
      return;
    }
    Array.from(files).forEach(send);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    sendAll(input.files);
    input.value = "";
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    sendAll(e.dataTransfer.files);
  });
})();
