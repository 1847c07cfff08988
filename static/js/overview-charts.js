// Partner Hub Overview charts (PH-9): data from the JSON endpoint, colours from Bootstrap's CSS
// variables so the charts follow the light and dark themes; each chart fills its table too.
(function () {
  "use strict";
  const root = document.getElementById("overview-charts");
  if (!root || !window.fetch) return;

  function css(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function fillTable(id, labels, series) {
    const table = document.getElementById(id);
    if (!table) return;
    const headRow = table.tHead.rows[0];
    while (headRow.cells.length > 1) headRow.deleteCell(1);
    Object.keys(series).forEach(function (name) {
      const th = document.createElement("th");
      th.scope = "col";
      th.className = "text-end";
      th.textContent = name;
      headRow.appendChild(th);
    });
    const body = table.tBodies[0];
    body.textContent = "";
    labels.forEach(function (label, i) {
      const tr = body.insertRow();
      tr.insertCell().textContent = label;
      Object.keys(series).forEach(function (name) {
        const td = tr.insertCell();
        td.className = "text-end";
        td.textContent = series[name][i];
      });
    });
  }

  const charts = [];
  function draw(data) {
    charts.forEach(function (chart) { chart.destroy(); });
    charts.length = 0;
    const text = css("--bs-body-color", "#212529");
    const grid = css("--bs-border-color", "#dee2e6");
    const palette = [
      css("--bs-secondary-color", "#6c757d"),
      css("--bs-info", "#0dcaf0"),
      css("--bs-primary", "#0d6efd"),
      css("--bs-success", "#198754"),
      css("--bs-warning", "#ffc107"),
    ];
    const scales = {
      x: { ticks: { color: text }, grid: { color: grid } },
      y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
    };
    const plugins = { legend: { labels: { color: text } } };
    const trend = data.trend;
    const trendSeries = { Ordered: trend.ordered, Assigned: trend.assigned, Used: trend.used };
    fillTable("table-trend", trend.labels, trendSeries);
    const trendCanvas = document.getElementById("chart-trend");
    if (trendCanvas && window.Chart) {
      charts.push(new window.Chart(trendCanvas, {
        type: "line",
        data: {
          labels: trend.labels,
          datasets: Object.keys(trendSeries).map(function (name, i) {
            return {
              label: name, data: trendSeries[name], borderColor: palette[i],
              backgroundColor: palette[i], tension: 0.25, borderDash: i === 0 ? [6, 4] : [],
            };
          }),
        },
        options: { maintainAspectRatio: false, animation: false, scales: scales, plugins: plugins },
      }));
      trendCanvas.dataset.drawn = "true";
    }
    if (data.calling) {
      fillTable("table-calling", data.calling.labels, data.calling.series);
      const callingCanvas = document.getElementById("chart-calling");
      if (callingCanvas && window.Chart) {
        charts.push(new window.Chart(callingCanvas, {
          type: "bar",
          data: {
            labels: data.calling.labels,
            datasets: Object.keys(data.calling.series).map(function (name, i) {
              return { label: name, data: data.calling.series[name], backgroundColor: palette[i + 1] };
            }),
          },
          options: {
            maintainAspectRatio: false, animation: false, plugins: plugins,
            scales: { x: Object.assign({ stacked: true }, scales.x), y: Object.assign({ stacked: true }, scales.y) },
          },
        }));
        callingCanvas.dataset.drawn = "true";
      }
    }
  }

  let last = null;
  fetch(root.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (data) { last = data; draw(data); })
    .catch(function () { root.insertAdjacentHTML("afterbegin", '<p class="small text-danger">The charts could not be loaded; the tables below have the figures.</p>'); });
  // A theme switch (data-bs-theme on <html>) redraws with the new colours.
  new MutationObserver(function () { if (last) draw(last); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ["data-bs-theme"] });
})();
