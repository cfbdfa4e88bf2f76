// Run in a loaded report page by tests/browser (page.evaluate): measures the layout as laid
// out by Chromium at the current window width and collects what the reader sees.
//
// Layout rule for every <table>: walking up from the table, the box being checked (the table,
// then the nearest scroll container holding it) must not stick out of any ancestor. A box
// that is wider than an ancestor with overflow-x auto/scroll is fine: it scrolls inside it,
// and from there on the scroll container is the box checked. Sticking out of an ancestor with
// overflow hidden/clip means being cut off. Finally the box checked must lie inside the window.
// Any other element that runs past the window's right edge (outside a scroll container) is
// reported too, and so is a document wider than the window.
() => {
  const view = document.documentElement.clientWidth;
  const round = (x) => Math.round(x);
  const scrolls = (style) => style.overflowX === 'auto' || style.overflowX === 'scroll';
  const clips = (style) => style.overflowX === 'hidden' || style.overflowX === 'clip';
  const label = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
    return s;
  };
  const span = (r) => `${round(r.left)}-${round(r.right)} px`;
  const tableName = (table) => {
    const block = table.closest('.table-block, figure, section');
    const caption = table.querySelector('caption') || (block && block.querySelector('.table-caption'));
    const name = (caption ? caption.textContent : '') || table.id || 'table';
    return `table "${name.trim().replace(/\s+/g, ' ').slice(0, 70)}"`;
  };
  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

  const layout = [];
  const tables = [];
  for (const table of document.querySelectorAll('table')) {
    if (!rendered(table)) continue;
    const name = tableName(table);
    const own = table.getBoundingClientRect();
    tables.push({name, width: round(own.width), scrollWidth: table.scrollWidth});
    let box = table;
    let rect = own;
    for (let a = table.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.display === 'contents' || style.display === 'inline') continue;
      const r = a.getBoundingClientRect();
      const out = rect.right > r.right + 1 || rect.left < r.left - 1;
      if (out && !scrolls(style)) {  // report the innermost box it sticks out of, once
        layout.push(`${name}: ${label(box)} (${span(rect)}) sticks out of ${label(a)} (${span(r)})` +
                    (clips(style) ? ', and is cut off' : ''));
        break;
      }
      if (scrolls(style) || clips(style)) { box = a; rect = r; }
    }
    if (!layout.some((line) => line.startsWith(name)) && (rect.right > view + 1 || rect.left < -1)) {
      layout.push(`${name}: ${label(box)} (${span(rect)}) runs past the ${view} px window`);
    }
  }
  // Other elements past the window's edge (not inside a scroll container): long words, images...
  const past = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (past.length >= 5) break;
    if (el.closest('table') || el.querySelector('table')) continue;  // the table rule covers these
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= view + 1 || !rendered(el)) continue;
    let inScroller = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(getComputedStyle(a))) { inScroller = true; break; }
    }
    if (!inScroller) past.push(`${label(el)} (${span(r)}) runs past the ${view} px window`);
  }
  layout.push(...past);
  const docWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (docWidth > view) layout.push(`the page is ${docWidth} px wide, wider than the ${view} px window`);

  const cells = Array.from(document.querySelectorAll('td, th, dd')).filter(rendered).map((c) => c.innerText);
  const links = [];
  for (const el of document.querySelectorAll('a[href], area[href], link[href], img[src], script[src], iframe[src], source[src]')) {
    const attribute = el.hasAttribute('href') ? 'href' : 'src';
    links.push({tag: el.tagName.toLowerCase(), raw: el.getAttribute(attribute), resolved: el[attribute]});
  }
  const brokenImages = Array.from(document.images)
    .filter((img) => !img.complete || img.naturalWidth === 0)
    .map((img) => (img.getAttribute('src') || '').slice(0, 80));
  return {view, docWidth, layout, tables, cells, text: document.body.innerText, links, brokenImages};
}
