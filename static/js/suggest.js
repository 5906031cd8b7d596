// Fills the <datalist> of each input marked data-suggest with the <option>s that
// URL returns for the text typed so far (?q=), so the browser offers them natively.
// Without this script the input is a plain text field and the server reads what was typed.
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  let pending;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      // Only the answer to the latest text may fill the list.
      pending?.abort();
      pending = new AbortController();
      const url = new URL(input.dataset.suggest, window.location.href);
      url.searchParams.set("q", input.value);
      try {
        const response = await fetch(url, { signal: pending.signal });
        // A redirect means the session ended: the answer is the login page, not options.
        if (response.ok && !response.redirected) {
          list.innerHTML = await response.text();
        }
      } catch {
        // Aborted or offline: keep the suggestions already shown.
      }
    }, 250);
  });
});
