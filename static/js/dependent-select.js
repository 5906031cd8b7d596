// A place (Ort) belongs to one municipality (Kommun). When the municipality changes,
// the place chosen before no longer fits: clear it at once (before htmx sends the
// form, so the results never combine Norsjö with Rusksele), then fetch the same page
// for the new municipality and take the place menu's options from it.
// Without this script the server sets such a place aside and says so.
document.querySelectorAll("form").forEach((form) => {
  const municipality = form.querySelector("select[name=municipality]");
  const locality = form.querySelector("select[name=locality]");
  if (!municipality || !locality) {
    return;
  }
  let pending;
  municipality.addEventListener("change", async () => {
    locality.value = "";
    pending?.abort();
    pending = new AbortController();
    const url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    url.search = "";
    if (municipality.value) {
      url.searchParams.set("municipality", municipality.value);
    }
    locality.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { signal: pending.signal });
      if (!response.ok) {
        return;
      }
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector(`form select[name=locality]`);
      if (fresh) {
        locality.replaceChildren(...Array.from(fresh.options, (option) => document.importNode(option, true)));
        locality.value = "";
      }
    } catch {
      // Aborted by a newer choice, or offline: the cleared menu still gives the right results.
    } finally {
      locality.removeAttribute("aria-busy");
    }
  });
});
