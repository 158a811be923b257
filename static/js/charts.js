/* Charts from JSON data islands: no inline script, so a strict CSP holds.
 *
 * <canvas data-chart="bar" data-source="ID"> reads {"labels", "values", "label", "x", "y"}
 * from <script type="application/json" id="ID">. The canvas is decorative for assistive
 * technology (aria-hidden); the page keeps a table of the same numbers beside it.
 */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) return;
    var source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: canvas.dataset.chart || "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label || "",
          data: data.values,
          backgroundColor: cssVar("--up-brand", "#4338ca"),
          borderRadius: 3,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { title: { display: !!data.x, text: data.x } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: !!data.y, text: data.y } },
        },
      },
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
