// The list's filters send only what was chosen: an address like /uppdrag/?municipality=2417
// is what a person bookmarks or shares, not one with a dozen empty values. (The plain form
// without JavaScript sends every field; the server reads both the same way.)
document.body.addEventListener("htmx:configRequest", (event) => {
  const parameters = event.detail.parameters;
  for (const name of Object.keys(parameters)) {
    if (parameters[name] === "") {
      delete parameters[name];
    }
  }
});
