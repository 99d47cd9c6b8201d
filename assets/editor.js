// Starts YASGUI on /query: the local endpoint, no remote autocompletion services
// (prefix.cc, LOV), one tab with the prefixes, the curated queries as examples.
(function () {
  var examples = JSON.parse(document.getElementById("example-data").textContent);
  var start = JSON.parse(document.getElementById("start-query").textContent);
  var Yasqe = Yasgui.Yasqe;
  if (Yasqe && Yasqe.defaults && Yasqe.defaults.autocompleters) {
    Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (a) {
      return a === "variables";
    });
  }
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: start }
  });
  var tab = yasgui.getTab();
  if (tab && tab.getYasqe()) { tab.getYasqe().setValue(start); }
  document.getElementById("examples").addEventListener("change", function (event) {
    var example = examples[Number(event.target.value)];
    if (example) { yasgui.getTab().getYasqe().setValue(example.query); }
  });
  window.maillageYasgui = yasgui;
})();
