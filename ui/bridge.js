// AgentDeck bridge — injected into the top-level document of every extension webview
// before any page script runs. It is the page's "host window": the Service Client API
// library posts its messages to window.parent, which in a native webview is the page
// itself, so the bridge takes those messages and hands them to Rust, and posts Rust's
// answers and events back as the vendor's host would. The policy is not here: Rust
// decides everything from the webview the call came from, never from what we send.
(function () {
  'use strict';
  if (window.top !== window || window.__AGENTDECK_DELIVER__) return;

  var internals = window.__TAURI_INTERNALS__;
  if (!internals || typeof internals.invoke !== 'function') return;
  // Captured now, before any page script could replace them.
  var invoke = internals.invoke.bind(internals);
  var nativePostMessage = window.postMessage;
  var CLIENT_MARK = 'WWE Client';
  var HOST_MARK = 'WWE';
  // A token for this document: answers meant for an earlier document are ignored.
  var documentToken = Math.random().toString(36).slice(2) + Date.now().toString(36);

  function marked(data, mark) {
    return data !== null && typeof data === 'object' &&
      typeof data.userAgent === 'string' && data.userAgent.indexOf(mark) !== -1;
  }

  function send(envelope) {
    envelope.document = documentToken;
    return invoke('scapi_request', { envelope: envelope }).catch(function (error) {
      console.warn('[AgentDeck] the host refused a message:', error);
    });
  }

  function forward(message, targetOrigin, via) {
    var copy;
    try {
      copy = JSON.parse(JSON.stringify(message));
    } catch (error) {
      console.warn('[AgentDeck] a Service Client API message could not be read:', error);
      return;
    }
    send({ kind: 'message', message: copy, targetOrigin: String(targetOrigin), via: via });
  }

  // 1. The library's call itself, whatever target origin it names: a top-level page that
  //    posts to itself with a foreign target origin would have the message dropped.
  function postMessage(message, targetOrigin) {
    if (marked(message, CLIENT_MARK)) {
      var target = targetOrigin !== null && typeof targetOrigin === 'object'
        ? targetOrigin.targetOrigin : targetOrigin;
      forward(message, target === undefined ? '/' : target, 'postMessage');
      return undefined;
    }
    return nativePostMessage.apply(this, arguments);
  }
  try {
    window.postMessage = postMessage;
  } catch (error) {
    console.warn('[AgentDeck] could not wrap window.postMessage:', error);
  }

  // 2. Fallback: a client message that still arrives as an event. Registered first and in
  //    the capture phase, so no page listener sees it. Only the page itself speaks for the
  //    extension; a nested frame's Service Client API traffic is dropped, both ways.
  window.addEventListener('message', function (event) {
    if (!marked(event.data, HOST_MARK)) return;
    if (event.source !== window) {
      event.stopImmediatePropagation();
      return;
    }
    if (marked(event.data, CLIENT_MARK)) {
      event.stopImmediatePropagation();
      forward(event.data, event.origin, 'message-event');
    }
  }, true);

  // 3. Answers and events from Rust, one ordered channel: each carries a sequence number
  //    and is posted to the page in that order.
  var expected = 1;
  var waiting = {};
  function deliver(token, sequence, message) {
    if (token !== documentToken) return;
    waiting[sequence] = message;
    while (Object.prototype.hasOwnProperty.call(waiting, expected)) {
      var next = waiting[expected];
      delete waiting[expected];
      expected += 1;
      nativePostMessage.call(window, next, '*');
    }
  }
  Object.defineProperty(window, '__AGENTDECK_DELIVER__', { value: deliver });

  send({ kind: 'hello' });
})();
