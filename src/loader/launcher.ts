// The launcher the loader draws before the widget exists: same place and look as the widget's, a few hundred bytes.
// A constructable stylesheet, never a <style> element or style attribute, so a strict CSP is fine.
const CSS =
  ':host{all:initial!important}' +
  'button{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;' +
  '--c:var(--chatport-primary,#2563eb);background:var(--c)}' +
  '.left{left:20px;right:auto}' +
  // White or black, whichever reads on the colour (black from CIE lightness 50 up); white where relative colours are unknown.
  'svg{width:24px;fill:none;stroke:#fff;stroke:lch(from var(--c) calc(5e3 - l*99) 0 0);stroke-width:2}';

// Fixed markup (nothing from the page): the shortest way to the button and its icon. Its aria-label names it, so the
// icon needs no aria-hidden of its own.
const BUTTON = '<button aria-label="Open chat"><svg viewBox="0 0 24 24"><path d="M4 5h16v11H9l-5 4z"/></svg></button>';

/** Draws the "Open chat" button into `root`; `color` and `position` as the site chose them. */
export const drawLauncher = (root: ShadowRoot, onPress: () => void, color?: string, position?: string): HTMLButtonElement => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  root.innerHTML = BUTTON;
  const button = root.firstChild as HTMLButtonElement;
  // Not in a form, so the default type does nothing; the class is the corner (`.left`).
  button.className = position ?? '';
  // CSSOM, not a style attribute: allowed under style-src without 'unsafe-inline'.
  if (color) button.style.setProperty('--c', color);
  button.onclick = onPress;
  return button;
};
