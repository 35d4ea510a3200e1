// The search page: search-as-you-type under the query box (a keyboard-accessible listbox) and sort on change.
(function () {
  var input = document.getElementById("search-q"), list = document.getElementById("search-suggestions");
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  if (!input || !list || !window.fetch) return;
  var timer, request, active = -1;
  function close() {
    list.hidden = true; list.textContent = ""; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }
  function choose(title) { input.value = title; close(); input.form.submit(); }
  function show(titles) {
    close();
    titles.forEach(function (title, i) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + i; option.setAttribute("role", "option"); option.textContent = title;
      option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(title); });
      list.appendChild(option);
    });
    list.hidden = !titles.length; input.setAttribute("aria-expanded", String(titles.length > 0));
  }
  function move(step) {
    var options = list.children;
    if (active >= 0) options[active].removeAttribute("aria-selected");
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true"); input.setAttribute("aria-activedescendant", options[active].id);
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (!text) { close(); return; }
    timer = setTimeout(function () {
      if (request) request.abort();
      request = new AbortController();
      fetch(list.dataset.url + "?q=" + encodeURIComponent(text), {signal: request.signal})
        .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
        .then(function (body) { show(body.suggestions); }, function () {});
    }, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") { event.preventDefault(); move(event.key === "ArrowDown" ? 1 : -1); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(list.children[active].textContent); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }  // not also clear the box
  });
  input.addEventListener("blur", close);
})();
