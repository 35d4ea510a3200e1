// The programme's budget burn-down (vouchers/officer/programme_detail.html): the series comes from the page's
// json_script element; the table under the chart holds the same figures for anyone who cannot see it.
// Time runs over the programme's period (opening to claim deadline); the available budget is a step line carried
// on to today, and what each day issued as vouchers stands as bars on their own axis (a day's issue is small
// beside the whole budget).
(function () {
  "use strict";
  var element = document.getElementById("burn-down-chart");
  var source = document.getElementById("burn-down-data");
  if (!element || !source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var points = function (values) {
    return data.days.map(function (day, index) { return [day, Number(values[index])]; });
  };
  var available = points(data.available);
  if (available.length && available[available.length - 1][0] < data.today) {
    available.push([data.today, available[available.length - 1][1]]);
  }
  var chart = window.echarts.init(element, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 24, bottom: 40, containLabel: true },
    xAxis: { type: "time", min: data.start, max: data.end },
    yAxis: [{ type: "value", min: 0 }, { type: "value", min: 0, splitLine: { show: false } }],
    series: [
      { name: element.dataset.labelAvailable, type: "line", step: "end", symbolSize: 6,
        areaStyle: { opacity: 0.15 }, data: available,
        markLine: { symbol: "none", silent: true, data: [{ xAxis: data.today }], label: { formatter: data.today } } },
      { name: element.dataset.labelTaken, type: "bar", yAxisIndex: 1, barMaxWidth: 12, data: points(data.taken) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
