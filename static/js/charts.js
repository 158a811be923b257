/* Charts from JSON data islands: no inline script, so a strict CSP holds.
 *
 * <canvas data-chart="bar" data-source="ID"> reads from <script type="application/json" id="ID">
 * either one series {"labels", "values", "label"} or several {"labels", "datasets": [{"label",
 * "values", "type"?, "state"?}]}, with optional "x" and "y" axis titles, "stacked" and
 * "axis": "y" (horizontal bars). The canvas is decorative for assistive technology
 * (aria-hidden); the page keeps a table of the same numbers beside it.
 */
(function () {
  "use strict";

  // One colour per series, from the page's palette; health states keep their own colours.
  var PALETTE = ["--up-brand", "--up-success", "--up-muted", "--up-danger"];
  var STATES = {
    at_risk: ["--up-danger", "#b91c1c"],
    needs_attention: ["--up-warning", "#b45309"],
    on_track: ["--up-success", "#15803d"],
    too_early: ["--up-muted", "#94a3b8"],
  };

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function colour(series, index) {
    if (series.state && STATES[series.state]) {
      return cssVar(STATES[series.state][0], STATES[series.state][1]);
    }
    var fallbacks = ["#4338ca", "#116329", "#59636e", "#a40e26"];
    return cssVar(PALETTE[index % PALETTE.length], fallbacks[index % fallbacks.length]);
  }

  function datasets(data) {
    var series = data.datasets || [{ label: data.label || "", values: data.values }];
    return series.map(function (one, index) {
      var line = one.type === "line";
      return {
        type: one.type || undefined,
        label: one.label || "",
        data: one.values,
        backgroundColor: colour(one, index),
        borderColor: colour(one, index),
        borderWidth: line ? 2 : 0,
        pointRadius: line ? 0 : undefined,
        borderRadius: line ? 0 : 3,
      };
    });
  }

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) return;
    var source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var several = !!data.datasets;
    var horizontal = data.axis === "y";
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: canvas.dataset.chart || "bar",
      data: { labels: data.labels, datasets: datasets(data) },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: several } },
        scales: {
          x: { stacked: !!data.stacked, title: { display: !!data.x, text: data.x } },
          y: {
            stacked: !!data.stacked,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: !!data.y, text: data.y },
          },
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
