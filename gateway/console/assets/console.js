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
// One menu group open at a time, and a click elsewhere closes it (the groups work without this).
document.addEventListener('click', (event) => {
  const target = event.target;
  const inside = target && target.closest ? target.closest('.nav-group details') : null;
  for (const group of document.querySelectorAll('.nav-group details[open]'))
    if (group !== inside) group.removeAttribute('open');
});
