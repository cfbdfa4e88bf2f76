(function () {
  var box = document.getElementById('filter');
  var count = document.getElementById('filter-count');
  if (!box) { return; }
  box.hidden = false;
  box.addEventListener('input', function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll('[data-entry]').forEach(function (item) {
      var text = item.textContent.toLowerCase() + ' ' + (item.getAttribute('data-entry') || '');
      var hit = words.every(function (w) { return text.indexOf(w) !== -1; });
      item.hidden = !hit;
      if (hit) { shown += 1; }
    });
    document.querySelectorAll('[data-group]').forEach(function (group) {
      var any = group.querySelector('[data-entry]:not([hidden])') !== null;
      group.hidden = !any;
      if (group.tagName !== 'DETAILS') { return; }
      if (words.length && any && !group.open) { group.open = true; group.dataset.openedByFilter = '1'; }
      if (!words.length && group.dataset.openedByFilter) { group.open = false; delete group.dataset.openedByFilter; }
    });
    count.textContent = words.length ? shown + ' page(s) match' : '';
  });
})();
