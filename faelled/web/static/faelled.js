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
      // The Content-Security-Policy forbids eval and inline styles: Vega's expression
      // interpreter instead of compiled functions, and no injected stylesheet.
      ast: true,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      loader: { target: "_self" }
    }).catch(function (err) { el.textContent = String(err); });
  });
}
// Select boxes marked data-autosubmit submit their form on change (no inline handlers: CSP).
// The form keeps its submit button for keyboard users and for browsers without JavaScript.
function faelledAutosubmit(root) {
  root.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
}
document.addEventListener("DOMContentLoaded", function () {
  faelledRenderCharts(document);
  faelledAutosubmit(document);
});
document.addEventListener("htmx:afterSwap", function (e) { faelledRenderCharts(e.target); });
