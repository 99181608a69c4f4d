// Expand or collapse every <details> block; the report works without this script.
(function () {
  var button = document.getElementById("toggle-details");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var blocks = document.querySelectorAll("details");
    var open = button.getAttribute("data-open") !== "1";
    for (var i = 0; i < blocks.length; i++) { blocks[i].open = open; }
    button.setAttribute("data-open", open ? "1" : "0");
    button.textContent = open ? "Collapse all details" : "Expand all details";
  });
})();
