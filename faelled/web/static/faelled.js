// Render every Vega-Lite spec on the page. Specs sit in <script type="application/json"> blocks
// (not executed, so a strict Content-Security-Policy can forbid inline scripts).
function faelledRenderCharts(root) {
  root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
    var source = document.getElementById(el.dataset.vegaSpec);
    if (!source || el.dataset.rendered) return;
    el.dataset.rendered = "1";
    window.vegaEmbed(el, JSON.parse(source.textContent), {
      renderer: "svg",
      actions: false,
      loader: { target: "_self" }
    }).catch(function (err) { el.textContent = String(err); });
  });
}
document.addEventListener("DOMContentLoaded", function () { faelledRenderCharts(document); });
document.addEventListener("htmx:afterSwap", function (e) { faelledRenderCharts(e.target); });
