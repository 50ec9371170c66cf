// Progressive helpers; every page works without them. No inline script: the CSP forbids it.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const message =
    form instanceof HTMLFormElement
      ? (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm
      : null;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener('change', (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.dataset.selectAll) {
    for (const other of document.querySelectorAll(
      `input[type=checkbox][name="${box.dataset.selectAll}"]`,
    ))
      other.checked = box.checked;
  }
});
