// The desktop's own UI: the agent and their state, the interactions at the desk, and the
// tab strip that switches extension tabs. It talks to Rust through its own ui_* commands
// and redraws on every `desktop-changed` event. Extension pages never run here.
(function () {
  'use strict';
  var tauri = window.__TAURI_INTERNALS__;
  var invoke = function (command, args) { return tauri.invoke(command, args || {}); };

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function report(error) {
    console.error('[AgentDeck]', error);
  }

  function renderAgent(snapshot) {
    var agent = document.getElementById('agent');
    agent.textContent = snapshot.agent.firstname + ' ' + snapshot.agent.lastname + ' (' + snapshot.agent.username + ')';
    agent.appendChild(element('span', { class: 'state ' + snapshot.state.type, id: 'current-state' }, snapshot.state.displayName));

    var states = document.getElementById('states');
    states.textContent = '';
    snapshot.stateList.forEach(function (state) {
      var button = element('button', { type: 'button', 'data-state': state.operationName }, state.displayName);
      if (state.operationName === snapshot.state.operationName) button.classList.add('current');
      button.addEventListener('click', function () {
        invoke('ui_set_agent_state', { operationName: state.operationName }).catch(report);
      });
      states.appendChild(button);
    });
  }

  // The buttons an interaction offers are its capabilities that the agent can act on here.
  var ACTIONS = {
    ANSWER: 'Answer', REJECT: 'Reject', ACCEPT: 'Accept', HOLD: 'Hold', RESUME: 'Resume',
    HANGUP: 'Release', END: 'End chat', SEND: 'Send', CANCEL: 'Cancel', CALL: 'Call',
    REJECT_RECORD: 'Reject record', CANCEL_RECORD: 'Cancel record', MARK_DONE: 'Mark done'
  };

  function action(capability, interactionId) {
    var button = element('button', { type: 'button', 'data-action': capability, 'data-interaction': interactionId },
      ACTIONS[capability]);
    button.addEventListener('click', function () {
      invoke('ui_interaction_action', { interactionId: interactionId, capability: capability }).catch(report);
    });
    return button;
  }

  function renderInteractions(snapshot) {
    var list = document.getElementById('interactions');
    list.textContent = '';
    snapshot.interactions.forEach(function (interaction) {
      var item = element('div', { class: 'interaction', 'data-interaction': interaction.interactionId });
      var who = interaction.ani || interaction.dnis || (interaction.parties[0] || {}).name || '';
      item.appendChild(element('span', {}, interaction.media + ' ' + interaction.interactionId + ' · ' +
        who + ' · ' + interaction.state));
      (interaction.capabilities || []).forEach(function (capability) {
        if (ACTIONS[capability]) item.appendChild(action(capability, interaction.interactionId));
      });
      list.appendChild(item);
    });
  }

  // Toasts shown inside the desktop, with their buttons in the documented order. Their text
  // is set as text, never as markup.
  function renderToasts(snapshot) {
    var box = document.getElementById('toasts');
    box.textContent = '';
    snapshot.toasts.forEach(function (toast) {
      var item = element('div', { class: 'toast', 'data-toast': toast.id, role: 'alert' });
      item.appendChild(element('strong', {}, toast.title));
      if (toast.text) item.appendChild(element('span', { class: 'text' }, toast.text.replace(/\n/g, ' · ')));
      toast.buttons.forEach(function (button) {
        var key = toast.id + '|' + (button.index === null ? button.label.toLowerCase() : button.index);
        var b = element('button', { type: 'button', 'data-toast-button': key }, button.label);
        b.addEventListener('click', function () { invoke('ui_toast_button', { key: key }).catch(report); });
        item.appendChild(b);
      });
      box.appendChild(item);
    });
  }

  function renderMessages(snapshot) {
    var list = document.getElementById('message-list');
    list.textContent = '';
    snapshot.messages.slice().reverse().forEach(function (m) {
      var lines = [m.subject, m.message].filter(Boolean)
        .concat(m.keyValues.map(function (kv) { return kv[0] + ': ' + kv[1]; }));
      var item = element('li');
      item.appendChild(element('strong', {}, m.title));
      item.appendChild(element('div', {}, lines.join('\n')));
      list.appendChild(item);
    });
    document.getElementById('messages').hidden = snapshot.selected !== 'my-messages';
  }

  function renderTabs(snapshot) {
    var strip = document.getElementById('tabs');
    strip.textContent = '';
    if (snapshot.messages.length) {
      var messages = element('button', { type: 'button', role: 'tab', class: 'builtin', 'data-tab': 'my-messages',
        'aria-selected': String(snapshot.selected === 'my-messages') }, 'My Messages (' + snapshot.messages.length + ')');
      messages.addEventListener('click', function () { invoke('ui_select_tab', { label: 'my-messages' }).catch(report); });
      strip.appendChild(messages);
    }
    snapshot.tabs.forEach(function (tab) {
      var button = element('button', {
        type: 'button', role: 'tab', 'data-tab': tab.label, 'aria-selected': String(tab.selected)
      }, tab.title);
      button.addEventListener('click', function () {
        invoke('ui_select_tab', { label: tab.label }).catch(report);
      });
      strip.appendChild(button);
    });
    document.getElementById('no-tab').hidden = Boolean(snapshot.selected);
  }

  function render(snapshot) {
    renderAgent(snapshot);
    renderInteractions(snapshot);
    renderToasts(snapshot);
    renderTabs(snapshot);
    renderMessages(snapshot);
  }

  // Extension tabs are webviews laid over #content: tell Rust where it is.
  function reportLayout() {
    var box = document.getElementById('content').getBoundingClientRect();
    invoke('ui_layout', { area: { x: box.left, y: box.top, width: box.width, height: box.height } }).catch(report);
  }

  document.getElementById('simulate-call').addEventListener('click', function () {
    invoke('ui_simulate_inbound_call', { ani: '+15550100' }).catch(report);
  });

  invoke('plugin:event|listen', {
    event: 'desktop-changed',
    target: { kind: 'Any' },
    handler: tauri.transformCallback(function (event) { render(event.payload); })
  }).catch(report);
  invoke('ui_snapshot').then(render, report);
  new ResizeObserver(reportLayout).observe(document.getElementById('content'));
  reportLayout();
})();
