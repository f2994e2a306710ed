// The SPARQL editor: YASGUI, served by Fonds itself, talking to this server's /sparql.
// The page passes the prefixes and a starting query in data attributes (no inline script,
// which the Content-Security-Policy forbids).
(function () {
  var host = document.getElementById("yasgui");
  if (!host || typeof Yasgui === "undefined") { return; }
  var params = new URLSearchParams(window.location.search);
  var query = params.get("query") || host.dataset.query;
  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: "/sparql", method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: "/sparql" }]; } },
    persistenceId: null,
    yasqe: { value: query, resizeable: true, editorHeight: "22rem" },
    yasr: { prefixes: JSON.parse(host.dataset.prefixes || "{}") }
  });
  var tab = yasgui.getTab();
  if (tab && query) { tab.setQuery(query); }
})();
