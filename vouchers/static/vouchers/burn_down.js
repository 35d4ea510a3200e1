// The programme's budget burn-down (vouchers/officer/programme_detail.html): the series comes from the page's
// json_script element; the table under the chart holds the same figures for anyone who cannot see it.
(function () {
  "use strict";
  var element = document.getElementById("burn-down-chart");
  var source = document.getElementById("burn-down-data");
  if (!element || !source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var numbers = function (values) { return values.map(Number); };
  var chart = window.echarts.init(element, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value" },
    series: [
      { name: element.dataset.labelAvailable, type: "line", step: "end", areaStyle: { opacity: 0.15 },
        data: numbers(data.available) },
      { name: element.dataset.labelTaken, type: "bar", data: numbers(data.taken) },
      { name: element.dataset.labelAdded, type: "bar", data: numbers(data.added) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
