// The launcher the loader draws before the widget exists: same place and look as the widget's, a few hundred bytes.
// A constructable stylesheet, never a <style> element or style attribute, so a strict CSP is fine.
const CSS =
  ':host{all:initial!important}' +
  'button{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;' +
  'background:var(--chatport-primary,#2563eb)}' +
  '.left{left:20px;right:auto}' +
  'svg{width:24px;fill:none;stroke:#fff;stroke-width:2}';

const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5h16v11H9l-5 4z"/></svg>';

/** Draws the "Open chat" button into `root`; `color` and `position` as the site chose them. */
export const drawLauncher = (root: ShadowRoot, onPress: () => void, color?: string, position?: string): HTMLButtonElement => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  // Not in a form, so the default type does nothing; the class is the corner (`.left`).
  button.setAttribute('aria-label', 'Open chat');
  button.className = position ?? '';
  // CSSOM, not a style attribute: allowed under style-src without 'unsafe-inline'.
  if (color) button.style.background = color;
  // A fixed string (nothing from the page): markup is the shortest way to the icon.
  button.innerHTML = ICON;
  button.onclick = onPress;
  root.append(button);
  return button;
};
