// Charts of a navigation report (navigation/report.html): each section's data comes from the page's json_script
// element, keyed by section; the table under each chart holds the same figures for anyone who cannot see it.
// Chart types: "years" (bars and lines over filing years, stacked when asked), "bars" (a ranking, largest on
// top), "pie" (shares) and "sankey" (university → company co-applications).
(function () {
  "use strict";
  var source = document.getElementById("navigation-charts");
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var specs = JSON.parse(source.textContent);
  var narrow = window.matchMedia("(max-width: 600px)").matches;
  var shorten = function (text, size) {
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  };
  var options = {
    years: function (spec) {
      return {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
        xAxis: { type: "category", data: spec.x.map(String) },
        yAxis: { type: "value", minInterval: 1 },
        series: spec.series.map(function (series) {
          return { name: series.name, type: series.kind, data: series.data, stack: spec.stack ? "all" : undefined,
                   barMaxWidth: 28 };
        })
      };
    },
    bars: function (spec) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: spec.labels,
                 axisLabel: { formatter: function (label) { return shorten(label, narrow ? 10 : 22); } } },
        series: [{ type: "bar", data: spec.values, barMaxWidth: 18, label: { show: true, position: "right" } }]
      };
    },
    pie: function (spec) {
      return {
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { type: "scroll", bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: spec.items,
                   label: { formatter: "{b}\n{d}%" } }]
      };
    },
    sankey: function (spec) {
      var names = {};
      spec.links.forEach(function (link) { names[link.source] = true; names[link.target] = true; });
      return {
        tooltip: { trigger: "item" },
        series: [{ type: "sankey", left: 8, right: narrow ? 90 : 220, top: 8, bottom: 8, nodeGap: 6,
                   data: Object.keys(names).map(function (name) { return { name: name }; }),
                   links: spec.links, emphasis: { focus: "adjacency" },
                   label: { formatter: function (item) { return shorten(item.name, narrow ? 8 : 20); } },
                   lineStyle: { color: "gradient", opacity: 0.4 } }]
      };
    }
  };
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var spec = specs[element.dataset.chart];
    if (!spec || !options[spec.type]) {
      return;
    }
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(options[spec.type](spec));
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
