// The test probe: a page's view of the Service Client API that WebDriver scripts drive.
// probe.call('agent.setState', ['Ready']) resolves to {ok, message, ms}; probe.events
// collects every event; probe.ready is the answer to the agent.get the page makes on load.
window.probe = (function () {
  'use strict';
  var service = genesys.wwe.service;
  var events = [];
  var ready = null;

  function call(request, params) {
    return new Promise(function (resolve) {
      var started = performance.now();
      var parts = request.split('.');
      var settle = function (ok) {
        return function (message) { resolve({ ok: ok, message: message, ms: performance.now() - started }); };
      };
      service[parts[0]][parts[1]].apply(null, (params || []).concat([settle(true), settle(false)]));
    });
  }

  // Calls Tauri's IPC directly, as a hostile page would.
  function ipc(command, args) {
    var internals = window.__TAURI_INTERNALS__;
    if (!internals) return Promise.resolve({ ok: false, error: 'no Tauri IPC object' });
    return internals.invoke(command, args || {}).then(
      function (r) { return { ok: true, result: r === undefined ? null : r }; },
      function (e) { return { ok: false, error: String(e) }; });
  }

  service.subscribe(['agent', 'interaction', 'system'], function (message) { events.push(message); });
  call('agent.get', []).then(function (r) {
    ready = r;
    document.getElementById('status').textContent = r.ok ? 'ready' : 'refused: ' + r.message.errorMessage;
  });
  return {
    call: call,
    ipc: ipc,
    events: events,
    get ready() { return ready; },
    name: new URLSearchParams(location.search).get('name')
  };
})();
