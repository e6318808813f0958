// Development login only: keep the token in this tab and go back to the page that asked.
(function () {
  var handoff = document.getElementById('handoff');
  if (!handoff) return;
  sessionStorage.setItem('stafett.token', handoff.dataset.token);
  location.replace(handoff.dataset.next);
})();
