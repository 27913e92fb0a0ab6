// Tollgate console: light progressive enhancement. Pages work without it, except that charts
// need it (each chart has its figures in a table beside it).
(function () {
  'use strict';
  function drawCharts() {
    if (typeof Chart === 'undefined') { return; }
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      var stacked = !!spec.stacked;
      new Chart(canvas, {
        type: spec.type || 'bar',
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: { stacked: stacked },
            y: { stacked: stacked, beginAtZero: true, title: { display: !!spec.unit, text: spec.unit || '' } }
          },
          plugins: { legend: { position: 'bottom' } }
        }
      });
    });
  }
  function confirmations() {
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); }
      });
    });
    // a form sends once: a second click waits for the first answer (the idempotency key makes a repeat harmless anyway)
    document.querySelectorAll('form[method="post"]').forEach(function (form) {
      form.addEventListener('submit', function () {
        form.querySelectorAll('button[type="submit"]').forEach(function (b) { b.setAttribute('aria-disabled', 'true'); });
      });
    });
  }
  document.addEventListener('DOMContentLoaded', function () { drawCharts(); confirmations(); });
})();
