/** Sheets the widget added, so cleanup removes them all, including those lazy chunks brought. */
const ours = new WeakSet<CSSStyleSheet>();
const added = new WeakMap<Node, Set<string>>();

/**
 * Adds CSS to the shadow root (or document) holding `node`, once per root and text. Constructable stylesheets need no
 * 'unsafe-inline' under a strict CSP.
 */
export const adoptStyles = (node: Node, css: string): void => {
  const root = node.getRootNode() as Partial<DocumentOrShadowRoot> & Node;
  if (!root.adoptedStyleSheets) return;
  const done = added.get(root) ?? new Set<string>();
  if (done.has(css)) return;
  done.add(css);
  added.set(root, done);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  ours.add(sheet);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
};

/** Removes every sheet `adoptStyles` added to the root holding `node`. */
export const dropStyles = (node: Node): void => {
  const root = node.getRootNode() as Partial<DocumentOrShadowRoot> & Node;
  added.delete(root);
  if (root.adoptedStyleSheets) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((sheet) => !ours.has(sheet));
};
