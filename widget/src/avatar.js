// The shop's logo in the widget's header (data-logo-url), or by default its monogram: the first
// letter of the last word of its name, drawn inline (no file to serve, no request).
import { element, svgElement } from "./dom.js";

export function monogram(title) {
  const words = String(title ?? "").trim().split(/\s+/).filter(Boolean);
  return words.length ? Array.from(words[words.length - 1])[0].toLocaleUpperCase("fr") : "";
}

function monogramNode(title, color) {
  const svg = svgElement("svg", { class: "avatar", viewBox: "0 0 40 40", "aria-hidden": "true" });
  svg.append(
    svgElement("circle", { cx: "20", cy: "20", r: "20", fill: "#fff" }),
    svgElement("text", { x: "20", y: "27", "text-anchor": "middle", fill: color,
      "font-family": "Georgia, 'Times New Roman', serif", "font-size": "21", "font-weight": "700" },
    monogram(title)));
  return svg;
}

// Decorative (the shop's name is beside it): no alternative text. A logo that cannot be loaded
// gives way to the monogram.
export function avatar({ logoUrl, title, color }) {
  if (!logoUrl) return monogramNode(title, color);
  const image = element("img", { class: "avatar", src: logoUrl, alt: "" });
  image.addEventListener("error", () => image.replaceWith(monogramNode(title, color)), { once: true });
  return image;
}
