// Building DOM nodes: text is always set as text (textContent), never parsed as HTML.

const SVG = "http://www.w3.org/2000/svg";

export function element(tag, attributes = {}, text) {
  return fill(document.createElement(tag), attributes, text);
}

export function svgElement(tag, attributes = {}, text) {
  return fill(document.createElementNS(SVG, tag), attributes, text);
}

function fill(node, attributes, text) {
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
