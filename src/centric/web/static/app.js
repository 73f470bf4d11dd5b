// Centric's own browser code: draws the Vega-Lite charts a page declares, after every page load
// and every htmx swap. Chart specifications arrive as JSON in <script type="application/json">;
// expressions are interpreted (no eval), so the Content-Security-Policy needs no unsafe-eval.
import { expressionInterpreter } from "./vendor/vega-interpreter.js";

function renderCharts(root) {
  root.querySelectorAll("[data-chart]").forEach((element) => {
    if (element.dataset.rendered) {
      return;
    }
    const source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    element.dataset.rendered = "true";
    const spec = JSON.parse(source.textContent);
    window
      .vegaEmbed(element, spec, {
        actions: false,
        ast: true,
        expr: expressionInterpreter,
        renderer: "svg",
        defaultStyle: false,
      })
      .then(() => element.setAttribute("data-chart-ready", "true"))
      .catch((error) => {
        element.textContent = "This chart could not be drawn: " + error.message;
        element.setAttribute("data-chart-ready", "error");
      });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => renderCharts(document));
} else {
  renderCharts(document);
}
document.addEventListener("htmx:afterSettle", (event) => renderCharts(event.target));
