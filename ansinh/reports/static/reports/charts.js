// Charts of the reports pages, drawn with the vendored Chart.js (static/vendor/chartjs). No inline
// script: each <canvas data-chart="…"> carries its data as JSON in a data attribute
// ({"labels": [...], "series": [{"label": ..., "values": [...]}], "unit": "đ", "stacked": true}); bars are
// stacked unless "stacked" is false (the estimate against the actual months: side by side).
(function () {
  "use strict";
  var money = new Intl.NumberFormat("vi-VN");
  function draw(canvas) {
    var data = JSON.parse(canvas.dataset.chart);
    var unit = data.unit || "";
    var stacked = data.stacked !== false;
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return { label: series.label, data: series.values };
        }),
      },
      options: {
        responsive: true,
        animation: false,
        scales: {
          x: { stacked: stacked },
          y: {
            stacked: stacked,
            ticks: {
              callback: function (value) {
                return money.format(value) + (unit ? " " + unit : "");
              },
            },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + money.format(item.parsed.y) + (unit ? " " + unit : "");
              },
            },
          },
        },
      },
    });
  }
  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
