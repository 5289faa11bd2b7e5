/*
 * AgentDeck's Service Client API library: genesys.wwe.service, wire-compatible with the
 * vendor's wwe-service-client-api.js (same messages, same callbacks, same 10 s timeout),
 * so a page written for the vendor's desktop works with either file.
 *
 * Include it with one tag:
 *   <script src="/agentdeck/wwe-service-client-api.js"></script>
 * Every method takes its documented parameters, then succeeded(result) and failed(result);
 * both receive the host's whole answer (result.data on success, result.errorMessage on
 * failure). A request with no answer after 10 seconds fails with "Request timeout".
 */
(function (global) {
  'use strict';

  // The host's address. The vendor ships '*' and tells deployments to set their desktop's
  // address here; AgentDeck accepts the messages whatever this says.
  var targetOrigin = '*';

  var USER_AGENT = 'WWE Client';
  var PROTOCOL_VERSION = 2;
  var TIMEOUT_MS = 10000;

  var targetWindow = null;
  var nextReference = 0;
  var pending = {};
  var subscribers = [];

  function hostWindow() {
    return targetWindow || global.opener || global.parent;
  }

  function post(message) {
    message.userAgent = USER_AGENT;
    message.protocolVersion = PROTOCOL_VERSION;
    if (global.frameId !== undefined) message.frameId = global.frameId;
    hostWindow().postMessage(message, targetOrigin);
  }

  function call(request, parameters, succeeded, failed) {
    var referenceId = String(nextReference++);
    var timer = setTimeout(function () {
      if (!pending[referenceId]) return;
      delete pending[referenceId];
      if (typeof failed === 'function') failed('Request timeout');
    }, TIMEOUT_MS);
    pending[referenceId] = { succeeded: succeeded, failed: failed, timer: timer };
    var message = { request: request, referenceId: referenceId };
    if (parameters.length) message.parameters = parameters;
    post(message);
  }

  function settle(message) {
    var entry = pending[message.referenceId];
    if (!entry) return;
    delete pending[message.referenceId];
    clearTimeout(entry.timer);
    if (message.subscriptionId !== undefined && entry.subscription) {
      entry.subscription.id = message.subscriptionId;
    }
    if (message.errorMessage !== undefined) {
      if (typeof entry.failed === 'function') entry.failed(message);
    } else if (typeof entry.succeeded === 'function') {
      entry.succeeded(message);
    }
  }

  function dispatchEvent(message) {
    subscribers.slice().forEach(function (s) {
      if (s.categories.indexOf(message.event) !== -1) s.callback.call(s.context, message);
    });
  }

  global.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data.userAgent !== 'string' || data.userAgent.indexOf('WWE') === -1) return;
    if (data.userAgent.indexOf(USER_AGENT) !== -1) return; // our own request, never an answer
    if (data.event !== undefined) {
      dispatchEvent(data);
    } else if (data.referenceId !== undefined) {
      settle(data);
    } else if (data.frameId !== undefined) {
      global.frameId = data.frameId;
    }
  });

  // Builds `namespace.method(p1, …, pN, succeeded, failed)` for each documented method.
  function namespace(name, methods) {
    var ns = {};
    Object.keys(methods).forEach(function (method) {
      var arity = methods[method];
      var request = name + '.' + method;
      ns[method] = function () {
        var args = Array.prototype.slice.call(arguments);
        call(request, args.slice(0, arity), args[arity], args[arity + 1]);
      };
    });
    return ns;
  }

  var service = {
    agent: namespace('agent', { get: 0, getState: 0, getStateList: 0, setState: 1 }),
    auth: namespace('auth', { getJwtToken: 0 }),
    configuration: namespace('configuration', { getOption: 1 }),
    email: namespace('email', { create: 2 }),
    interaction: namespace('interaction', {
      accept: 1, reject: 1, markdone: 1, blockMarkdone: 2, unblockMarkdone: 1,
      getInteractions: 0, getByInteractionId: 1, setUserData: 2, deleteUserData: 2,
      selectCaseByCaseId: 1, consult: 4, singleStepTransfer: 4, singleStepConference: 4,
      completeTransfer: 1, completeConference: 1,
      unlockMarkdone: 1 // the spelling one document uses; the host takes both
    }),
    media: namespace('media', { getMediaList: 0, getMediaByName: 1, setState: 2 }),
    system: namespace('system', {
      getAllowedServices: 0, triggerActivity: 0, popupToast: 1, updateToast: 2, closeToast: 1,
      isFrameLeading: 0, isFrameFollowing: 0, isFrameNegotiating: 0,
      isFrameLeadingOrNegotiating: 0, isLastActiveFrame: 0
    }),
    voice: namespace('voice', {
      answer: 1, dial: 2, dialEx: 3, hangUp: 1, hold: 1, resume: 1,
      startCallRecording: 1, stopCallRecording: 1, pauseCallRecording: 1, resumeCallRecording: 1,
      isMicrophoneMute: 0, muteMicrophone: 0, unmuteMicrophone: 0,
      isSpeakerMute: 0, muteSpeaker: 0, unmuteSpeaker: 0
    }),

    // The voice mute methods as some library versions in the field name them.
    sipEndpoint: namespace('sipEndpoint', {
      isMicrophoneMute: 0, muteMicrophone: 0, unmuteMicrophone: 0,
      isSpeakerMute: 0, muteSpeaker: 0, unmuteSpeaker: 0
    }),

    // subscribe(categories, callback, context): call once; categories is a name or a list.
    subscribe: function (categories, callback, context) {
      var list = Array.isArray(categories) ? categories.slice() : [categories];
      var subscription = { id: undefined, categories: list, callback: callback, context: context };
      subscribers.push(subscription);
      var referenceId = String(nextReference++);
      pending[referenceId] = { subscription: subscription, timer: null };
      post({ event: 'subscribe', data: categories, referenceId: referenceId });
      return subscription;
    },

    // unsubscribe(subscription or its id): the host sends no answer.
    unsubscribe: function (subscription) {
      var id = subscription && subscription.id !== undefined ? subscription.id : subscription;
      subscribers = subscribers.filter(function (s) { return s !== subscription && s.id !== id; });
      post({ event: 'unsubscribe', data: id, referenceId: String(nextReference++) });
    },

    // Tells the library which window is the host (else window.opener, else window.parent).
    targetWWEWindow: function (win) {
      targetWindow = win;
    }
  };

  global.genesys = global.genesys || {};
  global.genesys.wwe = global.genesys.wwe || {};
  global.genesys.wwe.service = service;
})(window);
