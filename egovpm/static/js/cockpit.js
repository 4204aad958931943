// The cockpit's charts (Apache ECharts, vendored in static/vendor/echarts): drawn from the JSON block
// #cockpit-charts that the page writes (no inline script: the platform's CSP forbids them). Each chart has a
// table beside it with the same figures; a click on a bar opens the list of the projects behind it.
(function () {
  "use strict";
  function draw() {
    var block = document.getElementById("cockpit-charts");
    if (!block || typeof echarts === "undefined") return;
    JSON.parse(block.textContent).forEach(function (chart) {
      var el = document.getElementById(chart.id);
      if (!el || !chart.categories.length) return;
      var instance = echarts.init(el);
      instance.setOption({
        title: { text: chart.title, left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" },
        legend: { bottom: 0 },
        grid: { left: 48, right: 16, top: 40, bottom: 56, containLabel: true },
        xAxis: { type: "category", data: chart.categories, axisLabel: { interval: 0, rotate: chart.categories.length > 6 ? 30 : 0 } },
        yAxis: { type: "value" },
        series: chart.series.map(function (s) {
          return { name: s.name, type: "bar", data: s.data.map(Number) };
        }),
      });
      instance.on("click", function (params) {
        var url = chart.urls[params.dataIndex];
        if (url) window.location.href = url;
      });
      window.addEventListener("resize", function () { instance.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
