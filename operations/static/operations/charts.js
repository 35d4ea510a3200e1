// The operations dashboard's trend charts (operations/dashboard.html): each chart's figures come from the
// json_script element its data-source names, and the table under it holds the same figures (for anyone who
// cannot see the chart, and for copying). One series per column; the periods run along the axis.
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") {
    return;
  }
  var charts = [];
  document.querySelectorAll(".ops-chart").forEach(function (element) {
    var source = document.getElementById(element.dataset.source);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 8, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", min: 0, minInterval: 1 },
      series: data.series.map(function (series) {
        return { name: series.name, type: data.kind, data: series.data, barMaxWidth: 18, symbolSize: 6,
                 connectNulls: true };
      })
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
