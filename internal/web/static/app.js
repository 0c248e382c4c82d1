// Kern's only script of its own: behaviour that markup asks for through data- attributes, so the
// Content-Security-Policy can forbid inline script. Everything works without it; it adds comfort.
(function () {
  "use strict";

  // Ask before a destructive form is sent: <form data-confirm="Delete?">.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  }, true);

  // Filter selects submit their form on change: <select data-autosubmit>.
  document.addEventListener("change", function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute("data-autosubmit") && !window.htmx) {
      e.target.form.submit();
    }
  });

  // Charts: <div class="chart" data-chart="/path/to.json" data-kind="bar|pie"> filled by ECharts
  // from a JSON endpoint of {"labels":[...],"values":[...],"name":"..."}; the table beside it has
  // the same numbers for those who cannot see the chart.
  function drawCharts(root) {
    var els = (root || document).querySelectorAll("[data-chart]");
    if (!els.length || !window.echarts) { return; }
    els.forEach(function (el) {
      if (el.dataset.drawn) { return; }
      el.dataset.drawn = "1";
      fetch(el.dataset.chart, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          var chart = window.echarts.init(el, null, { renderer: "svg" });
          var pie = el.dataset.kind === "pie";
          // A feed may carry a whole ECharts option (line charts with bands, timelines); the
          // simple feeds carry labels and values for a bar or pie chart.
          chart.setOption(d.option ? d.option : pie ? {
            tooltip: { trigger: "item" },
            series: [{ type: "pie", radius: ["35%", "70%"], name: d.name,
              data: d.labels.map(function (l, i) { return { name: l, value: d.values[i] }; }) }]
          } : {
            tooltip: { trigger: "axis" },
            grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
            xAxis: { type: "value" },
            yAxis: { type: "category", data: d.labels, inverse: true },
            series: [{ type: "bar", name: d.name, data: d.values, itemStyle: { color: "#0b5cad" } }]
          });
          window.addEventListener("resize", function () { chart.resize(); });
        })
        .catch(function () { el.hidden = true; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawCharts(e.target); });

  // Copy a shown-once secret: <button data-copy="#id">.
  document.addEventListener("click", function (e) {
    var sel = e.target.getAttribute && e.target.getAttribute("data-copy");
    if (sel && navigator.clipboard) {
      var el = document.querySelector(sel);
      if (el) { navigator.clipboard.writeText(el.textContent.trim()); }
    }
  });
})();
