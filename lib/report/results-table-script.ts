/**
 * The script of the HTML report's results table, inline in the one file: a filter box (any
 * text of a row), a status filter, and sorting by a click on a column heading. Without
 * JavaScript the table is complete and readable; the controls stay hidden.
 */
export const RESULTS_TABLE_SCRIPT = `
(function () {
  var table = document.getElementById('results');
  var controls = document.getElementById('results-controls');
  if (!table || !controls) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById('results-filter');
  var status = document.getElementById('results-status');
  var shown = document.getElementById('results-shown');
  controls.hidden = false;
  function apply() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = status.value;
    var count = 0;
    rows.forEach(function (row) {
      var haystack = row.textContent.toLowerCase();
      var visible = (wanted === '' || row.getAttribute('data-status') === wanted) &&
        words.every(function (w) { return haystack.indexOf(w) !== -1; });
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count + ' of ' + rows.length + ' shown';
  }
  text.addEventListener('input', apply);
  status.addEventListener('change', apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute('aria-sort');
      });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = a.cells[index].textContent;
        var y = b.cells[index].textContent;
        return (ascending ? 1 : -1) * x.localeCompare(y, undefined, { numeric: true });
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
`;
